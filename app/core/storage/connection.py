"""Open a Rapporteur file safely: header checks, a hardened connection, schema checks."""

from __future__ import annotations

import os
import sqlite3
import struct
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from app import __version__
from app.core.errors import BadFileError, NewerFileError
from app.core.storage import schema

SQLITE_MAGIC = b"SQLite format 3\x00"
MAX_VALUE_BYTES = 64 * 1024 * 1024
_DENIED_ACTIONS = {sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH}


@dataclass(frozen=True)
class Header:
    """What the 100-byte SQLite header says about a file."""

    application_id: int
    user_version: int
    wal: bool


def read_header(path: Path) -> Header:
    """Read and vet the SQLite header before any query touches the file."""
    if not path.exists():
        raise BadFileError(f"{path.name}: no such file")
    if not path.is_file():
        raise BadFileError(f"{path.name}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise BadFileError(f"{path.name}: the file is empty, not a Rapporteur file")
    with path.open("rb") as handle:
        head = handle.read(100)
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise BadFileError(f"{path.name}: not a Rapporteur file (not an SQLite database)")
    page_size = struct.unpack(">H", head[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1) or size % page_size:
        raise BadFileError(f"{path.name}: the file is damaged (truncated or corrupt header)")
    user_version, application_id = struct.unpack(">I", head[60:64])[0], struct.unpack(
        ">I", head[68:72]
    )[0]
    return Header(application_id, user_version, head[18] == 2 or head[19] == 2)


def check_header(path: Path, header: Header) -> None:
    """Refuse foreign files and files from a newer Rapporteur."""
    if header.application_id != schema.APPLICATION_ID:
        raise BadFileError(
            f"{path.name}: not a Rapporteur file (an SQLite database of another application)"
        )
    if header.user_version > schema.schema_version():
        needed = schema.SCHEMA_RELEASES.get(header.user_version, "a newer release")
        raise NewerFileError(
            f"{path.name}: written by a newer Rapporteur (file format {header.user_version}); "
            f"this is Rapporteur {__version__}, which reads up to format "
            f"{schema.schema_version()}: install Rapporteur {needed} or later"
        )


class Guard:
    """Authorizer and progress handler that keep a foreign schema from running code."""

    def __init__(self) -> None:
        self.deadline: float | None = None

    def authorize(self, action: int, _a: str | None, _b: str | None, _db: str | None,
                  source: str | None) -> int:
        """Deny anything run from inside a trigger or view, and ATTACH."""
        if source is not None or action in _DENIED_ACTIONS:
            return sqlite3.SQLITE_DENY
        return sqlite3.SQLITE_OK

    def progress(self) -> int:
        """Abort the running statement once the deadline has passed."""
        return 1 if self.deadline is not None and time.monotonic() > self.deadline else 0

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Stop any statement that runs longer than seconds inside the block."""
        previous, self.deadline = self.deadline, time.monotonic() + seconds
        try:
            yield
        finally:
            self.deadline = previous


def connect(path: Path, *, mode: str) -> tuple[sqlite3.Connection, Guard]:
    """Open path (mode ro, rw or rwc) with defensive pragmas, limits and guards."""
    uri = "file:" + urllib.parse.quote(os.fspath(path.resolve())) + f"?mode={mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise BadFileError(f"{path.name}: cannot open ({exc})") from None
    guard = Guard()
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 1_000_000)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.setlimit(sqlite3.SQLITE_LIMIT_TRIGGER_DEPTH, 1)
    for pragma in ("trusted_schema = OFF", "cell_size_check = ON", "mmap_size = 0",
                   "recursive_triggers = OFF", "foreign_keys = ON", "busy_timeout = 5000"):
        conn.execute(f"PRAGMA {pragma}")
    conn.set_authorizer(guard.authorize)
    conn.set_progress_handler(guard.progress, 10_000)
    return conn, guard


def verify(conn: sqlite3.Connection, guard: Guard, path: Path, version: int | None = None
           ) -> None:
    """Run quick_check and compare the schema with the app's own (of version); raise if unsafe."""
    try:
        with guard.limit(120):
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
            problems = schema.schema_differences(conn, version)
    except sqlite3.DatabaseError as exc:
        raise BadFileError(f"{path.name}: the file is damaged ({exc})") from None
    if rows != ["ok"]:
        raise BadFileError(f"{path.name}: the file is damaged ({'; '.join(rows)[:200]})")
    if problems:
        raise BadFileError(
            f"{path.name}: unsafe or foreign structure ({'; '.join(problems)[:200]})"
        )
