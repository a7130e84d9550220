"""A warm render process: WeasyPrint imported once, recycled now and then, never in the UI.

Jobs travel as plain dicts (the interchange form of a document), results come back as
RenderOutcome. The GUI submits jobs and is told through the returned Future.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

TASKS_PER_PROCESS = 40


@dataclass(frozen=True)
class RenderOutcome:
    """What a render job produced: PDF bytes and page count, or an error message."""

    pdf: bytes = b""
    page_count: int = 0
    warnings: tuple[str, ...] = ()
    error: str = ""


def warm_up() -> None:
    """Import WeasyPrint and build the font configuration ahead of the first job."""
    from app.core.render.fonts import configure

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
        result = render_pdf(render_html(doc), variant=variant)
        limit = page_limit_warning(result.page_count, load_template(doc.template).max_pages,
                                   doc.template)
        warnings = result.warnings + ((limit,) if limit else ())
        return RenderOutcome(result.pdf, result.page_count, warnings)
    except RapporteurError as exc:
        return RenderOutcome(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return RenderOutcome(error=f"rendering failed: {type(exc).__name__}: {exc}")


class RenderPool:
    """One worker process that renders jobs in order."""

    def __init__(self) -> None:
        self.closed = False
        self._executor = ProcessPoolExecutor(
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

    def shutdown(self) -> None:
        """Stop the worker: queued jobs are cancelled, a running one is let finish."""
        self.closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)
