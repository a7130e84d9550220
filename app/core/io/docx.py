"""Read a Word (.docx) file into a Document, through mammoth's HTML."""

from __future__ import annotations

import io
import uuid
from collections import Counter
from collections.abc import Callable

import mammoth

from app.core.document.model import Document
from app.core.errors import ValidationError
from app.core.io.docxlang import mark_languages, paragraph_languages
from app.core.io.docxorigin import TITLE_NOTE_FIELD, Origin, read_origin
from app.core.io.docxsafety import MAX_UNPACKED_BYTES as MAX_UNPACKED_BYTES  # re-exported
from app.core.io.docxsafety import vet_docx
from app.core.io.docxwrite import SECTION_DEPTHS, SECTION_STYLE
from app.core.io.htmltree import Element, Node, parse_fragment, serialize, text_of
from app.core.io.parsed import SPLITS, ParsedImport, Part, assemble
from app.core.render.terms import LANGUAGES

_STYLE_MAP = "p[style-name='Title'] => h1:fresh\nu => u"
_DEPTH = "rapporteur-depth-"  # the class of a section heading nested deeper than two
# What Rapporteur's own export adds: the header block and author come back from the
# custom properties, numbered paragraphs are plain paragraphs.
_OWN_STYLE_MAP = ("p[style-name='Masthead'] => !\np[style-name='Author Entity'] => !\n"
                  "p[style-name='Numbered Paragraph'] => p:fresh\n" + "".join(
                      f"p[style-name='{SECTION_STYLE.format(depth=d)}'] => h2.{_DEPTH}{d}:fresh\n"
                      for d in range(3, SECTION_DEPTHS + 1)))
_OWN_SPLITS = {"h1": 1, "h2": 2}
_NOTE_IDS = ("footnote-", "endnote-")
_BACK_LINKS = ("#footnote-ref-", "#endnote-ref-")

def parse_docx(
    data: bytes, *, new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    as_written: bool = False, origin: Origin | None = None,
) -> ParsedImport:
    """Parse a .docx file: Heading 1 first is the title, Heading 1/2 sections, Heading 3 nested.

    A file exported by Rapporteur (its custom properties name the document) gets its
    template, language and fields back, and Heading 1 and 2 are its two section levels.
    as_written (for comparing a review) takes the title's footnote from the Word text
    even when the properties hold one, and leaves the field empty when Word has none;
    origin, when given, stands for the file's own properties (a review whose reviewer's
    Word dropped them is read as its export was).
    """
    vet_docx(data)
    origin = origin or read_origin(data)
    document = Document(id=new_id(), **origin.document_args())
    nodes = parse_fragment(_convert(data, _OWN_STYLE_MAP if origin.ours else ""))
    notes = _take_notes(nodes)
    _languages(data, document, nodes, origin.ours)
    try:
        nodes = _tidy(nodes, notes)
    except RecursionError as exc:
        raise ValidationError("The Word document is nested too deeply to import.") from exc
    first = nodes[0] if nodes else None
    title_notes: list[Node] = []
    if isinstance(first, Element) and first.tag == "h1":
        document.title, title_notes = _heading_text(first)
        nodes = nodes[1:]
    parts = _parts(nodes, _OWN_SPLITS if origin.ours else SPLITS)
    if as_written and origin.title_note_field(document):
        document.fields.pop(TITLE_NOTE_FIELD, None)
        origin = Origin()
    _place_title_notes(document, title_notes, parts, origin)
    return assemble(document, parts, new_id)

def _languages(data: bytes, document: Document, nodes: list[Node], ours: bool) -> None:
    """Give blocks the language of their Word paragraph (w:lang), which mammoth drops.

    A file made elsewhere takes the language most of its paragraphs are in, when it is
    one of the six (en-US is en).
    """
    paragraphs, _default = paragraph_languages(data)
    if not ours:
        counted = Counter(p.lang.split("-")[0].lower() for p in paragraphs
                          if p.lang and p.key)
        common = counted.most_common(1)[0][0] if counted else ""
        if common in LANGUAGES:
            document.language = common
    mark_languages(nodes, paragraphs, document.language)


def _place_title_notes(document: Document, notes: list[Node], parts: list[Part],
                       origin: Origin) -> None:
    """Put a title's footnote in the template's title footnote field, else in the text."""
    if not notes:
        return
    text = " ".join(text_of(notes).split())
    if origin.title_note_field(document):
        if not origin.ours or not document.fields.get("title_footnote"):
            document.fields["title_footnote"] = text
        return
    if not parts:
        parts.append(Part(0, "", ""))
    parts[0] = Part(parts[0].depth, parts[0].heading, _with_notes(parts[0].html, notes))

def _convert(data: bytes, extra_map: str = "") -> str:
    """Return the document as mammoth HTML; refuse anything that is not a sound .docx."""
    try:
        result = mammoth.convert_to_html(
            io.BytesIO(data),
            style_map=extra_map + _STYLE_MAP,
            include_embedded_style_map=False,
            convert_image=mammoth.images.img_element(lambda image: {}),
        )
    except Exception as exc:  # mammoth fails in many ways on damaged parts
        raise ValidationError("The file is not a readable Word document (.docx).") from exc
    return str(result.value)

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
        if node.tag in ("td", "th"):
            node.children = _unwrapped_cell(node.children, node)
        out.append(node)
    return out

def _unwrapped_cell(nodes: list[Node], cell: Element) -> list[Node]:
    """Return a table cell's content without Word's paragraph when it holds just one
    (its language, if any, goes to the cell)."""
    blocks = [n for n in nodes if not (isinstance(n, str) and not n.strip())]
    if len(blocks) == 1 and isinstance(blocks[0], Element) and blocks[0].tag == "p":
        cell.attrs += [(k, v) for k, v in blocks[0].attrs if k in ("lang", "dir")]
        return blocks[0].children
    return nodes


def _note_call(node: Element) -> str | None:
    """Return the note target of a mammoth note call (<sup><a href=#footnote-N>)."""
    target = node
    if node.tag == "sup" and len(node.children) == 1 and isinstance(node.children[0], Element):
        target = node.children[0]
    href = target.get("href") if target.tag == "a" else None
    return href if href and href.startswith(("#footnote-", "#endnote-")) else None

def _heading_text(element: Element) -> tuple[str, list[Node]]:
    """Return a heading's plain text and the footnotes called in it."""
    notes: list[Node] = []
    text = _text_without_notes(element.children, notes)
    return " ".join(text.split()), notes

def _text_without_notes(nodes: list[Node], notes: list[Node]) -> str:
    """Return the text of nodes leaving out footnotes, which go to notes."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.get("class") == "footnote":
            notes.append(node)
        else:
            out.append(_text_without_notes(node.children, notes))
    return "".join(out)

def _parts(nodes: list[Node], splits: dict[str, int]) -> list[Part]:
    """Split the body at heading paragraphs into parts; a heading's notes go in its text."""
    chunks: list[tuple[int, str, list[Node], list[Node]]] = [(0, "", [], [])]
    for node in nodes:
        if isinstance(node, Element) and node.tag in splits:
            heading, notes = _heading_text(node)
            chunks.append((_depth(node, splits), heading, [], notes))
        else:
            chunks[-1][2].append(node)
    return [Part(depth, heading, _with_notes(serialize(body), notes))
            for depth, heading, body, notes in chunks]

def _depth(heading: Element, splits: dict[str, int]) -> int:
    """Return the section depth a heading starts (its own class for deeper sections)."""
    for name in (heading.get("class") or "").split():
        if name.startswith(_DEPTH) and name[len(_DEPTH):].isdigit():
            return int(name[len(_DEPTH):])
    return splits[heading.tag]


def _with_notes(html: str, notes: list[Node]) -> str:
    """Return html with the notes called at the end of its first paragraph."""
    if not notes:
        return html
    nodes = parse_fragment(html)
    for node in nodes:
        if isinstance(node, Element) and node.tag == "p":
            node.children.extend(notes)
            return serialize(nodes)
    return serialize([Element("p", [], list(notes)), *nodes])
