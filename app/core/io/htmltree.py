"""A small element tree for walking HTML fragments (body subset, mammoth output)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from typing import TypeAlias

_VOID_NAMES = "area base br col embed hr img input link meta source track wbr"
VOID = frozenset(_VOID_NAMES.split())

Node: TypeAlias = "Element | str"


@dataclass
class Element:
    """One HTML element: tag, attributes in source order, child nodes."""

    tag: str
    attrs: list[tuple[str, str]] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)

    def get(self, name: str) -> str | None:
        """Return the value of attribute name, or None."""
        return next((v for k, v in self.attrs if k == name), None)


class _Builder(HTMLParser):
    """Build an Element tree; unmatched end tags are ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, [(k, v or "") for k, v in attrs])
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        children = self.stack[-1].children
        if children and isinstance(children[-1], str):
            children[-1] += data
        else:
            children.append(data)


def parse_fragment(html: str) -> list[Node]:
    """Parse an HTML fragment into a list of top-level nodes."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root.children


def serialize(nodes: list[Node]) -> str:
    """Return nodes as HTML."""
    return "".join(_serialize_node(node) for node in nodes)


def open_tag(element: Element) -> str:
    """Return the start tag of element."""
    attrs = "".join(f' {k}="{escape(v)}"' for k, v in element.attrs)
    return f"<{element.tag}{attrs}>"


def _serialize_node(node: Node) -> str:
    """Return one node as HTML."""
    if isinstance(node, str):
        return escape(node, quote=False)
    if node.tag in VOID:
        return open_tag(node)
    return f"{open_tag(node)}{serialize(node.children)}</{node.tag}>"


def text_of(nodes: list[Node]) -> str:
    """Return the text content of nodes."""
    return "".join(n if isinstance(n, str) else text_of(n.children) for n in nodes)
