"""The section editor: a QTextEdit limited to the body subset, with footnotes and safe paste."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import (
    QContextMenuEvent,
    QFont,
    QKeySequence,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextDocumentFragment,
    QTextListFormat,
    QTextTableFormat,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from app.core.sanitize import clean
from app.ui.editor.convert import heading_char_format, load_html, to_html
from app.ui.editor.footnotes import (
    FootnoteDialog,
    FootnoteMarker,
    footnote_at,
    insert_footnote,
    set_footnote_html,
)
from app.ui.editor.formats import DIR, FOOTNOTE_HTML, FOOTNOTE_OBJECT, LANG
from app.ui.editor.spellcheck import spelling_menu

BODY_MIME = "application/x-rapporteur-body"
MAX_PASTE_CHARS = 5_000_000


def new_document(parent: QWidget | None, body: str, marker: FootnoteMarker) -> QTextDocument:
    """Return a QTextDocument holding body, with footnote markers drawn by marker."""
    doc = QTextDocument(parent)
    doc.documentLayout().registerHandler(FOOTNOTE_OBJECT, marker)
    doc.setDefaultFont(QFont("Liberation Serif", 12))
    doc.setDocumentMargin(28)
    load_html(doc, body)
    return doc


class SectionEditor(QTextEdit):
    """Rich text editing of one section body at a time."""

    footnotes_changed = Signal()
    paste_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.marker = FootnoteMarker(self)
        self.setAcceptRichText(True)
        self.setTabChangesFocus(False)
        self.document().documentLayout().registerHandler(FOOTNOTE_OBJECT, self.marker)

    def body(self) -> str:
        """Return the shown document as subset HTML."""
        return to_html(self.document())

    # formatting

    def toggle_bold(self) -> None:
        """Make the selection bold, or plain if it already is."""
        bold = self.fontWeight() < QFont.Weight.DemiBold
        self._merge(lambda f: f.setFontWeight(QFont.Weight.Bold if bold
                                              else QFont.Weight.Normal))

    def toggle_italic(self) -> None:
        """Make the selection italic, or upright."""
        italic = not self.fontItalic()
        self._merge(lambda f: f.setFontItalic(italic))

    def toggle_underline(self) -> None:
        """Underline the selection, or not."""
        underline = not self.fontUnderline()
        self._merge(lambda f: f.setFontUnderline(underline))

    def toggle_script(self, align: QTextCharFormat.VerticalAlignment) -> None:
        """Make the selection superscript or subscript, or back to normal."""
        current = self.textCursor().charFormat().verticalAlignment()
        target = QTextCharFormat.VerticalAlignment.AlignNormal if current == align else align
        self._merge(lambda f: f.setVerticalAlignment(target))

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
            fmt = QTextListFormat()
            fmt.setStyle(style)
            fmt.setIndent(1)
            cursor.createList(fmt)
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

    def insert_table(self, rows: int, columns: int) -> None:
        """Insert a simple table."""
        fmt = QTextTableFormat()
        fmt.setCellPadding(4)
        fmt.setBorder(0.5)
        self.textCursor().insertTable(rows, columns, fmt)

    def _merge(self, change: object) -> None:
        """Apply a char format change to the selection (or the word at the cursor)."""
        fmt = QTextCharFormat()
        change(fmt)  # type: ignore[operator]
        cursor = self.textCursor()
        if not cursor.hasSelection():
            self.mergeCurrentCharFormat(fmt)
            return
        cursor.mergeCharFormat(fmt)

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
        pos = self.cursorRect().center() if keyboard else event.pos()
        menu = spelling_menu(self, pos, self.add_to_dictionary)
        menu.exec(event.globalPos())
        menu.deleteLater()

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
        return source.hasFormat(BODY_MIME) or source.hasHtml() or source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:
        """Paste through the sanitiser: only the body subset gets in."""
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


SHORTCUTS = {
    "bold": QKeySequence.StandardKey.Bold,
    "italic": QKeySequence.StandardKey.Italic,
    "underline": QKeySequence.StandardKey.Underline,
    "footnote": QKeySequence("Ctrl+Alt+F"),
    "superscript": QKeySequence("Ctrl+Shift+="),
    "subscript": QKeySequence("Ctrl+="),
}
