"""The tagged PDF (PDF/UA-1), the default: languages, notes, headings, tables, title."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from app.cli import main
from app.core.document.model import Document
from app.core.document.service import RapporteurFile
from app.core.render.html import render_html
from app.core.render.pdf import DEFAULT_VARIANT, render_pdf

FRENCH = "Les migrants contribuent au développement durable des pays d'origine."
SPANISH = "los derechos humanos"


def _document() -> Document:
    """Return the short meeting paper with a title note, a French passage and a table."""
    from tests.core.render.conftest import make_meeting_doc

    doc = make_meeting_doc()
    doc.fields["title_footnote"] = "Issued without formal editing."
    doc.sections[1].body += (
        f'<p lang="fr">{FRENCH} <span lang="es">{SPANISH}</span></p>'
        "<table><thead><tr><th>Region</th><th>Share</th></tr></thead>"
        "<tbody><tr><td>Africa</td><td>14</td></tr></tbody></table>")
    return doc


@pytest.fixture(scope="module")
def tagged() -> Any:
    """Return the tagged PDF of the document, opened with pikepdf."""
    result = render_pdf(render_html(_document()), variant=DEFAULT_VARIANT)
    return pikepdf.open(io.BytesIO(result.pdf))


def _elements(pdf: Any) -> list[Any]:
    """Return every structure element in reading order."""
    out: list[Any] = []

    def walk(node: Any) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                out.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return out


def _text(pdf: Any, element: Any) -> str:
    """Return the text of element's marked content, from the content streams by MCID."""
    mcids: set[int] = set()

    def collect(node: Any) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, int):
                mcids.add(int(kid))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                collect(kid)

    collect(element)
    page = pikepdf.Page(element.Pg) if "/Pg" in element else pdf.pages[0]
    return "".join(_marked_text(page).get(mcid, "") for mcid in sorted(mcids))


def _marked_text(page: Any) -> dict[int, str]:
    """Return the text shown in each marked-content sequence of a page, by MCID."""
    fonts = {name: font for name, font in page.Resources.Font.items()}
    maps = {name: _to_unicode(font) for name, font in fonts.items()}
    out: dict[int, str] = {}
    current: list[int] = []
    font = None
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                and "/MCID" in operands[1]:
            current.append(int(operands[1].MCID))
        elif op == "EMC" and current:
            current.pop()
        elif op == "Tf":
            font = str(operands[0])
        elif op == "TJ" and current and font:
            for item in operands[0]:
                if isinstance(item, pikepdf.String):
                    out[current[-1]] = out.get(current[-1], "") + _decode(bytes(item), maps[font])
    return out


def _to_unicode(font: Any) -> dict[int, str]:
    """Return a font's ToUnicode map (two-byte codes)."""
    import re

    data = font.ToUnicode.read_bytes().decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
            table[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            for offset, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                table[code] = chr(int(start, 16) + offset)
    return table


def _decode(data: bytes, table: dict[int, str]) -> str:
    """Return two-byte glyph codes as text."""
    return "".join(table.get(int.from_bytes(data[i:i + 2], "big"), "")
                   for i in range(0, len(data), 2))


def _kind(element: Any) -> str:
    """Return an element's structure type without the slash."""
    return str(element.S)[1:]


def test_the_default_render_is_tagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                      ) -> None:
    path = tmp_path / "t.rapporteur"
    with RapporteurFile.create(path, author="T") as rfile:
        doc = rfile.add_document(title="Tagged", template="agency-input", language="en")
        rfile.add_section(doc.id, heading="Introduction", body="<p>Text.</p>")
    assert main(["render", str(path), "-o", str(tmp_path / "a.pdf")]) == 0
    assert main(["render", str(path), "-o", str(tmp_path / "b.pdf"), "--pdf-variant",
                 "none"]) == 0
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert pdf.Root.MarkInfo.Marked is True
        assert "pdfuaid" in pdf.Root.Metadata.read_bytes().decode()
    with pikepdf.open(tmp_path / "b.pdf") as pdf:
        assert "/StructTreeRoot" not in pdf.Root


def test_a_french_passage_has_its_language(tagged: Any) -> None:
    assert str(tagged.Root.Lang) == "en"
    langs = {(_kind(e), str(e.Lang)): _text(tagged, e) for e in _elements(tagged)
             if "/Lang" in e}
    assert FRENCH in langs[("P", "fr")]
    assert langs[("Span", "es")] == SPANISH
    assert set(langs) == {("P", "fr"), ("Span", "es")}  # the English text inherits


def test_footnotes_are_notes_referenced_from_their_calls(tagged: Any) -> None:
    elements = _elements(tagged)
    notes = [e for e in elements if _kind(e) == "Note"]
    calls = [e for e in elements if _kind(e) == "Reference"]
    assert len(notes) == len(calls) == 3  # the title's and the two body notes
    texts = [_text(tagged, note) for note in notes]
    for words in ("Issued without formal editing.", "Body footnote alpha.",
                  "Body footnote beta."):
        assert any(words in text for text in texts)
    for call, note in zip(calls, notes, strict=True):
        assert [ref.objgen for ref in call.Ref] == [note.objgen]
        assert [ref.objgen for ref in note.Ref] == [call.objgen]
        assert str(note.ID).startswith("note-")
        number = _text(tagged, call)
        assert number.isdigit()
        assert _text(tagged, note).startswith(number)  # the marker: a Lbl in the note
        assert _kind(note.K[0]) == "Lbl"
    assert len({str(note.ID) for note in notes}) == 3
    tree = tagged.Root.StructTreeRoot.IDTree.Names
    mapped = {str(tree[i]): tree[i + 1].objgen for i in range(0, len(tree), 2)}
    assert all(mapped[str(note.ID)] == note.objgen for note in notes)


def test_no_footnote_call_inside_a_heading(tagged: Any) -> None:
    elements = _elements(tagged)
    [h1] = [e for e in elements if _kind(e) == "H1"]
    assert _text(tagged, h1) == _document().title.upper()  # the template's capitals
    headings = [e for e in elements if _kind(e) in ("H1", "H2", "H3")]
    for heading in headings:
        inside = []

        def walk(node: Any, found: list[Any] = inside) -> None:
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                    found.append(_kind(kid))
                    walk(kid)

        walk(heading)
        assert "Reference" not in inside
    following = elements[elements.index(h1) + 1:]
    first_call = next(e for e in following if _kind(e) == "Reference")
    assert first_call.P.objgen == h1.P.objgen  # right after the title, beside it


def test_display_doc_title_and_bookmarks(tagged: Any) -> None:
    assert tagged.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(tagged.docinfo.Title) == _document().title
    with tagged.open_outline() as outline:
        assert [item.title for item in outline.root] == ["Introduction", "Conclusions"]


def test_table_header_cells_are_th(tagged: Any) -> None:
    elements = _elements(tagged)
    headers = [e for e in elements if _kind(e) == "TH"]
    cells = [e for e in elements if _kind(e) == "TD"]
    assert [_text(tagged, e) for e in headers] == ["Region", "Share"]
    assert [_text(tagged, e) for e in cells] == ["Africa", "14"]
    ids = [str(e.ID) for e in headers]
    assert [[str(h) for h in e.A.Headers] for e in cells] == [[ids[0]], [ids[1]]]


def test_the_compendium_is_tagged_with_each_contribution_in_its_language(
        tmp_path: Path) -> None:
    from app.core.render.compendium import render_compendium
    from app.core.render.jobs import compendium_job
    from tests.core.render.compendium_sample import build

    path = build(tmp_path / "migration.rapporteur")
    with RapporteurFile.open(path, readonly=True) as rfile:
        job = compendium_job(rfile, path)
    pdf = pikepdf.open(io.BytesIO(render_compendium(job, DEFAULT_VARIANT).pdf))
    elements = _elements(pdf)
    french = [e for e in elements if str(e.get("/Lang", "")) == "fr"]
    assert [_kind(e) for e in french if _kind(e) == "H1"] == ["H1"]
    assert any(_kind(e) == "Note" for e in french)
    assert len([e for e in elements if _kind(e) == "Note"]) == len(
        [e for e in elements if _kind(e) == "Reference"]) > 0
