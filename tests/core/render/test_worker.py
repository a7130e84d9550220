"""The warm render worker: cancelling a job, what a cancelled job reports, orphans."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from app.core.document.model import Document, Section
from app.core.io.interchange import export_document
from app.core.render import worker
from app.core.render.worker import Cancelled, RenderOutcome, RenderPool, failure

REPO = Path(__file__).resolve().parents[3]
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
    outcome = failure(Cancelled())
    assert outcome.cancelled
    assert outcome.error == "the render was cancelled"
    assert not RenderOutcome(error="x").cancelled


@pytest.mark.slow
def test_cancel_interrupts_the_running_job_and_keeps_the_worker(pool: RenderPool) -> None:
    pid = _wait(pool.start())
    idle = _cpu_seconds(pid)
    future = pool.submit(_long_document(400))
    deadline = time.monotonic() + 60
    while _cpu_seconds(pid) < idle + 0.5 and time.monotonic() < deadline:
        time.sleep(0.02)  # until the worker has spent half a second on the job
    assert not future.done(), "the job runs (300 pages take several seconds)"
    asked = time.monotonic()
    pool.cancel(future)
    outcome = _wait(future)
    assert outcome.cancelled
    assert time.monotonic() - asked < 2.0, "stopped long before 300 pages were done"
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


def _cpu_seconds(pid: int) -> float:
    """Return the processor time a process has used so far (Linux)."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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


ORPHAN_PARENT = """
import multiprocessing.resource_tracker as tracker, sys, time
from app.core.io.interchange import export_document
from app.core.document.model import Document, Section
from app.core.render.worker import BUILD_NICENESS, RenderPool

pool = RenderPool(niceness=BUILD_NICENESS)
worker = pool.start().result(timeout=120)
doc = Document("long", title="Long", sections=[
    Section(f"s{n}", heading=f"Part {n}", body=sys.argv[1] * 12) for n in range(400)])
pool.submit_full(export_document(doc))
print(worker, tracker._resource_tracker._pid, flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_a_worker_exits_when_its_parent_is_killed_mid_build() -> None:
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_PARENT, PARAGRAPH],
                              stdout=subprocess.PIPE, text=True, cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        assert parent.stdout is not None
        children = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(children) == 2, "the worker and the resource tracker"
        time.sleep(1.0)  # the full build is deep in WeasyPrint's layout
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 5
    while not all(_gone(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in children if not _gone(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "no worker or resource tracker outlives the app by 5 s"
