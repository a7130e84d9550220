"""The sg-report template: a report of the Secretary-General laid out like A/68/190."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from typing import Any

import pypdf
import pytest
from pypdf.generic import ContentStream

from app.core.document.model import Document, Section
from app.core.document.templates import load_template, missing_required, validate_fields
from app.core.render.barcode import code39_data_url, code39_svg, job_digits
from app.core.render.html import render_html
from app.core.render.jobline import job_line, processing_date
from app.core.render.pdf import PdfResult, render_pdf
from app.core.render.terms import format_date, term, terms_for

SENTENCE = (
    "Migration is a powerful driver of sustainable development, for migrants and their "
    "communities in countries of origin, transit and destination, and Member States have "
    "recognized its contribution in the outcome of the High-level Dialogue."
)
SYMBOL = "A/68/190"
SUMMARY_TEXT = "The present report is submitted pursuant to General Assembly resolution 67/219."
CHAPTERS = ("Introduction", "Recent trends in international migration",
            "Conclusions and recommendations")
PARAGRAPHS_PER_CHAPTER = 2 + 7 + 7
FOOTNOTES = 12


def make_sg_doc(**fields: str) -> Document:
    """Return a report of about ten pages: 3 chapters with A and B, 12 footnotes."""
    notes = iter(range(1, FOOTNOTES + 1))

    def body(count: int, with_notes: int) -> str:
        out = []
        for index in range(count):
            note = ""
            if index < with_notes:
                note = f'<span class="footnote">Footnote text {next(notes)}, see A/67/254.</span>'
            out.append(f"<p>{SENTENCE} {SENTENCE} {SENTENCE}{note}</p>")
        return "".join(out)

    sections = [
        Section(id=f"c{c}", heading=title, body=body(2, 1), children=[
            Section(id=f"c{c}a", heading=f"Trends part {c + 1}", body=body(7, 2)),
            Section(id=f"c{c}b", heading=f"Policies part {c + 1}", body=body(7, 1)),
        ])
        for c, title in enumerate(CHAPTERS)
    ]
    given = {
        "symbol": SYMBOL,
        "date": "25 July 2013",
        "session": "Sixty-eighth session",
        "agenda_item": "Item 21 (e) of the provisional agenda",
        "agenda_symbol": "A/68/150",
        "item_title": "Globalization and interdependence",
        "summary": f"<p>{SUMMARY_TEXT}</p><p>It ends with recommendations.</p>",
        "job_number": "13-40848 (E)",
        **fields,
    }
    return Document(id="sg", title="International migration and development",
                    template="sg-report", language="en", fields=given, sections=sections)


@pytest.fixture(scope="module")
def sg_pdf() -> PdfResult:
    """Return the rendered long report (once per module)."""
    return render_pdf(render_html(make_sg_doc()))


@dataclass(frozen=True)
class Run:
    """A run of text as drawn: its text, where it starts and its font size."""

    text: str
    x: float
    y: float
    size: float


def _runs(page: Any) -> list[Run]:
    """Return the text runs of a page with their positions in PDF points."""
    runs: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: Any, size: float) -> None:
        if text.strip():
            a, b, c, d, e, f = cm
            x = tm[4] * a + tm[5] * c + e
            y = tm[4] * b + tm[5] * d + f
            runs.append(Run(text.strip(), x, y, size * abs(tm[3] * d)))

    page.extract_text(visitor_text=visit)
    return runs


def _rects(page: Any, reader: Any) -> list[tuple[float, float, float, float]]:
    """Return the rectangles a page's content draws, in page coordinates (x0, y0, x1, y1)."""
    found: list[tuple[float, float, float, float]] = []
    stack: list[list[float]] = []
    ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]

    def times(m: list[float], n: list[float]) -> list[float]:
        return [m[0] * n[0] + m[1] * n[2], m[0] * n[1] + m[1] * n[3],
                m[2] * n[0] + m[3] * n[2], m[2] * n[1] + m[3] * n[3],
                m[4] * n[0] + m[5] * n[2] + n[4], m[4] * n[1] + m[5] * n[3] + n[5]]

    def point(x: float, y: float) -> tuple[float, float]:
        return x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5]

    for operands, operator in ContentStream(page.get_contents(), reader).operations:
        if operator == b"q":
            stack.append(list(ctm))
        elif operator == b"Q":
            ctm = stack.pop()
        elif operator == b"cm":
            ctm = times([float(v) for v in operands], ctm)
        elif operator == b"re":
            x, y, w, h = (float(v) for v in operands)
            (x0, y0), (x1, y1) = point(x, y), point(x + w, y + h)
            found.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
    return found


def _text_starts(page: Any, y: float) -> list[float]:
    """Return where each text-showing operation on the line at y starts (x, in points)."""
    starts: list[float] = []

    def before(operator: bytes, _args: Any, cm: list[float], tm: list[float]) -> None:
        if operator in (b"TJ", b"Tj") and abs(tm[5] * cm[3] + cm[5] - y) < 0.5:
            starts.append(tm[4] * cm[0] + cm[4])

    page.extract_text(visitor_operand_before=before)
    return sorted(starts)


@pytest.fixture(scope="module")
def reader(sg_pdf: PdfResult) -> Any:
    """Return the long report opened with pypdf."""
    return pypdf.PdfReader(io.BytesIO(sg_pdf.pdf))


def _find(runs: list[Run], text: str) -> Run:
    """Return the first run that is text."""
    return next(run for run in runs if run.text == text)


# manifest and fields


def test_manifest_fields_defaults_and_limit() -> None:
    template = load_template("sg-report")
    assert template.max_words == 8500
    assert template.page_sizes == ("Letter", "A4")
    names = [spec.name for spec in template.fields]
    assert names == ["organ", "symbol", "distribution", "date", "original_language", "session",
                     "agenda_item", "agenda_symbol", "item_title", "subtitle", "summary",
                     "job_number", "page_size", "advance_unedited"]
    assert {spec.name for spec in template.fields if spec.required} == {"symbol"}
    organ = template.field("organ")
    assert organ is not None
    assert organ.default == "General Assembly"
    assert organ.choices == ("General Assembly", "Economic and Social Council",
                             "Security Council", "Human Rights Council")
    subtitle = template.field("subtitle")
    assert subtitle is not None
    assert subtitle.default == "Report of the Secretary-General"
    assert "Note by the Secretariat" in subtitle.choices
    distribution = template.field("distribution")
    assert distribution is not None
    assert distribution.choices == ("General", "Limited",
                                                                 "Restricted")
    assert missing_required(template, {}) == ["Symbol"]


@pytest.mark.parametrize("symbol", ["A/68/190", "A/RES/67/219", "A/C.3/67/L.40/Rev.1",
                                    "A/HRC/WG.6/34/ITA/3", "E/2013/50", "S/2013/1*"])
def test_good_symbols_pass(symbol: str) -> None:
    template = load_template("sg-report")
    assert validate_fields(template, {"symbol": symbol, "agenda_symbol": symbol}) == []


@pytest.mark.parametrize("symbol", ["a/68/190", "A68190", "A", "A//68", "A/68/190 ",
                                    "A/68/12345", "UN/POP/MIG-11CM/2013/3"])
def test_bad_symbols_are_rejected(symbol: str) -> None:
    problems = validate_fields(load_template("sg-report"), {"symbol": symbol})
    assert len(problems) == 1
    assert problems[0].startswith("Symbol:")


@pytest.mark.parametrize("job", ["13-40848 (E)", "GE.19-12345 (F)", "V.20-01234 (R)",
                                 "13-40848 (E) 200813", "GE.19-12345 (F)    110719 120719"])
def test_good_job_numbers_pass(job: str) -> None:
    assert validate_fields(load_template("sg-report"), {"job_number": job}) == []


@pytest.mark.parametrize("job", ["1340848", "13-40848", "13-4084 (E)", "13-40848 (X)",
                                 "13-40848(E) ", "134-0848 (E)", "13-40848 (E) 20081",
                                 "13-40848 (E) 200813 200813 200813"])
def test_bad_job_numbers_are_rejected(job: str) -> None:
    problems = validate_fields(load_template("sg-report"), {"job_number": job})
    assert len(problems) == 1
    assert problems[0].startswith("Job number:")


def test_choices_outside_the_list_are_rejected() -> None:
    template = load_template("sg-report")
    problems = validate_fields(template, {"organ": "Trusteeship Council",
                                          "distribution": "Secret", "page_size": "Legal"})
    assert len(problems) == 3


# fixed words, dates, barcode


def test_terms_fall_back_to_english_for_other_languages() -> None:
    english = terms_for("en")
    for key in ("united_nations", "distr", "original", "summary", "General Assembly",
                "Report of the Secretary-General", "Note by the Secretary-General",
                "Note by the Secretariat"):
        assert english[key]
    assert terms_for("fr-CH")["united_nations"] == "Nations Unies"
    assert terms_for("de")["united_nations"] == "United Nations"  # no German table
    assert term("en", "distr") == "Distr.:"
    assert term("en", "not a key") == "not a key"


def test_dates_are_written_the_un_way() -> None:
    assert format_date("2013-07-25", "en") == "25 July 2013"
    assert format_date("25 July 2013", "en") == "25 July 2013"
    assert format_date("4–15 November 2019", "en") == "4–15 November 2019"
    assert format_date("31 February 2013", "en") == "31 February 2013"
    assert format_date("", "en") == ""


@pytest.mark.parametrize(("job", "date", "parts"), [
    ("13-40848 (E)", "25 July 2013", ["13-40848 (E)", "250713"]),
    ("13-40848 (E)", "2013-07-05", ["13-40848 (E)", "050713"]),
    ("13-40848 (E) 200813", "25 July 2013", ["13-40848 (E)", "200813"]),
    ("GE.19-12345 (F)  110719 120719", "", ["GE.19-12345 (F)", "110719", "120719"]),
    ("13-40848 (E)", "4\u201315 November 2019", ["13-40848 (E)"]),
    ("13-40848 (E)", "", ["13-40848 (E)"]),
    ("13-40848 (E)", "31 February 2013", ["13-40848 (E)"]),
    ("", "25 July 2013", []),
])
def test_job_line_adds_the_processing_date_unless_typed(
        job: str, date: str, parts: list[str]) -> None:
    assert job_line(job, date) == parts


def test_processing_date_is_ddmmyy() -> None:
    assert processing_date("25 July 2013") == "250713"
    assert processing_date("2026-08-14") == "140826"
    assert processing_date("July 2013") == ""


def test_barcode_encodes_the_job_number_digits_in_code_39() -> None:
    assert job_digits("13-40848 (E)") == "1340848"
    assert job_digits("GE.19-12345 (F)") == "1912345"
    assert job_digits("no job") == ""
    svg = code39_svg("1340848")
    bars = re.findall(r'<rect x="[\d.]+mm" y="[\d.]+mm" width="([\d.]+)mm"', svg)
    assert len(bars) == 9 * 5  # "*1340848*": five bars a character, start and stop included
    assert {float(width) for width in bars} == {0.2, 0.6}  # narrow and wide, ratio 3
    assert code39_data_url("13-40848 (E)").startswith("data:image/svg+xml;charset=utf-8,")
    assert code39_data_url("nothing") == ""
    with pytest.raises(ValueError, match="digits"):
        code39_svg("13-40848")


# page 1


def test_masthead_words_and_positions(reader: Any) -> None:
    page = reader.pages[0]
    width = float(page.mediabox.width)
    runs = _runs(page)
    united = _find(runs, "United Nations")
    organ = _find(runs, "General Assembly")
    assert abs(united.x - 123) < 1
    assert abs(organ.x - 123) < 1
    assert organ.size == pytest.approx(20, abs=0.05)
    assert united.size == pytest.approx(14, abs=0.05)
    first, rest = _find(runs, "A"), _find(runs, "/68/190")
    assert first.size == pytest.approx(20, abs=0.05)
    assert rest.size == pytest.approx(10, abs=0.05)
    assert first.x > width / 2
    assert rest.x > first.x
    assert abs(first.y - united.y) < 4
    assert organ.y < united.y
    distr = _find(runs, "Distr.: General")
    assert abs(distr.x - 397) < 1
    assert distr.y < united.y
    assert _find(runs, "25 July 2013").x == pytest.approx(distr.x)
    original = _find(runs, "Original: English")
    assert original.x == pytest.approx(distr.x)
    assert original.y < distr.y - 20
    session = _find(runs, "Sixty-eighth session")
    assert abs(session.x - 60) < 1
    assert session.y < organ.y
    title = _find(runs, "International migration and development")
    subtitle = _find(runs, "Report of the Secretary-General")
    assert title.size == pytest.approx(14, abs=0.05)
    assert abs(title.x - 123) < 1
    assert subtitle.size == pytest.approx(12, abs=0.05)
    assert subtitle.y < title.y < session.y


def test_agenda_line_has_an_asterisk_note_outside_the_numbers(reader: Any) -> None:
    runs = _runs(reader.pages[0])
    agenda = _find(runs, "Item 21 (e) of the provisional agenda")
    call = next(r for r in runs if r.text == "*" and abs(r.y - agenda.y) < 5)
    assert call.x > agenda.x
    note = _find(runs, "A/68/150.")
    first_note = _find(runs, "Footnote text 1, see A/67/254.")
    assert note.y > first_note.y  # the asterisk note first, then note 1
    assert any(r.text == "1" and abs(r.y - first_note.y) < 5 for r in runs)


def test_summary_is_framed_and_not_numbered(reader: Any) -> None:
    runs = _runs(reader.pages[0])
    heading = _find(runs, "Summary")
    summary = next(r for r in runs if r.text.startswith("The present report"))
    assert summary.y < heading.y
    between = [r for r in runs if summary.y - 40 < r.y < heading.y + 1 and r.x < summary.x]
    assert not [r for r in between if re.fullmatch(r"\d+\.", r.text)]
    chapter = _find(runs, "Introduction")
    first_number = next(r for r in runs if re.fullmatch(r"\d+\.", r.text))
    assert first_number.text == "1."
    assert first_number.y < chapter.y < summary.y
    frame = [r for r in _rects(reader.pages[0], reader)
             if r[1] < summary.y < r[3] and r[1] < heading.y < r[3] and r[2] - r[0] > 300]
    assert frame, "no frame around the summary"


def test_job_number_and_barcode_at_the_foot_of_page_one(reader: Any) -> None:
    runs = _runs(reader.pages[0])
    job = _find(runs, "13-40848 (E) 250713")  # the processing date, from "25 July 2013"
    assert abs(job.x - 60) < 1
    assert job.y < 96
    assert job.size == pytest.approx(10, abs=0.05)
    starts = _text_starts(reader.pages[0], job.y)
    assert len(starts) == 2, "the job number and the date, drawn apart"
    job_width = 53.6  # "13-40848 (E)" in 10 pt Liberation Serif
    assert 15 < starts[1] - (starts[0] + job_width) < 30, "a gap of a few spaces"
    assert _find(runs, "*1340848*").y < job.y
    bars = [r for r in _rects(reader.pages[0], reader)
            if r[1] < job.y and r[0] < 200 and r[2] - r[0] < 2 and r[3] - r[1] > 10]
    assert len(bars) == 45
    assert not [r for r in _rects(reader.pages[1], reader)
                if r[1] < 96 and r[2] - r[0] < 2 and r[3] - r[1] > 10]


def test_nothing_on_page_one_leaves_the_page(reader: Any) -> None:
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    for run in _runs(page):
        assert 0 <= run.x < width, run
        assert 0 <= run.y < height, run
    for x0, y0, x1, y1 in _rects(page, reader):
        if (x1 - x0) * (y1 - y0) < width * height:  # not the page background
            assert x0 >= 0
            assert x1 <= width
            assert y0 >= 0
            assert y1 <= height


# the whole report


def test_report_runs_to_eight_pages_or_more(sg_pdf: PdfResult) -> None:
    assert sg_pdf.page_count >= 8
    assert sg_pdf.warnings == ()


def test_paragraphs_are_numbered_straight_through(reader: Any) -> None:
    numbers = [int(run.text[:-1]) for page in reader.pages for run in _runs(page)
               if re.fullmatch(r"\d+\.", run.text) and abs(run.x - 123) < 1]
    assert numbers == list(range(1, 3 * PARAGRAPHS_PER_CHAPTER + 1))


def test_headings_are_numbered_with_hanging_labels(reader: Any) -> None:
    runs = [run for page in reader.pages for run in _runs(page)]
    labels = [run.text for run in runs if run.text in ("I.", "II.", "III.", "A.", "B.")]
    assert labels == ["I.", "A.", "B.", "II.", "A.", "B.", "III.", "A.", "B."]
    for label in ("I.", "A."):
        assert _find(runs, label).x < 123 - 20
    assert abs(_find(runs, "Recent trends in international migration").x - 123) < 1


def test_footnotes_are_numbered_straight_through(reader: Any) -> None:
    numbers = []
    for page in reader.pages:
        runs = _runs(page)
        for run in runs:
            if run.text.startswith("Footnote text "):
                marker = next(r for r in runs if abs(r.y - run.y) < 5 and r.x < run.x
                              and r.text.isdigit())
                numbers.append((int(marker.text), int(run.text.split()[2].rstrip(","))))
    assert [number for number, _ in numbers] == list(range(1, FOOTNOTES + 1))
    assert all(number == written for number, written in numbers)


def test_later_pages_carry_symbol_folio_and_job_number_at_the_edges(
        reader: Any, sg_pdf: PdfResult) -> None:
    total = sg_pdf.page_count
    for index in (1, 2):
        page = reader.pages[index]
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        runs = _runs(page)
        symbol = _find(runs, SYMBOL)
        folio = _find(runs, f"{index + 1}/{total}")
        job = _find(runs, "1340848")  # digits only
        assert symbol.y > height - 48
        assert folio.y < 60
        assert job.y < 60
        assert symbol.size == pytest.approx(9, abs=0.05)
        assert job.size == pytest.approx(7, abs=0.05)
        if index == 1:  # a left page: outer edge left, inner edge right
            assert abs(symbol.x - 60) < 1
            assert abs(folio.x - 60) < 1
            assert job.x > width / 2
        else:
            assert symbol.x > width / 2
            assert folio.x > width / 2
            assert abs(job.x - 60) < 1
    assert SYMBOL not in [run.text for run in _runs(reader.pages[0])][2:]
    later = " ".join(page.extract_text() for page in reader.pages[1:])
    assert "13-40848" not in later
    assert later.count("1340848") == total - 1


def _job_line_text(**fields: str) -> str:
    """Return the text of the foot of page 1 of a one-chapter report with fields."""
    doc = make_sg_doc(**fields)
    doc = replace(doc, sections=doc.sections[:1])
    page = pypdf.PdfReader(io.BytesIO(render_pdf(render_html(doc)).pdf)).pages[0]
    return " ".join(run.text for run in _runs(page) if run.y < 96)


def test_a_typed_date_is_kept_and_no_usable_date_prints_none() -> None:
    assert _job_line_text(job_number="13-40848 (E) 200813").startswith("13-40848 (E) 200813")
    assert "250713" not in _job_line_text(job_number="13-40848 (E) 200813")
    assert _job_line_text(date="4\u201315 November 2019").startswith("13-40848 (E) *1340848*")


def test_a4_advance_unedited_and_other_subtitles() -> None:
    doc = make_sg_doc(page_size="A4", advance_unedited="Yes", organ="Economic and Social Council",
                      subtitle="Note by the Secretariat", distribution="Limited",
                      date="2013-07-25", summary="A plain-text summary.")
    doc = replace(doc, sections=doc.sections[:1])
    result = render_pdf(render_html(doc))
    pages = pypdf.PdfReader(io.BytesIO(result.pdf)).pages
    assert (float(pages[0].mediabox.width), float(pages[0].mediabox.height)) == pytest.approx(
        (595.3, 841.9), abs=0.5)
    first = pages[0].extract_text()
    for words in ("Advance unedited version", "Economic and Social Council",
                  "Note by the Secretariat", "Distr.: Limited", "25 July 2013",
                  "A plain-text summary."):
        assert words in " ".join(first.split()), words
    assert "Advance unedited" not in pages[1].extract_text()
    assert result.warnings == ()


def test_section_preview_numbers_like_the_report(sg_pdf: PdfResult) -> None:
    from app.core.render.preview import current_offsets, render_section

    doc = make_sg_doc()
    offsets = current_offsets(doc, "c1")
    assert (offsets.footnote, offsets.paragraph) == (4, PARAGRAPHS_PER_CHAPTER)
    text = " ".join(" ".join(page.extract_text().split())
                    for page in pypdf.PdfReader(io.BytesIO(
                        render_section(doc, "c1", offsets).pdf)).pages)
    assert text.startswith("II. Recent trends in international migration 17. ")
    assert "5 Footnote text 5, see A/67/254." in text
    assert "A/68/150" not in text
    assert "1340848" in text, "the job number in digits at the inner edge"
    assert "13-40848" not in text
