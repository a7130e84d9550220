"""The Conflicts panel: after a merge, mine, theirs and the ancestor side by side."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.ui.editor.convert import load_html
from app.ui.editor.editor import SectionEditor
from app.ui.session import Session

ROLE = 256


def _shown(value: Any) -> str:
    """Return a conflicting value as HTML for display."""
    if value is None:
        return "<i>(none)</i>"
    if isinstance(value, str):
        return value if value.startswith("<") else f"<p>{value}</p>"
    return f"<p>{value}</p>"


class ConflictPanel(QWidget):
    """Lists open conflicts; resolves the chosen one with mine, theirs or a combined text."""

    resolve_requested = Signal(str, str, object)  # conflict id, choice, value
    show_section = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts: dict[str, dict[str, Any]] = {}
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(self._show)
        self.mine, self.theirs, self.base = (QTextBrowser(self) for _ in range(3))
        self.combined = SectionEditor(self)
        grid = QGridLayout()
        for column, (title, view) in enumerate((("Mine", self.mine), ("Theirs", self.theirs),
                                                ("Before both edits", self.base))):
            grid.addWidget(QLabel(f"<b>{title}</b>", self), 0, column)
            grid.addWidget(view, 1, column)
        self.buttons = {}
        for column, (choice, label) in enumerate((("mine", "Keep Mine"),
                                                  ("theirs", "Take Theirs"),
                                                  ("combined", "Use Combined Text"))):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _c=False, choice=choice: self._resolve(choice))
            grid.addWidget(button, 2, column)
            self.buttons[choice] = button
        self.empty = QLabel("No conflicts: everything merged cleanly.", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addLayout(grid, 3)
        layout.addWidget(QLabel("Combined text (edit, then “Use Combined Text”):", self))
        layout.addWidget(self.combined, 2)

    def refresh(self, session: Session | None) -> int:
        """Reload the open conflicts; return how many there are."""
        self.list.clear()
        self.conflicts = {}
        rows = session.rfile.repo.conflicts() if session is not None else []
        for row in rows:
            self.conflicts[row["id"]] = row
            what = "Section" if row["object_type"] == "section" else "Document"
            label = f"{what} {row['field']}: {self._title(session, row)}"
            item = QListWidgetItem(label)
            item.setData(ROLE, row["id"])
            self.list.addItem(item)
        self.empty.setVisible(not rows)
        for button in self.buttons.values():
            button.setEnabled(bool(rows) and not (session and session.readonly))
        if rows:
            self.list.setCurrentRow(0)
        return len(rows)

    def _title(self, session: Session | None, row: dict[str, Any]) -> str:
        """Return the heading or title of a conflicting object."""
        try:
            if row["object_type"] == "section" and session is not None:
                return session.section(row["object_id"]).heading or "(untitled)"
        except Exception:  # noqa: BLE001 - a deleted section still has its conflict listed
            return "(deleted section)"
        return ""

    def current(self) -> dict[str, Any] | None:
        """Return the conflict being shown."""
        item = self.list.currentItem()
        return self.conflicts.get(item.data(ROLE)) if item else None

    def _show(self, *_args: object) -> None:
        """Show the three versions of the current conflict."""
        row = self.current()
        if row is None:
            for view in (self.mine, self.theirs, self.base, self.combined):
                view.clear()
            return
        self.mine.setHtml(_shown(row["ours"]))
        self.theirs.setHtml(_shown(row["theirs"]))
        self.base.setHtml(_shown(row["base"]))
        value = row["ours"]
        if row["field"] == "body":
            load_html(self.combined.document(), value or "")
        else:
            self.combined.setPlainText("" if value is None else str(value))
        if row["object_type"] == "section":
            self.show_section.emit(row["object_id"])

    def _resolve(self, choice: str) -> None:
        """Ask for the current conflict to be resolved."""
        row = self.current()
        if row is None:
            return
        value = None
        if choice == "combined":
            value = (self.combined.body() if row["field"] == "body"
                     else self.combined.toPlainText().strip())
        self.resolve_requested.emit(row["id"], choice, value)
