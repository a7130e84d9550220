"""A warm render process: WeasyPrint imported once, recycled now and then, never in the UI.

Jobs travel as plain dicts (the interchange form of a document), results come back as
RenderOutcome. The GUI submits jobs and is told through the returned Future. Besides
whole-document renders the worker does full builds (whole document plus each section's
offsets) and section previews (one section numbered as in the last full build); see
app/core/render/preview.py.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar

T = TypeVar("T")
OffsetsDict = dict[str, dict[str, int]]

TASKS_PER_PROCESS = 40


@dataclass(frozen=True)
class RenderOutcome:
    """What a render job produced: PDF bytes and page count, or an error message."""

    pdf: bytes = b""
    page_count: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""


def warm_up() -> None:
    """Cap the worker's memory, then import WeasyPrint and build the font configuration."""
    from app.core.render.fonts import configure
    from app.core.render.limits import MEMORY_LIMIT, limit_memory

    limit_memory(MEMORY_LIMIT)
    configure()
    import weasyprint  # noqa: F401


def render_job(document: dict[str, Any], variant: str | None = None) -> RenderOutcome:
    """Render an interchange-form document to PDF; never raises."""
    from app.core.errors import RapporteurError
    from app.core.io.interchange import document_from_dict
    from app.core.render.html import render_html
    from app.core.render.pdf import page_limit_warning, render_pdf
    from app.core.templates import load_template

    try:
        doc = document_from_dict(document)
        result = render_pdf(render_html(doc, extra_context=_annotations(document)),
                            variant=variant)
        limit = page_limit_warning(result.page_count, load_template(doc.template).max_pages,
                                   doc.template)
        warnings = result.warnings + ((limit,) if limit else ())
        return RenderOutcome(result.pdf, result.page_count, warnings)
    except RapporteurError as exc:
        return RenderOutcome(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return RenderOutcome(error=f"rendering failed: {type(exc).__name__}: {exc}")


def _annotations(document: dict[str, Any]) -> dict[str, Any]:
    """Return the conflicts, review notes and DRAFT flag carried with a job."""
    from app.core.render.annotate import reattach

    return reattach(dict(document.get("annotations") or {}))


def _failure(exc: BaseException) -> RenderOutcome:
    """Return the outcome reporting an exception, one line."""
    from app.core.errors import RapporteurError

    if isinstance(exc, RapporteurError):
        return RenderOutcome(error=str(exc))
    message = " ".join(f"{type(exc).__name__}: {exc}".split())
    return RenderOutcome(error=f"rendering failed: {message}")


def _with_page_limit(warnings: tuple[str, ...], page_count: int, template: str
                     ) -> tuple[str, ...]:
    """Return warnings plus the template's page-limit warning when over it."""
    from app.core.render.pdf import page_limit_warning
    from app.core.templates import load_template

    limit = page_limit_warning(page_count, load_template(template).max_pages, template)
    return warnings + ((limit,) if limit else ())


def full_build_job(document: dict[str, Any], variant: str | None = None
                   ) -> tuple[RenderOutcome, OffsetsDict]:
    """Render the whole document and return it with each section's offsets; never raises."""
    from app.core.io.interchange import document_from_dict
    from app.core.render.preview import full_build

    try:
        doc = document_from_dict(document)
        build = full_build(doc, variant=variant)
        result = build.result
        warnings = _with_page_limit(result.warnings, result.page_count, doc.template)
        return RenderOutcome(result.pdf, result.page_count, warnings), build.offsets_dict()
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return _failure(exc), {}
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
                                extra_context=_annotations(document))
        return RenderOutcome(result.pdf, result.page_count, result.warnings)
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return _failure(exc)


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
    else:
        target.set_result(source.result())


class RenderPool:
    """One worker process that renders jobs in order."""

    def __init__(self) -> None:
        self.closed = False
        self._executor = self._new_executor()

    @staticmethod
    def _new_executor() -> ProcessPoolExecutor:
        """Return a one-process spawn executor that warms up and is recycled."""
        return ProcessPoolExecutor(
            max_workers=1, mp_context=multiprocessing.get_context("spawn"),
            max_tasks_per_child=TASKS_PER_PROCESS, initializer=warm_up,
        )

    def submit(self, document: dict[str, Any], variant: str | None = None
               ) -> Future[RenderOutcome]:
        """Queue a render of document; the Future holds the RenderOutcome."""
        if self.closed:
            future: Future[RenderOutcome] = Future()
            future.set_result(RenderOutcome(error="the renderer has been stopped"))
            return future
        return self._executor.submit(render_job, document, variant)

    def start(self) -> Future[int]:
        """Start the worker now (WeasyPrint imported ahead of the first job); Future: its pid."""
        return self._safe(lambda e: -1, ping_job)

    def submit_full(self, document: dict[str, Any], variant: str | None = None
                    ) -> Future[tuple[RenderOutcome, OffsetsDict]]:
        """Queue a full build; the Future holds (RenderOutcome, offsets dict), never raises."""
        return self._safe(lambda e: (_failure(e), {}), full_build_job, document, variant)

    def submit_section(self, document: dict[str, Any], section_id: str,
                       offsets: Mapping[str, Any] | Any = None, *, subsections: bool = True
                       ) -> Future[RenderOutcome]:
        """Queue a section preview; offsets is an Offsets or its dict; never raises."""
        if offsets is not None and not isinstance(offsets, Mapping):
            offsets = offsets.to_dict()
        job = partial(section_job, subsections=subsections)
        return self._safe(_failure, job, document, section_id, offsets)

    def _safe(self, on_error: Callable[[BaseException], T], job: Callable[..., T],
              *args: Any) -> Future[T]:
        """Submit job; a stopped or crashed worker becomes on_error's value, never an exception.

        Cancelling the returned Future cancels the job if it has not started.
        """
        if self.closed:
            return _done(on_error(RuntimeError("the renderer has been stopped")))
        try:
            source = self._submit_or_restart(job, *args)
        except Exception as exc:  # noqa: BLE001 - reported through the Future
            return _done(on_error(exc))
        target: Future[T] = Future()
        target.add_done_callback(lambda done: done.cancelled() and source.cancel())
        source.add_done_callback(lambda done: _relay(done, target, on_error))
        return target

    def _submit_or_restart(self, job: Callable[..., T], *args: Any) -> Future[T]:
        """Submit job, replacing the executor once if its worker died."""
        try:
            return self._executor.submit(job, *args)
        except BrokenProcessPool:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = self._new_executor()
            return self._executor.submit(job, *args)

    def kill(self) -> None:
        """Stop a runaway worker at once; the next job starts a fresh one."""
        for process in list(getattr(self._executor, "_processes", {}).values()):
            process.kill()
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = self._new_executor()

    def shutdown(self) -> None:
        """Stop the worker: queued jobs are cancelled, a running one is let finish."""
        self.closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
