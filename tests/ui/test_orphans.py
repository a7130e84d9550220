"""When the app dies (kill -9, SIGTERM) its render workers and resource tracker exit too."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.ui,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")]

REPO = Path(__file__).resolve().parents[2]
GRACE = 5.0  # seconds the issue allows a worker to outlive the app


def _stat(pid: int) -> tuple[str, int, str] | None:
    """Return a process's state, parent pid and start time, or None if it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return fields[0], int(fields[1]), fields[19]


def _descendants(root: int) -> dict[tuple[int, str], str]:
    """Return root's descendants, (pid, start time) -> command line."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (stat := _stat(int(entry))) is not None:
            parents[int(entry)] = stat
    found: dict[tuple[int, str], str] = {}
    level = {root}
    while level:
        level = {pid for pid, (_, ppid, _) in parents.items() if ppid in level}
        for pid in level:
            found[(pid, parents[pid][2])] = _cmdline(pid)
    return found


def _cmdline(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            return cmdline.read().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def _alive(process: tuple[int, str]) -> bool:
    """Return whether the process still runs (not exited, not a zombie, pid not reused)."""
    stat = _stat(process[0])
    return stat is not None and stat[0] != "Z" and stat[2] == process[1]


def _helpers(app: int) -> dict[tuple[int, str], str]:
    """Return the app's render workers and resource tracker among its descendants."""
    return {process: cmd for process, cmd in _descendants(app).items()
            if "multiprocessing" in cmd}


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "sigterm"])
def test_no_worker_or_tracker_outlives_the_app(sample_file: Path, tmp_path: Path,
                                               how: signal.Signals) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    with open(tmp_path / "app.log", "wb") as log:
        app = subprocess.Popen([sys.executable, "-m", "app", str(sample_file)], cwd=REPO,
                               env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        helpers: dict[tuple[int, str], str] = {}
        while time.monotonic() < deadline and app.poll() is None:
            helpers = _helpers(app.pid)
            if any("spawn_main" in c for c in helpers.values()) and \
                    any("resource_tracker" in c for c in helpers.values()):
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"no render worker and tracker started: {helpers}")
        time.sleep(3.0)  # the worker warms up and renders the preview; a full build starts
        helpers = _helpers(app.pid)
        app.send_signal(how)
        app.wait(timeout=30)
        deadline = time.monotonic() + GRACE
        while time.monotonic() < deadline and any(_alive(p) for p in helpers):
            time.sleep(0.1)
        left = {pid: cmd for (pid, start), cmd in helpers.items() if _alive((pid, start))}
        assert not left, f"still running {GRACE} s after the app died: {left}"
    finally:
        app.kill()
        app.wait()
        for pid, start in helpers:
            if _alive((pid, start)):
                os.kill(pid, signal.SIGKILL)
