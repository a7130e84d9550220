"""Who has a file open: a lock file beside it with user, host, process and time."""

from __future__ import annotations

import contextlib
import json
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from app.core import clock
from app.core.errors import RapporteurError


@dataclass(frozen=True)
class LockInfo:
    """The holder of a lock."""

    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        """Return 'user on host since time' for a message."""
        return f"{self.user} on {self.host} (since {self.since[:16].replace('T', ' ')} UTC)"


class LockedError(RapporteurError):
    """Another live process holds the file."""

    def __init__(self, path: Path, holder: LockInfo) -> None:
        super().__init__(f"{path.name} is open by {holder.describe()}")
        self.holder = holder


def lock_path(path: Path) -> Path:
    """Return the lock file that goes with a Rapporteur file."""
    return path.with_name(f".~lock.{path.name}#")


def read_lock(path: Path) -> LockInfo | None:
    """Return who holds path's lock, or None when there is no readable lock."""
    try:
        data = json.loads(lock_path(path).read_text(encoding="utf-8"))
        return LockInfo(str(data["user"]), str(data["host"]), int(data["pid"]),
                        str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_stale(info: LockInfo) -> bool:
    """Return whether a lock was left by a dead process on this machine."""
    if info.host != socket.gethostname():
        return False
    try:
        os.kill(info.pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def acquire(path: Path, user: str) -> LockInfo:
    """Take path's lock (taking over a stale one); raise LockedError if it is held."""
    target = lock_path(path)
    mine = LockInfo(user, socket.gethostname(), os.getpid(), clock.iso(clock.now()))
    for _attempt in range(2):
        try:
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            holder = read_lock(path)
            if holder is not None and holder.pid == os.getpid() and holder.host == mine.host:
                return holder
            if holder is not None and not is_stale(holder):
                raise LockedError(path, holder) from None
            with contextlib.suppress(FileNotFoundError):
                target.unlink()
            continue
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(mine.__dict__, handle)
        return mine
    holder = read_lock(path)
    raise LockedError(path, holder or mine)


def release(path: Path) -> None:
    """Remove path's lock if this process holds it."""
    holder = read_lock(path)
    if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
        with contextlib.suppress(FileNotFoundError):
            lock_path(path).unlink()
