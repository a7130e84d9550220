"""The result of an import, and the assembly of imported parts into a Document."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.document.model import Document, Section
from app.core.errors import ValidationError
from app.core.io.htmltree import Element, Node, parse_fragment, serialize
from app.core.text.sanitize import Sanitized, clean, sanitize

_EMPTY_PARAGRAPH = re.compile(r"<p>\s*</p>\n?")
_BARE_LINK = re.compile(r"<a>((?:(?!</a>).)*)</a>", re.DOTALL)
_BLOCK_NAMES = "p h3 h4 h5 ul ol li blockquote table thead tbody tr th td"
_BLOCKS = frozenset(_BLOCK_NAMES.split())
SPLITS = {"h1": 1, "h2": 1, "h3": 2}
HEADING_NOTE_LOST = "footnote in heading"


@dataclass(frozen=True)
class ParsedImport:
    """An imported document and the names of what the sanitiser removed from it."""

    document: Document
    dropped: tuple[str, ...]


@dataclass(frozen=True)
class Part:
    """One section before ids: depth 0 untitled preamble, 1 top level, 2 and more nested.

    SPLITS maps the heading tags that start a part to its depth.
    """

    depth: int
    heading: str
    html: str


def clean_body(html: str) -> tuple[str, tuple[str, ...]]:
    """Sanitise html until it is stable, without empty paragraphs; say what was dropped."""
    try:
        result = sanitize(html)
    except AssertionError:  # Python 3.11's html.parser asserts on "<![x" (sanitize's inventory)
        result = Sanitized(clean(html), ("<![…]>",))
    body = _BARE_LINK.sub(r"\1", result.html)
    body = _EMPTY_PARAGRAPH.sub("", _wrap_loose_inline(body))
    for _ in range(4):
        again = clean(body)
        if again == body:
            break
        body = again
    return (body if body.strip() else ""), result.dropped


def assemble(
    document: Document,
    parts: Sequence[Part],
    new_id: Callable[[], str],
    dropped: Sequence[str] = (),
) -> ParsedImport:
    """Sanitise the parts and attach them to document as its section tree."""
    try:
        return _assemble(document, parts, new_id, dropped)
    except RecursionError as exc:
        raise ValidationError("The document is nested too deeply to import.") from exc


def _assemble(
    document: Document,
    parts: Sequence[Part],
    new_id: Callable[[], str],
    dropped: Sequence[str],
) -> ParsedImport:
    """Build the section tree of document from parts."""
    lost = set(dropped)
    open_sections: list[Section] = []  # the section open at each depth, top level first
    for part in parts:
        body, removed = clean_body(part.html)
        lost.update(removed)
        if part.depth == 0 and not body.strip():
            continue
        home = None
        if part.depth > 0:
            del open_sections[part.depth - 1:]
            home = open_sections[-1] if open_sections else None  # a skipped level closes up
        siblings = home.children if home else document.sections
        section = Section(
            id=new_id(),
            heading=part.heading,
            body=body,
            document_id=document.id,
            parent_id=home.id if home else None,
            position=len(siblings),
        )
        siblings.append(section)
        if part.depth > 0:
            open_sections.append(section)
    return ParsedImport(document, tuple(sorted(lost)))


def _wrap_loose_inline(html: str) -> str:
    """Wrap text and inline elements lying in the body or a blockquote in paragraphs."""
    nodes, changed = _paragraphs(parse_fragment(html), wrap=True)
    return serialize(nodes) if changed else html


def _paragraphs(nodes: list[Node], *, wrap: bool) -> tuple[list[Node], bool]:
    """Return nodes with loose inline runs wrapped (if wrap), and whether any was."""
    out: list[Node] = []
    run: list[Node] = []
    changed = False
    for node in [*nodes, None]:
        if not (node is None or (isinstance(node, Element) and node.tag in _BLOCKS)):
            run.append(node)
            continue
        if wrap and _is_loose_inline(run):
            out.append(Element("p", [], _strip_run(run)))
            changed = True
        else:
            out.extend(run)
        run = []
        if node is not None:
            if node.tag in ("blockquote", "ul", "ol", "li"):
                node.children, inner = _paragraphs(node.children, wrap=node.tag == "blockquote")
                changed = changed or inner
            out.append(node)
    return out, changed


def _is_loose_inline(run: list[Node]) -> bool:
    """Return whether run has content and no block element inside."""
    return any(not isinstance(n, str) or n.strip() for n in run) and not _has_block(run)


def _has_block(nodes: list[Node]) -> bool:
    """Return whether nodes hold a block element at any depth."""
    return any(
        isinstance(n, Element) and (n.tag in _BLOCKS or _has_block(n.children)) for n in nodes
    )


def _strip_run(run: list[Node]) -> list[Node]:
    """Return run without the spacing at its ends."""
    run = list(run)
    if isinstance(run[0], str):
        run[0] = run[0].lstrip(" \n")
    if isinstance(run[-1], str):
        run[-1] = run[-1].rstrip(" \n")
    return run
