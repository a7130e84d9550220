"""Whole builds for export: off the UI thread, behind a bar of pages laid out, with Cancel.

The build runs on its own thread (it waits on worker processes, app.core.render.build),
so imports and merges on the shared worker thread are not held up behind it. It reports
pages done of pages expected (from the last build) through a callback on that thread;
the UI thread shows the latest figures every PAINT_MS. Cancel sets an event the build
polls between parts; a cancelled build writes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.core.render.worker import RenderOutcome
from app.ui.background import watch

BUILDS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rapporteur-build")
PAINT_MS = 100
SHOW_AFTER_MS = 400
NEVER_BY_ITSELF = 2**31 - 1

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
BuildWork = Callable[[Progress, Cancelled], RenderOutcome]


class BuildProgress(QObject):
    """One whole build in a thread, its progress dialog, and its Cancel."""

    def __init__(self, parent: QWidget, label: str, work: BuildWork,
                 done: Callable[[RenderOutcome], None]) -> None:
        super().__init__(parent)
        self.label, self.done = label, done
        self.stop = threading.Event()
        self.pages = (0, 0)  # (done, expected), written by the build's thread
        self.dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.setMinimumDuration(NEVER_BY_ITSELF)  # shown by time, not by its estimate
        self.dialog.canceled.connect(self.cancel)
        self.timer = QTimer(self, interval=PAINT_MS)
        self.timer.timeout.connect(self.paint)
        self.timer.start()
        QTimer.singleShot(SHOW_AFTER_MS, self, self._show)
        watch(self, BUILDS.submit(work, self._report, self.stop.is_set), self._finished,
              limit=float("inf"))

    def cancel(self) -> None:
        """Ask the build to stop at its next check."""
        self.stop.set()
        self.dialog.setLabelText("Cancelling…")

    def cancelled(self) -> bool:
        """Return whether Cancel was pressed."""
        return self.stop.is_set()

    def paint(self) -> None:
        """Show the latest pages done of pages expected."""
        if self.stop.is_set():
            return
        done, expected = self.pages
        if expected <= 0:  # a first build: no total yet, the bar only moves
            if done > 0:
                self.dialog.setLabelText(f"{self.label}\n{done} pages laid out")
            return
        self.dialog.setMaximum(expected)
        self.dialog.setValue(min(done, expected))
        self.dialog.setLabelText(f"{self.label}\n{done} of {expected} pages laid out")

    def _show(self) -> None:
        if self.timer.isActive():
            self.dialog.show()

    def _report(self, done: int, expected: int) -> None:
        self.pages = (done, expected)

    def _finished(self, outcome: RenderOutcome) -> None:
        self.timer.stop()
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.hide()
        self.dialog.deleteLater()
        self.done(outcome)
        self.deleteLater()
