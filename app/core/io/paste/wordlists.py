"""Make Word's list paragraphs (mso-list styles) into nested ul/ol lists."""

from __future__ import annotations

import re

from app.core.io.htmltree import Element, Node, text_of
from app.core.io.paste.nodes import find, styles_of

_MSO_LIST = re.compile(r"^l\d+\s+level(\d+)")
_ORDERED = re.compile(r"^\(?(?:\d+(?:\.\d+)*[.)]?|[A-Za-z]{1,3}[.)]|[ivxlcdmIVXLCDM]+[.)])$")


def word_lists(nodes: list[Node]) -> list[Node]:
    """Return nodes with runs of Word list paragraphs made into nested ul/ol lists."""
    out: list[Node] = []
    run: list[Element] = []
    gap: list[Node] = []
    for node in nodes:
        if isinstance(node, Element) and _list_level(node):
            run.append(node)
            gap = []
        elif run and isinstance(node, str) and not node.strip():
            gap.append(node)
        else:
            out.extend(_build_lists(run) + gap)
            run, gap = [], []
            if isinstance(node, Element):
                node.children = word_lists(node.children)
            out.append(node)
    return out + _build_lists(run) + gap


def _list_level(element: Element) -> int:
    """Return the list level of a Word list paragraph, or 0 for anything else."""
    if element.tag != "p":
        return 0
    match = _MSO_LIST.match(styles_of(element).get("mso-list", ""))
    return int(match.group(1)) if match else 0


def _build_lists(paragraphs: list[Element]) -> list[Node]:
    """Return Word list paragraphs as nested lists, by level and numbered or bulleted marker."""
    roots: list[Node] = []
    stack: list[tuple[int, Element]] = []
    for paragraph in paragraphs:
        level, kind = _list_level(paragraph), _list_kind(paragraph)
        while stack and _ends_before(stack[-1], level, kind):
            stack.pop()
        if not stack or stack[-1][0] < level:
            new = Element(kind)
            _attach(new, stack, roots)
            stack.append((level, new))
        attrs = [(k, v) for k, v in paragraph.attrs if k in ("lang", "dir")]
        stack[-1][1].children.append(Element("li", attrs, paragraph.children))
    return roots


def _ends_before(open_list: tuple[int, Element], level: int, kind: str) -> bool:
    """Return whether an open (level, list) ends before an item of this level and kind."""
    return open_list[0] > level or (open_list[0] == level and open_list[1].tag != kind)


def _attach(new: Element, stack: list[tuple[int, Element]], roots: list[Node]) -> None:
    """Put a new list in the last item of the enclosing list, or at the top."""
    items = stack[-1][1].children if stack else []
    last = items[-1] if items else None
    (last.children if isinstance(last, Element) else roots).append(new)


def _list_kind(paragraph: Element) -> str:
    """Return ol if the paragraph's list marker is a number or letter, else ul."""
    marker = find(paragraph.children, lambda e: styles_of(e).get("mso-list") == "ignore")
    text = text_of(marker.children).strip() if marker else ""
    return "ol" if _ORDERED.match(text) else "ul"
