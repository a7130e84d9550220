"""The warm render worker: cancelling a job, and what a cancelled job reports."""

from __future__ import annotations

import os
import time
from concurrent.futures import Future
from typing import Any

import pytest

from app.core.io.interchange import export_document
from app.core.model import Document, Section
from app.core.render import worker
from app.core.render.worker import Cancelled, RenderOutcome, RenderPool, _failure

PARAGRAPH = ("<p>The Office advocates for a human rights-based approach to migration and "
             "the need to ground migration policymaking in the international legal "
             "framework.</p>")


def _long_document(pages: int) -> dict[str, Any]:
    """Return an interchange document of roughly pages pages."""
    doc = Document("long", title="Long", sections=[
        Section(f"s{n}", heading=f"Part {n}", body=PARAGRAPH * 12) for n in range(pages)])
    return export_document(doc)


@pytest.fixture
def pool():
    """Return a new render pool, shut down after the test."""
    started = RenderPool()
    yield started
    started.shutdown()


def _wait(future: Future[Any]) -> Any:
    """Return a Future's result, waiting for a cold worker."""
    return future.result(timeout=120)


def test_a_cancelled_job_reports_so_in_one_line() -> None:
    outcome = _failure(Cancelled())
    assert outcome.cancelled
    assert outcome.error == "the render was cancelled"
    assert not RenderOutcome(error="x").cancelled


@pytest.mark.slow
def test_cancel_interrupts_the_running_job_and_keeps_the_worker(pool: RenderPool) -> None:
    pid = _wait(pool.start())
    future = pool.submit(_long_document(60))
    time.sleep(1.0)  # well into the layout of about 60 pages
    asked = time.monotonic()
    pool.cancel(future)
    outcome = _wait(future)
    assert outcome.cancelled
    assert time.monotonic() - asked < 2.0, "stopped long before 60 pages were done"
    assert _wait(pool.start()) == pid, "the same warm worker goes on"
    after = _wait(pool.submit(_long_document(1)))
    assert not after.error
    assert after.page_count >= 1


@pytest.mark.slow
def test_cancel_skips_a_queued_job_and_spares_the_others(pool: RenderPool) -> None:
    _wait(pool.start())
    first = pool.submit(_long_document(4))
    queued = pool.submit(_long_document(4))
    last = pool.submit(_long_document(2))
    pool.cancel(queued)
    assert not _wait(first).cancelled
    assert _wait(first).page_count >= 4
    assert _wait(queued).cancelled
    assert not _wait(last).error
    assert _wait(last).page_count >= 2


@pytest.mark.slow
def test_cancels_in_quick_succession_all_take_effect(pool: RenderPool) -> None:
    _wait(pool.start())
    running = pool.submit(_long_document(60))
    queued = pool.submit(_long_document(60))
    last = pool.submit(_long_document(1))
    time.sleep(0.5)
    asked = time.monotonic()
    pool.cancel(running)
    pool.cancel(queued)
    assert time.monotonic() - asked < 0.1, "cancelling never waits on the worker"
    assert _wait(running).cancelled
    assert _wait(queued).cancelled
    assert not _wait(last).error
    assert time.monotonic() - asked < 5, "neither 60-page render ran to the end"


def test_cancel_of_a_finished_or_foreign_job_changes_nothing(pool: RenderPool) -> None:
    done: Future[RenderOutcome] = Future()
    done.set_result(RenderOutcome())
    pool.cancel(done)
    assert pool._worker.cancels.empty()


def _gone(pid: int) -> bool:
    """Return whether the process has exited (reaped or a zombie)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


@pytest.mark.slow
def test_a_worker_is_recycled_without_making_a_job_wait(monkeypatch) -> None:
    monkeypatch.setattr(worker, "TASKS_PER_PROCESS", 2)
    pool = RenderPool()
    try:
        first = _wait(pool.start())
        assert _wait(pool.start()) == first
        assert _wait(pool.start()) == first, "the old worker serves while the spare warms"
        assert pool._spare is not None
        _wait(pool._spare[1])
        second = _wait(pool.start())
        assert second != first, "jobs go to the warm spare"
        deadline = time.monotonic() + 30
        while not _gone(first) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(first), "the old worker exits"
        assert os.getpid() not in (first, second)
    finally:
        pool.shutdown()
