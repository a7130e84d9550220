"""Chinese in every template: bundled fonts, bold headings, flush justified lines."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from typing import Any

import pytest
from chinese_docs import P1, P2, P3, P4, make_chinese_doc

from app.core.render.chinese import gaps, punctuate, space_out
from app.core.render.html import render_html
from app.core.render.pdf import PdfResult, render_pdf

TEMPLATES = ["agency-input", "meeting-paper", "sg-report"]
BUNDLED = {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic",
           "Liberation-Serif-BoldItalic", "UN-Serif-SC", "UN-Serif-SC-Bold"}
LINE_ENDS = "。：；"  # lines ending a sentence or paragraph need not be flush


@pytest.fixture(scope="module", params=TEMPLATES)
def rendered(request: pytest.FixtureRequest) -> tuple[str, PdfResult]:
    """Return a template's name and its Chinese document rendered to PDF."""
    doc = make_chinese_doc(request.param)
    if request.param == "sg-report":
        doc.fields["summary"] = "本报告概述人权高专办的工作。"
    return request.param, render_pdf(render_html(doc))


def chars(pdf: bytes) -> list[list[dict[str, Any]]]:
    """Return the characters of each page, as pdfplumber sees them."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        return [[dict(c) for c in page.chars] for page in opened.pages]


def base(fontname: str) -> str:
    """Return a PDF font name without its subset prefix."""
    return fontname.split("+", 1)[-1]


def lines(page: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Return the page's characters grouped into lines, top to bottom, left to right."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for char in page:
        if char["text"].strip():
            rows[round(char["matrix"][5])].append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows, reverse=True)]


def test_every_font_is_embedded_and_bundled(rendered, pdf_fonts):
    _, result = rendered
    fonts = pdf_fonts(result.pdf)
    assert all(embedded for _, embedded in fonts)
    names = {base(name.lstrip("/")) for name, _ in fonts}
    assert names <= BUNDLED
    assert {"UN-Serif-SC", "UN-Serif-SC-Bold"} <= names


def test_no_missing_glyph(rendered):
    _, result = rendered
    assert not [w for w in result.warnings if "bundled font" in w or ".notdef" in w]


def test_headings_and_title_are_in_the_bold_face(rendered):
    template, result = rendered
    pages = chars(result.pdf)
    text = {(c["text"], base(c["fontname"])) for c in pages[0]}
    for heading in ("导言", "主要活动", "国际移民与发展"):
        for char in heading:
            assert (char, "UN-Serif-SC-Bold") in text, (template, heading)
    assert ("继", "UN-Serif-SC") in text
    assert ("继", "UN-Serif-SC-Bold") not in text


def test_justified_lines_are_flush_at_the_right(rendered):
    template, result = rendered
    paragraphs = [re.sub(r"\s+", "", p) for p in (P1, P2, P3, P4)]
    checked = 0
    for page in chars(result.pdf):
        body = [line for line in lines(page) if len(line) >= 25 and any(
            re.sub(r"^\d+\.", "", text(line)) in p for p in paragraphs)]
        if not body:
            continue
        edge = max(line[-1]["x1"] for line in body)
        for line in body:
            if line[-1]["text"] in LINE_ENDS:
                continue
            assert edge - line[-1]["x1"] <= 2, (template, text(line), edge - line[-1]["x1"])
            checked += 1
    assert checked >= 6


def text(line: list[dict[str, Any]]) -> str:
    """Return the text of a line of characters."""
    return "".join(c["text"] for c in line)


def test_text_is_extracted_in_logical_order(rendered, page_texts):
    template, result = rendered
    text = re.sub(r"\s+", "", "".join(page_texts(result.pdf)))
    for paragraph in (P1, P2, P3, P4):
        assert re.sub(r"\s+", "", paragraph) in text, template
    assert "“不驱回”原则" in text


def test_quotes_and_punctuation_are_the_chinese_font_s(rendered):
    _, result = rendered
    found = {c["text"]: base(c["fontname"]) for page in chars(result.pdf) for c in page
             if c["text"] in "“”，。《》（）"}
    assert set(found) == set("“”，。《》（）")
    assert set(found.values()) == {"UN-Serif-SC"}


def test_gaps_break_only_where_chinese_lines_may_break():
    assert gaps("移民。") == "移 民\u00a0。"
    assert gaps("《公约》的") == "《\u00a0公 约\u00a0》 的"
    assert gaps("等等……的——") == "等 等\u00a0…… 的\u00a0——"


def test_ascii_punctuation_beside_chinese_becomes_full_width():
    assert punctuate('他说:"移民(包括难民),都有权利!"') == "他说：“移民（包括难民），都有权利！”"
    assert punctuate("见 A/68/190, 第 12 段") == "见 A/68/190, 第 12 段"
    assert punctuate("3:2 and (a)") == "3:2 and (a)"
    assert punctuate("国际 移民") == "国际移民"


def test_space_out_touches_body_text_only():
    html = ('<html><head><title>联合国</title><style>p::before{content:"联"}</style></head>'
            '<body><p title="联合国">联合国 (A/68/190)<span class="footnote">见下文</span></p>'
            "</body></html>")
    out = space_out(html)
    assert '<title>联合国</title>' in out
    assert 'content:"联"' in out
    assert 'title="联合国"' in out
    assert '<p title="联合国"><span class="cjk">联 合 国</span> (A/68/190)' in out
    assert '<span class="footnote"><span class="cjk">见 下 文</span></span>' in out


def test_only_chinese_documents_are_spaced_out():
    doc = make_chinese_doc("agency-input")
    assert '<span class="cjk">导 言</span>' in render_html(doc).html
    doc.language = "en"
    assert '<span class="cjk">' not in render_html(doc).html


def test_a_full_stop_ending_chinese_becomes_the_chinese_one():
    assert punctuate("全球化与相互依存.") == "全球化与相互依存。"
    assert punctuate("见A/68/190. 第12段.") == "见A/68/190. 第12段。"
    assert punctuate("3.2 和 A.B") == "3.2 和 A.B"


def test_no_space_follows_a_full_width_mark():
    assert punctuate("任务授权： A/RES/67/219") == "任务授权：A/RES/67/219"
    assert punctuate("纽约， 2013年") == "纽约，2013年"


def test_the_meeting_paper_place_line_and_mandate_close_up_in_the_pdf(page_texts):
    from language_samples import sample

    paper = "".join(page_texts(render_pdf(render_html(sample("meeting-paper", "zh"))).pdf))
    agency = "".join(page_texts(render_pdf(render_html(sample("agency-input", "zh"))).pdf))
    assert "，2013年2月21日" in paper  # no space after the full-width comma
    assert "：A/RES/67/219" in agency
    assert "全球化与相互依存。" in re.sub(r"\s+", "", agency)


def test_a_footnote_call_after_a_full_stop_follows_it_closely(rendered):
    template, result = rendered
    found = []
    for page in chars(result.pdf):
        calls = [c for c in page if c["text"].isdigit() and c["size"] < 9]
        for mark in (c for c in page if c["text"] == "。" and c["size"] > 9):
            after = [c["x0"] - mark["x0"] for c in calls if mark["top"] - 6 < c["top"] <
                     mark["bottom"] and 0 < c["x0"] - mark["x0"] < 2 * mark["size"]]
            if after:
                found.append(min(after))
    assert found, template
    assert max(found) <= 0.6 * 12, (template, found)  # 。 takes half its em, not all of it


def test_only_a_mark_right_before_a_note_call_is_set_half_width():
    html = space_out('<body><p>人口。<span class="footnote">注。</span>移民。</p></body>')
    assert html.count('<span class="halt">') == 1
    assert '<span class="halt">。</span></span><span class="footnote">' in html
