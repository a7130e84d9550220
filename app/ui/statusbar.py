"""The status bar: word counts against the template's limit, pages, save state."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

WARN = "color: #b03a2e; font-weight: bold;"


class StatusLine(QStatusBar):
    """Counts and messages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words = QLabel(self)
        self.pages = QLabel(self)
        self.state = QLabel(self)
        for label in (self.state, self.pages, self.words):
            self.addPermanentWidget(label)
        self._clear = QTimer(self, singleShot=True, interval=8000)
        self._clear.timeout.connect(lambda: self.showMessage(""))

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

    def flash(self, message: str, *, error: bool = False) -> None:
        """Show a message for a few seconds (errors in the warning colour)."""
        self.setStyleSheet(WARN if error else "")
        self.showMessage(message)
        if error:
            self.state.setText("Not saved")
            self.state.setStyleSheet(WARN)
        self._clear.start()
