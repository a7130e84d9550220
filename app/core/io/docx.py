"""Read a Word (.docx) file into a Document, through mammoth's HTML."""

from __future__ import annotations

import io
import uuid
import zipfile
from collections.abc import Callable

import mammoth

from app.core.document.model import Document
from app.core.errors import ValidationError
from app.core.io.htmltree import Element, Node, parse_fragment, serialize, text_of
from app.core.io.parsed import HEADING_NOTE_LOST, SPLITS, ParsedImport, Part, assemble

MAX_UNPACKED_BYTES = 32 * 1024 * 1024  # mammoth needs ~25 MB of memory per MB of XML
_STYLE_MAP = "p[style-name='Title'] => h1:fresh\nu => u"
_NOTE_IDS = ("footnote-", "endnote-")
_BACK_LINKS = ("#footnote-ref-", "#endnote-ref-")


def parse_docx(
    data: bytes, *, new_id: Callable[[], str] = lambda: str(uuid.uuid4())
) -> ParsedImport:
    """Parse a .docx file: Heading 1 first is the title, Heading 1/2 sections, Heading 3 nested."""
    nodes = parse_fragment(_convert(data))
    notes = _take_notes(nodes)
    try:
        nodes = _tidy(nodes, notes)
    except RecursionError as exc:
        raise ValidationError("The Word document is nested too deeply to import.") from exc
    title, lost_in_title = "", False
    first = nodes[0] if nodes else None
    if isinstance(first, Element) and first.tag == "h1":
        title, lost_in_title = _heading_text(first)
        nodes = nodes[1:]
    parts, lost = _parts(nodes)
    lost.extend([HEADING_NOTE_LOST] if lost_in_title else [])
    return assemble(Document(id=new_id(), title=title), parts, new_id, lost)


def _convert(data: bytes) -> str:
    """Return the document as mammoth HTML; refuse anything that is not a sound .docx."""
    _check_archive(data)
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=_STYLE_MAP,
            include_embedded_style_map=False,
            convert_image=mammoth.images.img_element(lambda image: {}),
        )
    except Exception as exc:  # mammoth fails in many ways on damaged parts
        raise ValidationError("The file is not a readable Word document (.docx).") from exc
    return str(result.value)


def _check_archive(data: bytes) -> None:
    """Refuse data that is not a zip archive of reasonable unpacked size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except Exception as exc:  # zipfile raises several kinds on foreign data
        raise ValidationError("The file is not a Word document (.docx).") from exc
    if size > MAX_UNPACKED_BYTES:
        raise ValidationError("The Word document is too large once unpacked.")


def _take_notes(nodes: list[Node]) -> dict[str, list[Node]]:
    """Remove mammoth's footnote and endnote lists; return each note's inline content."""
    notes: dict[str, list[Node]] = {}
    for node in list(nodes):
        items = _note_items(node)
        if items:
            nodes.remove(node)
            notes.update((f"#{item.get('id')}", _note_content(item)) for item in items)
    return notes


def _note_items(node: Node) -> list[Element]:
    """Return the note items of a mammoth notes list, or nothing if node is not one."""
    if not (isinstance(node, Element) and node.tag == "ol"):
        return []
    items = [c for c in node.children if isinstance(c, Element)]
    ok = items and all(c.tag == "li" and (c.get("id") or "").startswith(_NOTE_IDS) for c in items)
    return items if ok else []


def _note_content(item: Element) -> list[Node]:
    """Return a note's paragraphs as inline nodes joined by <br>, without the back link."""
    out: list[Node] = []
    for child in item.children:
        if isinstance(child, Element) and child.tag == "p":
            inline = _strip_ends(_without_back_links(child.children))
        else:
            inline = _strip_ends([text_of([child]) if isinstance(child, Element) else child])
        if out and inline:
            out.append(Element("br"))
        out.extend(inline)
    return out


def _without_back_links(nodes: list[Node]) -> list[Node]:
    """Return nodes without mammoth's links back to the note call."""
    return [
        n
        for n in nodes
        if not (isinstance(n, Element) and (n.get("href") or "").startswith(_BACK_LINKS))
    ]


def _strip_ends(nodes: list[Node]) -> list[Node]:
    """Return nodes with whitespace trimmed from the first and last text."""
    nodes = list(nodes)
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return [n for n in nodes if n != ""]


def _tidy(nodes: list[Node], notes: dict[str, list[Node]]) -> list[Node]:
    """Put notes at their calls, unwrap anchors without a target, map h6 to h5."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        call = _note_call(node)
        if call is not None and call in notes:
            out.append(Element("span", [("class", "footnote")], list(notes[call])))
            continue
        node.children = _tidy(node.children, notes)
        href = node.get("href")
        if node.tag == "a" and (not href or href.startswith("#")):
            out.extend(node.children)
            continue
        node.tag = "h5" if node.tag == "h6" else node.tag
        out.append(node)
    return out


def _note_call(node: Element) -> str | None:
    """Return the note target of a mammoth note call (<sup><a href=#footnote-N>)."""
    target = node
    if node.tag == "sup" and len(node.children) == 1 and isinstance(node.children[0], Element):
        target = node.children[0]
    href = target.get("href") if target.tag == "a" else None
    return href if href and href.startswith(("#footnote-", "#endnote-")) else None


def _heading_text(element: Element) -> tuple[str, bool]:
    """Return a heading's plain text and whether a footnote in it was lost."""
    text, lost = _text_without_notes(element.children)
    return " ".join(text.split()), lost


def _text_without_notes(nodes: list[Node]) -> tuple[str, bool]:
    """Return the text of nodes leaving out footnotes, and whether there were any."""
    out: list[str] = []
    lost = False
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.get("class") == "footnote":
            lost = True
        else:
            text, inner = _text_without_notes(node.children)
            out.append(text)
            lost = lost or inner
    return "".join(out), lost


def _parts(nodes: list[Node]) -> tuple[list[Part], list[str]]:
    """Split the body at Heading 1-3 paragraphs into parts."""
    chunks: list[tuple[int, str, list[Node]]] = [(0, "", [])]
    lost: list[str] = []
    for node in nodes:
        if isinstance(node, Element) and node.tag in SPLITS:
            heading, dropped = _heading_text(node)
            lost.extend([HEADING_NOTE_LOST] if dropped else [])
            chunks.append((SPLITS[node.tag], heading, []))
        else:
            chunks[-1][2].append(node)
    return [Part(depth, heading, serialize(body)) for depth, heading, body in chunks], lost
