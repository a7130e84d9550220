"""The worker processes of whole-document builds (app.core.render.build).

Spawned, not forked: each imports WeasyPrint and the app's fonts once, dies with the
process that started it, and has its memory capped.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

HOLD_LIMIT = 128 * 2**20  # a worker holding more between builds is replaced (see recycle)
GC_THRESHOLDS = (10_000, 20, 20)  # Python's are (700, 10, 10): its collections took 7 % of
                                  # a WeasyPrint build, traversing boxes that live to the end


class BuildPool:
    """Worker processes for builds, started on first use; keep one to build warm."""

    def __init__(self, workers: int | None = None) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self._executor: ProcessPoolExecutor | None = None

    def start(self) -> None:
        """Start the workers now (they import WeasyPrint while the parts are planned)."""
        if self._executor is None:
            self._executor = ProcessPoolExecutor(
                max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                initializer=start_worker)
            for _ in range(self.workers):
                self._executor.submit(_ping)

    def submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run function(*args) in a worker."""
        self.start()
        assert self._executor is not None
        return self._executor.submit(_afresh, function, *args)

    def recycle(self, limit: int = HOLD_LIMIT) -> bool:
        """Replace the workers, started afresh, if one holds more than limit bytes between
        builds (where the system tells); return whether they were. A big layout leaves
        the heap in pieces, which a warm worker would keep from build to build."""
        from app.core.render.limits import memory_of

        executor = self._executor
        pids = list((getattr(executor, "_processes", None) or {}).keys())
        if not any(memory_of("VmRSS", pid) > limit for pid in pids):
            return False
        self.close()
        self.start()
        return True

    def close(self, kill: bool = False) -> None:
        """Stop the workers (at once with kill); the next submit starts new ones."""
        executor, self._executor = self._executor, None
        if executor is None:
            return
        if kill:
            for process in list((getattr(executor, "_processes", None) or {}).values()):
                process.kill()
        executor.shutdown(wait=kill, cancel_futures=True)


def start_worker() -> None:
    """Prepare a build worker: gone with the parent, memory capped, WeasyPrint loaded,
    garbage collected less often."""
    from app.core.render.fonts import configure
    from app.core.render.lifeline import exit_with_parent
    from app.core.render.limits import MEMORY_LIMIT, limit_memory
    from app.core.render.tagging import install

    exit_with_parent()
    limit_memory(MEMORY_LIMIT)
    configure()
    import weasyprint  # noqa: F401

    install()
    gc.collect()
    gc.freeze()  # what is loaded by now lives as long as the worker
    gc.set_threshold(*GC_THRESHOLDS)


def _afresh(function: Callable[..., Any], *args: Any) -> Any:
    """Run function(*args), this worker's peak memory counted from now (partjob.peak_rss);
    then give back what it used."""
    from app.core.render.partjob import reset_peak

    reset_peak()
    try:
        return function(*args)
    finally:
        _give_back()


def _give_back() -> None:
    """Free what a job left in cycles, and hand the C heap's free pages back to the system
    (glibc): a worker waiting for the next build holds what it needs, not its last peak."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _ping() -> int:
    """Return the worker's process id (starts it)."""
    return os.getpid()
