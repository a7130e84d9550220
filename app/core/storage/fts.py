"""A temporary full-text index (FTS5, trigram) of headings and body text, for find."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

TABLE = "temp.rapporteur_find"


class TextIndex:
    """An FTS5 table in the connection's temp schema; never written to the file."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._version: tuple[int, int] | None = None

    def stale(self) -> bool:
        """Return whether the file changed (here or elsewhere) since the last build."""
        return self._version != self._current_version()

    def rebuild(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """Index (section id, heading, plain text) rows afresh."""
        self.conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} "
            "USING fts5(section_id UNINDEXED, heading, text, tokenize = 'trigram')"
        )
        self.conn.execute(f"DELETE FROM {TABLE}")
        self.conn.executemany(f"INSERT INTO {TABLE} VALUES (?, ?, ?)", list(rows))
        self._version = self._current_version()

    def matching(self, needle: str) -> set[str]:
        """Return the ids of sections whose heading or text contain needle (3+ chars)."""
        phrase = '"' + needle.replace('"', '""') + '"'
        rows = self.conn.execute(
            f"SELECT section_id FROM {TABLE} WHERE rapporteur_find MATCH ?", [phrase])
        return {str(r[0]) for r in rows}

    def _current_version(self) -> tuple[int, int]:
        """Return a key that changes whenever the file's content changes."""
        data_version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        return (self.conn.total_changes, int(data_version))
