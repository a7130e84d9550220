"""Convert between the body HTML subset and a QTextDocument, exactly.

Qt's own HTML import drops classes and lang, so both directions are written here:
load_html() builds the document with a QTextCursor, to_html() walks blocks and
format ranges and writes the canonical subset (the form app.core.text.sanitize.clean gives).
"""

from __future__ import annotations

import html as htmllib
from dataclasses import dataclass, field
from html.parser import HTMLParser

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QFont,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextList,
    QTextListFormat,
)

from app.core.text.sanitize import PULL_ATTRIBUTE, clean
from app.ui.editor.direction import direct_blocks
from app.ui.editor.formats import (
    DIR,
    FOOTNOTE_HTML,
    FOOTNOTE_OBJECT,
    LANG,
    LINE_BREAK,
    OBJECT_CHAR,
    PULL_ID,
    QUOTE_LEVEL,
)
from app.ui.editor.pullanchors import anchor_owners, remember_texts
from app.ui.editor.tables import is_header, set_header, table_format

_BLOCKS = {"p", "h3", "h4", "h5", "li"}
PARAGRAPH_SPACING = 8.0


# HTML -> QTextDocument


def load_html(doc: QTextDocument, body: str) -> None:
    """Replace doc's content with a body in the subset."""
    doc.clear()
    builder = _Builder(QTextCursor(doc), doc)
    builder.feed(clean(body))
    builder.close()
    builder.finish()
    direct_blocks(doc)
    remember_texts(doc)
    doc.setModified(False)
    doc.clearUndoRedoStacks()


@dataclass
class _Cell:
    parts: list[str] = field(default_factory=list)
    header: bool = False


class _Builder(HTMLParser):
    """Feed subset HTML; build blocks and formatted text with a cursor."""

    def __init__(self, cursor: QTextCursor, doc: QTextDocument) -> None:
        super().__init__(convert_charrefs=True)
        self.cursor, self.doc = cursor, doc
        self.inline: list[QTextCharFormat] = [QTextCharFormat()]
        self.lists: list[tuple[str, QTextList | None]] = []
        self.quote = 0
        self.started = False
        self.footnote: list[str] | None = None
        self.footnote_depth = 0
        self.table: list[list[_Cell]] | None = None
        self.table_depth = 0

    # parser events

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if self._capturing(tag, start=True, raw=self.get_starttag_text() or ""):
            return
        if tag in ("ul", "ol"):
            self.lists.append((tag, None))
        elif tag == "blockquote":
            self.quote += 1
        elif tag in _BLOCKS:
            self._new_block(tag, values)
        elif tag == "br":
            self._text(LINE_BREAK)
        elif tag == "span" and values.get("class") == "footnote":
            self.footnote, self.footnote_depth = [], 1
        else:
            self.inline.append(_inline_format(self.inline[-1], tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if self._capturing(tag, start=False, raw=f"</{tag}>"):
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in ("strong", "em", "u", "sup", "sub", "a", "span") and len(self.inline) > 1:
            self.inline.pop()

    def handle_data(self, data: str) -> None:
        if self.footnote is not None:
            self.footnote.append(htmllib.escape(data, quote=False))
        elif self.table is not None:
            self._cell_text(htmllib.escape(data, quote=False))
        else:
            self._text(data)

    # footnotes and tables are captured as HTML, then inserted whole

    def _capturing(self, tag: str, *, start: bool, raw: str) -> bool:
        """Collect footnote or table HTML; return True while capturing."""
        if self.footnote is not None:
            if tag == "span":
                self.footnote_depth += 1 if start else -1
            if self.footnote_depth == 0:
                self._insert_footnote("".join(self.footnote))
                self.footnote = None
                return True
            self.footnote.append(raw)
            return True
        if self.table is not None or (start and tag == "table"):
            self._table_event(tag, start, raw)
            return True
        return False

    def _insert_footnote(self, inner: str) -> None:
        """Insert one footnote object carrying its HTML."""
        self._ensure_block()
        fmt = QTextCharFormat(self.inline[-1])
        fmt.setObjectType(FOOTNOTE_OBJECT)
        fmt.setProperty(FOOTNOTE_HTML, clean(inner))
        self.cursor.insertText(OBJECT_CHAR, fmt)

    def _table_event(self, tag: str, start: bool, raw: str) -> None:
        """Track table structure; inline HTML of each cell is kept for insertion."""
        if tag == "table":
            self.table_depth += 1 if start else -1
            if start and self.table is None:
                self.table = []
            elif not start and self.table_depth == 0:
                rows, self.table = self.table or [], None
                self._insert_table(rows)
            return
        assert self.table is not None
        if tag == "tr" and start:
            self.table.append([])
        elif tag in ("td", "th") and start and self.table:
            self.table[-1].append(_Cell(header=tag == "th"))
        elif tag not in ("tr", "td", "th", "thead", "tbody"):
            self._cell_text(raw)

    def _cell_text(self, text: str) -> None:
        """Append HTML to the current table cell."""
        if self.table and self.table[-1]:
            self.table[-1][-1].parts.append(text)

    def _insert_table(self, rows: list[list[_Cell]]) -> None:
        """Insert a simple table; each cell gets its inline content."""
        rows = [r for r in rows if r]
        if not rows:
            return
        self._ensure_block()
        columns = max(len(r) for r in rows)
        table = self.cursor.insertTable(len(rows), columns, table_format())
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                sub = _Builder(table.cellAt(r, c).firstCursorPosition(), self.doc)
                sub.started = True
                sub.feed("".join(cell.parts))
                sub.close()
                if cell.header:
                    set_header(table.cellAt(r, c), True)
        self.cursor.movePosition(QTextCursor.MoveOperation.End)
        self.started = False

    # blocks and text

    def _new_block(self, tag: str, attrs: dict[str, str]) -> None:
        """Start a block for p, h3-h5 or li."""
        fmt = QTextBlockFormat()
        fmt.setBottomMargin(PARAGRAPH_SPACING)
        char = QTextCharFormat()
        if tag.startswith("h"):
            fmt.setHeadingLevel(int(tag[1]))
            char = heading_char_format(int(tag[1]))
        if self.quote:
            fmt.setProperty(QUOTE_LEVEL, self.quote)
            fmt.setLeftMargin(24 * self.quote)
        _apply_block_attrs(fmt, attrs)
        if self.started:
            self.cursor.insertBlock(fmt, QTextCharFormat())
        else:
            self.cursor.setBlockFormat(fmt)
            self.started = True
        if tag == "li" and self.lists:
            self._add_to_list()
        self.inline = [char]

    def _add_to_list(self) -> None:
        """Attach the current block to the innermost open list."""
        kind, current = self.lists[-1]
        if current is None:
            fmt = QTextListFormat()
            fmt.setStyle(QTextListFormat.Style.ListDecimal if kind == "ol"
                         else QTextListFormat.Style.ListDisc)
            fmt.setIndent(len(self.lists) + self.quote)
            current = self.cursor.createList(fmt)
            self.lists[-1] = (kind, current)
        else:
            current.add(self.cursor.block())

    def _ensure_block(self) -> None:
        """Mark the current (reusable) block as taken by inline content."""
        self.started = True

    def _text(self, text: str) -> None:
        """Insert text with the current inline format."""
        self._ensure_block()
        self.cursor.insertText(text, self.inline[-1])

    def finish(self) -> None:
        """Nothing left to flush; kept for symmetry with the parser's close()."""


def heading_char_format(level: int) -> QTextCharFormat:
    """Return how heading text looks in the editor (bold, larger); not stored as strong."""
    fmt = QTextCharFormat()
    fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setProperty(QTextFormat.Property.FontSizeAdjustment, {3: 2, 4: 1, 5: 0}.get(level, 0))
    return fmt


def _inline_format(base: QTextCharFormat, tag: str, attrs: dict[str, str]) -> QTextCharFormat:
    """Return base with the formatting of one inline tag added."""
    fmt = QTextCharFormat(base)
    if tag == "strong":
        fmt.setFontWeight(QFont.Weight.Bold)
    elif tag == "em":
        fmt.setFontItalic(True)
    elif tag == "u":
        fmt.setFontUnderline(True)
    elif tag == "sup":
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    elif tag == "sub":
        fmt.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSubScript)
    elif tag == "a":
        fmt.setAnchor(True)
        fmt.setAnchorHref(attrs.get("href", ""))
        fmt.setForeground(Qt.GlobalColor.blue)
    if tag in ("span", "strong", "em", "u", "sup", "sub", "a"):
        if attrs.get("lang"):
            fmt.setProperty(LANG, attrs["lang"])
        if attrs.get("dir"):
            fmt.setProperty(DIR, attrs["dir"])
    return fmt


def _apply_block_attrs(fmt: QTextBlockFormat, attrs: dict[str, str]) -> None:
    """Carry lang/dir (and a paragraph's pull anchor) of a block into its format."""
    if attrs.get(PULL_ATTRIBUTE):
        fmt.setProperty(PULL_ID, attrs[PULL_ATTRIBUTE])
    if attrs.get("lang"):
        fmt.setProperty(LANG, attrs["lang"])
    direction = attrs.get("dir")
    if direction:
        fmt.setProperty(DIR, direction)
        if direction == "rtl":
            fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        elif direction == "ltr":
            fmt.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


# QTextDocument -> HTML


def to_html(doc: QTextDocument) -> str:
    """Return doc's content as canonical subset HTML."""
    out: list[str] = []
    lists: list[tuple[QTextList, str]] = []
    quote = 0
    anchors = anchor_owners(doc)
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            _close_lists(out, lists, 0)
            out.append(_table_html(table))
            block = table.lastCursorPosition().block().next()
            continue
        level = int(block.blockFormat().intProperty(QUOTE_LEVEL))
        text_list = block.textList()
        _close_lists(out, lists, _list_depth(text_list, lists) if level == quote else 0)
        while quote < level:
            out.append("<blockquote>")
            quote += 1
        while quote > level:
            out.append("</blockquote>")
            quote -= 1
        if text_list is not None:
            _open_list(out, lists, text_list)
            out.append(f"<li{_block_attrs(block)}>{_inline_html(block)}</li>")
        elif not _is_filler(block):
            tag = _block_tag(block)
            anchor = anchors.get(block.blockNumber(), "") if tag == "p" else ""
            out.append(f"<{tag}{anchor}{_block_attrs(block)}>{_inline_html(block)}</{tag}>")
        block = block.next()
    while out and out[-1] == "<p></p>":  # empty paragraphs at the end hold nothing
        out.pop()
    _close_lists(out, lists, 0)
    out.extend("</blockquote>" for _ in range(quote))
    return "".join(out)


def _is_filler(block: QTextBlock) -> bool:
    """Return whether a block is an empty paragraph Qt keeps around a table or at the end."""
    if block.length() > 1 or block.blockFormat().headingLevel():
        return False
    following = block.next()
    return not following.isValid() or QTextCursor(following).currentTable() is not None


def _block_tag(block: QTextBlock) -> str:
    """Return p or h3-h5 for a block."""
    level = block.blockFormat().headingLevel()
    return f"h{level}" if level in (3, 4, 5) else "p"


def _block_attrs(block: QTextBlock) -> str:
    """Return the lang/dir attributes of a block."""
    return _attrs(block.blockFormat())


def _attrs(fmt: QTextFormat) -> str:
    """Return lang and dir attributes stored on a format."""
    parts = []
    if fmt.hasProperty(LANG) and fmt.stringProperty(LANG):
        parts.append(f' lang="{_attr(fmt.stringProperty(LANG))}"')
    if fmt.hasProperty(DIR) and fmt.stringProperty(DIR):
        parts.append(f' dir="{_attr(fmt.stringProperty(DIR))}"')
    return "".join(parts)


def _list_depth(text_list: QTextList | None, lists: list[tuple[QTextList, str]]) -> int:
    """Return how many open lists to keep for a block of text_list."""
    if text_list is None:
        return 0
    indent = text_list.format().indent()
    keep = 0
    for index, (open_list, _tag) in enumerate(lists):
        if open_list.format().indent() < indent or open_list == text_list:
            keep = index + 1
    return keep


def _open_list(out: list[str], lists: list[tuple[QTextList, str]], text_list: QTextList
               ) -> None:
    """Open text_list unless it is the innermost open list; nest it in the last item."""
    if lists and lists[-1][0] == text_list:
        return
    tag = "ol" if text_list.format().style() in _ORDERED else "ul"
    if lists and out and out[-1].endswith("</li>"):
        out[-1] = out[-1][: -len("</li>")]
        lists.append((text_list, tag + "+li"))
    else:
        lists.append((text_list, tag))
    out.append(f"<{tag}>")


def _close_lists(out: list[str], lists: list[tuple[QTextList, str]], keep: int) -> None:
    """Close open lists down to keep of them."""
    while len(lists) > keep:
        _list, tag = lists.pop()
        if tag.endswith("+li"):
            out.append(f"</{tag[:-3]}></li>")
        else:
            out.append(f"</{tag}>")


_ORDERED = {
    QTextListFormat.Style.ListDecimal, QTextListFormat.Style.ListLowerAlpha,
    QTextListFormat.Style.ListUpperAlpha, QTextListFormat.Style.ListLowerRoman,
    QTextListFormat.Style.ListUpperRoman,
}


def _table_html(table: object) -> str:
    """Return a table as subset HTML (cells hold inline content)."""
    from PySide6.QtGui import QTextTable

    assert isinstance(table, QTextTable)
    rows = []
    for r in range(table.rows()):
        cells = []
        for c in range(table.columns()):
            cell = table.cellAt(r, c)
            block = cell.firstCursorPosition().block()
            tag = "th" if is_header(cell) else "td"
            parts = []
            end = cell.lastCursorPosition().block()
            while block.isValid():
                parts.append(_inline_html(block))
                if block == end:
                    break
                block = block.next()
            cells.append(f"<{tag}>{'<br>'.join(parts)}</{tag}>")
        rows.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table><tbody>{''.join(rows)}</tbody></table>"


def _inline_html(block: QTextBlock) -> str:
    """Return a block's text with its inline formatting as subset HTML."""
    text = block.text()
    heading = block.blockFormat().headingLevel() in (3, 4, 5)
    out: list[str] = []
    stack: list[tuple[str, str]] = []
    for span in block.textFormats():
        piece = text[span.start: span.start + span.length]
        marks = _marks(span.format, heading)
        keep = 0
        while keep < min(len(stack), len(marks)) and stack[keep] == marks[keep]:
            keep += 1
        while len(stack) > keep:
            out.append(f"</{stack.pop()[0]}>")
        for mark in marks[keep:]:
            out.append(f"<{mark[0]}{mark[1]}>")
            stack.append(mark)
        out.append(_text_html(piece, span.format))
    while stack:
        out.append(f"</{stack.pop()[0]}>")
    return "".join(out)


def _marks(fmt: QTextCharFormat, heading: bool) -> list[tuple[str, str]]:
    """Return the inline tags (name, attributes) a format stands for, outermost first."""
    marks: list[tuple[str, str]] = []
    if fmt.isAnchor() and fmt.anchorHref():
        marks.append(("a", f' href="{_attr(fmt.anchorHref())}"'))
    if fmt.fontWeight() >= QFont.Weight.DemiBold and not heading:
        marks.append(("strong", ""))
    if fmt.fontItalic():
        marks.append(("em", ""))
    if fmt.fontUnderline() and not fmt.isAnchor():
        marks.append(("u", ""))
    align = fmt.verticalAlignment()
    if align == QTextCharFormat.VerticalAlignment.AlignSuperScript:
        marks.append(("sup", ""))
    elif align == QTextCharFormat.VerticalAlignment.AlignSubScript:
        marks.append(("sub", ""))
    attrs = _attrs(fmt)
    if attrs:
        marks.append(("span", attrs))
    return marks


def _text_html(piece: str, fmt: QTextCharFormat) -> str:
    """Escape text; footnote objects become their span, line separators <br>."""
    if fmt.objectType() == FOOTNOTE_OBJECT:
        note = fmt.stringProperty(FOOTNOTE_HTML)
        return "".join(f'<span class="footnote">{note}</span>' for _ in piece)
    escaped = htmllib.escape(piece.replace(OBJECT_CHAR, ""), quote=False)
    return escaped.replace("\xa0", "&nbsp;").replace(LINE_BREAK, "<br>")


def _attr(value: str) -> str:
    """Escape an attribute value the way the sanitiser writes it."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("\xa0", "&nbsp;")
