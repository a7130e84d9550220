"""A consistent copy of an open file: SQLite's backup API, revisions sealed, quick_check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from app.core.errors import BadFileError, RapporteurError
from app.core.storage.repo import Repo, database


def backup_into(conn: sqlite3.Connection, temp: Path) -> None:
    """Copy every page of conn into temp, seal its revisions and verify it."""
    try:
        target = sqlite3.connect(temp, isolation_level=None)
    except sqlite3.Error as exc:
        raise RapporteurError(f"cannot write the copy: {exc}") from None
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        Repo(database(target)).seal_revisions()
        rows = [r[0] for r in target.execute("PRAGMA quick_check")]
        if rows != ["ok"]:
            raise BadFileError(f"the copy failed its check ({rows[0]})")
    except sqlite3.Error as exc:
        raise RapporteurError(f"cannot write the copy: {exc}") from None
    finally:
        target.close()
