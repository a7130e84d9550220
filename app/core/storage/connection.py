"""Open a Rapporteur file safely: header checks, a hardened connection, schema checks."""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
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
_READONLY_ROLLBACK = 776  # SQLITE_READONLY_ROLLBACK: a hot journal, read-only handle
CHECK_SECONDS = 120
MAX_PATH_BYTES = 504  # SQLite's unix VFS opens no longer path (MAX_PATHNAME 512, less room)


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
        release = schema.SCHEMA_RELEASES.get(header.user_version)
        needed = f"{release} or later" if release else "from a newer release"
        raise NewerFileError(
            f"{path.name}: written by a newer Rapporteur (file format {header.user_version}); "
            f"this is Rapporteur {__version__}, which reads up to format "
            f"{schema.schema_version()}: install Rapporteur {needed}"
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
        return 1 if self.expired() else 0

    def expired(self) -> bool:
        """Return whether a deadline is set and has passed."""
        return self.deadline is not None and time.monotonic() > self.deadline

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Stop any statement that runs longer than seconds inside the block."""
        previous, self.deadline = self.deadline, time.monotonic() + seconds
        try:
            yield
        finally:
            self.deadline = previous


class GuardedConnection(sqlite3.Connection):
    """A connection that deletes its private settled copy of the file when closed."""

    cleanup: Path | None = None

    def close(self) -> None:
        """Close, then remove the temporary folder of a settled copy (if any)."""
        try:
            super().close()
        finally:
            if self.cleanup is not None:
                shutil.rmtree(self.cleanup, ignore_errors=True)
                self.cleanup = None


def connect(path: Path, *, mode: str) -> tuple[sqlite3.Connection, Guard]:
    """Open path (mode ro, rw or rwc) with defensive pragmas, limits and guards.

    Read-only, a WAL-mode file or one with a hot journal (left by a crash) is opened
    through a settled private copy, so nothing is written beside the original.
    """
    if mode == "ro" and _is_wal(path):
        return _open_settled(path)
    conn, guard = open_hardened(path, mode)
    if mode == "ro" and _has_hot_journal(conn):
        conn.close()
        return _open_settled(path)
    return conn, guard


def open_hardened(path: Path, mode: str) -> tuple[GuardedConnection, Guard]:
    """Open path as it is (no settling) with defensive pragmas, limits and guards."""
    full = os.fspath(path.resolve())
    if os.name != "nt" and len(os.fsencode(full)) > MAX_PATH_BYTES:
        raise BadFileError(f"{path.name}: the folder path is too long ({len(os.fsencode(full))} "
                           f"bytes, at most {MAX_PATH_BYTES}); move the file to a shorter path")
    uri = "file:" + urllib.parse.quote(full) + f"?mode={mode}"
    try:
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                               factory=GuardedConnection)
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


def use_rollback_journal(conn: sqlite3.Connection) -> None:
    """Write through a rollback journal (never WAL), synced fully at every commit."""
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("PRAGMA synchronous = FULL")


def stamp_new(conn: sqlite3.Connection) -> None:
    """Prepare a new, empty file: rollback journal, full sync, Rapporteur's application id."""
    for pragma in ("journal_mode = DELETE", "synchronous = FULL",
                   f"application_id = {schema.APPLICATION_ID}"):
        conn.execute(f"PRAGMA {pragma}")


def _is_wal(path: Path) -> bool:
    """Return whether path's header says WAL mode (read-only opens would add -shm/-wal)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(20)
    except OSError:
        return False
    return head.startswith(SQLITE_MAGIC) and (head[18] == 2 or head[19] == 2)


def _has_hot_journal(conn: sqlite3.Connection) -> bool:
    """Return whether a read-only handle cannot read because a hot journal needs rollback."""
    try:
        conn.execute("PRAGMA schema_version").fetchone()
    except sqlite3.DatabaseError as exc:  # other damage is reported by verify()
        return getattr(exc, "sqlite_errorcode", None) == _READONLY_ROLLBACK
    return False


def _open_settled(path: Path) -> tuple[sqlite3.Connection, Guard]:
    """Open a settled private copy of path read-only; the copy goes when the handle closes."""
    folder = Path(tempfile.mkdtemp(prefix="rapporteur-"))
    try:
        conn, guard = open_hardened(settled_copy(path, folder), "ro")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    conn.cleanup = folder
    return conn, guard


def settled_copy(path: Path, folder: Path) -> Path:
    """Copy path and its -wal/-journal into folder, then fold them in there (DELETE mode).

    The database is copied before its sidecars: pages a writer changes after the copy
    are already in the journal, so rolling back the copy gives the last commit.
    """
    target = folder / "copy.rapporteur"
    for _attempt in range(3):
        try:
            if _copy_with_sidecars(path, target):
                break
        except OSError as exc:
            raise BadFileError(f"{path.name}: cannot read ({exc.strerror or exc})") from None
    conn, _guard = open_hardened(target, "rw")
    try:
        conn.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as exc:
        raise BadFileError(f"{path.name}: the file is damaged ({exc})") from None
    finally:
        conn.close()
    return target


def _copy_with_sidecars(path: Path, target: Path) -> bool:
    """Copy path, then its -wal and -journal; False if a sidecar vanished meanwhile."""
    for stale in target.parent.glob(target.name + "-*"):
        stale.unlink()
    shutil.copyfile(path, target)
    for sidecar in ("-wal", "-journal"):
        side = path.with_name(path.name + sidecar)
        if side.exists():
            try:
                shutil.copyfile(side, target.with_name(target.name + sidecar))
            except FileNotFoundError:
                return False  # its transaction ended while we copied: copy again
    return True


def verify(conn: sqlite3.Connection, guard: Guard, path: Path, version: int | None = None
           ) -> None:
    """Run quick_check and compare the schema with the app's own (of version); raise if unsafe."""
    try:
        with guard.limit(CHECK_SECONDS):
            try:
                rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
                problems = schema.schema_differences(conn, version)
                if rows == ["ok"] and not problems:
                    _check_value_sizes(conn, version)
            except sqlite3.OperationalError:
                if guard.expired():
                    raise BadFileError(f"{path.name}: checking the file took longer than "
                                       f"{CHECK_SECONDS} s; it may be damaged") from None
                raise
    except sqlite3.DataError:
        raise BadFileError(f"{path.name}: the file holds a value larger than "
                           f"{MAX_VALUE_BYTES >> 20} MB, more than Rapporteur reads") from None
    except sqlite3.DatabaseError as exc:
        raise BadFileError(f"{path.name}: the file is damaged ({exc})") from None
    if rows != ["ok"]:
        raise BadFileError(f"{path.name}: the file is damaged ({'; '.join(rows)[:200]})")
    if problems:
        raise BadFileError(
            f"{path.name}: unsafe or foreign structure ({'; '.join(problems)[:200]})"
        )


def _check_value_sizes(conn: sqlite3.Connection, version: int | None) -> None:
    """Read every value of the app's tables once, so one over the length limit fails here."""
    for table, shape in schema.expected_shape(version)["tables"].items():
        columns = [str(column[1]) for column in shape["columns"]]
        if not columns:
            continue
        probe = " OR ".join(f"length(CAST({_quoted(c)} AS BLOB)) < 0" for c in columns)
        conn.execute(f"SELECT 1 FROM {_quoted(table)} WHERE {probe} LIMIT 1").fetchall()


def _quoted(name: str) -> str:
    """Return an SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'
