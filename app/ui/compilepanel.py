"""The Compile panel: the shown report chapter's themes, the contribution sections that
match them, their paragraphs to pull, and the pulled paragraphs whose source changed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.compile.contributions import is_report
from app.core.render.html import plain_text
from app.core.text.redline import redline_html
from app.ui.editor.editor import PULL_MIME

if TYPE_CHECKING:
    from app.ui.session import Session

ROLE = Qt.ItemDataRole.UserRole
HINT = "Show a section of a report (sg-report) to draw on its contributions."


class ParagraphList(QListWidget):
    """A contribution section's paragraphs; one dragged into the editor is pulled."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.section_id = ""
        self.setWordWrap(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        """Carry the paragraph's source and number (and its text for other programs)."""
        mime = QMimeData()
        if items:
            number = self.row(items[0]) + 1
            mime.setData(PULL_MIME, f"{self.section_id} {number}".encode())
            mime.setText(items[0].text().split("  ", 1)[-1])
        return mime


class CompilePanel(QWidget):
    """Lists what the shown chapter draws on; asks to pull the chosen paragraph."""

    pull_requested = Signal(str, int)  # source section id, paragraph (1-based)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.chapter = QLabel(HINT, self)
        self.chapter.setWordWrap(True)
        self.matches = QListWidget(self)
        self.matches.currentItemChanged.connect(lambda *_: self._show_paragraphs())
        self.paragraphs = ParagraphList(self)
        self.paragraphs.currentItemChanged.connect(lambda *_: self._enable())
        self.pull_button = QPushButton("Pull into Report", self)
        self.pull_button.setToolTip("Copy the chosen paragraph to the end of the section "
                                    "being edited, linked to its source (or drag the "
                                    "paragraph into the editor)")
        self.pull_button.clicked.connect(self._pull)
        self.changed = QTextBrowser(self)
        layout = QVBoxLayout(self)
        for widget in (self.chapter, self.matches, QLabel("Paragraphs:", self),
                       self.paragraphs, self.pull_button,
                       QLabel("Pulled paragraphs whose source changed:", self), self.changed):
            layout.addWidget(widget)
        self._enable()

    def show_section(self, session: Session | None, section_id: str | None) -> None:
        """Show the chapter holding section_id, when it is in a report."""
        self.session = session
        self.matches.clear()
        self.changed.clear()
        chapter = self._chapter(session, section_id)
        if session is None or chapter is None:
            self.chapter.setText(HINT)
            return
        report_id, chapter_id = chapter
        found = next(c for c in session.plan(report_id).chapters if c.section_id == chapter_id)
        themes = ", ".join(found.themes) or "none yet (rapporteur themes sets them)"
        self.chapter.setText(f"<b>{found.heading}</b> — themes: {themes}")
        for match in found.matches:
            item = QListWidgetItem(f"{match.label}  ({'; '.join(match.reasons)})")
            item.setData(ROLE, match.section_id)
            self.matches.addItem(item)
        self.changed.setHtml("".join(
            f"<p><b>{item.heading} ¶{item.report_paragraph or '?'}</b> ← {item.entity}: "
            f"{item.source_heading}<br>{redline_html(item.pull.source_text, item.source_now)}"
            "</p>" for item in session.source_changed(report_id)) or "<p>None.</p>")

    def _chapter(self, session: Session | None, section_id: str | None
                 ) -> tuple[str, str] | None:
        """Return (report id, chapter id) of a section in a report, else None."""
        if session is None or section_id is None:
            return None
        document = session.document(session.section(section_id).document_id)
        if not is_report(document):
            return None
        for chapter in document.sections:
            if any(s.id == section_id for s in chapter.walk()):
                return document.id, chapter.id
        return None

    def _show_paragraphs(self) -> None:
        """List the paragraphs of the chosen contribution section."""
        self.paragraphs.clear()
        item = self.matches.currentItem()
        self.paragraphs.section_id = str(item.data(ROLE)) if item is not None else ""
        if self.session is not None and item is not None:
            for number, paragraph in enumerate(
                    self.session.paragraphs_of(str(item.data(ROLE))), start=1):
                self.paragraphs.addItem(f"¶{number}  {' '.join(plain_text(paragraph).split())}")
        self._enable()

    def _enable(self) -> None:
        """Allow pulling only with a paragraph chosen in a writable file."""
        writable = self.session is not None and not self.session.readonly
        self.pull_button.setEnabled(writable and self.paragraphs.currentRow() >= 0)

    def _pull(self) -> None:
        """Ask to pull the chosen paragraph."""
        item = self.matches.currentItem()
        if item is not None and self.paragraphs.currentRow() >= 0:
            self.pull_requested.emit(str(item.data(ROLE)), self.paragraphs.currentRow() + 1)
