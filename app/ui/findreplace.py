"""Find and replace across every section of the file, results listed by section."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGridLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
)

from app.core import search

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow


class FindReplaceDialog(QDialog):
    """Search the whole file; jump to a section; replace everywhere."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.setWindowTitle("Find and Replace")
        self.needle = QLineEdit(self)
        self.replacement = QLineEdit(self)
        self.case = QCheckBox("Match case", self)
        self.whole = QCheckBox("Whole words", self)
        self.results = QListWidget(self)
        self.summary = QLabel(self)
        find = QPushButton("Find", self)
        replace = QPushButton("Replace All", self)
        replace.setEnabled(not (win.session and win.session.readonly))
        find.clicked.connect(self.find)
        replace.clicked.connect(self.replace_all)
        self.needle.returnPressed.connect(self.find)
        self.results.itemActivated.connect(self._jump)
        self.results.itemClicked.connect(self._jump)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Find:"), 0, 0)
        grid.addWidget(self.needle, 0, 1)
        grid.addWidget(find, 0, 2)
        grid.addWidget(QLabel("Replace with:"), 1, 0)
        grid.addWidget(self.replacement, 1, 1)
        grid.addWidget(replace, 1, 2)
        grid.addWidget(self.case, 2, 1)
        grid.addWidget(self.whole, 3, 1)
        grid.addWidget(self.results, 4, 0, 1, 3)
        grid.addWidget(self.summary, 5, 0, 1, 3)
        self.resize(560, 420)

    def find(self) -> list[search.Hit]:
        """List the sections that match."""
        self.results.clear()
        if self.win.session is None:
            return []
        self.win.control.flush()
        hits = search.find(self.win.session.rfile, self.needle.text(),
                           case=self.case.isChecked(), whole_word=self.whole.isChecked())
        for hit in hits:
            item = QListWidgetItem(f"{hit.heading or '(untitled)'} — {hit.count}×\n"
                                   f"    {hit.snippet}")
            item.setData(256, hit.section_id)
            self.results.addItem(item)
        total = sum(h.count for h in hits)
        self.summary.setText(f"{total} matches in {len(hits)} sections")
        return hits

    def replace_all(self) -> int:
        """Replace in every section (one transaction) and show the new state."""
        session = self.win.session
        if session is None or session.readonly or not self.needle.text():
            return 0
        self.win.control.flush()
        count = search.replace_all(session.rfile, self.needle.text(), self.replacement.text(),
                                   case=self.case.isChecked(), whole_word=self.whole.isChecked())
        current = self.win.control.section_id
        self.win.control.reset()
        session.changed.emit()
        if current:
            self.win.control.show_section(current)
        self.summary.setText(f"Replaced {count} occurrences")
        return count

    def _jump(self, item: QListWidgetItem) -> None:
        """Show the section of a result."""
        self.win._select(item.data(256))
