"""The Word export: real footnotes, styles, numbering, languages, page, properties."""

from __future__ import annotations

import io
from pathlib import Path

import docx

from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile
from app.core.io.docx import parse_docx
from app.core.io.docxorigin import read_origin
from app.core.io.docxwrite import Export, build_docx, export_for
from tests.core.io.docx_helpers import NS, OHCHR, SAMPLE, W, imported, part

BODY = ('<p>At its 67<sup>th</sup> session, <em>inter alia</em>, the <strong>Assembly</strong>'
        ' acted.<span class="footnote">See <em>A/67/L.40</em>.</span></p>'
        '<h3>Detail</h3><ul><li>one;</li><li>two.</li></ul>'
        '<table><thead><tr><th>Year</th><th>People</th></tr></thead>'
        '<tbody><tr><td>2013</td><td>214 million</td></tr></tbody></table>'
        '<p>See <a href="https://www.un.org/">the site</a>.</p>')


def _doc(template: str = "meeting-paper", language: str = "en") -> Document:
    """Return a small document with every kind of content."""
    fields = {"meeting": "Eleventh Coordination Meeting", "author": "OHCHR",
              "title_footnote": "The views are the author's."} \
        if template == "meeting-paper" else {"entity": "OHCHR", "report_title": "Migration"}
    intro = Section(id="s1", heading="Introduction", body=BODY)
    intro.children.append(Section(id="s2", heading="Background", body="<p>Nested.</p>",
                                 parent_id="s1"))
    return Document(id="d1", title="A title", template=template, language=language,
                    fields=fields, sections=[intro, Section(id="s3", heading="End",
                                                            body="<p>Last.</p>")])


def test_footnotes_are_real_word_footnotes() -> None:
    data = build_docx(Export(_doc()))
    notes = part(data, "word/footnotes.xml")
    texts = ["".join(n.itertext()).strip() for n in notes.findall("w:footnote", NS)
             if n.get(f"{{{W}}}type") is None]
    assert texts == ["The views are the author's.", "See A/67/L.40."]
    italic = notes.xpath(".//w:r[w:rPr/w:i]/w:t", namespaces=NS)
    assert [t.text for t in italic] == ["A/67/L.40"]
    body = part(data, "word/document.xml")
    assert len(body.findall(".//w:footnoteReference", NS)) == 2


def test_styles_formatting_lists_tables_links() -> None:
    word = docx.Document(io.BytesIO(build_docx(Export(_doc()))))
    styles = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert ("Title", "A title") in styles
    assert ("Author Entity", "OHCHR") in styles
    assert ("Heading 1", "Introduction") in styles
    assert ("Heading 2", "Background") in styles
    assert ("Heading 3", "Detail") in styles
    assert ("List Bullet", "one;") in styles
    assert ("Masthead", "Eleventh Coordination Meeting") in styles
    runs = {r.text: r for p in word.paragraphs for r in p.runs}
    assert runs["th"].font.superscript
    assert runs["inter alia"].italic
    assert runs["Assembly"].bold
    assert word.tables[0].cell(1, 1).text == "214 million"
    assert word.part.rels
    assert any(r.target_ref == "https://www.un.org/"
                                  for r in word.part.rels.values())


def test_numbered_template_numbers_paragraphs_and_page_is_the_pdfs() -> None:
    word = docx.Document(io.BytesIO(build_docx(Export(_doc("agency-input")))))
    numbered = [p.text for p in word.paragraphs if p.style.name == "Numbered Paragraph"]
    assert numbered[0].startswith("At its 67")
    assert "Last." in numbered
    section = word.sections[0]
    assert round(section.page_width.inches, 2) == 8.5
    assert round(section.top_margin.pt) == 48
    assert round(section.left_margin.pt) == 60


def test_language_and_arabic_right_to_left() -> None:
    doc = _doc(language="ar")
    data = build_docx(Export(doc))
    body = part(data, "word/document.xml")
    assert body.findall(".//w:pPr/w:bidi", NS)
    assert body.findall(".//w:rPr/w:rtl", NS)
    assert body.find(".//w:rPr/w:lang", NS).get(f"{{{W}}}bidi") == "ar"
    english = part(build_docx(Export(_doc())), "word/document.xml")
    assert english.find(".//w:rPr/w:lang", NS).get(f"{{{W}}}val") == "en"


def test_custom_properties_name_document_and_revisions(tmp_path: Path) -> None:
    path = imported(tmp_path, OHCHR)
    with RapporteurFile.open(path, readonly=True) as rfile:
        doc = rfile.documents()[0]
        data = build_docx(export_for(rfile, doc))
    origin = read_origin(data)
    assert origin.document_id == doc.id
    assert origin.title == doc.title
    assert origin.revisions[0] == doc.revision_id
    assert origin.revisions[1:] == [s.revision_id for s in doc.all_sections()]


def test_round_trip_keeps_text_footnotes_and_formatting(tmp_path: Path) -> None:
    for source in (SAMPLE, OHCHR, None):
        if source is None:
            doc = _doc()
        else:
            with RapporteurFile.open(imported(tmp_path, source, f"{source.stem}.rapporteur"),
                                     readonly=True) as rfile:
                doc = rfile.documents()[0]
        first = build_docx(Export(doc))
        back = parse_docx(first).document
        assert (back.title, back.template, back.language, back.fields) == \
            (doc.title, doc.template, doc.language, doc.fields)
        assert [(s.heading, s.body) for s in back.all_sections()] == \
            [(s.heading, s.body) for s in doc.all_sections()]
        assert [s.parent_id is None for s in back.all_sections()] == \
            [s.parent_id is None for s in doc.all_sections()]
        again = parse_docx(build_docx(Export(back))).document
        assert [s.body for s in again.all_sections()] == [s.body for s in doc.all_sections()]


def _depths(sections: list[Section], depth: int = 1) -> list[tuple[str, int]]:
    """Return (heading, depth) of every section, in reading order."""
    out: list[tuple[str, int]] = []
    for section in sections:
        out.append((section.heading, depth))
        out += _depths(section.children, depth + 1)
    return out


def test_sections_nested_deeper_than_two_come_back_at_their_depth() -> None:
    doc = _doc("agency-input")
    chapter = doc.sections[0].children[0]
    part = Section(id="s4", heading="Training", body="<p>Three.</p>", parent_id=chapter.id)
    part.children.append(Section(id="s5", heading="Regional workshops", body="<p>Four.</p>",
                                 parent_id="s4"))
    chapter.children.append(part)
    data = build_docx(Export(doc))
    word = docx.Document(io.BytesIO(data))
    styles = {p.text: p.style.name for p in word.paragraphs}
    assert (styles["Training"], styles["Regional workshops"], styles["Detail"]) == \
        ("Section Heading 3", "Section Heading 4", "Heading 3")
    level = word.styles["Section Heading 4"].element.pPr.find(f"{{{W}}}outlineLvl")
    assert level.get(f"{{{W}}}val") == "3"
    back = parse_docx(data).document
    assert _depths(back.sections) == _depths(doc.sections) == [
        ("Introduction", 1), ("Background", 2), ("Training", 3), ("Regional workshops", 4),
        ("End", 1)]
    assert "<h3>Detail</h3>" in back.sections[0].body  # a sub-heading stays in the text
