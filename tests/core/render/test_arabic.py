"""Arabic documents: right to left in every template, flush justified lines, logical text."""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
import pypdf
import pytest

from app.core.document.model import Document, Section
from app.core.render.bidi import comma, first_strong, set_directions
from app.core.render.html import render_html
from app.core.render.pdf import PdfResult, render_pdf
from tests.core.render.arabic_sample import TEXTS, arabic_document

TEMPLATES = ("meeting-paper", "agency-input", "sg-report")
NUMBERED = ("agency-input", "sg-report")
BODY_INDENT = 60 + 63  # page margin + body column indent of the numbered templates
# A justified right-to-left line holding an inline element (here the nobr span of
# "A/RES/67/219") sits one Naskh space (2.3 pt) to the left in WeasyPrint 70.
FLUSH = 2.5
ARABIC_WORD = re.compile(r"[\u0600-\u06FF]+")


@pytest.fixture(scope="module")
def pdfs() -> dict[str, PdfResult]:
    """Return the Arabic document rendered in each template (once per module)."""
    return {name: render_pdf(render_html(arabic_document(name))) for name in TEMPLATES}


def _page(result: PdfResult, number: int = 0) -> Any:
    """Return one page of a rendered PDF, opened with pdfplumber."""
    return pdfplumber.open(io.BytesIO(result.pdf)).pages[number]


def _lines(page: Any, size: float) -> list[tuple[float, float]]:
    """Return (x0, x1) of each line of visible characters of a font size, top to bottom."""
    rows: list[list[Any]] = []
    for char in sorted(page.chars, key=lambda c: c["bottom"]):
        if not char["text"].strip() or not _sized(char, size):
            continue
        if rows and abs(rows[-1][0]["bottom"] - char["bottom"]) < 5:
            rows[-1].append(char)
        else:
            rows.append([char])
    return [(min(c["x0"] for c in row), max(c["x1"] for c in row)) for row in rows]


def _sized(char: dict[str, Any], size: float) -> bool:
    """Return whether a pdfplumber character is set in a font size."""
    return abs(char["size"] - size) < 0.2


def _has_naskh(result: PdfResult) -> bool:
    """Return whether the PDF's Arabic is set in Noto Naskh Arabic."""
    return any("Naskh" in str(font.get("/BaseFont")) for font in _fonts(result))


def _fonts(result: PdfResult) -> list[Any]:
    """Return the font dictionaries of every page."""
    reader = pypdf.PdfReader(io.BytesIO(result.pdf))
    return [f.get_object() for page in reader.pages
            for f in (page["/Resources"].get("/Font") or {}).values()]


@pytest.mark.parametrize("template", TEMPLATES)
def test_page_is_right_to_left(template: str) -> None:
    """The root says lang="ar" dir="rtl"; Latin-only masthead symbols stay left to right."""
    html = render_html(arabic_document(template)).html
    assert '<html lang="ar" dir="rtl">' in html
    assert re.search(r'<p class="symbol" dir="ltr">', html)


@pytest.mark.parametrize("template", NUMBERED)
def test_paragraph_numbers_and_labels_hang_on_the_right(
        pdfs: dict[str, PdfResult], template: str) -> None:
    """Paragraph numbers ("1 -") sit at the column's right edge, heading labels beyond it."""
    page = _page(pdfs[template])
    right = page.width - BODY_INDENT
    dashes = [c for c in page.chars if c["text"] == "-" and _sized(c, 10)]
    numbers = [c for c in dashes if right - 24 <= c["x0"] and c["x1"] <= right]
    assert len(numbers) >= 2, [(c["x0"], c["x1"]) for c in dashes]
    assert not [c for c in dashes if c["x1"] < BODY_INDENT + 24
                and 200 < c["top"] < page.height - 120]
    # Chapter labels are words ("أولا -", test_heading_labels.py), in the right indent.
    labels = [c for c in page.chars if _sized(c, 14) and c["x0"] > right]
    assert {c["text"] for c in labels} >= {"-"}
    assert all(c["x1"] <= right + 40 for c in labels)


@pytest.mark.parametrize("template", NUMBERED)
def test_justified_lines_are_flush_at_both_edges(
        pdfs: dict[str, PdfResult], template: str) -> None:
    """Every full line of body text starts at the left edge and ends at the right one."""
    if not _has_naskh(pdfs[template]):
        pytest.skip("Noto Naskh Arabic is not installed (it comes with the bundled fonts)")
    pages = pdfplumber.open(io.BytesIO(pdfs[template].pdf)).pages
    right = pages[0].width - BODY_INDENT
    full = [line for page in pages for line in _lines(page, 10)
            if abs(line[0] - BODY_INDENT) < 3]
    assert len(full) >= 12
    assert [line for line in full if abs(line[1] - right) > FLUSH] == []


def test_meeting_paper_lines_are_flush(pdfs: dict[str, PdfResult]) -> None:
    """The meeting paper's full lines reach both 1 in margins."""
    if not _has_naskh(pdfs["meeting-paper"]):
        pytest.skip("Noto Naskh Arabic is not installed (it comes with the bundled fonts)")
    page = _page(pdfs["meeting-paper"])
    full = [(x0, x1) for x0, x1 in _lines(page, 12)
            if abs(x0 - 72) < 3 and x1 - x0 > page.width / 2]
    assert len(full) >= 4
    assert [line for line in full if abs(line[1] - (page.width - 72)) > FLUSH] == []


def test_sg_report_symbol_on_the_left(pdfs: dict[str, PdfResult]) -> None:
    """The symbol's 20 pt first letter starts at the left margin of page 1, in order."""
    page = _page(pdfs["sg-report"])
    first = [c for c in page.chars if _sized(c, 20) and c["text"] == "A"]
    assert first
    assert abs(first[0]["x0"] - 60) < 1
    reader = pypdf.PdfReader(io.BytesIO(pdfs["sg-report"].pdf))
    assert reader.pages[0].extract_text().startswith("A/68/190")


def test_running_heads_mirrored(pdfs: dict[str, PdfResult]) -> None:
    """Page 2 of a right-to-left document is a right page: symbol and folio at the right."""
    page = _page(pdfs["agency-input"], 1)
    heads = [c for c in page.chars if _sized(c, 9) and c["top"] < 60]
    folios = [c for c in page.chars if _sized(c, 9) and c["top"] > page.height - 40]
    assert heads
    assert min(c["x0"] for c in heads) > page.width / 2
    assert folios
    assert min(c["x0"] for c in folios) > page.width / 2


def test_arabic_comma_joins_place_and_dates(pdfs: dict[str, PdfResult]) -> None:
    """"نيويورك، 21-22": the Arabic comma where the template joins parts of a line."""
    html = render_html(arabic_document("meeting-paper")).html
    assert "نيويورك\u060c 21-22" in html
    assert "\u060c" in _page(pdfs["meeting-paper"]).extract_text()
    assert comma("en") == ", "
    assert comma("ar-EG") == "\u060c "


@pytest.mark.parametrize("template", TEMPLATES)
def test_text_extracts_in_logical_order(pdfs: dict[str, PdfResult], template: str) -> None:
    """Every Arabic word of the body comes out of the PDF as typed (lam-alef included)."""
    reader = pypdf.PdfReader(io.BytesIO(pdfs[template].pdf))
    extracted = set(ARABIC_WORD.findall(" ".join(p.extract_text() for p in reader.pages)))
    expected = set(ARABIC_WORD.findall(" ".join(TEXTS)))
    assert {"الإنسان", "لا", "الأعضاء"} <= expected
    assert expected - extracted == set()


def test_paragraph_direction_from_first_strong_letter() -> None:
    """An Arabic paragraph without dir in an English document is set right to left."""
    document = Document(id="d", title="T", template="meeting-paper", language="en", fields={},
                        sections=[Section(id="s", heading="H", body=(
                            "<p>English first.</p><p>تؤكد المفوضية A/68/190.</p>"
                            '<blockquote><p lang="ar">نص</p></blockquote>'))])
    html = render_html(document).html
    assert "<p>English first.</p>" in html
    assert '<p dir="rtl">تؤكد المفوضية' in html
    assert '<p lang="ar" dir="rtl">نص</p>' in html


@pytest.mark.parametrize(("fragment", "page", "expected"), [
    ("<p>مرحبا</p>", "ltr", '<p dir="rtl">مرحبا</p>'),
    ("<p>مرحبا</p>", "rtl", "<p>مرحبا</p>"),
    ("<p>1. A/68/190 مرحبا</p>", "rtl", '<p dir="ltr">1. A/68/190 مرحبا</p>'),
    ('<p lang="fr">« مرحبا »</p>', "rtl", '<p lang="fr" dir="ltr">« مرحبا »</p>'),
    ('<p dir="ltr">مرحبا</p>', "ltr", '<p dir="ltr">مرحبا</p>'),
    ("<ul><li>one</li><li>اثنان</li></ul>", "ltr", '<ul><li>one</li><li dir="rtl">اثنان</li></ul>'),
    ("<p>2013</p>", "ltr", "<p>2013</p>"),
    ('<p><span class="footnote">نص</span> text</p>', "ltr",
     '<p dir="rtl"><span class="footnote">نص</span> text</p>'),
])
def test_set_directions(fragment: str, page: str, expected: str) -> None:
    """dir is written only where the block's language or first letter differs from its parent."""
    assert set_directions(fragment, page) == expected


def test_first_strong() -> None:
    """Digits and punctuation are not strong; Latin and Arabic letters are."""
    assert first_strong("12، (ب)") == "rtl"
    assert first_strong("« A »") == "ltr"
    assert first_strong("2013 - 12") is None


def test_the_english_distribution_block_and_job_line_read_left_to_right(
        pdfs: dict[str, PdfResult]) -> None:
    """"25 July 2013" and "13-40848 (A)  250713" keep their order on a right-to-left page."""
    page = _page(pdfs["sg-report"])
    lines = [" ".join(line["text"].split()) for line in page.extract_text_lines()]
    assert any(re.search(r"^\d{1,2} [A-Z][a-z]+ \d{4}$", line) for line in lines), lines
    # The Naskh face's parentheses may extract mirrored: ")A(" is the glyph of "(A)".
    job = next(line.replace(")A(", "(A)") for line in lines if "A(" in line or "(A" in line)
    assert re.match(r"^\d{2}-\d{5} \(A\) \d{6}$", job), job
