"""The Comments panel: comment on the selected text, reply, resolve and reopen."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextCharFormat,
    QTextCursor,
    QTextLayout,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RapporteurError
from app.core.text import comments
from app.ui.session import Session

ROLE = 256
LINES_ROLE = 257  # (author line, quote, body)
HIGHLIGHT = QColor(255, 200, 0, 70)  # see-through: readable on light and dark pages
CHOSEN, CHOSEN_TEXT = QColor(255, 213, 79), QColor(0, 0, 0)
PAD = 4
Index = QModelIndex | QPersistentModelIndex


def elided_lines(text: str, font: QFont, width: int, count: int = 2) -> list[str]:
    """Wrap text to width in at most count lines, the last one elided."""
    flat, start = " ".join(text.split()), 0
    lines: list[str] = []
    layout = QTextLayout(flat, font)
    layout.beginLayout()
    while len(lines) < count - 1 and start < len(flat):
        line = layout.createLine()
        line.setLineWidth(width)
        lines.append(flat[start:start + line.textLength()].rstrip())
        start += line.textLength()
    layout.endLayout()
    rest = QFontMetrics(font).elidedText(flat[start:], Qt.TextElideMode.ElideRight, width)
    return lines + [rest] if rest else lines


class CommentDelegate(QStyledItemDelegate):
    """Paints the author (bold), the quoted anchor (italic, muted) and two lines of text."""

    def _lines(self, option: QStyleOptionViewItem, index: Index) -> list[tuple[str, QFont]]:
        author, quote, body = index.data(LINES_ROLE)
        bold, italic = QFont(option.font), QFont(option.font)
        bold.setBold(True)
        italic.setItalic(True)
        width = max(40, option.rect.width() - 2 * PAD)
        lines = [(author, bold)]
        if quote:
            lines.append((QFontMetrics(italic).elidedText(
                f"“{quote}”", Qt.TextElideMode.ElideMiddle, width), italic))
        return lines + [(text, option.font) for text in elided_lines(body, option.font, width)]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        """Room for every line at the list's width."""
        opt, view = QStyleOptionViewItem(option), self.parent()
        if isinstance(view, QTreeWidget):
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            opt.rect.setWidth(view.viewport().width() - view.indentation() * depth)
        height = len(self._lines(opt, index)) * opt.fontMetrics.lineSpacing() + 2 * PAD
        return QSize(opt.rect.width(), height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        """Draw the row's background, then its lines."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QStyle()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        painter.save()
        y = option.rect.top() + PAD + option.fontMetrics.ascent()
        for text, font in self._lines(option, index):
            muted = font.italic() and not selected
            painter.setFont(font)
            painter.setPen(option.palette.color(
                QPalette.ColorRole.PlaceholderText if muted else text_role))
            painter.drawText(option.rect.left() + PAD, y, text)
            y += option.fontMetrics.lineSpacing()
        painter.restore()


class CommentPanel(QWidget):
    """Comments of the shown section, with their replies."""

    changed = Signal()

    def __init__(self, editor: QTextEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.session: Session | None = None
        self.section_id: str | None = None
        self.items: dict[str, comments.Comment] = {}
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setItemDelegate(CommentDelegate(self.tree))
        self.tree.viewport().installEventFilter(self)
        self.tree.itemSelectionChanged.connect(self._highlight)
        self.text = QLineEdit(self)
        self.text.setPlaceholderText("Write a comment on the selected text, or a reply")
        self.add_button = QPushButton("Comment on Selection", self)
        self.reply_button = QPushButton("Reply", self)
        self.resolve_button = QPushButton("Resolve / Reopen", self)
        self.add_button.clicked.connect(self.add_on_selection)
        self.reply_button.clicked.connect(self.reply)
        self.resolve_button.clicked.connect(self.toggle_resolved)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.reply_button, self.resolve_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.text)
        layout.addLayout(buttons)

    def show_section(self, session: Session | None, section_id: str | None) -> None:
        """List the comments of a section."""
        self.session, self.section_id = session, section_id
        self.tree.clear()
        self.items = {}
        if session is None or section_id is None:
            return
        writable = not session.readonly
        for button in (self.add_button, self.reply_button, self.resolve_button):
            button.setEnabled(writable)
        nodes: dict[str, QTreeWidgetItem] = {}
        for note in session.comments_for(section_id):
            self.items[note.id] = note
            quote = "" if note.parent_id else note.quote
            item = QTreeWidgetItem([f"{note.author}: {note.body}"])
            item.setData(0, ROLE, note.id)
            item.setData(0, LINES_ROLE, (note.author + (" · resolved" if note.resolved else ""),
                                         quote, note.body))
            item.setToolTip(0, f"“{quote}”\n\n{note.body}" if quote else note.body)
            parent = nodes.get(note.parent_id or "")
            (parent.addChild(item) if parent else self.tree.addTopLevelItem(item))
            nodes[note.id] = item
        self.tree.expandAll()
        self._highlight()

    def add_on_selection(self) -> None:
        """Comment on the text selected in the editor."""
        cursor = self.editor.textCursor()
        if self.session is None or self.section_id is None or not cursor.hasSelection():
            return
        start, end = self._plain_range(cursor)
        session, section_id, text = self.session, self.section_id, self.text.text()
        self._run(lambda: session.add_comment(section_id, start, end, text))

    def reply(self) -> None:
        """Reply to the selected comment."""
        note = self._selected()
        if note is not None and self.session is not None:
            root = note.parent_id or note.id
            session, text = self.session, self.text.text()
            self._run(lambda: session.reply_to_comment(root, text))

    def toggle_resolved(self) -> None:
        """Resolve the selected comment, or reopen it."""
        note = self._selected()
        if note is not None and self.session is not None:
            root = self.items.get(note.parent_id or note.id, note)
            session = self.session
            self._run(lambda: session.set_comment_resolved(root.id, not root.resolved))

    def _run(self, action: Callable[[], None]) -> None:
        """Run a change, then refresh; errors show in the field's tooltip."""
        if self.editor.parent() is not None:
            flush = getattr(self.window(), "control", None)
            if flush is not None:
                flush.flush()
        try:
            action()
        except RapporteurError as exc:
            self.text.setToolTip(str(exc))
            return
        self.text.clear()
        self.show_section(self.session, self.section_id)
        self.changed.emit()

    def _selected(self) -> comments.Comment | None:
        """Return the selected comment."""
        items = self.tree.selectedItems()
        return self.items.get(items[0].data(0, ROLE)) if items else None

    def _plain_range(self, cursor: QTextCursor) -> tuple[int, int]:
        """Map an editor selection to offsets in the section's folded plain text."""
        doc_text = self.editor.toPlainText()
        before = " ".join(doc_text[:cursor.selectionStart()].replace("\ufffc", " ").split())
        chosen = " ".join(cursor.selectedText().replace("\u2029", " ")
                          .replace("\ufffc", " ").split())
        start = len(before) + (1 if before else 0)
        return start, start + len(chosen)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Rows are as tall as their text at the list's width."""
        if event.type() == QEvent.Type.Resize:
            self.tree.doItemsLayout()
        return super().eventFilter(watched, event)

    def _highlight(self) -> None:
        """Mark every open comment's anchor; the selected one's strongly, scrolled to."""
        chosen = self._selected()
        root = self.items.get(chosen.parent_id or chosen.id) if chosen else None
        folded, positions = _folded(self.editor.toPlainText())
        selections, target = [], None
        for note in self.items.values():
            if note.parent_id or note.start is None or (note.resolved and note is not root):
                continue
            found = comments.locate(folded, note.quote, note.start)
            if found is None:
                continue
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(positions[found[0]])
            cursor.setPosition(positions[found[1] - 1] + 1, QTextCursor.MoveMode.KeepAnchor)
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(CHOSEN if note is root else HIGHLIGHT)
            if note is root:
                fmt.setForeground(CHOSEN_TEXT)
                target = cursor
            selection.format = fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        if target is not None:
            self._scroll_to(target)

    def _scroll_to(self, cursor: QTextCursor) -> None:
        """Bring the anchor into view, a third down, without moving the editor's cursor."""
        start = QTextCursor(cursor)
        start.setPosition(cursor.selectionStart())
        rect, area = self.editor.cursorRect(start), self.editor.viewport().rect()
        if not area.contains(rect):
            bar = self.editor.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - area.height() // 3)


def _folded(text: str) -> tuple[str, list[int]]:
    """Fold text's whitespace as comments.section_text does; map each character back."""
    chars: list[str] = []
    positions: list[int] = []
    gap = None
    for position, char in enumerate(text):
        if char.isspace() or char == "\ufffc":
            gap = position if gap is None and chars else gap
            continue
        if gap is not None:
            chars.append(" ")
            positions.append(gap)
            gap = None
        chars.append(char)
        positions.append(position)
    return "".join(chars), positions
