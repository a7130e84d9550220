"""Temporary files beside a target, and sweeping away the ones a killed process left.

Every file the app writes atomically is first written as ".NAME.<random>.tmp" in the
target's folder, then renamed over NAME. A process killed in between leaves that
temporary file behind; the next write of NAME removes those untouched for STALE_S.
"""

from __future__ import annotations

import contextlib
import re
import time
import uuid
from pathlib import Path

STALE_S = 15 * 60  # far longer than any write pauses, so a live writer is never swept


def temp_beside(out: Path, suffix: str = ".tmp") -> Path:
    """Return a new temporary name beside out, after sweeping stale ones for out."""
    sweep(out)
    return out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}{suffix}")


def sweep(out: Path, *, older_than: float = STALE_S) -> list[Path]:
    """Remove temporary files for out left by killed writers; return what was removed."""
    removed = []
    cutoff = time.time() - older_than
    ours = re.compile(rf"\.{re.escape(out.name)}\.[0-9a-f]{{8}}(?:\.mine)?\.tmp")
    with contextlib.suppress(OSError):
        for path in out.parent.glob(f".{_glob_escape(out.name)}.*.tmp"):
            if not ours.fullmatch(path.name):
                continue
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed.append(path)
    return removed


def _glob_escape(name: str) -> str:
    """Return name with glob's special characters matched literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)
