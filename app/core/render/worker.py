"""A warm render process: WeasyPrint imported once, recycled now and then, never in the UI.

Jobs travel as plain dicts (the interchange form of a document), results come back as
RenderOutcome. The GUI submits jobs and is told through the returned Future. Besides
whole-document renders the worker does full builds (whole document plus each section's
offsets) and section previews (one section numbered as in the last full build); see
app/core/render/preview.py.
"""

from __future__ import annotations

import _thread
import contextlib
import gc
import itertools
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
OffsetsDict = dict[str, dict[str, int]]

TASKS_PER_PROCESS = 40
WORKER_NICENESS = 5  # the UI thread comes first when both want the CPU
BUILD_NICENESS = 15  # a whole-document build yields to the preview of the section typed in


@dataclass(frozen=True)
class RenderOutcome:
    """What a render job produced: PDF bytes and page count, or an error message."""

    pdf: bytes = b""
    page_count: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""
    cancelled: bool = False
    html: str = ""  # the HTML laid out, when the job was asked for it


class Cancelled(BaseException):
    """Raised in a worker to stop the job it runs; a BaseException so no handler eats it."""


# In a worker: the numbers of the jobs to cancel, and the number of the running job.
_cancelled: set[int] = set()
_cancelled_lock = threading.Lock()
_running = 0


def warm_up(cancels: Any = None, niceness: int = WORKER_NICENESS) -> None:
    """Prepare a worker: gone with the app, memory cap, lower priority, cancelling, warm."""
    from app.core.render.fonts import configure
    from app.core.render.lifeline import exit_with_parent
    from app.core.render.limits import MEMORY_LIMIT, limit_memory

    exit_with_parent()  # an orphaned worker (and the resource tracker it keeps open) exits
    limit_memory(MEMORY_LIMIT)
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    if cancels is not None:
        _listen_for_cancel(cancels)
    configure()
    import weasyprint  # noqa: F401

    _prime()
    gc.collect()
    gc.freeze()  # what is loaded by now lives as long as the worker: keep it out of gc's way


def _prime() -> None:
    """Render a small document once, so fonts and caches are loaded before the first job."""
    from app.core.document.model import Document, Section
    from app.core.render.html import render_html
    from app.core.render.pdf import render_pdf

    body = ('<p><strong>Bold</strong>, <em>italic</em> and x<sup>2</sup>'
            '<span class="footnote">A <em>note</em>.</span></p>')
    with contextlib.suppress(Exception):  # priming only saves time; a job reports errors
        render_pdf(render_html(Document("warm-up", title="Warm-up",
                                        sections=[Section("s", heading="S", body=body)])))


def _listen_for_cancel(cancels: Any) -> None:
    """Let the parent cancel jobs by putting their numbers on the cancels queue.

    A thread reads the queue and interrupts the main thread, whose SIGINT handler raises
    Cancelled only while a cancelled job runs (interrupt_main works on Windows too).
    The parent never waits on the worker: a put only writes to a pipe.
    """
    signal.signal(signal.SIGINT, _on_interrupt)
    threading.Thread(target=_watch_cancel, args=(cancels,), name="cancel-watch",
                     daemon=True).start()


def _watch_cancel(cancels: Any) -> None:
    """Worker thread: note each cancelled job; interrupt the main thread if it runs it."""
    while True:
        try:
            number = cancels.get()
        except (EOFError, OSError):
            return
        with _cancelled_lock:
            _cancelled.add(number)
        if number == _running:
            _thread.interrupt_main(signal.SIGINT)


def _is_cancelled(number: int) -> bool:
    """Return whether job number was cancelled."""
    with _cancelled_lock:
        return number in _cancelled


def _on_interrupt(signum: int, frame: Any) -> None:
    """SIGINT in a worker: stop the running job if it was cancelled, else ignore."""
    if _running and _is_cancelled(_running):
        raise Cancelled


class _WasCancelled:
    """What a cancelled job returns: cheaper to send back than the exception's traceback."""


def _numbered(number: int, job: Callable[..., T], *args: Any) -> T | _WasCancelled:
    """Run job as job number; a _WasCancelled if it is cancelled before or while it runs."""
    global _running
    with _cancelled_lock:  # jobs run in order: older cancels can be forgotten
        _cancelled.difference_update([n for n in _cancelled if n < number])
    _running = number  # set before the check: a cancel from now on interrupts the job
    try:
        if _is_cancelled(number):
            raise Cancelled
        return job(*args)
    except Cancelled:
        return _WasCancelled()
    finally:
        _running = 0


def render_job(document: dict[str, Any], variant: str | None = None, html: bool = False
               ) -> RenderOutcome:
    """Render an interchange-form document to PDF; never raises.

    The warnings include the template's page limit; with html the outcome also holds the
    HTML that was laid out (even when the layout failed), so nothing is rendered twice.
    """
    from app.core.errors import RapporteurError
    from app.core.io.interchange import document_from_dict
    from app.core.render.html import render_html
    from app.core.render.pdf import render_pdf

    source = ""
    try:
        doc = document_from_dict(document)
        rendered = render_html(doc, extra_context=job_annotations(document))
        source = rendered.html if html else ""
        result = render_pdf(rendered, variant=variant)
        warnings = with_page_limit(result.warnings, result.page_count, doc.template)
        return RenderOutcome(_with_manifest(result.pdf, document), result.page_count, warnings,
                             html=source)
    except RapporteurError as exc:
        return RenderOutcome(error=str(exc), html=source)
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return RenderOutcome(error=f"rendering failed: {type(exc).__name__}: {exc}", html=source)


def _with_manifest(pdf: bytes, document: dict[str, Any]) -> bytes:
    """Return pdf with the job's archive manifest embedded, if it carries one."""
    if not document.get("manifest"):
        return pdf
    from app.core.render.archive import embed

    return embed(pdf, document["manifest"])


def job_annotations(document: dict[str, Any]) -> dict[str, Any]:
    """Return the conflicts, review notes and DRAFT flag carried with a job."""
    from app.core.render.annotate import reattach

    return reattach(dict(document.get("annotations") or {}))


def failure(exc: BaseException) -> RenderOutcome:
    """Return the outcome reporting an exception, one line."""
    from app.core.errors import RapporteurError

    if isinstance(exc, Cancelled):
        return RenderOutcome(error="the render was cancelled", cancelled=True)
    if isinstance(exc, RapporteurError):
        return RenderOutcome(error=str(exc))
    message = " ".join(f"{type(exc).__name__}: {exc}".split())
    return RenderOutcome(error=f"rendering failed: {message}")


def with_page_limit(warnings: tuple[str, ...], page_count: int, template: str
                     ) -> tuple[str, ...]:
    """Return warnings plus the template's page-limit warning when over it."""
    from app.core.document.templates import load_template
    from app.core.render.pdf import page_limit_warning

    limit = page_limit_warning(page_count, load_template(template).max_pages, template)
    return warnings + ((limit,) if limit else ())


def full_build_job(document: dict[str, Any], variant: str | None = None
                   ) -> tuple[RenderOutcome, OffsetsDict]:
    """Render the whole document and return it with each section's offsets; never raises.

    Its page tops are kept for the next whole build (the window's background build).
    """
    from app.core.io.interchange import document_from_dict
    from app.core.render.preview import full_build

    try:
        doc = document_from_dict(document)
        build = full_build(doc, variant=variant, keep_tops=True)
        result = build.result
        warnings = with_page_limit(result.warnings, result.page_count, doc.template)
        return RenderOutcome(result.pdf, result.page_count, warnings), build.offsets_dict()
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return failure(exc), {}
    finally:
        gc.collect()  # a big layout leaves ~0.5 M objects in cycles that slow later previews


def section_job(document: dict[str, Any], section_id: str,
                offsets: Mapping[str, Any] | None = None, *, recount: bool = True,
                subsections: bool = True) -> RenderOutcome:
    """Render one section alone with its offsets (a dict of Offsets fields); never raises.

    With recount, footnote and paragraph offsets are counted from this document (the
    build's may be stale) and only the page offsets are taken from offsets. Without
    subsections only the section's own heading and body are rendered.
    """
    from app.core.io.interchange import document_from_dict
    from app.core.render.preview import Offsets, current_offsets, render_section

    try:
        doc = document_from_dict(document)
        given = Offsets.from_dict(offsets or {})
        if recount:
            now = current_offsets(doc, section_id)
            given = Offsets(given.page, now.footnote, now.paragraph, given.total_pages)
        result = render_section(doc, section_id, given, subsections=subsections,
                                extra_context=job_annotations(document))
        return RenderOutcome(result.pdf, result.page_count, result.warnings)
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return failure(exc)


def ping_job() -> int:
    """Return the worker's process id (starting the worker if it is not running)."""
    return os.getpid()


def _done(value: T) -> Future[T]:
    """Return a Future already holding value."""
    future: Future[T] = Future()
    future.set_result(value)
    return future


def _relay(source: Future[Any], target: Future[T], on_error: Callable[[BaseException], T]
           ) -> None:
    """Copy source's result into target, turning an exception into on_error's value."""
    if not target.set_running_or_notify_cancel():
        return
    exc = None if source.cancelled() else source.exception()
    if source.cancelled():
        target.set_result(on_error(RuntimeError("the job was cancelled")))
    elif exc is not None:
        target.set_result(on_error(exc))
    elif isinstance(source.result(), _WasCancelled):
        target.set_result(on_error(Cancelled()))
    else:
        target.set_result(source.result())


class _Worker:
    """One spawned worker process (an executor of one) and its cancel channel."""

    def __init__(self, context: Any, niceness: int) -> None:
        self.cancels = context.SimpleQueue()
        self._seen: dict[int, Any] = {}
        self.executor = ProcessPoolExecutor(
            max_workers=1, mp_context=context, initializer=warm_up,
            initargs=(self.cancels, niceness))
        self.rendered = 0  # jobs that ran to the end (cancelled ones cost little memory)

    def submit(self, job: Callable[..., T], *args: Any) -> Future[T]:
        """Queue job on this worker."""
        future = self.executor.submit(job, *args)
        future.add_done_callback(self._count)
        return future

    def _count(self, future: Future[Any]) -> None:
        """Count a job that ran to the end."""
        if not future.cancelled() and future.exception() is None and \
                not isinstance(future.result(), _WasCancelled):
            self.rendered += 1

    def cancel(self, number: int) -> None:
        """Ask the worker to stop job number (skip it if it has not started)."""
        self.cancels.put(number)

    def processes(self) -> list[Any]:
        """Return the worker's processes (known even after shutdown)."""
        self._seen.update(getattr(self.executor, "_processes", None) or {})
        return list(self._seen.values())

    def retire(self) -> None:
        """Take no more jobs; the process exits after those it holds."""
        self.processes()
        self.executor.shutdown(wait=False)

    def busy(self) -> bool:
        """Return whether the worker process is still running."""
        return any(process.is_alive() for process in self.processes())

    def kill(self) -> None:
        """Stop the process at once."""
        for process in self.processes():
            process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)


class RenderPool:
    """One warm worker process that renders jobs in order; a job can be cancelled.

    After TASKS_PER_PROCESS finished jobs a spare worker is started and warmed in the background;
    once it is ready, new jobs go to it and the old one exits after its last job, so
    recycling (WeasyPrint's memory creeps) never makes a job wait for a cold start.
    niceness lowers the worker's priority: the UI first, whole-document builds last.
    """

    def __init__(self, niceness: int = WORKER_NICENESS) -> None:
        self.closed = False
        self._context = multiprocessing.get_context("spawn")
        self._niceness = niceness
        self._numbers = itertools.count(1)
        self._jobs: dict[Future[Any], tuple[int, _Worker]] = {}
        self._worker = _Worker(self._context, niceness)
        self._spare: tuple[_Worker, Future[int]] | None = None
        self._retired: list[_Worker] = []  # replaced workers finishing their last jobs

    def submit(self, document: dict[str, Any], variant: str | None = None
               ) -> Future[RenderOutcome]:
        """Queue a render of document; the Future holds the RenderOutcome, never raises."""
        return self._safe(failure, render_job, document, variant)

    def start(self) -> Future[int]:
        """Start the worker now (WeasyPrint imported ahead of the first job); Future: its pid."""
        return self._safe(lambda e: -1, ping_job)

    def submit_full(self, document: dict[str, Any], variant: str | None = None
                    ) -> Future[tuple[RenderOutcome, OffsetsDict]]:
        """Queue a full build; the Future holds (RenderOutcome, offsets dict), never raises."""
        return self._safe(lambda e: (failure(e), {}), full_build_job, document, variant)

    def submit_section(self, document: dict[str, Any], section_id: str,
                       offsets: Mapping[str, Any] | Any = None, *, subsections: bool = True
                       ) -> Future[RenderOutcome]:
        """Queue a section preview; offsets is an Offsets or its dict; never raises.

        Footnote and paragraph offsets are recounted here from document and only the
        section's own text is sent, so the job is as small for 400 pages as for 20; a job
        from app.core.render.jobs.section_job (offsets a CurrentOffsets) is already both.
        """
        from app.core.errors import RapporteurError
        from app.core.render.preview import CurrentOffsets, section_request

        try:
            if isinstance(offsets, CurrentOffsets):
                excerpt, current = document, offsets.to_dict()
            else:
                excerpt, current = section_request(document, section_id, offsets)
        except RapporteurError as exc:
            return _done(failure(exc))
        job = partial(section_job, recount=False, subsections=subsections)
        return self._safe(failure, job, excerpt, section_id, current)

    def cancel(self, future: Future[Any]) -> None:
        """Stop a job soon: skipped if still queued, interrupted if running.

        Its Future then holds a cancelled outcome.
        """
        found = self._jobs.get(future)
        if found is not None and not future.done():
            number, worker = found
            worker.cancel(number)

    def _safe(self, on_error: Callable[[BaseException], T], job: Callable[..., T],
              *args: Any) -> Future[T]:
        """Submit job; a stopped or crashed worker becomes on_error's value, never an exception.

        Cancelling the returned Future cancels the job if it has not started.
        """
        if self.closed:
            return _done(on_error(RuntimeError("the renderer has been stopped")))
        number = next(self._numbers)
        try:
            self._recycle()
            source = self._submit_or_restart(partial(_numbered, number, job), *args)
        except Exception as exc:  # noqa: BLE001 - reported through the Future
            return _done(on_error(exc))
        target: Future[T] = Future()
        self._jobs[target] = (number, self._worker)
        target.add_done_callback(lambda done: done.cancelled() and source.cancel())
        target.add_done_callback(lambda done: self._jobs.pop(done, None))
        source.add_done_callback(lambda done: _relay(done, target, on_error))
        return target

    def _recycle(self) -> None:
        """Start a spare worker after many jobs; switch to it once it is warm."""
        if self._spare is not None:
            spare, ready = self._spare
            if ready.done():
                old, self._worker, self._spare = self._worker, spare, None
                old.retire()
                self._retired = [w for w in self._retired if w.busy()] + [old]
        elif self._worker.rendered >= TASKS_PER_PROCESS:
            spare = _Worker(self._context, self._niceness)
            self._spare = (spare, spare.submit(ping_job))

    def _submit_or_restart(self, job: Callable[..., T], *args: Any) -> Future[T]:
        """Submit job, replacing the worker once if it died."""
        try:
            return self._worker.submit(job, *args)
        except BrokenProcessPool:
            self._worker.executor.shutdown(wait=False, cancel_futures=True)
            self._worker = _Worker(self._context, self._niceness)
            return self._worker.submit(job, *args)

    def kill(self) -> None:
        """Stop a runaway worker (and any spare or retired one) at once.

        The next job starts a fresh worker.
        """
        for worker in self._others():
            worker.kill()
        self._spare, self._retired = None, []
        self._worker.kill()
        self._worker = _Worker(self._context, self._niceness)

    def shutdown(self) -> None:
        """Stop the workers: queued jobs are cancelled, running ones are let finish."""
        self.closed = True
        if self._spare is not None:
            self._spare[0].kill()  # only warming up
            self._spare = None
        for worker in [*self._retired, self._worker]:
            worker.executor.shutdown(wait=True, cancel_futures=True)
        self._retired = []

    def _others(self) -> list[_Worker]:
        """Return the spare and retired workers."""
        return [*self._retired, *([self._spare[0]] if self._spare is not None else [])]
