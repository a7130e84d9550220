"""The section editor: a QTextEdit limited to the body subset, with footnotes and safe paste."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPoint, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextListFormat,
)
from PySide6.QtWidgets import QMenu, QWidget

from app.core.text.sanitize import clean
from app.ui.editor import tables
from app.ui.editor.convert import heading_char_format, load_html, to_html
from app.ui.editor.footnotes import (
    FootnoteDialog,
    FootnoteMarker,
    footnote_at,
    insert_footnote,
    set_footnote_html,
)
from app.ui.editor.formats import DIR, FOOTNOTE_HTML, FOOTNOTE_OBJECT, LANG
from app.ui.editor.formatting import SHORTCUTS as SHORTCUTS
from app.ui.editor.formatting import FormattingEdit
from app.ui.editor.spellcheck import spelling_menu

BODY_MIME = "application/x-rapporteur-body"
PULL_MIME = "application/x-rapporteur-pull"  # "SECTION_ID N": a paragraph to pull
MAX_PASTE_CHARS = 5_000_000
_CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def new_document(parent: QWidget | None, body: str, marker: FootnoteMarker) -> QTextDocument:
    """Return a QTextDocument holding body, with footnote markers drawn by marker."""
    doc = QTextDocument(parent)
    doc.documentLayout().registerHandler(FOOTNOTE_OBJECT, marker)
    doc.setDefaultFont(QFont("Liberation Serif", 12))
    doc.setDocumentMargin(28)
    load_html(doc, body)
    return doc


class SectionEditor(FormattingEdit):
    """Rich text editing of one section body at a time."""

    footnotes_changed = Signal()
    paste_refused = Signal(str)
    pull_dropped = Signal(str, int)  # a contribution's paragraph dropped: section id, number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marker = FootnoteMarker(self)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.document().documentLayout().registerHandler(FOOTNOTE_OBJECT, self.marker)

    def body(self) -> str:
        """Return the shown document as subset HTML."""
        return to_html(self.document())

    # formatting (bold, italic, underline, scripts: FormattingEdit)

    def set_heading(self, level: int) -> None:
        """Make the current paragraphs sub-headings of level 3-5, or body text (0)."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        block_format = cursor.blockFormat()
        block_format.setHeadingLevel(level)
        cursor.setBlockFormat(block_format)
        cursor.select(QTextCursor.SelectionType.BlockUnderCursor)
        char = heading_char_format(level) if level else QTextCharFormat()
        if not level:
            char.setFontWeight(QFont.Weight.Normal)
            char.setProperty(QTextCharFormat.Property.FontSizeAdjustment, 0)
        cursor.mergeCharFormat(char)
        cursor.endEditBlock()

    def toggle_list(self, ordered: bool) -> None:
        """Put the current paragraphs in a bulleted or numbered list, or take them out."""
        cursor = self.textCursor()
        current = cursor.currentList()
        style = QTextListFormat.Style.ListDecimal if ordered else QTextListFormat.Style.ListDisc
        cursor.beginEditBlock()
        if current is not None and current.format().style() == style:
            for index in reversed(range(current.count())):
                block = current.item(index)
                if cursor.selectionStart() <= block.position() + block.length() and \
                        block.position() <= cursor.selectionEnd():
                    current.remove(block)
                    fmt = QTextCursor(block).blockFormat()
                    fmt.setIndent(0)
                    QTextCursor(block).setBlockFormat(fmt)
        else:
            list_format = QTextListFormat()
            list_format.setStyle(style)
            list_format.setIndent(1)
            cursor.createList(list_format)
        cursor.endEditBlock()

    def set_language(self, lang: str, direction: str) -> None:
        """Set the language (BCP 47) and direction of the current paragraphs."""
        cursor = self.textCursor()
        fmt = QTextBlockFormat()
        fmt.setProperty(LANG, lang)
        fmt.setProperty(DIR, direction)
        fmt.setLayoutDirection(Qt.LayoutDirection.RightToLeft if direction == "rtl"
                               else Qt.LayoutDirection.LeftToRight)
        cursor.mergeBlockFormat(fmt)

    def insert_link(self, url: str, text: str = "") -> None:
        """Make the selection (or text) a link to url."""
        cursor = self.textCursor()
        fmt = QTextCharFormat()
        fmt.setAnchor(True)
        fmt.setAnchorHref(url)
        fmt.setForeground(Qt.GlobalColor.blue)
        if cursor.hasSelection():
            cursor.mergeCharFormat(fmt)
        else:
            cursor.insertText(text or url, fmt)

    # tables

    def insert_table(self, rows: int, columns: int, header: bool = False) -> bool:
        """Insert a table and put the cursor in its first cell; not inside another table."""
        cursor = self.textCursor()
        if cursor.currentTable() is not None:
            return False
        table = tables.insert_table(cursor, rows, columns, header)
        self.setTextCursor(table.cellAt(0, 0).firstCursorPosition())
        return True

    def add_row(self, above: bool = False) -> None:
        """Insert a row below (or above) the cursor's row."""
        tables.insert_row(self.textCursor(), above)

    def add_column(self, left: bool = False) -> None:
        """Insert a column right (or left) of the cursor's column."""
        tables.insert_column(self.textCursor(), left)

    def remove_row(self) -> None:
        """Remove the cursor's table row."""
        tables.remove_row(self.textCursor())

    def remove_column(self) -> None:
        """Remove the cursor's table column."""
        tables.remove_column(self.textCursor())

    def toggle_header_row(self) -> None:
        """Make the first row of the cursor's table a header row, or not."""
        tables.toggle_header_row(self.textCursor())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Tab and Shift+Tab move between table cells; Tab in the last cell adds a row."""
        if event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not self.isReadOnly() \
                and not event.modifiers() & _CTRL_ALT:
            cursor = tables.next_cell(self.textCursor(), event.key() == Qt.Key.Key_Tab)
            if cursor is not None:
                self.setTextCursor(cursor)
                return
        super().keyPressEvent(event)

    # footnotes

    def insert_new_footnote(self) -> None:
        """Insert a footnote at the cursor and open its text for editing."""
        cursor = self.textCursor()
        cursor.beginEditBlock()
        insert_footnote(cursor, "")
        cursor.endEditBlock()
        selection = footnote_at(self.textCursor())
        if selection is None:
            return
        if not self.edit_footnote(selection) and not selection.charFormat().stringProperty(
                FOOTNOTE_HTML):
            selection.removeSelectedText()
        self.footnotes_changed.emit()

    def edit_footnote(self, selection: QTextCursor) -> bool:
        """Open the footnote popup for a selected marker; return whether it was accepted."""
        number = self.marker.number(self.document(), selection.selectionStart())
        dialog = FootnoteDialog(self, number, selection.charFormat().stringProperty(FOOTNOTE_HTML))
        if dialog.exec() != FootnoteDialog.DialogCode.Accepted:
            return False
        set_footnote_html(selection, dialog.html())
        self.footnotes_changed.emit()
        return True

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        """Open a footnote's text when its marker is double-clicked."""
        selection = footnote_at(self.cursorForPosition(event.position().toPoint()))
        if selection is not None:
            self.edit_footnote(selection)
            return
        super().mouseDoubleClickEvent(event)

    # spelling (context menu; the underlines come from spellcheck.attach on each document)

    add_to_dictionary: Callable[[str], None] | None = None  # set by the window: keeps a word

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        """Show the standard menu, led by suggestions when a misspelled word is clicked."""
        keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        menu = self.context_menu(self.cursorRect().center() if keyboard else event.pos(),
                                 clicked=not keyboard)
        menu.exec(event.globalPos())
        menu.deleteLater()

    def context_menu(self, pos: QPoint, clicked: bool = True) -> QMenu:
        """Return the menu for viewport point pos; a click in a table moves the cursor there."""
        cursor, here = self.textCursor(), self.cursorForPosition(pos)
        if clicked and here.currentTable() is not None and not \
                cursor.selectionStart() <= here.position() <= cursor.selectionEnd():
            self.setTextCursor(here)
        menu = spelling_menu(self, pos, self.add_to_dictionary)
        if self.textCursor().currentTable() is not None and not self.isReadOnly():
            menu.addSeparator()
            table = menu.addMenu("&Table")
            for label, command in (
                    ("Insert Row &Above", lambda: self.add_row(above=True)),
                    ("Insert Row &Below", self.add_row),
                    ("Insert Column &Left", lambda: self.add_column(left=True)),
                    ("Insert Column &Right", self.add_column),
                    ("Delete R&ow", self.remove_row), ("Delete Colu&mn", self.remove_column),
                    ("&Header Row", self.toggle_header_row)):
                table.addAction(label, command)
        return menu

    # clipboard

    def createMimeDataFromSelection(self) -> QMimeData:
        """Copy the selection as subset HTML (with footnotes) and plain text."""
        mime = QMimeData()
        scratch = QTextDocument()
        QTextCursor(scratch).insertFragment(self.textCursor().selection())
        body = to_html(scratch)
        mime.setData(BODY_MIME, body.encode("utf-8"))
        mime.setHtml(body)
        mime.setText(self.textCursor().selection().toPlainText().replace("\ufffc", ""))
        return mime

    def canInsertFromMimeData(self, source: QMimeData) -> bool:
        """Accept our own format, HTML and plain text."""
        return (source.hasFormat(PULL_MIME) or source.hasFormat(BODY_MIME) or source.hasHtml()
                or source.hasText())

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste through the sanitiser: only the body subset gets in."""
        if source.hasFormat(PULL_MIME):  # pulled with its link, not pasted as text
            section_id, _, number = bytes(source.data(PULL_MIME).data()).decode().partition(" ")
            if number.isdigit() and not self.isReadOnly():
                self.pull_dropped.emit(section_id, int(number))
            return
        if source.hasFormat(BODY_MIME):
            html = bytes(source.data(BODY_MIME).data()).decode("utf-8", "replace")
        elif source.hasHtml():
            from app.core.io.paste import from_clipboard_html

            html = from_clipboard_html(source.html())
        else:
            self._insert_plain(source.text())
            return
        if len(html) > MAX_PASTE_CHARS:
            self.paste_refused.emit("The pasted text is too large (over 5 million characters).")
            return
        scratch = QTextDocument()
        load_html(scratch, clean(html))
        self.textCursor().insertFragment(QTextDocumentFragment(scratch))

    def _insert_plain(self, text: str) -> None:
        """Insert plain text, refusing absurd sizes."""
        if len(text) > MAX_PASTE_CHARS:
            self.paste_refused.emit("The pasted text is too large (over 5 million characters).")
            return
        self.textCursor().insertText(text)

