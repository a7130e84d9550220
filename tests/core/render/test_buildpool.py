"""Build workers count each job's peak memory and give back what it used (buildpool)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from app.core.render.buildpool import BuildPool
from app.core.render.limits import memory_of
from app.core.render.partjob import peak_rss

BIG = 300 * 2**20


def _use_much() -> int:
    """Touch BIG bytes, let them go; return the peak this job saw."""
    block = bytearray(BIG)
    del block
    return peak_rss()


def _rss() -> int:
    """Return this worker's resident memory in bytes."""
    return memory_of("VmRSS")


@pytest.mark.skipif(not Path("/proc/self/clear_refs").exists(), reason="Linux only")
def test_a_jobs_peak_is_its_own_not_the_workers_so_far():
    pool = BuildPool(1)
    try:
        first = pool.submit(_use_much).result(timeout=120)
        after = pool.submit(peak_rss).result(timeout=120)
        resident = pool.submit(_rss).result(timeout=120)
    finally:
        pool.close()
    assert first > BIG
    assert after < BIG / 2  # the next job's peak starts from what the worker holds now
    assert resident < BIG / 2


_KEPT: list[bytearray] = []


def _hold_much() -> int:
    """Keep BIG bytes touched in this worker, as a leak would; return its process id."""
    _KEPT.append(bytearray(b"x" * BIG))
    return os.getpid()


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux only")
def test_workers_holding_too_much_between_builds_are_replaced():
    pool = BuildPool(1)
    try:
        light = pool.submit(os.getpid).result(timeout=120)
        assert not pool.recycle(limit=BIG)
        assert pool.submit(os.getpid).result(timeout=120) == light
        heavy = pool.submit(_hold_much).result(timeout=120)
        assert heavy == light
        assert pool.recycle(limit=BIG)
        fresh = pool.submit(os.getpid).result(timeout=120)
        assert fresh != heavy
        assert pool.submit(_rss).result(timeout=120) < BIG / 2
    finally:
        pool.close()
