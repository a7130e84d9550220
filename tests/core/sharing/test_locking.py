"""File locks: who has a file open, stale locks taken over, only our own lock released."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys

import pytest

from app.core.sharing import locking


def test_acquire_writes_user_host_pid(tmp_path):
    path = tmp_path / "a.rapporteur"
    info = locking.acquire(path, "Maria")
    data = json.loads(locking.lock_path(path).read_text())
    assert (data["user"], data["host"], data["pid"]) == ("Maria", socket.gethostname(),
                                                          os.getpid())
    assert info.since.endswith("Z")


def test_lock_held_by_live_process_elsewhere_is_refused(tmp_path):
    path = tmp_path / "a.rapporteur"
    locking.lock_path(path).write_text(json.dumps(
        {"user": "Jean", "host": "other-host", "pid": 4242, "since": "2026-11-27T08:00:00Z"}))
    with pytest.raises(locking.LockedError, match="Jean on other-host"):
        locking.acquire(path, "Maria")


def test_stale_lock_of_dead_process_is_taken_over(tmp_path):
    path = tmp_path / "a.rapporteur"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    locking.lock_path(path).write_text(json.dumps(
        {"user": "Jean", "host": socket.gethostname(), "pid": int(dead.stdout),
         "since": "2026-11-27T08:00:00Z"}))
    info = locking.acquire(path, "Maria")
    assert info.user == "Maria"
    assert locking.read_lock(path).pid == os.getpid()


def test_unreadable_lock_is_replaced(tmp_path):
    path = tmp_path / "a.rapporteur"
    locking.lock_path(path).write_text("garbage")
    assert locking.acquire(path, "Maria").user == "Maria"


def test_release_only_removes_own_lock(tmp_path):
    path = tmp_path / "a.rapporteur"
    other = {"user": "Jean", "host": "other-host", "pid": 1, "since": "x"}
    locking.lock_path(path).write_text(json.dumps(other))
    locking.release(path)
    assert locking.lock_path(path).exists()
    locking.lock_path(path).unlink()
    locking.acquire(path, "Maria")
    locking.release(path)
    assert not locking.lock_path(path).exists()
