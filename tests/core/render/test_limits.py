"""Rendering in a child with time and memory limits: the app survives, the draft is intact."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from app.core.errors import RenderError
from app.core.render.limits import memory_of, run_limited


def _forever() -> None:
    while True:
        time.sleep(0.01)


def _hog() -> bytes:
    return b"x" * (4 * 1024**3)


def _fails() -> None:
    raise ValueError("bad CSS")


def _deep(level: int) -> int:
    return _deep(level + 1)


def _answer(x: int) -> int:
    return x * 2


def test_result_comes_back():
    assert run_limited(_answer, 21, timeout=60) == 42


def test_endless_job_is_stopped():
    started = time.monotonic()
    with pytest.raises(RenderError, match="longer than 2 s"):
        run_limited(_forever, timeout=2)
    assert time.monotonic() - started < 20


def test_memory_hog_is_stopped():
    with pytest.raises(RenderError, match="memory"):
        run_limited(_hog, timeout=60, memory=1024**3)


def test_errors_are_one_line():
    with pytest.raises(RenderError, match="rendering failed: ValueError: bad CSS"):
        run_limited(_fails, timeout=60)
    with pytest.raises(RenderError, match="nested too deeply"):
        run_limited(_deep, 0, timeout=60)


def test_absurd_font_size_is_stopped_cleanly():
    from app.core.render.pdf import render_pdf

    huge = '<html><body><p style="font-size:1e9px">Huge</p></body></html>'
    with pytest.raises(RenderError, match="PDF rendering failed") as caught:
        run_limited(render_pdf, huge, timeout=60)
    assert "\n" not in str(caught.value)


def test_memory_figures_come_from_the_system_or_are_zero():
    if Path("/proc/self/status").exists():
        assert memory_of("VmHWM") >= memory_of("VmRSS") > 10 * 2**20
    assert memory_of("VmRSS", 2**30) == 0  # no such process
    assert memory_of("NoSuchField") == 0
