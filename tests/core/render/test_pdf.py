"""HTML to PDF: text, footnotes, numbering, fonts, metadata, outline, files."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app import __version__
from app.core.document.model import Document, Section
from app.core.errors import RenderError
from app.core.render import fonts
from app.core.render.html import render_html
from app.core.render.pdf import PdfResult, page_limit_warning, render_pdf, write_document_pdf
from app.paths import fonts_dir

NAMES = ["Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf"]


def flat(text: str) -> str:
    """Return text with all whitespace runs made single spaces."""
    return " ".join(text.split())


def long_agency(agency_doc: Document, per_section: int = 25) -> Document:
    """Return agency_doc with many numbered paragraphs in each top-level section."""
    for i, section in enumerate(agency_doc.sections):
        section.body = "".join(
            f"<p>Para{i}x{j} {'Migration matters for development. ' * 12}</p>"
            for j in range(per_section)
        )
    return agency_doc


# --- meeting paper ---------------------------------------------------------------------

def test_meeting_paper_renders_cleanly(meeting_pdf: PdfResult):
    assert meeting_pdf.pdf.startswith(b"%PDF-")
    assert meeting_pdf.page_count == 1
    assert meeting_pdf.warnings == ()


def test_meeting_paper_text_and_title_footnote_on_page_one(
    meeting_pdf: PdfResult, page_texts: Callable[[bytes], list[str]]
):
    first = flat(page_texts(meeting_pdf.pdf)[0])
    assert "ELEVENTH COORDINATION MEETING ON INTERNATIONAL MIGRATION" in first
    assert "CONTRIBUTIONS TO THE HIGH-LEVEL DIALOGUE" in first
    assert "Office of the High Commissioner for Human Rights (OHCHR)" in first
    assert "New York, 21-22 February 2013" in first
    assert "UN/POP/MIG-11CM/2013/3" in first
    assert re.search(r"1 ?The views expressed in this paper are those of the author entity", first)


def test_meeting_paper_body_footnotes_continue_after_the_title_note(
    meeting_pdf: PdfResult, page_texts: Callable[[bytes], list[str]]
):
    text = flat(" ".join(page_texts(meeting_pdf.pdf)))
    assert re.search(r"2 ?Body footnote alpha\.", text)
    assert re.search(r"3 ?Body footnote beta\.", text)
    assert text.index("Body footnote alpha") > text.index("Closing words")


def test_meeting_paper_metadata(meeting_pdf: PdfResult, pdf_reader: Callable[[bytes], Any]):
    reader = pdf_reader(meeting_pdf.pdf)
    info = reader.metadata
    assert info["/Title"] == "Contributions to the High-Level Dialogue"
    assert info["/Author"] == "Office of the High Commissioner for Human Rights (OHCHR)"
    assert info["/Creator"] == f"Rapporteur {__version__}"
    assert info["/Subject"] == "Eleventh Coordination Meeting on International Migration"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_meeting_paper_outline_has_sections_not_body_headings(
    meeting_pdf: PdfResult, outline_titles: Callable[[bytes], list[tuple[int, str]]]
):
    assert outline_titles(meeting_pdf.pdf) == [
        (0, "Introduction"), (1, "Background"), (0, "Conclusions"),
    ]


def test_all_fonts_are_embedded_liberation_serif(
    meeting_pdf: PdfResult, agency_pdf: PdfResult,
    pdf_fonts: Callable[[bytes], list[tuple[str, bool]]],
):
    styles = set()
    for result in (meeting_pdf, agency_pdf):
        found = pdf_fonts(result.pdf)
        assert found
        for name, embedded in found:
            assert embedded, name
            assert re.fullmatch(r"/[A-Z]{6}\+Liberation-?Serif(-\w+)?", name), name
        styles |= {name.split("+")[1] for name, _ in found}
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= styles


@pytest.mark.parametrize(("size", "box"), [("Letter", (612, 792)), ("A4", (595, 842))])
def test_page_size_field(meeting_doc: Document, size: str, box: tuple[int, int],
                         pdf_reader: Callable[[bytes], Any]):
    meeting_doc.fields["page_size"] = size
    page = pdf_reader(render_pdf(render_html(meeting_doc)).pdf).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == box


def test_heading_with_template_syntax_appears_literally_in_the_pdf(
    meeting_doc: Document, page_texts: Callable[[bytes], list[str]],
    outline_titles: Callable[[bytes], list[tuple[int, str]]],
):
    meeting_doc.sections[0].heading = "{{ ''.__class__.__mro__ }}"
    result = render_pdf(render_html(meeting_doc))
    assert "{{ ''.__class__.__mro__ }}" in flat(page_texts(result.pdf)[0])
    assert outline_titles(result.pdf)[0] == (0, "{{ ''.__class__.__mro__ }}")


# --- agency input ----------------------------------------------------------------------

def test_agency_input_renders_cleanly(agency_pdf: PdfResult):
    assert agency_pdf.page_count == 1
    assert agency_pdf.warnings == ()


def test_agency_input_numbers_paragraphs_straight_through(
    agency_pdf: PdfResult, page_texts: Callable[[bytes], list[str]]
):
    text = flat(" ".join(page_texts(agency_pdf.pdf)))
    found = re.findall(r"(\d+)\. ?(\w+) paragraph", text)
    assert found == [(str(i), name) for i, name in enumerate(NAMES, start=1)]
    for unnumbered in ("Listed item", "Cell text", "Unnumbered sub-heading"):
        assert not re.search(rf"\d+\. ?{unnumbered}", text), unnumbered


def test_agency_input_numbers_headings_and_footnotes(
    agency_pdf: PdfResult, page_texts: Callable[[bytes], list[str]],
    outline_titles: Callable[[bytes], list[tuple[int, str]]],
):
    text = flat(" ".join(page_texts(agency_pdf.pdf)))
    for label in ("I. ?Introduction", "II. ?Activities", "A. ?Advocacy", "B. ?Training",
                  "III. ?Conclusions"):
        assert re.search(rf"(?<![IVX]){label}", text), label
    assert re.search(r"1 ?Footnote in section one", text)
    assert re.search(r"2 ?Footnote in section three", text)
    assert outline_titles(agency_pdf.pdf) == [
        (0, "I. Introduction"), (0, "II. Activities"), (1, "A. Advocacy"),
        (1, "B. Training"), (0, "III. Conclusions"),
    ]


def test_agency_input_masthead(agency_pdf: PdfResult, page_texts: Callable[[bytes], list[str]]):
    first = flat(page_texts(agency_pdf.pdf)[0])
    assert "Input to the report of the Secretary-General on International migration" in first
    assert "Mandate: A/RES/67/219" in first
    assert "Sixty-eighth session" in first
    assert "A/68/190" in first


def test_long_agency_input_keeps_numbering_and_running_heads(
    agency_doc: Document, page_texts: Callable[[bytes], list[str]]
):
    result = render_pdf(render_html(long_agency(agency_doc)))
    assert result.page_count >= 4
    pages = [flat(t) for t in page_texts(result.pdf)]
    found = re.findall(r"(\d+)\. ?(Para\dx\d+|\w+ paragraph)", " ".join(pages))
    assert [int(n) for n, _ in found] == list(range(1, 3 * 25 + 3 + 1))
    assert [name for _, name in found[50:53]] == [
        "Delta paragraph", "Echo paragraph", "Foxtrot paragraph",
    ]
    total = result.page_count
    for number, text in enumerate(pages[1:], start=2):
        assert "A/68/190" in text
        assert f"{number}/{total}" in text


# --- writing files and warnings --------------------------------------------------------

def test_write_document_pdf_writes_atomically(meeting_doc: Document, tmp_path: Path,
                                              pdf_reader: Callable[[bytes], Any]):
    out = tmp_path / "paper.pdf"
    out.write_bytes(b"old contents")
    result = write_document_pdf(meeting_doc, out)
    assert out.read_bytes() == result.pdf
    assert len(pdf_reader(out.read_bytes()).pages) == result.page_count
    assert sorted(p.name for p in tmp_path.iterdir()) == ["paper.pdf"]


def test_write_document_pdf_warns_over_the_page_limit(meeting_doc: Document, tmp_path: Path):
    meeting_doc.sections[1].body = ("<p>" + "Migration is about human beings. " * 60 + "</p>") * 12
    result = write_document_pdf(meeting_doc, tmp_path / "long.pdf")
    assert result.page_count > 4
    assert result.warnings[-1] == (
        f"{result.page_count} pages: over the 4-page limit for meeting-paper"
    )


def test_page_limit_warning():
    assert page_limit_warning(4, 4, "meeting-paper") is None
    assert page_limit_warning(9, None, "agency-input") is None
    assert page_limit_warning(14, 4, "meeting-paper") == (
        "14 pages: over the 4-page limit for meeting-paper"
    )


def test_unwritable_target_raises_render_error(meeting_doc: Document, tmp_path: Path):
    with pytest.raises(RenderError) as caught:
        write_document_pdf(meeting_doc, tmp_path / "missing" / "paper.pdf")
    assert "\n" not in str(caught.value)


def test_weasyprint_failure_becomes_one_line_render_error(monkeypatch: pytest.MonkeyPatch):
    import weasyprint

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("first line\nsecond line")

    monkeypatch.setattr(weasyprint, "HTML", boom)
    with pytest.raises(RenderError, match=r"^PDF rendering failed: ValueError: first line "
                                          r"second line$"):
        render_pdf("<p>x</p>")


def test_missing_glyph_warning_is_captured():
    result = render_pdf("<html lang=en><title>t</title><p>A \U0010fffd B</p></html>")
    assert "Characters in no bundled font (they print as blank boxes): \U0010fffd (U+10FFFD)" \
        in result.warnings


def test_html_warnings_are_carried_into_the_pdf_result(meeting_doc: Document):
    del meeting_doc.fields["meeting"]
    result = render_pdf(render_html(meeting_doc))
    assert "Missing required field: Meeting" in result.warnings


@pytest.mark.parametrize("variant", ["pdf/ua-1", "pdf/a-3b"])
def test_variants(meeting_doc: Document, variant: str, pdf_reader: Callable[[bytes], Any]):
    result = render_pdf(render_html(meeting_doc), variant=variant)
    root = pdf_reader(result.pdf).trailer["/Root"]
    if variant == "pdf/ua-1":
        assert root["/MarkInfo"]["/Marked"]
        assert "/StructTreeRoot" in root
    else:
        xmp = root["/Metadata"].get_object().get_data()
        assert re.search(rb"pdfaid:part(>|=\")3", xmp)
        assert re.search(rb"pdfaid:conformance(>|=\")B", xmp)
        assert "/OutputIntents" in root


def test_unknown_variant_is_refused():
    with pytest.raises(RenderError, match="Unknown PDF variant"):
        render_pdf("<p>x</p>", variant="pdf/x-4")


def test_rtl_document_renders(meeting_doc: Document, pdf_reader: Callable[[bytes], Any]):
    meeting_doc.language = "ar"
    meeting_doc.sections[0].body = "<p>تعزيز حقوق الإنسان للمهاجرين</p>"
    result = render_pdf(render_html(meeting_doc))
    assert result.page_count >= 1
    assert result.warnings == ()
    assert pdf_reader(result.pdf).trailer["/Root"]["/Lang"] == "ar"


def test_render_points_fontconfig_at_the_private_config(meeting_pdf: PdfResult):
    assert os.environ["FONTCONFIG_FILE"] == str(fonts.config_path())
    assert str(fonts_dir().resolve()) in fonts.config_path().read_text(encoding="utf-8")


# --- the OHCHR 2013 paper --------------------------------------------------------------

def test_ohchr_paper_looks_like_the_original(
    fixture_doc: Document, tmp_path: Path, page_texts: Callable[[bytes], list[str]],
    pdf_fonts: Callable[[bytes], list[tuple[str, bool]]],
):
    result = write_document_pdf(fixture_doc, tmp_path / "ohchr.pdf")
    assert 4 <= result.page_count <= 5
    pages = [flat(t) for t in page_texts(result.pdf)]
    assert "ELEVENTH COORDINATION MEETING ON INTERNATIONAL MIGRATION" in pages[0]
    assert "OFFICE OF THE HIGH COMMISSIONER FOR HUMAN RIGHTS CONTRIBUTIONS" in pages[0]
    assert re.search(r"1 ?The views expressed in the paper do not imply the expression of any "
                     r"opinion on the part of the United Nations Secretariat\.", pages[0])
    assert all("The views expressed" not in page for page in pages[1:])
    assert [p.split()[-1] for p in pages] == [str(n) for n in range(1, len(pages) + 1)]
    assert all(embedded and "Liberation" in name for name, embedded in pdf_fonts(result.pdf))
    unexpected = [w for w in result.warnings if "page limit" not in w and "4-page" not in w]
    assert unexpected == []


def test_section_without_heading_is_not_bookmarked(
    meeting_doc: Document, outline_titles: Callable[[bytes], list[tuple[int, str]]]
):
    meeting_doc.sections.insert(0, Section(id="pre", body="<p>Preamble.</p>"))
    result = render_pdf(render_html(meeting_doc))
    assert [t for _, t in outline_titles(result.pdf)] == [
        "Introduction", "Background", "Conclusions",
    ]
