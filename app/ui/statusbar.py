"""The status bar: word counts against the template's limit, pages, save state."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QPushButton, QStatusBar, QWidget

WARN = "color: #b03a2e; font-weight: bold;"


def plural(count: int, noun: str, nouns: str = "") -> str:
    """Return "1 page", "2 pages", "0 conflicts" (nouns for irregular plurals)."""
    return f"{count:,} {noun if count == 1 else nouns or noun + 's'}"


class StatusLine(QStatusBar):
    """Counts and messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = QLabel(self)
        self.pages = QLabel(self)
        self.state = QLabel(self)
        for label in (self.state, self.pages, self.words):
            self.addPermanentWidget(label)
        self.undo_button = QPushButton("Undo", self)
        self.undo_button.setFlat(True)
        self.undo_button.setStyleSheet("QPushButton { text-decoration: underline; }")
        self.undo_button.clicked.connect(self._undo_clicked)
        self.undo_button.hide()
        self.insertPermanentWidget(0, self.undo_button)
        self._undo: Callable[[], object] | None = None
        self._clear = QTimer(self, singleShot=True, interval=8000)
        self._clear.timeout.connect(self._cleared)

    def set_words(self, section: int | None, document: int | None, limit: int | None,
                  budget: int | None = None) -> None:
        """Show section and document word counts; warn when over the budget or limit."""
        if document is None:
            self.words.setText("")
            return
        text = ""
        if section is not None:
            text = f"Section: {section:,}" + (f" / {budget:,} words · " if budget
                                              else " words · ")
        text += f"Document: {document:,}"
        text += f" / {limit:,} words" if limit else " words"
        self.words.setText(text)
        over = (limit and document > limit) or (budget and section and section > budget)
        self.words.setStyleSheet(WARN if over else "")

    def set_pages(self, pages: int, limit: int | None) -> None:
        """Show the page count of the latest rendering."""
        if not pages:
            self.pages.setText("")
            return
        noun = "page" if pages == 1 else "pages"
        self.pages.setText(f"{pages} {noun}" + (f" of at most {limit}" if limit else ""))
        self.pages.setStyleSheet(WARN if limit and pages > limit else "")

    def set_saved(self) -> None:
        """Say that everything is in the file."""
        self.state.setText("All changes saved")
        self.state.setStyleSheet("")

    def offer_undo(self, message: str, undo: Callable[[], object]) -> None:
        """Say what was just done, with an Undo button beside it for a few seconds."""
        self.flash(message)
        self._undo = undo
        self.undo_button.show()

    def withdraw_undo(self) -> None:
        """Hide the Undo offer (the change was undone, or another came after it)."""
        if self._undo is not None:
            self._cleared()

    def _undo_clicked(self) -> None:
        undo, self._undo = self._undo, None
        self._cleared()
        if undo is not None:
            undo()

    def _cleared(self) -> None:
        self.showMessage("")
        self.undo_button.hide()
        self._undo = None

    def flash(self, message: str, *, error: bool = False) -> None:
        """Show a message for a few seconds (errors in the warning colour)."""
        self.setStyleSheet(WARN if error else "")
        self.undo_button.hide()
        self.showMessage(message)
        if error:
            self.state.setText("Not saved")
            self.state.setStyleSheet(WARN)
        self._clear.start()
