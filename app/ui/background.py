"""Work off the UI thread, its result delivered on the UI thread: the one way the GUI waits.

Python work (parsing an import, merging a file) runs on one worker thread; renders run in
the render pool's processes. Either way the caller gets a callback on the UI thread,
polled by a FutureWatcher, and a RapporteurError raised by the work arrives as a value.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.core.errors import RapporteurError
from app.core.render.limits import TIME_LIMIT
from app.core.render.worker import RenderOutcome

THREADS = ThreadPoolExecutor(max_workers=1, thread_name_prefix="rapporteur-work")
_WAITING: set[FutureWatcher] = set()  # kept alive until they answer


class FutureWatcher(QObject):
    """Polls a concurrent Future from the UI thread and emits its result there."""

    done = Signal(object)

    def __init__(self, parent: QObject | None = None, interval: int = 15,
                 limit: float = TIME_LIMIT, on_timeout: Any = None) -> None:
        super().__init__(parent)
        self.future: Future[RenderOutcome] | None = None
        self.timer = QTimer(self, interval=interval)
        self.timer.timeout.connect(self._poll)
        self.limit, self.on_timeout, self.started = limit, on_timeout, 0.0

    def watch(self, future: Future[RenderOutcome]) -> None:
        """Start watching a future."""
        self.future = future
        self.started = time.monotonic()
        self.timer.start()

    def _poll(self) -> None:
        if self.future is not None and not self.future.done() and \
                time.monotonic() - self.started > self.limit:
            self.future, self.started = None, 0.0
            self.timer.stop()
            if self.on_timeout is not None:
                self.on_timeout()
            self.done.emit(RenderOutcome(
                error=f"rendering stopped: it took longer than {self.limit:.0f} s"))
            return
        if self.future is None or not self.future.done():
            return
        future, self.future = self.future, None
        self.timer.stop()
        try:
            outcome = future.result()
        except Exception as exc:  # noqa: BLE001 - a dead worker becomes a message
            outcome = RenderOutcome(error=f"the renderer stopped: {exc}")
        self.done.emit(outcome)


def _captured(work: Callable[[], object]) -> object:
    """Run work; return its result or the RapporteurError it raised."""
    try:
        return work()
    except RapporteurError as exc:
        return exc


def in_thread(parent: QObject, work: Callable[[], object],
              done: Callable[[object], None]) -> FutureWatcher:
    """Run work on the worker thread; call done on the UI thread with its result."""
    return watch(parent, THREADS.submit(_captured, work), done, limit=float("inf"))


def watch(parent: QObject, future: Future[Any], done: Callable[[Any], None], *,
          limit: float = TIME_LIMIT, on_timeout: Callable[[], object] | None = None
          ) -> FutureWatcher:
    """Call done on the UI thread with a future's result (a message if it fails)."""
    watcher = FutureWatcher(parent, limit=limit, on_timeout=on_timeout)

    def finished(result: object) -> None:
        _WAITING.discard(watcher)
        watcher.deleteLater()
        done(result)

    _WAITING.add(watcher)
    watcher.done.connect(finished)
    watcher.watch(future)
    return watcher
