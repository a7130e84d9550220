"""Rows of the compiling tables: collected sources, the contributors tracker, pulls."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

COMPILING_TABLES = ("sources", "tracker", "pulls")


class CompilingRows:
    """Reads and writes of sources, tracker and pulls in one open file."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def rows(self, table: str) -> list[dict[str, Any]]:
        """Return every row of one compiling table, oldest first."""
        if table not in COMPILING_TABLES:
            raise ValueError(table)
        order = "position, created, id" if table == "tracker" else \
            ("collected, rowid" if table == "sources" else "created, rowid")
        return _dicts(self.db.execute(f"SELECT * FROM {table} ORDER BY {order}"))

    def insert(self, table: str, row: dict[str, Any]) -> None:
        """Insert one row of a compiling table."""
        if table not in COMPILING_TABLES:
            raise ValueError(table)
        self.db.table(table).insert(row)

    # sources

    def sources_of(self, origin: str) -> list[dict[str, Any]]:
        """Return the collections of one origin, oldest first."""
        return _dicts(self.db.execute(
            "SELECT * FROM sources WHERE origin = ? ORDER BY collected, rowid", [origin]))

    def has_source(self, origin: str, sha256: str) -> bool:
        """Return whether this version (by fingerprint) of an origin was collected."""
        row = self.db.execute("SELECT 1 FROM sources WHERE origin = ? AND sha256 = ? LIMIT 1",
                              [origin, sha256]).fetchone()
        return row is not None

    # tracker

    def save_tracker(self, row: dict[str, Any]) -> None:
        """Insert or replace one tracker row."""
        self.db.table("tracker").upsert(row, pk="id")

    def next_tracker_position(self) -> int:
        """Return the position after the last tracker row."""
        row = self.db.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM tracker").fetchone()
        return int(row[0])


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    """Turn a cursor's rows into dicts."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def merge_rows(ours: CompilingRows, theirs: CompilingRows) -> int:
    """Bring in THEIRS' compiling rows: a union by id, the newer tracker edit wins."""
    added = 0
    for table in COMPILING_TABLES:
        mine = {row["id"]: row for row in ours.rows(table)}
        for row in theirs.rows(table):
            current = mine.get(row["id"])
            if current is None:
                ours.insert(table, row)
                added += 1
            elif table == "tracker" and str(row["modified"]) > str(current["modified"]):
                ours.save_tracker(row)
    return added
