"""A realistic Arabic document (own words) for each template, for the right-to-left tests."""

from __future__ import annotations

from app.core.document.model import Document, Section

P1 = ("تؤكد المفوضية أن الهجرة الدولية قوة دافعة للتنمية المستدامة، وأن حماية حقوق الإنسان "
      "لجميع المهاجرين، بصرف النظر عن وضعهم، شرط لا غنى عنه لكي تعود الهجرة بالفائدة على "
      "البلدان الأصلية وبلدان العبور وبلدان المقصد على حد سواء.")
P2 = ("وقد عقدت المفوضية خلال الفترة المشمولة بالتقرير حلقات عمل إقليمية لفائدة الموظفين "
      "المكلفين بإنفاذ القانون، تناولت الاحتجاز الإداري للمهاجرين والبدائل الممكنة له، ولا "
      "سيما في حالة الأطفال غير المصحوبين بذويهم والنساء الحوامل.")
P3 = ("وتوصي المفوضية الدول الأعضاء بأن تدرج في سياساتها الوطنية المتعلقة بالهجرة ضمانات "
      "إجرائية واضحة، وأن تكفل وصول المهاجرين إلى العدالة والخدمات الصحية والتعليم دون "
      "تمييز، وفقا للقرار A/RES/67/219.")
TEXTS = (P1, P2, P3)

_FIELDS = {
    "meeting-paper": {
        "meeting": "الاجتماع التنسيقي الحادي عشر بشأن الهجرة الدولية",
        "venue": "نيويورك", "dates": "21-22 شباط/فبراير 2013",
        "author": "مفوضية الأمم المتحدة السامية لحقوق الإنسان",
        "symbol": "UN/POP/MIG-11CM/2013/3"},
    "agency-input": {
        "entity": "مفوضية الأمم المتحدة السامية لحقوق الإنسان",
        "report_title": "الهجرة الدولية والتنمية", "mandate": "A/RES/67/219",
        "symbol": "A/68/190", "session": "الدورة الثامنة والستون",
        "agenda_item": "البند 21 (هـ) من جدول الأعمال المؤقت", "date": "25 تموز/يوليه 2013"},
    "sg-report": {
        "symbol": "A/68/190", "date": "2013-07-25", "session": "الدورة الثامنة والستون",
        "agenda_item": "البند 21 (هـ) من جدول الأعمال المؤقت", "agenda_symbol": "A/68/150",
        "item_title": "العولمة والترابط",
        "summary": "<p>يقدم هذا التقرير عملا بقرار الجمعية العامة 67/219.</p>",
        "job_number": "13-40848 (A)", "original_language": "English"},
}


def _body(*texts: str, note: int | None = None) -> str:
    """Return paragraphs of texts, the one at index note with a footnote."""
    out = []
    for index, text in enumerate(texts):
        call = (f'<span class="footnote">انظر الوثيقة A/68/190، الفقرة {index + 12}.</span>'
                if index == note else "")
        out.append(f"<p>{text}{call}</p>")
    return "".join(out)


def arabic_document(template: str) -> Document:
    """Return a two-page Arabic document in template, paragraphs without dir or lang."""
    sections = [
        Section(id="s1", heading="مقدمة", body=_body(P1, P2, note=0)),
        Section(id="s2", heading="الأنشطة", body=_body(P2), children=[
            Section(id="s2a", heading="الدعوة", body=_body(P3, P1, note=1)
                    + "<ul><li>حلقات عمل إقليمية</li><li>مشورة تقنية</li></ul>"),
            Section(id="s2b", heading="التدريب", body=_body(P1, P3)),
        ]),
        Section(id="s3", heading="الاستنتاجات والتوصيات", body=_body(P3, P2, P1, note=2)),
    ]
    return Document(id="ar", title="الهجرة الدولية والتنمية", template=template,
                    language="ar", fields=dict(_FIELDS[template]), sections=sections)
