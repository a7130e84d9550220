"""Fixtures for the rendering tests: documents built in code, PDF inspection helpers."""

from __future__ import annotations

import io
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from app.core.document.model import Document, Section
from app.core.render.buildpool import BuildPool

LOREM = (
    "The Office advocates for a human rights-based approach to migration and the need "
    "to ground migration policymaking in the international legal framework, calling on "
    "States to respect the internationally guaranteed human rights of all migrants."
)


def gray_pages(pdf: bytes, dpi: int = 50) -> list[bytes]:
    """Return every page of pdf rendered to gray pixels by poppler's pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(source),
                        str(Path(folder) / "p")], check=True)
        return [page.read_bytes() for page in sorted(Path(folder).glob("p-*.pgm"))]


def paragraphs(count: int, text: str = LOREM) -> str:
    """Return count paragraphs of text as HTML."""
    return "".join(f"<p>{text}</p>" for _ in range(count))


def make_meeting_doc() -> Document:
    """Return a short meeting paper with nested sections and two body footnotes."""
    return Document(
        id="mp",
        title="Contributions to the High-Level Dialogue",
        template="meeting-paper",
        language="en",
        fields={
            "meeting": "Eleventh Coordination Meeting on International Migration",
            "venue": "New York",
            "dates": "21-22 February 2013",
            "author": "Office of the High Commissioner for Human Rights (OHCHR)",
            "symbol": "UN/POP/MIG-11CM/2013/3",
        },
        sections=[
            Section(
                id="s1",
                heading="Introduction",
                body="<p>First paragraph about migration."
                '<span class="footnote">Body footnote alpha.</span></p>'
                "<h3>Run-in heading</h3><p>Second paragraph.</p>",
                children=[
                    Section(id="s1a", heading="Background", body=paragraphs(1)),
                ],
            ),
            Section(
                id="s2",
                heading="Conclusions",
                body='<p>Closing words.<span class="footnote">Body footnote beta.</span></p>',
            ),
        ],
    )


def make_agency_doc() -> Document:
    """Return an agency input: paragraphs in three sections, a list, a table, footnotes."""
    return Document(
        id="ai",
        title="Contribution of the Office of the High Commissioner",
        template="agency-input",
        language="en",
        fields={
            "entity": "Office of the United Nations High Commissioner for Human Rights",
            "report_title": "International migration and development",
            "mandate": "A/RES/67/219",
            "symbol": "A/68/190",
            "session": "Sixty-eighth session",
            "agenda_item": "Item 21 (e) of the provisional agenda",
            "date": "25 July 2013",
        },
        sections=[
            Section(id="a", heading="Introduction", body=(
                "<p>Alpha paragraph.</p><p>Bravo paragraph."
                '<span class="footnote">Footnote in section one.</span></p>'
            )),
            Section(id="b", heading="Activities", body="<p>Charlie paragraph.</p>", children=[
                Section(id="b1", heading="Advocacy", body=(
                    "<p>Delta paragraph.</p><ul><li>Listed item</li></ul>"
                    "<table><tr><td>Cell text</td></tr></table>"
                    "<h3>Unnumbered sub-heading</h3><p>Echo paragraph.</p>"
                )),
                Section(id="b2", heading="Training", body="<p>Foxtrot paragraph.</p>"),
            ]),
            Section(id="c", heading="Conclusions", body=(
                '<p>Golf paragraph.<span class="footnote">Footnote in section three.</span></p>'
            )),
        ],
    )


@pytest.fixture
def meeting_doc() -> Document:
    """Return a fresh short meeting paper."""
    return make_meeting_doc()


@pytest.fixture
def agency_doc() -> Document:
    """Return a fresh short agency input."""
    return make_agency_doc()


@pytest.fixture(scope="module")
def meeting_pdf() -> Any:
    """Return the PdfResult of the short meeting paper (rendered once per module)."""
    from app.core.render.html import render_html
    from app.core.render.pdf import render_pdf

    return render_pdf(render_html(make_meeting_doc()))


@pytest.fixture(scope="module")
def agency_pdf() -> Any:
    """Return the PdfResult of the short agency input (rendered once per module)."""
    from app.core.render.html import render_html
    from app.core.render.pdf import render_pdf

    return render_pdf(render_html(make_agency_doc()))


def _fixture_document(path: Path) -> Document:
    """Return a Document from a fixture file: YAML front matter, ## sections, paragraphs."""
    _, front, body = path.read_text(encoding="utf-8").split("---", 2)
    meta: dict[str, Any] = yaml.safe_load(front)
    sections: list[Section] = []
    for block in re.split(r"\n\s*\n", body.strip()):
        lines = block.strip().splitlines()
        if lines and lines[0].startswith("## "):
            sections.append(Section(id=str(len(sections)), heading=lines[0][3:].strip()))
            lines = lines[1:]
        if lines and sections:
            text = " ".join(lines).replace("&", "&amp;")
            text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
            sections[-1].body += f"<p>{text}</p>"
    fields = {k: v for k, v in meta.items() if k not in ("template", "language", "title")}
    return Document(id="fx", title=meta["title"], template=meta["template"],
                    language=meta.get("language", "en"), fields=fields, sections=sections)


@pytest.fixture
def fixture_doc(ohchr_markdown: Path) -> Document:
    """Return the OHCHR 2013 meeting paper as a Document (parsed crudely here)."""
    return _fixture_document(ohchr_markdown)


@pytest.fixture
def pdf_reader() -> Callable[[bytes], Any]:
    """Return a function opening PDF bytes with pypdf."""
    import pypdf

    return lambda data: pypdf.PdfReader(io.BytesIO(data))


@pytest.fixture
def page_texts(pdf_reader: Callable[[bytes], Any]) -> Callable[[bytes], list[str]]:
    """Return a function giving the extracted text of each page."""
    return lambda data: [page.extract_text() for page in pdf_reader(data).pages]


@pytest.fixture
def outline_titles(pdf_reader: Callable[[bytes], Any]) -> Callable[[bytes], list[tuple[int, str]]]:
    """Return a function giving (depth, title) of every outline entry, in order."""

    def walk(items: list[Any], depth: int, out: list[tuple[int, str]]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1, out)
            else:
                out.append((depth, item.title))

    def titles(data: bytes) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        walk(pdf_reader(data).outline, 0, out)
        return out

    return titles


def _fonts_in(resources: Any, seen: set[int], out: list[Any]) -> None:
    """Collect font dictionaries from resources, descending into form XObjects."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or {}).values():
        out.append(font.get_object())
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
            seen.add(id(xobject))
            _fonts_in(xobject.get("/Resources"), seen, out)


def _descriptor(font: Any) -> Any:
    """Return the font descriptor of a simple or Type0 font."""
    if font.get("/Subtype") == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


@pytest.fixture
def pdf_fonts(pdf_reader: Callable[[bytes], Any]) -> Callable[[bytes], list[tuple[str, bool]]]:
    """Return a function giving (BaseFont, embedded?) for every font on every page."""

    def fonts(data: bytes) -> list[tuple[str, bool]]:
        found: list[Any] = []
        for page in pdf_reader(data).pages:
            _fonts_in(page.get("/Resources"), set(), found)
        out = []
        for font in found:
            descriptor = _descriptor(font)
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            out.append((str(font["/BaseFont"]), embedded))
        return out

    return fonts


@pytest.fixture(scope="module")
def pool() -> Any:
    """Return two warm build workers shared by the tests of a module (app.core.render.build)."""
    workers = BuildPool(2)
    workers.start()
    yield workers
    workers.close()
