"""Regularise the subset's structure: inline runs in p, lines in cells, trimmed edges."""

from __future__ import annotations

from itertools import groupby

from app.core.io.htmltree import Element, Node
from app.core.io.paste.nodes import CONTAINERS, is_footnote, names

_BLOCKS = names("p h3 h4 h5 ul ol li blockquote table thead tbody tr th td")
_SOURCE_BLOCKS = _BLOCKS | CONTAINERS | names("h1 h2 h6 pre caption tfoot")
_LINES = names("p h3 h4 h5")


def block_lines(nodes: list[Node]) -> list[list[Node]]:
    """Return the inline runs of nodes, each block's content giving lines of its own."""
    lines: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Element) and node.tag in _SOURCE_BLOCKS:
            lines.extend(block_lines(node.children))
            lines.append([])
        else:
            lines[-1].append(node)
    return [line for line in lines if not is_blank(line)]


def join_lines(lines: list[list[Node]]) -> list[Node]:
    """Return lines joined by <br>."""
    out: list[Node] = []
    for line in lines:
        out.extend([Element("br")] if out else [])
        out.extend(line)
    return out


def is_subset_block(node: Node) -> bool:
    """Return whether node is a block element of the subset."""
    return isinstance(node, Element) and node.tag in _BLOCKS


def partition(nodes: list[Node]) -> list[tuple[bool, list[Node]]]:
    """Return nodes in runs of blocks and runs of inline content, flagged True for blocks."""
    return [(block, list(run)) for block, run in groupby(nodes, key=is_subset_block)]


def arrange(nodes: list[Node]) -> list[Node]:
    """Return top-level nodes: inline content alone stays inline, else everything in blocks."""
    return flow(nodes) if any(is_subset_block(n) for n in nodes) else trim(nodes)


def flow(nodes: list[Node]) -> list[Node]:
    """Return nodes as blocks: inline runs become p and stray list items a ul."""
    out: list[Node] = []
    for is_block, group in partition(_adopt_items(nodes)):
        if is_block:
            out.extend(group)
        elif not is_blank(run := trim(group)):
            out.append(Element("p", [], run))
    return out


def _adopt_items(nodes: list[Node]) -> list[Node]:
    """Return nodes with runs of stray list items put in a ul, empty items dropped."""
    out: list[Node] = []
    for is_item, run in groupby(nodes, key=lambda n: _tag(n) == "li"):
        nodes_in_run = list(run)
        if not is_item:
            out.extend(nodes_in_run)
            continue
        items: list[Node] = [n for n in nodes_in_run if isinstance(n, Element) and n.children]
        out.extend([Element("ul", [], items)] if items else [])
    return out


def cell(nodes: list[Node]) -> list[Node]:
    """Return the content of a list item or cell: paragraphs become lines joined by <br>."""
    out: list[Node] = []
    after_line = False
    for is_block, group in partition(_adopt_items(nodes)):
        units = [[n] for n in group] if is_block else [group]
        for unit in units:
            first = unit[0]
            if isinstance(first, Element) and is_block and first.tag not in _LINES:
                out.append(first)
                after_line = False
                continue
            line = trim(_unwrapped(first) if is_block and isinstance(first, Element) else unit)
            if not is_blank(line):
                out.extend(([Element("br")] if after_line else []) + line)
                after_line = True
    return out


def _unwrapped(block: Element) -> list[Node]:
    """Return a paragraph's content, in a span if the paragraph has a lang or dir."""
    return [Element("span", block.attrs, block.children)] if block.attrs else block.children


def wrap(wrappers: list[Element], content: list[Node]) -> list[Node]:
    """Return content inside the nested wrappers, pushed into blocks and kept off footnotes."""
    if not wrappers or is_blank(content):
        return content
    if any(is_subset_block(n) for n in content):
        return _wrap_blocks(wrappers, content)
    formatting = [w for w in wrappers if w.tag != "span"]
    if formatting and any(_is_note(n) for n in content):
        content = _wrap_around_notes(formatting, content)
        wrappers = [w for w in wrappers if w.tag == "span"]
    for wrapper in reversed(wrappers):
        content = [Element(wrapper.tag, list(wrapper.attrs), content)]
    return content


def _wrap_around_notes(wrappers: list[Element], content: list[Node]) -> list[Node]:
    """Return inline content with the wrappers around the runs between footnotes."""
    out: list[Node] = []
    for is_note, run in groupby(content, key=_is_note):
        nodes = list(run)
        out.extend(nodes if is_note else wrap(wrappers, nodes))
    return out


def _wrap_blocks(wrappers: list[Element], content: list[Node]) -> list[Node]:
    """Return mixed content with the wrappers around its inline runs and inside its blocks."""
    out: list[Node] = []
    for is_block, group in partition(content):
        if not is_block:
            out.extend(wrap(wrappers, group))
            continue
        for block in group:
            assert isinstance(block, Element)
            block.children = wrap(wrappers, block.children)
            out.append(block)
    return out


def _is_note(node: Node) -> bool:
    """Return whether node is a footnote span."""
    return isinstance(node, Element) and is_footnote(node)


def trim(nodes: list[Node]) -> list[Node]:
    """Return nodes without leading or trailing white space and line breaks."""
    return _trim_end(_trim_start(list(nodes)))


def _trim_start(nodes: list[Node]) -> list[Node]:
    """Return nodes without leading white space and line breaks."""
    while nodes:
        first = nodes[0]
        if isinstance(first, str):
            if first.strip():
                nodes[0] = first.lstrip()
                break
        elif is_footnote(first) or first.tag != "br" and _has_content(first):
            first.children = first.children if is_footnote(first) else _trim_start(first.children)
            break
        del nodes[0]
    return nodes


def _trim_end(nodes: list[Node]) -> list[Node]:
    """Return nodes without trailing white space and line breaks."""
    while nodes:
        last = nodes[-1]
        if isinstance(last, str):
            if last.strip():
                nodes[-1] = last.rstrip()
                break
        elif is_footnote(last) or last.tag != "br" and _has_content(last):
            last.children = last.children if is_footnote(last) else _trim_end(last.children)
            break
        del nodes[-1]
    return nodes


def _has_content(element: Element) -> bool:
    """Return whether element holds text, a footnote, or is a block (tables may be empty)."""
    return is_subset_block(element) or not is_blank(element.children)


def is_blank(nodes: list[Node]) -> bool:
    """Return whether nodes hold nothing but white space and line breaks."""
    return all(
        not n.strip() if isinstance(n, str)
        else n.tag == "br" or not is_footnote(n) and not is_subset_block(n) and is_blank(n.children)
        for n in nodes
    )


def _tag(node: Node) -> str:
    """Return the tag of an element, or an empty string for text."""
    return node.tag if isinstance(node, Element) else ""
