"""Salvage: read what is readable from a damaged Rapporteur file, never trusting it.

BAD is only ever read as bytes: it is copied into a private folder (with any -wal or
-journal, folded in there), and that copy is opened with the hardened connection
(trusted_schema off, the authorizer that denies anything run from a trigger or view,
limits, progress deadlines) but without the exact schema check. Rows are read with
the app's own SELECTs and explicit column lists, in rowid order and in small batches,
so a damaged page loses only the rows on it. Foreign triggers and views are never
executed; unknown tables and columns are ignored. sharing.rescue writes the rows out.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import BadFileError
from app.core.storage import connection, schema

CORE_TABLES = ("meta", "documents", "sections", "revisions", "revision_parents")
SKIPPED_TABLES = frozenset({"_sqlite_migrations"})
BATCH = 200
STEP_SECONDS = 10.0
MIN_ROWID, MAX_ROWID = -(1 << 63), (1 << 63) - 1
_REQUIRED = {
    "meta": ("key",), "documents": ("id",), "sections": ("id",),
    "revisions": ("id", "object_id", "content"), "revision_parents": ("revision_id", "parent_id"),
}


@dataclass
class Table:
    """Rows read from one table of BAD, by rowid, with what could not be read."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    lost: int = 0
    gaps: int = 0


@dataclass
class Salvage:
    """What reading BAD found: its tables' rows, and notes on what was damaged or foreign."""

    tables: dict[str, Table] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    damaged_regions: int = 0
    exact: bool = True


def salvage(bad: Path, folder: Path) -> Salvage:
    """Copy bad into folder, open the copy hardened, and read every table the app knows."""
    log = Salvage()
    conn, guard = _open_copy(bad, folder, log)
    try:
        catalogue = _catalogue(conn, guard, bad, log)
        _check_identity(conn, bad, catalogue, log)
        wanted = [t for t in schema.expected_shape()["tables"] if t not in SKIPPED_TABLES]
        log.tables = {t: _read_table(conn, guard, t, catalogue, log) for t in wanted}
    finally:
        conn.close()
    return log


def _open_copy(bad: Path, folder: Path, log: Salvage
               ) -> tuple[sqlite3.Connection, connection.Guard]:
    """Return a hardened, query-only connection to a private copy of bad."""
    try:
        copy = connection.settled_copy(bad, folder)
    except BadFileError:
        if any(bad.with_name(bad.name + s).exists() for s in ("-wal", "-journal")):
            log.notes.append("could not apply the file's -wal/-journal; read it as it is")
        for stale in folder.iterdir():
            stale.unlink()
        copy = folder / "raw.rapporteur"
        try:
            shutil.copyfile(bad, copy)
        except OSError as exc:
            raise BadFileError(f"{bad.name}: cannot read ({exc.strerror or exc})") from None
    conn, guard = connection.open_hardened(copy, "rw")
    conn.execute("PRAGMA query_only = ON")
    return conn, guard


def _catalogue(conn: sqlite3.Connection, guard: connection.Guard, bad: Path,
               log: Salvage) -> dict[str, tuple[str, str]]:
    """Return name -> (type, sql) of bad's schema objects; note the foreign ones."""
    rows = _catalogue_rows(conn, guard)
    if rows is None:
        conn.execute("PRAGMA writable_schema = ON")  # tolerate unparsable entries
        rows = _catalogue_rows(conn, guard)
    if rows is None:
        raise BadFileError(f"{bad.name}: nothing could be rescued (its list of tables is "
                           "damaged)")
    expected = {(k, n) for k, n, _t in schema.expected_shape()["objects"]}
    for kind, name, _sql in rows:
        if (kind, name) not in expected and not name.startswith("sqlite_"):
            never_run = "; never run" if kind in ("trigger", "view") else ""
            log.notes.append(f"ignored {kind} {name!r} (not part of Rapporteur{never_run})")
    return {name: (kind, sql) for kind, name, sql in rows}


def _catalogue_rows(conn: sqlite3.Connection, guard: connection.Guard
                    ) -> list[tuple[str, str, str]] | None:
    """Read sqlite_master, or return None when it cannot be read."""
    try:
        with guard.limit(STEP_SECONDS):
            rows = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError:
        return None
    return [(str(k), str(n), str(s or "")) for k, n, s in rows]


def _check_identity(conn: sqlite3.Connection, bad: Path,
                    catalogue: dict[str, tuple[str, str]], log: Salvage) -> None:
    """Refuse another application's database; note a newer format."""
    app_id = version = 0
    with contextlib.suppress(sqlite3.DatabaseError):
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    ours = all(catalogue.get(t, ("",))[0] == "table" for t in ("documents", "sections"))
    if app_id != schema.APPLICATION_ID and not ours:
        raise BadFileError(f"{bad.name}: not a Rapporteur file (an SQLite database of "
                           "another application); nothing to rescue")
    if app_id != schema.APPLICATION_ID:
        log.notes.append("the file's application id is damaged; rescued its tables anyway")
    if version > schema.schema_version():
        log.notes.append(f"written by a newer Rapporteur (format {version}): only the "
                            "columns this release knows were rescued")


def _read_table(conn: sqlite3.Connection, guard: connection.Guard, table: str,
                catalogue: dict[str, tuple[str, str]], log: Salvage) -> Table:
    """Read the app's columns of one table of bad, skipping damaged parts."""
    kind, sql = catalogue.get(table, ("", ""))
    if kind != "table" or not sql.lstrip().upper().startswith("CREATE TABLE"):
        if kind:
            log.notes.append(f"{table}: a {kind} where a table belongs; not read")
        elif table in CORE_TABLES:
            log.notes.append(f"{table}: missing")
        return Table()
    columns = _usable_columns(conn, table, log)
    if not all(c in columns for c in _REQUIRED.get(table, ())):
        log.notes.append(f"{table}: lacks {', '.join(_REQUIRED[table])}; not read")
        return Table()
    result = _RowReader(conn, guard, table, columns).read()
    known = _indexed_rowids(conn, guard, table, catalogue)
    if known is not None:
        result.lost = len(known - {r["rowid"] for r in result.rows})
    elif result.gaps:
        log.exact = False
    log.damaged_regions += result.gaps
    return result


def _usable_columns(conn: sqlite3.Connection, table: str, log: Salvage) -> list[str]:
    """Return the app's columns of table that bad has as plain (not generated) columns."""
    mine = [str(c[1]) for c in schema.expected_shape()["tables"][table]["columns"]]
    theirs = {str(r[1]): int(r[6]) for r in conn.execute(f"PRAGMA table_xinfo({_q(table)})")}
    for name in sorted(set(theirs) - set(mine)):
        log.notes.append(f"ignored column {table}.{name} (not part of Rapporteur)")
    missing = [c for c in mine if theirs.get(c) != 0]
    if missing:
        log.notes.append(f"{table}: no usable column {', '.join(missing)}; defaults used")
    return [c for c in mine if theirs.get(c) == 0]


def _indexed_rowids(conn: sqlite3.Connection, guard: connection.Guard, table: str,
                    catalogue: dict[str, tuple[str, str]]) -> set[int] | None:
    """Return the rowids listed by the app's own indexes on table that read without error."""
    found: set[int] | None = None
    for index in schema.expected_shape()["tables"][table]["indexes"]:
        if catalogue.get(index, ("",))[0] != "index":
            continue
        sql = f"SELECT rowid FROM {_q(table)} INDEXED BY {_q(index)}"
        try:
            with guard.limit(STEP_SECONDS):
                rowids = {int(r[0]) for r in conn.execute(sql)}
        except sqlite3.DatabaseError:
            continue  # a damaged index may list garbage: trust only complete ones
        found = rowids if found is None else found | rowids
    return found


class _RowReader:
    """Read a table in rowid order and in batches, stepping over damaged pages."""

    def __init__(self, conn: sqlite3.Connection, guard: connection.Guard, table: str,
                 columns: list[str]) -> None:
        self.conn, self.guard, self.columns = conn, guard, columns
        names = ", ".join(_q(c) for c in columns)
        self.batch_sql = (f"SELECT rowid, {names} FROM {_q(table)} NOT INDEXED "
                          f"WHERE rowid >= ? ORDER BY rowid LIMIT {BATCH}")
        self.row_sql = f"SELECT rowid, {names} FROM {_q(table)} NOT INDEXED WHERE rowid = ?"
        self.seek_sql = (f"SELECT rowid FROM {_q(table)} NOT INDEXED WHERE rowid >= ? "
                         "ORDER BY rowid LIMIT 1")
        self.result = Table()

    def read(self) -> Table:
        """Return every readable row; count rows and regions that could not be read."""
        start: int | None = MIN_ROWID
        while start is not None:
            following = self._batch(start)
            if following is not None and following <= start:  # garbage led backwards
                self.result.gaps += 1
                following = self._skip_damage(start)
            start = following
        return self.result

    def _batch(self, start: int) -> int | None:
        """Read one batch from start; return where to go on, or None at the end."""
        last: int | None = None
        try:
            with self.guard.limit(STEP_SECONDS):
                for row in self.conn.execute(self.batch_sql, (start,)):
                    rowid = int(row[0])
                    if rowid < start or (last is not None and rowid <= last):
                        raise sqlite3.DatabaseError("rows out of order: a damaged page")
                    self._keep(row)
                    last = rowid
        except sqlite3.DatabaseError:
            return self._recover(start if last is None else last + 1)
        if last is None or last >= MAX_ROWID:
            return None
        return last + 1

    def _keep(self, row: tuple[Any, ...]) -> None:
        """Store one row as a dict (rowid included)."""
        self.result.rows.append({"rowid": int(row[0]), **dict(zip(self.columns, row[1:],
                                                                    strict=True))})

    def _recover(self, start: int) -> int | None:
        """Find where reading can go on after a failure at or after start."""
        reachable, rowid = self._seek(start)
        if not reachable:
            self.result.gaps += 1
            return self._skip_damage(start)
        if rowid is None:
            return None
        try:  # the row is reachable: read it alone, so only it can be lost
            with self.guard.limit(STEP_SECONDS):
                row = self.conn.execute(self.row_sql, (rowid,)).fetchone()
        except sqlite3.DatabaseError:
            row = None
        if row is None:  # unreadable, or a damaged page that answers seeks with junk
            self.result.gaps += 1
        else:
            self._keep(row)
        return rowid + 1 if rowid < MAX_ROWID else None

    def _seek(self, start: int) -> tuple[bool, int | None]:
        """Return whether a seek to start works, and the first rowid >= start (None: end)."""
        try:
            with self.guard.limit(STEP_SECONDS):
                row = self.conn.execute(self.seek_sql, (start,)).fetchone()
        except sqlite3.DatabaseError:
            return False, None
        return True, None if row is None else int(row[0])

    def _skip_damage(self, start: int) -> int | None:
        """Return the smallest start past a damaged region whose seek works, or None."""
        bad, step = start, 1
        good: int | None = None
        while bad + step <= MAX_ROWID:
            if self._seek(bad + step)[0]:
                good = bad + step
                break
            bad, step = bad + step, step * 2
        if good is None:
            return None
        while good - bad > 1:  # the seek works past the damage: find where it starts working
            middle = (bad + good) // 2
            if not self._seek(middle)[0]:
                bad = middle
            else:
                good = middle
        return good


def _q(name: str) -> str:
    """Return an SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'

