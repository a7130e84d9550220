"""The preview panel: the newest request wins and an out-of-date render is cancelled."""

from __future__ import annotations

import io
from concurrent.futures import Future
from typing import Any

from pypdf import PdfWriter

from app.core.render.worker import RenderOutcome
from app.ui.preview import PreviewPanel


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


class FakePool:
    """Records jobs; the test decides when each finishes."""

    def __init__(self) -> None:
        self.jobs: list[tuple[dict[str, Any], Future[RenderOutcome]]] = []
        self.cancelled: list[Future[RenderOutcome]] = []

    def submit_section(self, document: dict[str, Any], section_id: str, offsets: Any,
                       *, subsections: bool = True) -> Future[RenderOutcome]:
        future: Future[RenderOutcome] = Future()
        self.jobs.append((document, future))
        return future

    def cancel(self, future: Future[RenderOutcome]) -> None:
        self.cancelled.append(future)
        future.set_result(RenderOutcome(error="the render was cancelled", cancelled=True))


def test_a_newer_request_cancels_the_running_render(qtbot) -> None:
    pool = FakePool()
    panel = PreviewPanel(pool)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    shown: list[RenderOutcome] = []
    panel.rendered.connect(shown.append)
    panel.request({"text": "old"}, "s1")
    panel.request({"text": "typing"}, "s1")
    panel.request({"text": "newest"}, "s1")
    assert [document for document, _ in pool.jobs] == [
        {"text": "old"}, {"text": "typing"}, {"text": "newest"}], "queued at once"
    assert pool.cancelled == [pool.jobs[0][1], pool.jobs[1][1]], "each older one stopped"
    assert not panel.idle()
    pool.jobs[2][1].set_result(RenderOutcome(pdf=_blank_pdf(), page_count=1))
    qtbot.waitUntil(panel.idle)
    assert [o.page_count for o in shown] == [1], "the cancelled render is never shown"
    assert panel.stack.currentWidget() is panel.view
    assert panel.pdf.pageCount() == 1


def test_a_cancelled_render_keeps_the_page_shown(qtbot) -> None:
    pool = FakePool()
    panel = PreviewPanel(pool)  # type: ignore[arg-type]
    qtbot.addWidget(panel)
    panel.request({"text": "first"}, "s1")
    pool.jobs[0][1].set_result(RenderOutcome(pdf=_blank_pdf(), page_count=1))
    qtbot.waitUntil(panel.idle)
    panel.request({"text": "second"}, "s1")
    pool.cancel(pool.jobs[1][1])
    qtbot.waitUntil(panel.idle)
    assert panel.last is not None
    assert panel.last.page_count == 1
    assert panel.stack.currentWidget() is panel.view
    assert panel.pdf.pageCount() == 1
