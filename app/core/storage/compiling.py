"""Rows of the compiling tables: collected sources, the contributors tracker, pulls,
and a reviewer's proposals brought back from Word."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

COMPILING_TABLES = ("sources", "tracker", "pulls", "proposals")


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

    # proposals

    def proposals(self, document_id: str | None = None, *, open_only: bool = False
                  ) -> list[dict[str, Any]]:
        """Return proposals (of one document), oldest first."""
        where = ["1=1"]
        args: list[Any] = []
        if document_id:
            where.append("document_id = ?")
            args.append(document_id)
        if open_only:
            where.append("status = 'open'")
        return _dicts(self.db.execute(
            f"SELECT * FROM proposals WHERE {' AND '.join(where)} ORDER BY created, rowid",
            args))

    def proposal(self, proposal_id: str) -> dict[str, Any] | None:
        """Return one proposal by id (or by a unique prefix of it), or None."""
        rows = _dicts(self.db.execute("SELECT * FROM proposals WHERE id LIKE ? || '%'",
                                      [proposal_id]))
        return rows[0] if len(rows) == 1 else None

    def save_proposal(self, row: dict[str, Any]) -> None:
        """Insert or replace one proposal."""
        self.db.table("proposals").upsert(row, pk="id")

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
            elif table == "proposals" and current["status"] == "open" != row["status"]:
                ours.save_proposal(row)  # a decision made in the other copy
    return added
