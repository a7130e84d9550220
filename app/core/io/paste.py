"""Turn clipboard HTML (Word, LibreOffice, Google Docs, web pages) into the body subset.

The HTML is parsed with tinyhtml5 (WeasyPrint's HTML5 parser) into htmltree nodes. Then
Word's downlevel-only content (<![if !support...]> ... <![endif]>) is skipped as Word
itself skips it, footnote and endnote bodies replace their calls as
<span class="footnote">, Word's list paragraphs become nested ul/ol, style-based
formatting becomes strong/em/u/sup/sub, and the structure is regularised (div to p,
paragraphs in list items and table cells unwrapped, blocks lifted out of inline
elements). clean() has the last word, and any failure falls back to clean() alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import groupby
from urllib.parse import urlsplit

import tinyhtml5

from app.core.io.htmltree import VOID, Element, Node, serialize, text_of
from app.core.text.sanitize import URL_SCHEMES, clean, strip_controls


def _names(text: str) -> frozenset[str]:
    """Return the space-separated names in text."""
    return frozenset(text.split())


MAX_PARSE_CHARS = 2_000_000  # tinyhtml5 parses Word's HTML at about 4 µs a character
MAX_DEPTH = 250  # deeper nesting is slow to parse (quadratic) and beyond our recursion
_START_OR_END_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
_NOT_NESTING = VOID | _names(
    "p li dt dd tr td th thead tbody tfoot colgroup caption option optgroup rb rt rp html "
    "head body"
)
_XHTML = "{http://www.w3.org/1999/xhtml}"
_CF_HEADER = re.compile(r"\AVersion:[^<]*")
_DOWNLEVEL_IF = re.compile(r"^\[if\s+!(?!supportLists\])", re.IGNORECASE)
_ENDIF = re.compile(r"^\[endif\]$", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # \v too: clean() makes it a space
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$")  # as in sanitize
_MSO_LIST = re.compile(r"^l\d+\s+level(\d+)")
_ORDERED = re.compile(r"^\(?(?:\d+(?:\.\d+)*[.)]?|[A-Za-z]{1,3}[.)]|[ivxlcdmIVXLCDM]+[.)])$")
_WORD_NOTE_HREF = re.compile(r"^#_((?:ftn|edn)\d+)$")
_LO_NOTE_HREF = re.compile(r"^#(sd(?:foot|end)note\d+)sym$")
_LO_NOTE_ID = re.compile(r"^sd(?:foot|end)note\d+$")
_NOTE_BACK_HREF = re.compile(r"^#(?:_(?:ftn|edn)ref\d+|sd(?:foot|end)note\d+anc)$")
_NOTE_LISTS = frozenset({"footnote-list", "endnote-list"})
_NOTE_BODIES = frozenset({"footnote", "endnote"})
_NOTE_BACK_CLASSES = frozenset({"sdfootnotesym", "sdendnotesym"})
_COMMENT_CLASSES = frozenset({"msocomanchor", "msocomoff"})
_DROP = _names(
    "script style head title iframe object embed template noscript svg math textarea select "
    "frame frameset applet img video audio canvas picture source track map area input button "
    "meta link base hr o:p del col colgroup option datalist dialog"
)
_HEADINGS = {"h1": "h3", "h2": "h3", "h3": "h4", "h4": "h5", "h5": "h5", "h6": "h5"}
_CONTAINERS = _names(
    "div section article main header footer nav aside center figure figcaption address dl dt "
    "dd form fieldset legend details summary hgroup body html"
)
_BLOCKS = _names("p h3 h4 h5 ul ol li blockquote table thead tbody tr th td")
_SOURCE_BLOCKS = _BLOCKS | _CONTAINERS | _names("h1 h2 h6 pre caption tfoot")
_LINES = _names("p h3 h4 h5")
_ITALIC_TAGS = _names("i em cite dfn var")
_VERTICAL = {"sup": "super", "sub": "sub"}
_VERTICAL_TAGS = {"super": "sup", "sub": "sub"}


@dataclass(frozen=True)
class _State:
    """What the enclosing elements already establish for their content."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    vertical: str = ""
    lang: str = ""
    dir: str = "ltr"
    pre: bool = False


def from_clipboard_html(html: str) -> str:
    """Return pasted HTML reduced to the body subset; never raises."""
    html = _CF_HEADER.sub("", html.encode("utf-8", "replace").decode("utf-8"), count=1)
    html = strip_controls(html)
    if len(html) <= MAX_PARSE_CHARS and not _too_deep(html):
        try:
            return _settled(serialize(_transform(html)))
        except Exception:  # any parser or transformation failure: plain sanitising
            pass
    return _settled(html)


def _too_deep(html: str) -> bool:
    """Return whether elements that need end tags seem to nest deeper than MAX_DEPTH."""
    depth = 0
    for match in _START_OR_END_TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > MAX_DEPTH:
            return True
    return False


def _settled(html: str) -> str:
    """Return clean(html), cleaned again until it no longer changes."""
    out = clean(html)
    for _ in range(4):
        again = clean(out)
        if again == out:
            break
        out = again
    return out


def _transform(html: str) -> list[Node]:
    """Return the subset nodes for a clipboard document."""
    body, state = _parse(html)
    notes: dict[str, list[Node]] = {}
    nodes = _word_lists(_place_notes(_take_notes(body.children, notes), notes))
    attrs, state = _own_attrs(body, state)
    return _inherit(_arrange(_convert(nodes, state)), attrs)


# Parsing


def _parse(html: str) -> tuple[Element, _State]:
    """Return the body with just its direction, and a state with the document's language."""
    root: ET.Element = tinyhtml5.parse(html)
    body = root.find(f"{_XHTML}body")
    if body is None:
        return Element("body"), _State()
    lang = (body.get("lang") or root.get("lang") or "").strip()
    direction = body.get("dir") or root.get("dir") or ""
    return Element("body", [("dir", direction)], _children_of(body)), _State(lang=lang)


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
    return _merge_text(out)


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
    if name in _DROP:
        return []
    attrs = [(k.lower(), v) for k, v in element.attrib.items()]
    return [Element(name, attrs, _children_of(element))]


def _merge_text(nodes: list[Node]) -> list[Node]:
    """Return nodes with adjacent strings joined and empty strings removed."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif node != "":
            out.append(node)
    return out


# Footnotes and endnotes


def _take_notes(nodes: list[Node], notes: dict[str, list[Node]]) -> list[Node]:
    """Return nodes without note bodies and note lists, collecting each body into notes."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
            continue
        key = _note_body_key(node)
        if key is not None:
            notes[key] = _note_content(node.children)
        elif _styles(node).get("mso-element") in _NOTE_LISTS:
            _take_notes(node.children, notes)
        else:
            node.children = _take_notes(node.children, notes)
            out.append(node)
    return out


def _note_body_key(element: Element) -> str | None:
    """Return the key of a Word or LibreOffice note body, or None if element is not one."""
    ident = element.get("id") or ""
    if _styles(element).get("mso-element") in _NOTE_BODIES and ident:
        return ident
    return ident if _LO_NOTE_ID.match(ident) else None


def _note_call_key(element: Element) -> str | None:
    """Return the key of the note a Word or LibreOffice note call points to, or None."""
    href = (element.get("href") or "") if element.tag == "a" else ""
    match = _WORD_NOTE_HREF.match(href) or _LO_NOTE_HREF.match(href)
    return match.group(1) if match else None


def _note_content(nodes: list[Node]) -> list[Node]:
    """Return a note body as inline nodes, paragraphs joined by <br>, without back links."""
    return _join_lines(_lines(_without_back_links(nodes)))


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
    classes = {c.split("-")[0] for c in _classes(link)}
    return bool(_NOTE_BACK_HREF.match(link.get("href") or "") or classes & _NOTE_BACK_CLASSES)


def _place_notes(nodes: list[Node], notes: dict[str, list[Node]]) -> list[Node]:
    """Return nodes with each note call replaced by its note; calls without a body go."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, Element):
            key = _note_call_key(node)
            if key is not None:
                if key in notes:
                    out.append(Element("span", [("class", "footnote")], list(notes[key])))
                continue
            node.children = _place_notes(node.children, notes)
        out.append(node)
    return out


def _lines(nodes: list[Node]) -> list[list[Node]]:
    """Return the inline runs of nodes, each block's content giving lines of its own."""
    lines: list[list[Node]] = [[]]
    for node in nodes:
        if isinstance(node, Element) and node.tag in _SOURCE_BLOCKS:
            lines.extend(_lines(node.children))
            lines.append([])
        else:
            lines[-1].append(node)
    return [line for line in lines if not _is_blank(line)]


def _join_lines(lines: list[list[Node]]) -> list[Node]:
    """Return lines joined by <br>."""
    out: list[Node] = []
    for line in lines:
        out.extend([Element("br")] if out else [])
        out.extend(line)
    return out


# Word list paragraphs


def _word_lists(nodes: list[Node]) -> list[Node]:
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
                node.children = _word_lists(node.children)
            out.append(node)
    return out + _build_lists(run) + gap


def _list_level(element: Element) -> int:
    """Return the list level of a Word list paragraph, or 0 for anything else."""
    if element.tag != "p":
        return 0
    match = _MSO_LIST.match(_styles(element).get("mso-list", ""))
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
    marker = _find(paragraph.children, lambda e: _styles(e).get("mso-list") == "ignore")
    text = text_of(marker.children).strip() if marker else ""
    return "ol" if _ORDERED.match(text) else "ul"


# Conversion to the subset


def _convert(nodes: list[Node], state: _State) -> list[Node]:
    """Return nodes in the subset; blocks and inline content may still be mixed."""
    out: list[Node] = []
    for node in nodes:
        out.extend(_text(node, state) if isinstance(node, str) else _element(node, state))
    merged = _merge_text(out)
    return merged if state.pre else [_SPACES.sub(" ", n) if isinstance(n, str) else n
                                     for n in merged]


def _text(text: str, state: _State) -> list[Node]:
    """Return text as it is (_convert collapses white space), in pre as lines and <br>."""
    if not state.pre:
        return [text]
    return _join_lines([[_SPACES.sub(" ", line)] for line in text.split("\n")])


def _element(element: Element, state: _State) -> list[Node]:
    """Return one element in the subset."""
    tag = element.tag
    if tag in _DROP or _hidden(element):
        return []
    if tag == "br":
        return [Element("br")]
    if _is_footnote(element):
        return _footnote(element, state)
    if tag in _HEADINGS or tag in ("p", "pre"):
        return _paragraph(element, state)
    if tag in ("ul", "ol"):
        return _list(element, state)
    if tag in ("li", "td", "th"):
        return [_item(element, state)]
    if tag == "table":
        return _table(element, state)
    if tag == "blockquote" or tag in _CONTAINERS:
        return _container(element, state)
    if tag == "a":
        return _link(element, state)
    return _inline(element, state)


def _hidden(element: Element) -> bool:
    """Return whether element is hidden text, a Word list marker or a Word comment."""
    styles = _styles(element)
    return (
        styles.get("display") == "none"
        or styles.get("visibility") == "hidden"
        or styles.get("mso-hide") == "all"
        or styles.get("mso-list") == "ignore"
        or styles.get("mso-element", "").startswith("comment")
        or element.get("hidden") is not None
        or bool(set(_classes(element)) & _COMMENT_CLASSES)
    )


def _own_attrs(element: Element, state: _State) -> tuple[list[tuple[str, str]], _State]:
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


def _paragraph(element: Element, state: _State) -> list[Node]:
    """Return a paragraph or heading (h1/h2 to h3, h3 to h4, lower to h5)."""
    tag = _HEADINGS.get(element.tag, "p")
    state = replace(state, bold=state.bold or tag != "p", pre=element.tag == "pre")
    attrs, state = _own_attrs(element, state)
    out: list[Node] = []
    for is_block, group in _partition(_convert(element.children, state)):
        if is_block:
            out.extend(group)
        elif not _is_blank(run := _trim(group)):
            out.append(Element(tag, list(attrs), run))
    return out


def _container(element: Element, state: _State) -> list[Node]:
    """Return a div-like element (or blockquote) as blocks, its loose inline runs as p."""
    attrs, state = _own_attrs(element, state)
    blocks = _flow(_convert(element.children, state))
    if element.tag == "blockquote":
        return [Element("blockquote", attrs, blocks)] if blocks else []
    return _inherit(blocks, attrs)


def _inherit(nodes: list[Node], attrs: list[tuple[str, str]]) -> list[Node]:
    """Return blocks given the attributes they lack, or inline content in a span with them."""
    if not attrs or not nodes:
        return nodes
    if not all(_is_block(n) for n in nodes):
        return [Element("span", list(attrs), nodes)]
    for block in nodes:
        if isinstance(block, Element):
            block.attrs.extend((k, v) for k, v in attrs if block.get(k) is None)
    return nodes


def _list(element: Element, state: _State) -> list[Node]:
    """Return a list whose children are all items, nested lists moved into the item before."""
    attrs, state = _own_attrs(element, state)
    items: list[Element] = []
    for node in _list_parts(_convert(element.children, state)):
        if node.tag in ("ul", "ol") and items:
            items[-1].children.append(node)
        else:
            items.append(node if node.tag == "li" else Element("li", [], _cell([node])))
    kept: list[Node] = [item for item in items if item.children]
    return [Element(element.tag, attrs, kept)] if kept else []


def _list_parts(nodes: list[Node]) -> list[Element]:
    """Return the content of a list as elements: its blocks, and its inline runs as items."""
    parts: list[Element] = []
    for is_block, group in _partition(nodes):
        if is_block:
            parts.extend(n for n in group if isinstance(n, Element))
        else:
            parts.append(Element("li", [], _cell(group)))
    return parts


def _item(element: Element, state: _State) -> Element:
    """Return a list item or table cell, its paragraphs unwrapped."""
    state = replace(state, bold=state.bold or element.tag == "th")
    attrs, state = _own_attrs(element, state)
    return Element(element.tag, attrs, _cell(_convert(element.children, state)))


def _table(element: Element, state: _State) -> list[Node]:
    """Return a table as thead and tbody of rows of cells; a caption becomes a p before it."""
    attrs, state = _own_attrs(element, state)
    before: list[Node] = []
    head: list[Node] = []
    body: list[Node] = []
    for child in element.children:
        if not isinstance(child, Element):
            continue
        if child.tag == "caption":
            before.extend(_flow(_convert(child.children, state)))
        elif child.tag in ("thead", "tbody", "tfoot"):
            (head if child.tag == "thead" else body).extend(_rows(child.children, state))
        elif child.tag == "tr":
            body.extend(_rows([child], state))
    sections = [Element(t, [], rows) for t, rows in (("thead", head), ("tbody", body)) if rows]
    return before + ([Element("table", attrs, list(sections))] if sections else [])


def _rows(nodes: list[Node], state: _State) -> list[Node]:
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


def _link(element: Element, state: _State) -> list[Node]:
    """Return a link with an allowed absolute URL; other anchors give just their content."""
    href = (element.get("href") or "").strip()
    if not _allowed_url(href):
        return _convert(element.children, state)
    content = _convert(element.children, replace(state, underline=True))
    return _wrap([Element("a", [("href", href)])], content)


def _allowed_url(href: str) -> bool:
    """Return whether href is an absolute URL with a scheme the subset accepts."""
    try:
        return urlsplit(href).scheme.lower() in URL_SCHEMES
    except ValueError:
        return False


def _inline(element: Element, state: _State) -> list[Node]:
    """Return an inline element as the formatting it adds (tags and styles) around its content."""
    styles = _styles(element)
    if ("mso-spacerun" in styles or "mso-tab-count" in styles) and _is_blank(element.children):
        return [" "]
    attrs, state = _own_attrs(element, state)
    wrappers = [Element("span", attrs)] if attrs else []
    added, state = _formatting(element.tag, styles, state)
    wrappers.extend(Element(tag) for tag in added)
    return _wrap(wrappers, _convert(element.children, state))


def _formatting(tag: str, styles: dict[str, str], state: _State) -> tuple[list[str], _State]:
    """Return the formatting tags an element adds to its state, and the state for its content."""
    weight = styles.get("font-weight") or _font_keyword(styles, ("bold", "bolder"))
    slant = styles.get("font-style") or _font_keyword(styles, ("italic", "oblique"))
    decoration = styles.get("text-decoration-line") or styles.get("text-decoration", "")
    bold = _setting(tag in ("b", "strong"), _is_bold(weight))
    italic = _setting(tag in _ITALIC_TAGS, _is_italic(slant))
    underline = _setting(tag == "u", _is_underline(decoration))
    vertical = styles.get("vertical-align", "")
    vertical = vertical if vertical in ("super", "sub") else _VERTICAL.get(tag, "")
    added = [
        name for name, on in (
            ("strong", bold and not state.bold), ("em", italic and not state.italic),
            ("u", underline and not state.underline),
            (_VERTICAL_TAGS.get(vertical, ""), bool(vertical) and not state.vertical),
        ) if on
    ]
    state = replace(state, bold=state.bold or bold, italic=state.italic or italic,
                    underline=state.underline or underline, vertical=state.vertical or vertical)
    return added, state


def _font_keyword(styles: dict[str, str], keywords: tuple[str, ...]) -> str:
    """Return the first of keywords in the font shorthand, or an empty string."""
    return next((w for w in styles.get("font", "").split() if w in keywords), "")


def _setting(by_tag: bool, by_style: bool | None) -> bool:
    """Return whether a property is on: the style decides if it says, else the tag."""
    return by_tag if by_style is None else by_style


def _is_bold(weight: str) -> bool | None:
    """Return whether a font-weight value is bold, or None if it says nothing."""
    if weight in ("bold", "bolder"):
        return True
    if weight in ("normal", "lighter"):
        return False
    return int(weight) >= 600 if weight.isdigit() else None


def _is_italic(slant: str) -> bool | None:
    """Return whether a font-style value is italic, or None if it says nothing."""
    if slant in ("italic", "oblique") or slant.startswith("oblique "):
        return True
    return False if slant == "normal" else None


def _is_underline(decoration: str) -> bool | None:
    """Return whether a text-decoration value underlines, or None if it says nothing."""
    if "underline" in decoration.split():
        return True
    return False if decoration == "none" else None


def _is_footnote(element: Element) -> bool:
    """Return whether element is a footnote span."""
    return element.tag == "span" and "footnote" in _classes(element)


def _footnote(element: Element, state: _State) -> list[Node]:
    """Return a footnote span, its content inline and without the call site's formatting."""
    plain = _State(lang=state.lang, dir=state.dir)
    lines = [_trim(line) for line in _lines(_convert(element.children, plain))]
    content = _join_lines([line for line in lines if line])
    return [Element("span", [("class", "footnote")], content)] if content else []


# Structure


def _is_block(node: Node) -> bool:
    """Return whether node is a block element of the subset."""
    return isinstance(node, Element) and node.tag in _BLOCKS


def _partition(nodes: list[Node]) -> list[tuple[bool, list[Node]]]:
    """Return nodes in runs of blocks and runs of inline content, flagged True for blocks."""
    return [(block, list(run)) for block, run in groupby(nodes, key=_is_block)]


def _arrange(nodes: list[Node]) -> list[Node]:
    """Return top-level nodes: inline content alone stays inline, else everything in blocks."""
    return _flow(nodes) if any(_is_block(n) for n in nodes) else _trim(nodes)


def _flow(nodes: list[Node]) -> list[Node]:
    """Return nodes as blocks: inline runs become p and stray list items a ul."""
    out: list[Node] = []
    for is_block, group in _partition(_adopt_items(nodes)):
        if is_block:
            out.extend(group)
        elif not _is_blank(run := _trim(group)):
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


def _cell(nodes: list[Node]) -> list[Node]:
    """Return the content of a list item or cell: paragraphs become lines joined by <br>."""
    out: list[Node] = []
    after_line = False
    for is_block, group in _partition(_adopt_items(nodes)):
        units = [[n] for n in group] if is_block else [group]
        for unit in units:
            first = unit[0]
            if isinstance(first, Element) and is_block and first.tag not in _LINES:
                out.append(first)
                after_line = False
                continue
            line = _trim(_unwrapped(first) if is_block and isinstance(first, Element) else unit)
            if not _is_blank(line):
                out.extend(([Element("br")] if after_line else []) + line)
                after_line = True
    return out


def _unwrapped(block: Element) -> list[Node]:
    """Return a paragraph's content, in a span if the paragraph has a lang or dir."""
    return [Element("span", block.attrs, block.children)] if block.attrs else block.children


def _wrap(wrappers: list[Element], content: list[Node]) -> list[Node]:
    """Return content inside the nested wrappers, pushed into blocks and kept off footnotes."""
    if not wrappers or _is_blank(content):
        return content
    if any(_is_block(n) for n in content):
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
        out.extend(nodes if is_note else _wrap(wrappers, nodes))
    return out


def _wrap_blocks(wrappers: list[Element], content: list[Node]) -> list[Node]:
    """Return mixed content with the wrappers around its inline runs and inside its blocks."""
    out: list[Node] = []
    for is_block, group in _partition(content):
        if not is_block:
            out.extend(_wrap(wrappers, group))
            continue
        for block in group:
            assert isinstance(block, Element)
            block.children = _wrap(wrappers, block.children)
            out.append(block)
    return out


def _is_note(node: Node) -> bool:
    """Return whether node is a footnote span."""
    return isinstance(node, Element) and _is_footnote(node)


def _trim(nodes: list[Node]) -> list[Node]:
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
        elif _is_footnote(first) or first.tag != "br" and _has_content(first):
            first.children = first.children if _is_footnote(first) else _trim_start(first.children)
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
        elif _is_footnote(last) or last.tag != "br" and _has_content(last):
            last.children = last.children if _is_footnote(last) else _trim_end(last.children)
            break
        del nodes[-1]
    return nodes


def _has_content(element: Element) -> bool:
    """Return whether element holds text, a footnote, or is a block (tables may be empty)."""
    return _is_block(element) or not _is_blank(element.children)


def _is_blank(nodes: list[Node]) -> bool:
    """Return whether nodes hold nothing but white space and line breaks."""
    return all(
        not n.strip() if isinstance(n, str)
        else n.tag == "br" or not _is_footnote(n) and not _is_block(n) and _is_blank(n.children)
        for n in nodes
    )


# Small helpers


def _tag(node: Node) -> str:
    """Return the tag of an element, or an empty string for text."""
    return node.tag if isinstance(node, Element) else ""


def _styles(element: Element) -> dict[str, str]:
    """Return the inline CSS declarations of element, names and values lower-cased."""
    out: dict[str, str] = {}
    for declaration in (element.get("style") or "").split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            out[name.strip().lower()] = value.replace("!important", "").strip().lower()
    return out


def _classes(element: Element) -> list[str]:
    """Return the class names of element, lower-cased."""
    return (element.get("class") or "").lower().split()


def _find(nodes: list[Node], wanted: Callable[[Element], bool]) -> Element | None:
    """Return the first element among nodes and their descendants that is wanted."""
    for node in nodes:
        if isinstance(node, Element):
            found = node if wanted(node) else _find(node.children, wanted)
            if found is not None:
                return found
    return None
