"""Realistic Chinese documents (our own words) for each template."""

from __future__ import annotations

from app.core.document.model import Document, Section

P1 = ("联合国人权事务高级专员办事处（人权高专办）继续倡导以人权为本的移民治理方针，"
      "呼吁各国在制定移民政策时以国际法律框架为依据，尊重并保障所有移民依国际法享有的人权，"
      "无论其移民身份如何。")
P2 = ("2023年，人权高专办在28个国家开展了能力建设活动，培训边境管理人员、法官和社会工作者"
      "共计1 500余人。培训内容包括：“不驱回”原则、儿童最大利益原则以及《保护所有移民工人及其"
      "家庭成员权利国际公约》的相关规定。")
P3 = ("人权高专办还与国际移民组织和联合国难民署密切合作，编写了《关于国际边境人权问题的建议"
      "原则和准则》，并向会员国提供技术咨询；许多国家已据此修订了本国的立法和做法。")
P4 = ("秘书长在其报告中指出，移民对原籍国、过境国和目的地国的可持续发展均作出了重要贡献；"
      "然而，移民仍然面临歧视、仇外心理和暴力侵害，妇女和儿童尤其如此。")
NOTE = "见A/68/190，第12段。"


def body(*texts: str, note: bool = False) -> str:
    """Return paragraphs as HTML, a footnote on the first when asked."""
    out = [f"<p>{t}</p>" for t in texts]
    if note:
        out[0] = out[0][:-4] + f'<span class="footnote">{NOTE}</span></p>'
    return "".join(out)


def sections() -> list[Section]:
    """Return three sections, one with two subsections, footnotes and emphasis."""
    return [
        Section(id="s1", heading="导言", body=body(P1, P2, note=True)),
        Section(id="s2", heading="主要活动", body=body(P3), children=[
            Section(id="s2a", heading="倡导与政策咨询", body=body(P4, P1)),
            Section(id="s2b", heading="能力建设", body=(
                body(P2) + "<p>重点领域包括：</p><ul><li>边境治理中的人权保障；</li>"
                "<li>移民儿童的<strong>替代拘留</strong>办法。</li></ul>")),
        ]),
        Section(id="s3", heading="结论和建议", body=body(P4, P3, note=True)),
    ]


def make_chinese_doc(template: str) -> Document:
    """Return a Chinese document in the given template."""
    fields: dict[str, dict[str, str]] = {
        "meeting-paper": {
            "meeting": "第十一次国际移民问题协调会议",
            "venue": "纽约", "dates": "2013年2月21日至22日",
            "author": "联合国人权事务高级专员办事处（人权高专办）",
            "symbol": "UN/POP/MIG-11CM/2013/3",
        },
        "agency-input": {
            "entity": "联合国人权事务高级专员办事处",
            "report_title": "国际移民与发展",
            "mandate": "A/RES/67/219", "symbol": "A/68/190",
            "session": "第六十八届会议", "agenda_item": "临时议程项目21(e)",
            "date": "2013年7月25日",
        },
        "sg-report": {
            "symbol": "A/68/190", "date": "2013-07-25", "original_language": "Chinese",
            "session": "第六十八届会议", "agenda_item": "临时议程项目21(e)*",
            "agenda_symbol": "A/68/150", "item_title": "全球化与相互依存：国际移民与发展",
            "summary": P4, "job_number": "13-40848 (C)",
        },
    }[template]
    return Document(id=f"zh-{template}", title="国际移民与发展：保护移民人权",
                    template=template, language="zh", fields=fields, sections=sections())
