"""Put Word's and LibreOffice's footnote and endnote bodies in place of their calls."""

from __future__ import annotations

import re

from app.core.io.htmltree import Element, Node
from app.core.io.paste.nodes import classes_of, styles_of
from app.core.io.paste.structure import block_lines, join_lines

_WORD_NOTE_HREF = re.compile(r"^#_((?:ftn|edn)\d+)$")
_LO_NOTE_HREF = re.compile(r"^#(sd(?:foot|end)note\d+)sym$")
_LO_NOTE_ID = re.compile(r"^sd(?:foot|end)note\d+$")
_NOTE_BACK_HREF = re.compile(r"^#(?:_(?:ftn|edn)ref\d+|sd(?:foot|end)note\d+anc)$")
_NOTE_LISTS = frozenset({"footnote-list", "endnote-list"})
_NOTE_BODIES = frozenset({"footnote", "endnote"})
_NOTE_BACK_CLASSES = frozenset({"sdfootnotesym", "sdendnotesym"})


def take_notes(nodes: list[Node], notes: dict[str, list[Node]]) -> list[Node]:
    """Return nodes without note bodies and note lists, collecting each body into notes."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        key = _note_body_key(node)
        if key is not None:
            notes[key] = _note_content(node.children)
        elif styles_of(node).get("mso-element") in _NOTE_LISTS:
            take_notes(node.children, notes)
        else:
            node.children = take_notes(node.children, notes)
            out.append(node)
    return out


def _note_body_key(element: Element) -> str | None:
    """Return the key of a Word or LibreOffice note body, or None if element is not one."""
    ident = element.get("id") or ""
    if styles_of(element).get("mso-element") in _NOTE_BODIES and ident:
        return ident
    return ident if _LO_NOTE_ID.match(ident) else None


def _note_call_key(element: Element) -> str | None:
    """Return the key of the note a Word or LibreOffice note call points to, or None."""
    href = (element.get("href") or "") if element.tag == "a" else ""
    match = _WORD_NOTE_HREF.match(href) or _LO_NOTE_HREF.match(href)
    return match.group(1) if match else None


def _note_content(nodes: list[Node]) -> list[Node]:
    """Return a note body as inline nodes, paragraphs joined by <br>, without back links."""
    return join_lines(block_lines(_without_back_links(nodes)))


def _without_back_links(nodes: list[Node]) -> list[Node]:
    """Return a note body's nodes without its link back to the note call."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag == "a" and _is_back_link(node):
                continue
            node.children = _without_back_links(node.children)
        out.append(node)
    return out


def _is_back_link(link: Element) -> bool:
    """Return whether a link inside a note body is its link back to the call."""
    classes = {c.split("-")[0] for c in classes_of(link)}
    return bool(_NOTE_BACK_HREF.match(link.get("href") or "") or classes & _NOTE_BACK_CLASSES)


def place_notes(nodes: list[Node], notes: dict[str, list[Node]]) -> list[Node]:
    """Return nodes with each note call replaced by its note; calls without a body go."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element):
            key = _note_call_key(node)
            if key is not None:
                if key in notes:
                    out.append(Element("span", [("class", "footnote")], list(notes[key])))
                continue
            node.children = place_notes(node.children, notes)
        out.append(node)
    return out
