"""The Comments panel: comment on the selected text, reply, resolve and reopen."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import comments
from app.core.errors import RapporteurError
from app.ui.session import Session

ROLE = 256
HIGHLIGHT = QColor(255, 236, 150)


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
        self.tree.setHeaderLabels(["Comment", "Who"])
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
        for note in comments.for_section(session.rfile, section_id):
            self.items[note.id] = note
            label = note.body if note.parent_id else f"“{note.quote}”: {note.body}"
            if note.resolved:
                label = f"[resolved] {label}"
            item = QTreeWidgetItem([label, note.author])
            item.setData(0, ROLE, note.id)
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
        self._run(lambda: comments.add(self.session.rfile, self.section_id,  # type: ignore
                                       start, end, self.text.text()))

    def reply(self) -> None:
        """Reply to the selected comment."""
        note = self._selected()
        if note is not None and self.session is not None:
            root = note.parent_id or note.id
            self._run(lambda: comments.reply(self.session.rfile, root,  # type: ignore
                                             self.text.text()))

    def toggle_resolved(self) -> None:
        """Resolve the selected comment, or reopen it."""
        note = self._selected()
        if note is not None and self.session is not None:
            root = self.items.get(note.parent_id or note.id, note)
            self._run(lambda: comments.set_resolved(self.session.rfile,  # type: ignore
                                                    root.id, not root.resolved))

    def _run(self, action: object) -> None:
        """Run a change, then refresh; errors show in the field's tooltip."""
        if self.editor.parent() is not None:
            flush = getattr(self.window(), "control", None)
            if flush is not None:
                flush.flush()
        try:
            action()  # type: ignore[operator]
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

    def _highlight(self) -> None:
        """Mark the anchored text of every open comment in the editor."""
        selections = []
        text = " ".join(self.editor.toPlainText().replace("\ufffc", " ").split())
        for note in self.items.values():
            if note.parent_id or note.resolved or note.start is None:
                continue
            found = self.editor.document().find(note.quote)
            if found.isNull() or not text:
                continue
            selection = QTextEdit.ExtraSelection()
            selection.cursor = found
            fmt = QTextCharFormat()
            fmt.setBackground(HIGHLIGHT)
            selection.format = fmt
            selections.append(selection)
        self.editor.setExtraSelections(selections)
