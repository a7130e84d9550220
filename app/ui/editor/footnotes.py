"""Footnotes in the editor: a numbered marker object, and the popup that edits its text."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRect, QRectF, QSizeF
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPainter,
    QPyTextObject,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from app.ui.editor.convert import load_html, to_html
from app.ui.editor.formats import FOOTNOTE_HTML, FOOTNOTE_OBJECT, OBJECT_CHAR
from app.ui.editor.formatting import FormattingEdit, format_toolbar


def footnote_positions(doc: QTextDocument) -> list[int]:
    """Return the document positions of every footnote marker, in order."""
    positions: list[int] = []
    block = doc.begin()
    while block.isValid():
        for span in block.textFormats():
            if span.format.objectType() == FOOTNOTE_OBJECT:
                positions.extend(block.position() + span.start + i for i in range(span.length))
        block = block.next()
    return positions


class FootnoteMarker(QPyTextObject):
    """Draws a footnote as its superscript number (offset by earlier sections' notes)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offset = 0
        self._cache: tuple[int, list[int]] = (-1, [])

    def number(self, doc: QTextDocument, position: int) -> int:
        """Return the displayed number of the footnote at position."""
        if self._cache[0] != doc.revision():
            self._cache = (doc.revision(), footnote_positions(doc))
        positions = self._cache[1]
        index = positions.index(position) if position in positions else len(positions)
        return self.offset + index + 1

    def _font(self, fmt: QTextFormat) -> QFont:
        font = QTextCharFormat(fmt).font()
        size = font.pointSizeF() if font.pointSizeF() > 0 else 11.0
        font.setPointSizeF(size * 0.7)
        font.setBold(True)
        return font

    def intrinsicSize(self, doc: QTextDocument, position: int, fmt: QTextFormat) -> QSizeF:
        metrics = QFontMetricsF(self._font(fmt))
        text = str(self.number(doc, position))
        return QSizeF(metrics.horizontalAdvance(text) + 2, metrics.height())

    def drawObject(self, painter: QPainter, rect: QRectF | QRect, doc: QTextDocument, position: int,
                   fmt: QTextFormat) -> None:
        painter.save()
        painter.setFont(self._font(fmt))
        painter.setPen(QGuiApplication.palette().link().color())
        metrics = QFontMetricsF(self._font(fmt))
        top = rect.top() - metrics.height() * 0.35
        painter.drawText(QPointF(rect.left() + 1, top + metrics.ascent()),
                         str(self.number(doc, position)))
        painter.restore()


def insert_footnote(cursor: QTextCursor, html: str) -> None:
    """Insert a footnote marker carrying html at the cursor."""
    fmt = QTextCharFormat(cursor.charFormat())
    fmt.setObjectType(FOOTNOTE_OBJECT)
    fmt.setProperty(FOOTNOTE_HTML, html)
    cursor.insertText(OBJECT_CHAR, fmt)


def footnote_at(cursor: QTextCursor) -> QTextCursor | None:
    """Return a cursor selecting the footnote marker next to cursor, if any."""
    doc = cursor.document()
    for position in (cursor.position(), cursor.position() - 1):
        if position < 0:
            continue
        probe = QTextCursor(doc)
        probe.setPosition(position)
        probe.movePosition(QTextCursor.MoveOperation.NextCharacter,
                           QTextCursor.MoveMode.KeepAnchor)
        if probe.selectedText() == OBJECT_CHAR and \
                probe.charFormat().objectType() == FOOTNOTE_OBJECT:
            return probe
    return None


def set_footnote_html(selection: QTextCursor, html: str) -> None:
    """Change the text of the footnote a cursor selects (one undoable step)."""
    fmt = selection.charFormat()
    fmt.setProperty(FOOTNOTE_HTML, html)
    selection.setCharFormat(fmt)


class FootnoteDialog(QDialog):
    """A small rich-text editor for one footnote's text."""

    def __init__(self, parent: QWidget | None, number: int, html: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Footnote {number}")
        self.editor = FormattingEdit(self)
        self.editor.setAcceptRichText(False)
        self.editor.document().setDefaultFont(QFont("Liberation Serif", 12))
        self.editor.setMinimumSize(420, 110)
        load_html(self.editor.document(), f"<p>{html}</p>" if html else "")
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Footnote text (Ctrl+B bold, Ctrl+I italic, Ctrl+U underline):",
                                self))
        layout.addWidget(format_toolbar(self, self.editor))
        layout.addWidget(self.editor)
        layout.addWidget(buttons)

    def html(self) -> str:
        """Return the footnote text as inline subset HTML."""
        body = to_html(self.editor.document())
        parts = [p[len("<p>"):-len("</p>")] for p in _paragraphs(body)]
        return "<br>".join(part for part in parts if part)


def _paragraphs(body: str) -> list[str]:
    """Split canonical HTML made of <p> blocks into those blocks."""
    out, rest = [], body
    while rest.startswith("<p>") or rest.startswith("<p "):
        end = rest.index("</p>") + len("</p>")
        block = rest[:end]
        out.append(block if block.startswith("<p>") else "<p>" + block[block.index(">") + 1:])
        rest = rest[end:]
    return out
