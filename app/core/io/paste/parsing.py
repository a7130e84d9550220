"""Parse clipboard HTML into htmltree nodes, skipping Word's downlevel-only content."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import tinyhtml5

from app.core.io.htmltree import Element, Node
from app.core.io.paste.nodes import DROP, State, merge_text

_XHTML = "{http://www.w3.org/1999/xhtml}"
_DOWNLEVEL_IF = re.compile(r"^\[if\s+!(?!supportLists\])", re.IGNORECASE)
_ENDIF = re.compile(r"^\[endif\]$", re.IGNORECASE)


def parse(html: str) -> tuple[Element, State]:
    """Return the body with just its direction, and a state with the document's language."""
    root: ET.Element = tinyhtml5.parse(html)
    body = root.find(f"{_XHTML}body")
    if body is None:
        return Element("body"), State()
    lang = (body.get("lang") or root.get("lang") or "").strip()
    direction = body.get("dir") or root.get("dir") or ""
    return Element("body", [("dir", direction)], _children_of(body)), State(lang=lang)


def _children_of(element: ET.Element) -> list[Node]:
    """Return an ElementTree element's content as nodes, skipping downlevel-only parts."""
    out: list[Node] = [element.text] if element.text else []
    children = list(element)
    last_endif = max((i for i, c in enumerate(children) if _comment_matches(c, _ENDIF)),
                     default=-1)
    skipping = False
    for index, child in enumerate(children):
        if _is_comment(child):
            if skipping:
                skipping = not _comment_matches(child, _ENDIF)
            else:
                skipping = _comment_matches(child, _DOWNLEVEL_IF) and index < last_endif
        elif not skipping:
            out.extend(_node_of(child))
        if not skipping and child.tail:
            out.append(child.tail)
    return merge_text(out)


def _is_comment(element: ET.Element) -> bool:
    """Return whether element is a comment (a conditional comment, too)."""
    tag: object = element.tag
    return tag is ET.Comment


def _comment_matches(element: ET.Element, pattern: re.Pattern[str]) -> bool:
    """Return whether element is a comment whose text matches pattern."""
    return _is_comment(element) and bool(pattern.match((element.text or "").strip()))


def _node_of(element: ET.Element) -> list[Node]:
    """Return an HTML element as an htmltree element, or nothing for foreign or dropped ones."""
    tag: object = element.tag
    if not isinstance(tag, str) or not tag.startswith(_XHTML):
        return []
    name = tag[len(_XHTML):].lower()
    if name in DROP:
        return []
    attrs = [(k.lower(), v) for k, v in element.attrib.items()]
    return [Element(name, attrs, _children_of(element))]
