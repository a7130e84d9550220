"""Walk the tree into the body subset: blocks, lists, tables, links and inline content."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from app.core.io.htmltree import Element, Node
from app.core.io.paste.formatting import formatting
from app.core.io.paste.nodes import (
    CONTAINERS,
    DROP,
    State,
    classes_of,
    is_footnote,
    merge_text,
    styles_of,
)
from app.core.io.paste.structure import (
    block_lines,
    cell,
    flow,
    is_blank,
    is_subset_block,
    join_lines,
    partition,
    trim,
    wrap,
)
from app.core.text.sanitize import URL_SCHEMES

_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # \v too: clean() makes it a space
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$")  # as in sanitize
_COMMENT_CLASSES = frozenset({"msocomanchor", "msocomoff"})
_HEADINGS = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h5", "h6": "h5"}


def convert(nodes: list[Node], state: State) -> list[Node]:
    """Return nodes in the subset; blocks and inline content may still be mixed."""
    out: list[Node] = []
    for node in nodes:
        out.extend(_text(node, state) if isinstance(node, str) else _element(node, state))
    merged = merge_text(out)
    return merged if state.pre else [_SPACES.sub(" ", n) if isinstance(n, str) else n
                                     for n in merged]


def _text(text: str, state: State) -> list[Node]:
    """Return text as it is (convert collapses white space), in pre as lines and <br>."""
    if not state.pre:
        return [text]
    return join_lines([[_SPACES.sub(" ", line)] for line in text.split("\n")])


def _element(element: Element, state: State) -> list[Node]:
    """Return one element in the subset."""
    tag = element.tag
    if tag in DROP or _hidden(element):
        return []
    if tag == "br":
        return [Element("br")]
    if is_footnote(element):
        return _footnote(element, state)
    if tag in _HEADINGS or tag in ("p", "pre"):
        return _paragraph(element, state)
    if tag in ("ul", "ol"):
        return _list(element, state)
    if tag in ("li", "td", "th"):
        return [_item(element, state)]
    if tag == "table":
        return _table(element, state)
    if tag == "blockquote" or tag in CONTAINERS:
        return _container(element, state)
    if tag == "a":
        return _link(element, state)
    return _inline(element, state)


def _hidden(element: Element) -> bool:
    """Return whether element is hidden text, a Word list marker or a Word comment."""
    styles = styles_of(element)
    return (
        styles.get("display") == "none"
        or styles.get("visibility") == "hidden"
        or styles.get("mso-hide") == "all"
        or styles.get("mso-list") == "ignore"
        or styles.get("mso-element", "").startswith("comment")
        or element.get("hidden") is not None
        or bool(set(classes_of(element)) & _COMMENT_CLASSES)
    )


def own_attrs(element: Element, state: State) -> tuple[list[tuple[str, str]], State]:
    """Return the lang and dir of element that differ from what it inherits, and its state."""
    attrs: list[tuple[str, str]] = []
    lang = (element.get("lang") or "").strip()
    if _LANG.match(lang) and lang.lower() != state.lang.lower():
        attrs.append(("lang", lang))
        state = replace(state, lang=lang)
    direction = (element.get("dir") or "").strip().lower()
    if direction in ("ltr", "rtl") and direction != state.dir:
        attrs.append(("dir", direction))
        state = replace(state, dir=direction)
    return attrs, state


def _paragraph(element: Element, state: State) -> list[Node]:
    """Return a paragraph or heading (h1/h2 to h3, h3 to h4, lower to h5)."""
    tag = _HEADINGS.get(element.tag, "p")
    state = replace(state, bold=state.bold or tag != "p", pre=element.tag == "pre")
    attrs, state = own_attrs(element, state)
    out: list[Node] = []
    for is_block, group in partition(convert(element.children, state)):
        if is_block:
            out.extend(group)
        elif not is_blank(run := trim(group)):
            out.append(Element(tag, list(attrs), run))
    return out


def _container(element: Element, state: State) -> list[Node]:
    """Return a div-like element (or blockquote) as blocks, its loose inline runs as p."""
    attrs, state = own_attrs(element, state)
    blocks = flow(convert(element.children, state))
    if element.tag == "blockquote":
        return [Element("blockquote", attrs, blocks)] if blocks else []
    return inherit(blocks, attrs)


def inherit(nodes: list[Node], attrs: list[tuple[str, str]]) -> list[Node]:
    """Return blocks given the attributes they lack, or inline content in a span with them."""
    if not attrs or not nodes:
        return nodes
    if not all(is_subset_block(n) for n in nodes):
        return [Element("span", list(attrs), nodes)]
    for block in nodes:
        if isinstance(block, Element):
            block.attrs.extend((k, v) for k, v in attrs if block.get(k) is None)
    return nodes


def _list(element: Element, state: State) -> list[Node]:
    """Return a list whose children are all items, nested lists moved into the item before."""
    attrs, state = own_attrs(element, state)
    items: list[Element] = []
    for node in _list_parts(convert(element.children, state)):
        if node.tag in ("ul", "ol") and items:
            items[-1].children.append(node)
        else:
            items.append(node if node.tag == "li" else Element("li", [], cell([node])))
    kept: list[Node] = [item for item in items if item.children]
    return [Element(element.tag, attrs, kept)] if kept else []


def _list_parts(nodes: list[Node]) -> list[Element]:
    """Return the content of a list as elements: its blocks, and its inline runs as items."""
    parts: list[Element] = []
    for is_block, group in partition(nodes):
        if is_block:
            parts.extend(n for n in group if isinstance(n, Element))
        else:
            parts.append(Element("li", [], cell(group)))
    return parts


def _item(element: Element, state: State) -> Element:
    """Return a list item or table cell, its paragraphs unwrapped."""
    state = replace(state, bold=state.bold or element.tag == "th")
    attrs, state = own_attrs(element, state)
    return Element(element.tag, attrs, cell(convert(element.children, state)))


def _table(element: Element, state: State) -> list[Node]:
    """Return a table as thead and tbody of rows of cells; a caption becomes a p before it."""
    attrs, state = own_attrs(element, state)
    before: list[Node] = []
    head: list[Node] = []
    body: list[Node] = []
    for child in element.children:
        if not isinstance(child, Element):
            continue
        if child.tag == "caption":
            before.extend(flow(convert(child.children, state)))
        elif child.tag in ("thead", "tbody", "tfoot"):
            (head if child.tag == "thead" else body).extend(_rows(child.children, state))
        elif child.tag == "tr":
            body.extend(_rows([child], state))
    sections = [Element(t, [], rows) for t, rows in (("thead", head), ("tbody", body)) if rows]
    return before + ([Element("table", attrs, list(sections))] if sections else [])


def _rows(nodes: list[Node], state: State) -> list[Node]:
    """Return the table rows among nodes that have cells."""
    rows: list[Node] = []
    for row in nodes:
        if isinstance(row, Element) and row.tag == "tr" and not _hidden(row):
            cells: list[Node] = [
                _item(c, state) for c in row.children
                if isinstance(c, Element) and c.tag in ("td", "th")
            ]
            rows.extend([Element("tr", [], cells)] if cells else [])
    return rows


def _link(element: Element, state: State) -> list[Node]:
    """Return a link with an allowed absolute URL; other anchors give just their content."""
    href = (element.get("href") or "").strip()
    if not _allowed_url(href):
        return convert(element.children, state)
    content = convert(element.children, replace(state, underline=True))
    return wrap([Element("a", [("href", href)])], content)


def _allowed_url(href: str) -> bool:
    """Return whether href is an absolute URL with a scheme the subset accepts."""
    try:
        return urlsplit(href).scheme.lower() in URL_SCHEMES
    except ValueError:
        return False


def _inline(element: Element, state: State) -> list[Node]:
    """Return an inline element as the formatting it adds (tags and styles) around its content."""
    styles = styles_of(element)
    if ("mso-spacerun" in styles or "mso-tab-count" in styles) and is_blank(element.children):
        return [" "]
    attrs, state = own_attrs(element, state)
    wrappers = [Element("span", attrs)] if attrs else []
    added, state = formatting(element.tag, styles, state)
    wrappers.extend(Element(tag) for tag in added)
    return wrap(wrappers, convert(element.children, state))


def _footnote(element: Element, state: State) -> list[Node]:
    """Return a footnote span, its content inline and without the call site's formatting."""
    plain = State(lang=state.lang, dir=state.dir)
    lines = [trim(line) for line in block_lines(convert(element.children, plain))]
    content = join_lines([line for line in lines if line])
    return [Element("span", [("class", "footnote")], content)] if content else []
