"""Each paragraph's language comes back from Word (w:lang, w:bidi), which mammoth drops."""

from __future__ import annotations

import io

import docx
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from app.core.document.model import Document, Section
from app.core.io.docx import parse_docx
from app.core.io.docxwrite import Export, build_docx
from tests.core.io.docx_helpers import NS, part

FRENCH = ('<p>The Office reported on its work.</p>'
          '<p lang="fr">Le Bureau a rendu compte de ses travaux.'
          '<span class="footnote">Voir le rapport.</span></p>'
          '<ul><li lang="fr">Premier point</li><li>Second point</li></ul>'
          '<table><tbody><tr><td lang="fr">Cellule</td><td>Cell</td></tr></tbody></table>')
ARABIC = ('<p>يقدم المكتب تقريرا عن أعماله.</p>'
          '<p lang="en" dir="ltr">The Office reported on its work.</p>')


def _doc(body: str, language: str, title: str = "Report") -> Document:
    return Document(id="d", title=title, template="meeting-paper", language=language,
                    fields={"meeting": "M", "author": "A"},
                    sections=[Section(id="s", heading="One", body=body)])


def _round_trip(doc: Document) -> tuple[Document, bytes]:
    """Export, import, export again; return the imported document and the second file."""
    back = parse_docx(build_docx(Export(doc))).document
    return back, build_docx(Export(back))


def _run_langs(data: bytes, start: str) -> set[str]:
    """Return the w:lang values (w:val or w:bidi) of the runs of the paragraph starting so."""
    body = part(data, "word/document.xml")
    for p in body.iter(qn("w:p")):
        if "".join(p.itertext()).startswith(start):
            return {lang.get(qn("w:val")) or lang.get(qn("w:bidi"))
                    for lang in p.findall("w:r/w:rPr/w:lang", NS)}
    raise AssertionError(start)


def test_a_french_passage_in_an_english_document_keeps_its_language() -> None:
    back, again = _round_trip(_doc(FRENCH, "en"))
    assert back.language == "en"
    assert back.sections[0].body == FRENCH
    assert _run_langs(again, "Le Bureau") == {"fr"}
    assert _run_langs(again, "The Office") == {"en"}
    assert _run_langs(again, "Premier") == {"fr"}


def test_an_arabic_document_keeps_its_languages_and_direction() -> None:
    back, again = _round_trip(_doc(ARABIC, "ar", title="تقرير"))
    assert back.language == "ar"
    assert back.sections[0].body == ARABIC
    body = part(again, "word/document.xml")
    arabic = next(p for p in body.iter(qn("w:p")) if "".join(p.itertext()).startswith("يقدم"))
    assert arabic.find("w:pPr/w:bidi", NS) is not None
    assert _run_langs(again, "يقدم") == {"ar"}
    assert _run_langs(again, "The Office") == {"en"}


def _lang_run(paragraph, lang: str, *, rtl: bool) -> None:
    """Mark a python-docx paragraph's runs with a language, as Word does."""
    if rtl:
        paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        if rtl:
            rpr.append(OxmlElement("w:rtl"))
        tag = OxmlElement("w:lang")
        tag.set(qn("w:bidi" if rtl else "w:val"), lang)
        rpr.append(tag)


def test_a_word_file_made_elsewhere_gives_its_paragraphs_languages() -> None:
    word = docx.Document()
    word.add_heading("تقرير", level=1)
    for text in ("يقدم المكتب تقريرا عن أعماله.", "ويعمل المكتب مع الدول."):
        _lang_run(word.add_paragraph(text), "ar-SA", rtl=True)
    _lang_run(word.add_paragraph("Un passage en français."), "fr-FR", rtl=False)
    out = io.BytesIO()
    word.save(out)
    doc = parse_docx(out.getvalue()).document
    assert doc.language == "ar"
    body = "".join(s.body for s in doc.all_sections())
    assert '<p>يقدم المكتب تقريرا عن أعماله.</p>' in body
    assert '<p lang="fr-FR" dir="ltr">Un passage en français.</p>' in body
