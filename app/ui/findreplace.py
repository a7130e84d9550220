"""Find and replace across the file: sections, titles and fields; Replace All is undoable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QShowEvent
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

from app.core.document.templates import load_template
from app.core.errors import RapporteurError
from app.core.text import search
from app.ui.commands import FileCommand
from app.ui.statusbar import plural

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

ROLE = 256  # Qt.UserRole: the id of the section, or of the document for a title or field


class ReplaceAll(FileCommand):
    """Every replacement as one undoable step; undo writes every old value back."""

    def __init__(self, win: MainWindow, changes: list[search.Change], text: str) -> None:
        super().__init__(text)
        self.win, self.changes = win, changes

    def _write(self, *, undo: bool) -> None:
        session = self.win.session
        if session is None:
            return
        self.win.control.flush()
        self.win.properties.flush()
        done = session.apply_replacements(self.changes, undo=undo)
        if len(done) < len(self.changes):
            self.win.status.flash(f"{len(self.changes) - len(done)} places were edited since "
                                  "and were left as they are")

    def forward(self) -> None:
        self._write(undo=False)

    def back(self) -> None:
        self._write(undo=True)


class FindReplaceDialog(QDialog):
    """Search the whole file; step through matches; replace one or everywhere."""

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
        self.summary.setWordWrap(True)
        buttons = {}
        for name, text, slot in (("find", "Find All", self.find_all),
                                 ("next", "Find Next", self.find_next),
                                 ("replace", "Replace", self.replace),
                                 ("replace_all", "Replace All…", self.replace_all)):
            buttons[name] = QPushButton(text, self)
            buttons[name].clicked.connect(lambda _c=False, slot=slot: slot())
        buttons["next"].setDefault(True)
        self.buttons = buttons
        self.needle.returnPressed.connect(self.find_next)
        self.results.itemActivated.connect(self._jump)
        self.results.itemClicked.connect(self._jump)
        win.undo_stack.indexChanged.connect(self._refresh)
        grid = QGridLayout(self)
        grid.addWidget(QLabel("Find:"), 0, 0)
        grid.addWidget(self.needle, 0, 1)
        grid.addWidget(buttons["next"], 0, 2)
        grid.addWidget(buttons["find"], 0, 3)
        grid.addWidget(QLabel("Replace with:"), 1, 0)
        grid.addWidget(self.replacement, 1, 1)
        grid.addWidget(buttons["replace"], 1, 2)
        grid.addWidget(buttons["replace_all"], 1, 3)
        grid.addWidget(self.case, 2, 1)
        grid.addWidget(self.whole, 3, 1)
        grid.addWidget(self.results, 4, 0, 1, 4)
        grid.addWidget(self.summary, 5, 0, 1, 4)
        self.resize(620, 420)

    def showEvent(self, event: QShowEvent) -> None:
        """Offer Replace only on a file that can be written (the dialog outlives files)."""
        writable = self.win.session is not None and not self.win.session.readonly
        self.buttons["replace"].setEnabled(writable)
        self.buttons["replace_all"].setEnabled(writable)
        super().showEvent(event)

    def _options(self) -> dict[str, bool]:
        return {"case": self.case.isChecked(), "whole_word": self.whole.isChecked()}

    def find_all(self) -> list[search.Hit]:
        """List every section, title and field that matches."""
        self.results.clear()
        if self.win.session is None:
            return []
        self.win.control.flush()
        hits = self.win.session.find(self.needle.text(), **self._options())
        for hit in hits:
            item = QListWidgetItem(f"{self._where(hit)} — {hit.count}×\n    {hit.snippet}")
            item.setData(ROLE, hit.section_id or hit.document_id)
            self.results.addItem(item)
        total = sum(h.count for h in hits)
        places = sum(1 for h in hits if h.section_id)
        self.summary.setText(f"{plural(total, 'match', 'matches')} in "
                             f"{plural(places, 'section')} and "
                             f"{plural(len(hits) - places, 'field')}" if hits else "No matches")
        return hits

    def _where(self, hit: search.Hit) -> str:
        """Name a hit's place: the section's heading, or the document and field."""
        if hit.section_id:
            return hit.label or "(untitled section)"
        name = "Title"
        if hit.field != "title" and self.win.session is not None:
            try:
                template = load_template(self.win.session.document(hit.document_id).template)
                spec = template.field(hit.field)
                name = spec.label if spec else hit.field
            except RapporteurError:
                name = hit.field
        title = hit.label or "(untitled document)"
        return f"{name} of “{title if len(title) <= 40 else title[:39] + '…'}”"

    def _regex(self) -> QRegularExpression:
        """Return the search as a Qt regex for the editor (same pattern as the core)."""
        regex = search.pattern(self.needle.text(), **self._options())
        options = QRegularExpression.PatternOption.UseUnicodePropertiesOption
        if not self.case.isChecked():
            options |= QRegularExpression.PatternOption.CaseInsensitiveOption
        return QRegularExpression(regex.pattern, options)

    def find_next(self) -> bool:
        """Select the next match in the text, moving on to the next section that has one."""
        session = self.win.session
        if session is None or not self.needle.text():
            return False
        regex, editor = self._regex(), self.win.editor
        if self.win.control.section_id is not None:
            found = editor.document().find(regex, editor.textCursor())
            if not found.isNull():
                editor.setTextCursor(found)
                return True
        self.win.control.flush()
        order = [s.id for d in session.documents() for s in d.all_sections()]
        hits = {h.section_id for h in session.find(self.needle.text(), **self._options())}
        current = self.win.control.section_id
        start = order.index(current) + 1 if current in order else 0
        for section_id in [*order[start:], *order[:start]]:
            if section_id in hits:
                self.win.nav.select(section_id)
                self.win.control.show_section(section_id)
                found = editor.document().find(regex, 0)
                if not found.isNull():
                    editor.setTextCursor(found)
                    return True
        self.summary.setText("No match in the text of any section")
        return False

    def replace(self) -> bool:
        """Replace the selected match in the editor (undone with the text), then find the next."""
        session, editor = self.win.session, self.win.editor
        if session is None or session.readonly or not self.needle.text():
            return False
        cursor = editor.textCursor()
        if cursor.hasSelection() and self.win.control.section_id is not None:
            found = editor.document().find(self._regex(), cursor.selectionStart())
            if (found.selectionStart(), found.selectionEnd()) == (cursor.selectionStart(),
                                                                  cursor.selectionEnd()):
                cursor.insertText(self.replacement.text())
                editor.setTextCursor(cursor)
                self.find_next()
                return True
        self.find_next()
        return False

    def replace_all(self) -> int:
        """Ask, then replace everywhere as one step that Edit ▸ Undo takes back."""
        session = self.win.session
        if session is None or session.readonly or not self.needle.text():
            return 0
        self.win.properties.flush()
        if not self.win.control.flush():
            self.summary.setText("Your text could not be saved: nothing was replaced")
            return 0
        changes = session.plan_replacements(self.needle.text(), self.replacement.text(),
                                            **self._options())
        total = sum(c.count for c in changes)
        if not changes:
            self.summary.setText("Nothing to replace")
            return 0
        sections = len({c.section_id for c in changes if c.section_id})
        fields = sum(1 for c in changes if c.section_id is None)
        if not self.win.ask(f"Replace {plural(total, 'occurrence')} in "
                            f"{plural(sections, 'section')} and {plural(fields, 'field')}?"):
            return 0
        self.win.undo_stack.push(ReplaceAll(
            self.win, changes, f"Replace “{self.needle.text()}” with "
                               f"“{self.replacement.text()}” ({total}×)"))
        self.summary.setText(f"Replaced {plural(total, 'occurrence')}; "
                             "Edit ▸ Undo puts them all back")
        return total

    def _refresh(self, _index: int) -> None:
        """List the matches again after Replace All, an undo or a redo (while shown)."""
        if self.isVisible() and self.needle.text():
            self.find_all()

    def _jump(self, item: QListWidgetItem) -> None:
        """Show the section of a result, or the document whose title or field matched."""
        self.win.nav.select(item.data(ROLE))
