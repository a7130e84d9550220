"""The PDF preview: QPdfView fed by the warm render worker, keeping the reader's place."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QLabel, QStackedLayout, QVBoxLayout, QWidget

from app.core.render.worker import RenderOutcome, RenderPool
from app.ui.background import FutureWatcher
from app.ui.pdfnav import PagedPdfView, PreviewBar

PREVIEW_POLL_MS = 5  # a finished preview waits at most this long for the UI to notice


class PreviewPanel(QWidget):
    """Shows the latest rendering; the newest request wins, older ones are cancelled."""

    rendered = Signal(object)  # RenderOutcome

    def __init__(self, pool: RenderPool | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pool = pool
        self.view = PagedPdfView(self)
        self.pdf = QPdfDocument(self)
        self.view.setDocument(self.pdf)
        self.bar = PreviewBar(self.view, self)
        self.pdf.pageCountChanged.connect(self.bar.update_state)
        self.message = QLabel("The preview appears here.", self)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.stack = QStackedLayout()
        self.stack.addWidget(self.message)
        self.stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addLayout(self.stack)
        self._buffer: QBuffer | None = None
        self.section_id: str | None = None
        self._shown: object = self  # the section whose PDF is shown; self: none yet
        self._pending: tuple[str, str | None] | None = None
        self._watcher = FutureWatcher(self, interval=PREVIEW_POLL_MS,
                                      on_timeout=self._stop_runaway)
        self._watcher.done.connect(self._show)
        self.last: RenderOutcome | None = None

    def _stop_runaway(self) -> None:
        """Replace the worker of a render that ran past its time limit."""
        if self.pool is not None:
            self.pool.kill()

    def show_text(self, snippet: str, section_id: str | None = None) -> bool:
        """Go to the page holding snippet (the words around the editor's cursor).

        If section_id's preview is not shown yet, that happens when it arrives.
        """
        self._pending = (snippet, section_id)
        if section_id is not None and self._shown not in (section_id, None):
            return False
        found = self.view.go_to_text(snippet)
        if found and section_id is not None:
            self._pending = None
        return found

    def request(self, document: dict[str, Any], section_id: str | None = None,
                offsets: Any = None, *, subsections: bool = True) -> None:
        """Render the document (or one section of it) now; the newest request wins.

        A render still running is cancelled (its text is out of date) and the new one
        queued behind it at once, so it starts the moment the worker is free.
        """
        if self.pool is None:
            return
        running = self._watcher.future
        if running is not None and not running.done():
            self.pool.cancel(running)
        self._start((document, section_id, offsets, subsections))

    def _start(self, job: tuple[dict[str, Any], str | None, Any, bool]) -> None:
        """Hand a job to the worker: a section preview, or the whole document."""
        assert self.pool is not None
        document, section_id, offsets, subsections = job
        self.section_id = section_id
        if section_id is None:
            self._watcher.watch(self.pool.submit(document))
        else:
            self._watcher.watch(self.pool.submit_section(document, section_id, offsets,
                                                         subsections=subsections))

    def _show(self, outcome: RenderOutcome) -> None:
        """UI thread: show a PDF (keeping the scroll position) or the error."""
        if outcome.cancelled:
            return
        self.last = outcome
        if outcome.error:
            self.message.setText(f"The preview could not be rendered:\n{outcome.error}")
            self.stack.setCurrentWidget(self.message)
        else:
            self._load(outcome.pdf)
        self.rendered.emit(outcome)

    def _load(self, pdf: bytes) -> None:
        """Replace the shown PDF; the same section keeps its page, zoom and scroll position.

        Another section opens where show_text asked, else at its first page.
        """
        bar = self.view.verticalScrollBar()
        position = bar.value() if self._shown == self.section_id else 0
        buffer = QBuffer(self)
        buffer.setData(QByteArray(pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(buffer)
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._buffer = buffer
        self._shown = self.section_id
        self.stack.setCurrentWidget(self.view)
        bar.setValue(position)
        pending, self._pending = self._pending, None
        if pending and self.section_id is not None and pending[1] not in (None, self.section_id):
            self._pending = pending  # asked for a section still to come
        elif pending:
            self.view.go_to_text(pending[0])

    def idle(self) -> bool:
        """Return whether no render is running or queued."""
        return self._watcher.future is None
