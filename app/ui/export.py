"""Export a PDF off the UI thread, with a progress indication."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.errors import RapporteurError
from app.core.render.worker import RenderOutcome, RenderPool
from app.ui.preview import FutureWatcher


class ExportJob(QObject):
    """One export: render in the worker, write the file, report."""

    finished = Signal(object, object)  # Path, RenderOutcome

    def __init__(self, parent: QWidget, pool: RenderPool | None, document: dict[str, Any],
                 out: Path) -> None:
        super().__init__(parent)
        self.pool = pool or RenderPool()
        self.document, self.out = document, out
        self.progress = QProgressDialog("Rendering the PDF…", "", 0, 0, parent)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(400)
        self.watcher = FutureWatcher(self)
        self.watcher.done.connect(self._write)

    def start(self) -> None:
        """Submit the render."""
        self.progress.show()
        self.watcher.watch(self.pool.submit(self.document))

    def _write(self, outcome: RenderOutcome) -> None:
        """UI thread: write the PDF atomically and report."""
        self.progress.close()
        if not outcome.error:
            from app.core.render.jobs import write_pdf

            try:
                outcome = write_pdf(outcome, self.out)
            except (RapporteurError, OSError) as exc:
                outcome = RenderOutcome(error=f"cannot write {self.out.name}: {exc}")
        self.finished.emit(self.out, outcome)
