"""Write body HTML (the sanitised subset) as Markdown that parse_markdown reads back.

Every construct has a safe spelling: emphasis falls back to inline HTML where the
CommonMark delimiter rules would misread it, tables and top-level h3 stay HTML
blocks, and characters Markdown would eat (edge whitespace, blank lines inside a
paragraph, carriage returns) are written as numeric character references.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace

from app.core.io.htmltree import Element, Node, open_tag, parse_fragment, serialize

_BLOCK_NAMES = "p h1 h2 h3 h4 h5 h6 ul ol li blockquote table thead tbody tfoot tr th td div"
_BLOCKS = frozenset(_BLOCK_NAMES.split())
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_DELIMS = {"strong": ("strong", "**"), "b": ("strong", "**"), "em": ("em", "*"), "i": ("em", "*")}
_RAW_INLINE = frozenset({"u", "sup", "sub", "span"})
_ESCAPE = re.compile(r"[\\`*_\[\]<|]|&(?=#?\w+;)")
_NUMBERED = re.compile(r"\d{1,9}(?=[.)])")
_LINE_MARKS = frozenset("#>+-=~:{")
_ATTR_VALUE = re.compile(r"[A-Za-z0-9-]{1,35}")
_BLOCK_ATTRS = ("lang", "dir")
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c != "\n")
_THEMATIC_BREAK = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_BLANK_LINE = re.compile(r"\n(?=[^\S\n]*(?:\n|$))")


@dataclass
class Notes:
    """Footnotes met while writing, numbered through the whole document."""

    count: int = 0
    pending: list[str] = field(default_factory=list)
    depth: int = 0

    def call(self, content: str) -> str:
        """Record a footnote definition and return its call."""
        self.count += 1
        first, *rest = content.split("\n")
        lines = [f"[^{self.count}]: {first}".rstrip(), *("    " + line for line in rest)]
        self.pending.append("\n".join(lines))
        return f"[^{self.count}]"

    def take(self) -> str:
        """Return the pending definitions as one block and forget them."""
        out, self.pending = "\n".join(self.pending), []
        return out


@dataclass(frozen=True)
class _Piece:
    """One inline node written safely, and as delimiters if that may fit."""

    safe: str
    fancy: str = ""
    inner: str = ""
    kind: str = ""


def body_markdown(html: str, notes: Notes) -> str:
    """Return body html as Markdown blocks; footnote definitions go to notes."""
    return "\n\n".join(_blocks(parse_fragment(html), notes, nested=False))


def heading_markdown(text: str) -> str:
    """Return plain heading text escaped for an ATX heading line."""
    return _heading_line(_escape(" ".join(text.splitlines()).strip()))


def _blocks(nodes: list[Node], notes: Notes, *, nested: bool) -> list[str]:
    """Return the Markdown of each block in nodes; loose inline runs become paragraphs."""
    out: list[str] = []
    previous = ""
    for group in _groups(nodes):
        if isinstance(group, list):
            out.append(_paragraph(group, notes))
            previous = previous if not out[-1] else ""
            continue
        text = _block(group, notes, nested, previous)
        if text is not None:
            out.append(text)
            previous = _list_kind(group, previous)
    return [block for block in out if block]


def _list_kind(element: Element, previous: str) -> str:
    """Return the marker family used for element, alternating for adjacent lists."""
    if element.tag not in ("ul", "ol"):
        return ""
    return element.tag + ("2" if previous == element.tag else "")


def _groups(nodes: list[Node]) -> list[Element | list[Node]]:
    """Split nodes into block elements and runs of inline nodes."""
    out: list[Element | list[Node]] = []
    run: list[Node] = []
    for node in nodes:
        if isinstance(node, Element) and node.tag in _BLOCKS:
            out.extend(_trim_run(run, lead=bool(out), tail=True))
            out.append(node)
            run = []
        else:
            run.append(node)
    out.extend(_trim_run(run, lead=bool(out), tail=False))
    return out


def _trim_run(run: list[Node], *, lead: bool, tail: bool) -> list[list[Node]]:
    """Return run without the spacing that separates it from a block, or nothing if blank.

    A tight list item reads back as text, a newline, then the next block, and the
    sanitiser turns that newline into a space: that space is not content.
    """
    if all(isinstance(n, str) and not (n.strip() if lead or tail else n) for n in run):
        return []
    run = list(run)
    if isinstance(run[0], str):
        run[0] = run[0].lstrip(" \n" if lead else "\n")
    if isinstance(run[-1], str):
        run[-1] = run[-1].rstrip(" \n" if tail else "\n")
    return [run]


def _block(element: Element, notes: Notes, nested: bool, previous: str) -> str | None:
    """Return the Markdown of one block element, after its {lang dir} line if it has them."""
    attrs = block_attributes(element)
    if attrs is None:
        return _raw(element)
    text = _bare_block(element, notes, nested, previous)
    if not attrs or text is None or text.startswith("<"):
        return text
    return f"{attrs}\n{text}"


def block_attributes(element: Element) -> str | None:
    """Return element's lang and dir as a {lang="ar" dir="rtl"} line ("" if none).

    None when a value cannot be written that way (the block is then written as HTML).
    """
    pairs = [(name, element.get(name)) for name in _BLOCK_ATTRS]
    given = [(name, value) for name, value in pairs if value is not None]
    if any(not _ATTR_VALUE.fullmatch(value) for _, value in given):
        return None
    return "{" + " ".join(f'{name}="{value}"' for name, value in given) + "}" if given else ""


def _bare_block(element: Element, notes: Notes, nested: bool, previous: str) -> str | None:
    """Return the Markdown of one block element without its attributes."""
    tag = element.tag
    if tag == "p":
        return _paragraph(element.children, notes)
    if tag in ("h1", "h2", "h3"):
        if not nested:
            return _raw(element)
        return "### " + _heading(element.children, notes)
    if tag in ("h4", "h5", "h6"):
        return ("####" if tag == "h4" else "#####") + " " + _heading(element.children, notes)
    if tag in ("ul", "ol"):
        return _list(element, notes, alternate=previous == tag)
    if tag == "blockquote":
        return _quote(element, notes)
    if tag == "table":
        return _raw(element)
    return "\n\n".join(_blocks(element.children, notes, nested=True))


def _raw(element: Element) -> str:
    """Return element as an HTML block with no blank line inside."""
    html = serialize([element]).replace("\r", "&#13;")
    return _BLANK_LINE.sub("&#10;", html)


def _quote(element: Element, notes: Notes) -> str:
    """Return a blockquote with its blocks prefixed by '> '."""
    inner = "\n\n".join(_blocks(element.children, notes, nested=True))
    return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))


def _list(element: Element, notes: Notes, *, alternate: bool) -> str | None:
    """Return a list, tight or loose as markdown-it renders it, or as HTML if neither fits."""
    items = _items(element)
    if not items:
        return None
    mode = _list_mode(items)
    if mode == "html":
        return _raw(element)
    joiner = "\n" if mode == "tight" else "\n\n"
    out = []
    for number, item in enumerate(items, 1):
        marker = (
            ("*" if alternate else "-")
            if element.tag == "ul"
            else (f"{number}{')' if alternate else '.'}")
        )
        body = joiner.join(_blocks(item.children, notes, nested=True))
        attrs = block_attributes(item)
        if attrs is None:
            return _raw(element)
        out.append(_hang(marker, f"{attrs}\n{body}" if attrs else body))
    return joiner.join(out)


def _items(element: Element) -> list[Element]:
    """Return the li children of a list element."""
    return [c for c in element.children if isinstance(c, Element) and c.tag == "li"]


def _list_mode(items: list[Element]) -> str:
    """Return 'tight', 'loose', or 'html' when Markdown cannot spell the list."""
    if all(_is_tight(item) for item in items):
        return "tight"
    groups = [_groups(item.children) for item in items]
    if any(isinstance(group, list) for item in groups for group in item):
        return "html"
    return "loose" if len(items) > 1 or len(groups[0]) > 1 else "html"


def _is_tight(item: Element) -> bool:
    """Return whether item can be written without blank lines and read back the same."""
    groups = _groups(item.children)
    for before, group in zip([None, *groups], groups, strict=False):
        if isinstance(group, Element) and group.tag == "p":
            return False
        if isinstance(before, Element) and _swallows(before, group):
            return False
    return True


def _swallows(before: Element, group: Element | list[Node]) -> bool:
    """Return whether group, written right under before, would be read as part of it."""
    if isinstance(group, list):
        return before.tag not in _HEADINGS
    if before.tag == "blockquote":
        return group.tag == "blockquote"
    if before.tag in ("ul", "ol"):
        return _list_mode(_items(before)) == "html"
    return before.tag == "table"


def _hang(marker: str, body: str) -> str:
    """Return body as a list item: marker on the first line, the rest indented."""
    first, *rest = body.split("\n")
    pad = " " * (len(marker) + 1)
    lines = [f"{marker} {first}" if first else marker]
    if _THEMATIC_BREAK.match(lines[0]):
        lines, rest = [marker], [first, *rest]
    lines.extend(pad + line if line else "" for line in rest)
    return "\n".join(lines)


def _paragraph(nodes: list[Node], notes: Notes) -> str:
    """Return inline nodes as the lines of one paragraph."""
    return _lines(_inline(nodes, notes, "\n", "\n"))


def _heading(nodes: list[Node], notes: Notes) -> str:
    """Return inline nodes as the content of an ATX heading line."""
    return _heading_line(_inline(nodes, notes, " ", "\n"))


def _heading_line(text: str) -> str:
    """Keep text on one line and keep its edges from being trimmed or closing it."""
    text = _edges(text.replace("\n", "&#10;"))
    return text[:-1] + "\\#" if text.endswith("#") else text


def _lines(markdown: str) -> str:
    """Make every line of a paragraph read back as written."""
    out: list[str] = []
    for line in markdown.split("\n"):
        line = _guard(_edges(line))
        if out and out[-1] and line:
            out.append(line)
        elif out:
            out[-1] += "&#10;" + line
        else:
            out.append(line)
    return "\n".join(out)


def _edges(line: str) -> str:
    """Write the whitespace Markdown would trim at the ends of line as references."""
    core = line.strip(_SPACES)
    if core == line:
        return line
    start = len(line) - len(line.lstrip(_SPACES))
    lead, tail = line[:start], line[start + len(core) :]
    return _references(lead) + core + _references(tail)


def _references(text: str) -> str:
    """Return text as numeric character references."""
    return "".join(f"&#{ord(c)};" for c in text)


def _guard(line: str) -> str:
    """Escape what would start a block construct at the beginning of a line."""
    number = _NUMBERED.match(line)
    if number:
        return line[: number.end()] + "\\" + line[number.end() :]
    return "\\" + line if line[:1] in _LINE_MARKS and line else line


def _escape(text: str) -> str:
    """Escape the characters that Markdown would read as markup."""
    return _ESCAPE.sub(lambda m: "\\" + m.group(0), text).replace("\r", "&#13;")


def _inline(
    nodes: list[Node], notes: Notes, before: str, after: str, *, nested: bool = False
) -> str:
    """Return inline nodes as Markdown; before/after are the characters around them.

    nested: the nodes lie inside emphasis delimiters, so inner delimiters must open
    or close only, never both, or they would pair with the outer ones.
    """
    pieces = [_piece(node, notes, nested) for node in nodes]
    out: list[str] = []
    last, kind = before, ""
    for index, piece in enumerate(pieces):
        chosen = piece.safe
        following = _next_char(pieces, index, after)
        if piece.fancy and _fits(piece.inner, last, following, nested):
            chosen = piece.fancy
        if kind == "note" and piece.kind == "text" and chosen[:1] in ("(", ":"):
            chosen = "\\" + chosen
        if chosen[:1] == "[" and last == "!":
            out[-1] = out[-1][:-1] + "\\!"
        if chosen:
            out.append(chosen)
            last, kind = chosen[-1], piece.kind
    return "".join(out)


def _next_char(pieces: list[_Piece], index: int, after: str) -> str:
    """Return the first character the pieces after index may write."""
    for piece in pieces[index + 1 :]:
        text = piece.fancy or piece.safe
        if text:
            return text[0]
    return after


def _fits(inner: str, last: str, following: str, nested: bool) -> bool:
    """Return whether emphasis delimiters around inner are read back as this emphasis."""
    if not inner or "*" in (last, following, inner[0], inner[-1]):
        return False
    if not (_flanks(last, inner[0]) and _flanks(following, inner[-1])):
        return False
    return not nested or (_one_sided(last, inner[0]) and _one_sided(following, inner[-1]))


def _flanks(outside: str, edge: str) -> bool:
    """Return whether a delimiter between outside and edge flanks edge."""
    if _is_space(edge):
        return False
    return not _is_punct(edge) or _is_space(outside) or _is_punct(outside)


def _one_sided(outside: str, edge: str) -> bool:
    """Return whether a delimiter flanking edge does not also flank outside."""
    return _is_space(outside) or (_is_punct(outside) and not _is_punct(edge))


def _is_space(char: str) -> bool:
    """Return whether markdown-it counts char as whitespace."""
    return isWhiteSpace(ord(char))


def _is_punct(char: str) -> bool:
    """Return whether markdown-it counts char as punctuation."""
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


def _piece(node: Node, notes: Notes, nested: bool) -> _Piece:
    """Return one inline node as Markdown."""
    if isinstance(node, str):
        return _Piece(_escape(node), kind="text")
    tag = node.tag
    if tag in _DELIMS:
        name, delim = _DELIMS[tag]
        inner = _inline(node.children, notes, "*", "*", nested=True)
        return _Piece(f"<{name}>{inner}</{name}>", f"{delim}{inner}{delim}", inner)
    if tag == "span" and node.get("class") == "footnote" and not notes.depth:
        return _note(node, notes)
    if tag == "a" and node.get("href"):
        return _link(node, notes, nested)
    if tag == "br":
        return _Piece("<br>")
    if tag in _RAW_INLINE:
        inner = _inline(node.children, notes, ">", "<", nested=nested)
        return _Piece(f"{open_tag(node)}{inner}</{tag}>")
    return _Piece(_inline(node.children, notes, "*", "*", nested=nested))


def _link(node: Element, notes: Notes, nested: bool) -> _Piece:
    """Return a link; as inline HTML if it holds a footnote, which [..](..) cannot."""
    if _has_note(node.children):
        inner = _inline(node.children, notes, ">", "<", nested=nested)
        return _Piece(f"{open_tag(node)}{inner}</a>")
    inner = _inline(node.children, notes, "[", "]")
    return _Piece(f"[{inner}]({_destination(node.get('href') or '')})")


def _has_note(nodes: list[Node]) -> bool:
    """Return whether nodes hold a footnote span."""
    return any(
        isinstance(n, Element) and (n.get("class") == "footnote" or _has_note(n.children))
        for n in nodes
    )


def _note(node: Element, notes: Notes) -> _Piece:
    """Return a footnote call and record its definition."""
    notes.depth += 1
    try:
        content = _lines(_inline(node.children, notes, " ", "\n"))
    finally:
        notes.depth -= 1
    return _Piece(notes.call(content), kind="note")


def _destination(href: str) -> str:
    """Return href as a link destination."""
    href = re.sub(r"[\\]|&(?=#?\w+;)", lambda m: "\\" + m.group(0), href)
    href = href.replace("\n", "%0A").replace("\r", "%0D")
    if href and not re.search(r"[\s()<>]", href):
        return href
    return "<" + href.replace("<", "\\<").replace(">", "\\>") + ">"
