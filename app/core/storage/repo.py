"""Typed reads and writes of the file's tables, its transactions, and closing it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

from app.core.document.model import Document, Revision, Section
from app.core.text.sanitize import clean


def database(conn: sqlite3.Connection) -> Database:
    """Wrap an open connection for sqlite-utils: no recursive triggers, no plugins."""
    return Database(conn, recursive_triggers=False, execute_plugins=False)


class Repo:
    """Rows of one open file turned into model objects, and back."""

    def __init__(self, db: Database) -> None:
        self.db = db

    @property
    def conn(self) -> sqlite3.Connection:
        """Return the file's connection (for a backup or a temporary index)."""
        return self.db.conn

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """Group writes into one transaction (nested groups become savepoints)."""
        with self.db.atomic():
            yield

    def close(self) -> None:
        """Close the file's connection."""
        self.db.conn.close()

    # change detection

    def data_version(self) -> int:
        """Return SQLite's data_version: it moves when another connection commits."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    def change_key(self) -> tuple[int, int]:
        """Return a key that moves whenever the file changes, here or elsewhere."""
        return self.db.conn.total_changes, self.data_version()

    # meta

    def get_meta(self, key: str) -> str | None:
        """Return a meta value, or None."""
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        """Set a meta value."""
        self.db.table("meta").upsert({"key": key, "value": value}, pk="key")

    # documents

    def documents(self, *, include_deleted: bool = False) -> list[Document]:
        """Return the documents in file order, without their sections."""
        where = "" if include_deleted else "WHERE deleted = 0"
        rows = self.db.execute(
            f"SELECT * FROM documents {where} ORDER BY position, created, id"
        )
        return [_document(r) for r in _dicts(rows)]

    def document(self, document_id: str) -> Document | None:
        """Return one document row (deleted or not), or None."""
        rows = _dicts(self.db.execute("SELECT * FROM documents WHERE id = ?", [document_id]))
        return _document(rows[0]) if rows else None

    def save_document(self, doc: Document, *, deleted: bool = False) -> None:
        """Insert or replace a document row."""
        self.db.table("documents").upsert(
            {
                "id": doc.id, "title": doc.title, "template": doc.template,
                "language": doc.language,
                "fields": json.dumps(doc.fields, ensure_ascii=False, sort_keys=True),
                "position": doc.position, "created": doc.created, "modified": doc.modified,
                "deleted": int(deleted), "revision_id": doc.revision_id,
            },
            pk="id",
        )

    def next_document_position(self) -> int:
        """Return the position after the last document."""
        row = self.db.execute("SELECT COALESCE(MAX(position) + 1, 0) FROM documents").fetchone()
        return int(row[0])

    # sections

    def section_rows(self, document_id: str, *, include_deleted: bool = False) -> list[Section]:
        """Return a document's sections as flat rows ordered by parent and position."""
        where = "" if include_deleted else "AND deleted = 0"
        rows = self.db.execute(
            f"SELECT * FROM sections WHERE document_id = ? {where} "
            "ORDER BY parent_id IS NOT NULL, parent_id, position, created, id",
            [document_id],
        )
        return [_section(r) for r in _dicts(rows)]

    def placement_rows(self, document_id: str) -> list[tuple[str, str | None, int, str]]:
        """Return (id, parent id, position, created) of a document's live sections, no bodies."""
        rows = self.db.execute(
            "SELECT id, parent_id, position, created FROM sections "
            "WHERE document_id = ? AND deleted = 0", [document_id])
        return [(str(r[0]), r[1], int(r[2] or 0), str(r[3])) for r in rows]

    def section(self, section_id: str) -> Section | None:
        """Return one section row (deleted or not), or None."""
        rows = _dicts(self.db.execute("SELECT * FROM sections WHERE id = ?", [section_id]))
        return _section(rows[0]) if rows else None

    def section_is_deleted(self, section_id: str) -> bool:
        """Return whether a section is marked deleted."""
        row = self.db.execute("SELECT deleted FROM sections WHERE id = ?", [section_id]).fetchone()
        return bool(row and row[0])

    def raw_bodies(self) -> list[tuple[str, str]]:
        """Return (section id, body) exactly as stored, for checking."""
        rows = self.db.execute("SELECT id, body FROM sections ORDER BY id")
        return [(str(r[0]), str(r[1])) for r in rows]

    def save_section(self, sec: Section, *, deleted: bool = False) -> None:
        """Insert or replace a section row."""
        self.db.table("sections").upsert(
            {
                "id": sec.id, "document_id": sec.document_id, "parent_id": sec.parent_id,
                "position": sec.position, "heading": sec.heading, "body": sec.body,
                "status": sec.status, "tags": json.dumps(sec.tags, ensure_ascii=False),
                "word_budget": sec.word_budget, "author": sec.author,
                "created": sec.created, "modified": sec.modified, "deleted": int(deleted),
                "revision_id": sec.revision_id,
            },
            pk="id",
        )

    def set_outline(self, document_id: str, placement: Iterable[tuple[str, str | None, int]]
                    ) -> None:
        """Set parent and position of a document's sections."""
        for section_id, parent_id, position in placement:
            self.db.execute(
                "UPDATE sections SET document_id = ?, parent_id = ?, position = ? WHERE id = ?",
                [document_id, parent_id, position, section_id],
            )

    # revisions

    def revision(self, revision_id: str) -> Revision | None:
        """Return one revision, or None."""
        rows = _dicts(self.db.execute("SELECT * FROM revisions WHERE id = ?", [revision_id]))
        return self._revision(rows[0]) if rows else None

    def revisions_of(self, object_id: str) -> list[Revision]:
        """Return an object's revisions, oldest first."""
        rows = self.db.execute(
            "SELECT * FROM revisions WHERE object_id = ? ORDER BY created, rowid",
            [object_id],
        )
        return [self._revision(r) for r in _dicts(rows)]

    def parents_of(self, revision_id: str) -> tuple[str, ...]:
        """Return the parent revision ids of a revision."""
        rows = self.db.execute(
            "SELECT parent_id FROM revision_parents WHERE revision_id = ? ORDER BY parent_id",
            [revision_id],
        )
        return tuple(str(r[0]) for r in rows)

    def insert_revision(self, rev: Revision) -> None:
        """Store a new revision and its parent links (an existing id is left as it is)."""
        if self.revision(rev.id) is not None:
            return
        self.db.table("revisions").insert(
            {
                "id": rev.id, "object_type": rev.object_type, "object_id": rev.object_id,
                "author": rev.author, "created": rev.created, "modified": rev.modified,
                "sealed": int(rev.sealed), "content_hash": rev.content_hash,
                "content": json.dumps(rev.content, ensure_ascii=False, sort_keys=True),
            }
        )
        for parent in rev.parents:
            self.db.table("revision_parents").insert({"revision_id": rev.id, "parent_id": parent})

    def amend_revision(self, revision_id: str, content: dict[str, Any], content_hash: str,
                       modified: str) -> None:
        """Replace the content of an open revision (coalescing a burst of edits)."""
        self.db.execute(
            "UPDATE revisions SET content = ?, content_hash = ?, modified = ? "
            "WHERE id = ? AND sealed = 0",
            [json.dumps(content, ensure_ascii=False, sort_keys=True), content_hash, modified,
             revision_id],
        )

    def all_revisions(self) -> list[Revision]:
        """Return every revision in the file, oldest first."""
        rows = self.db.execute("SELECT * FROM revisions ORDER BY created, rowid")
        return [self._revision(r) for r in _dicts(rows)]

    def revision_hashes(self) -> dict[str, str]:
        """Return every revision id with its content hash."""
        rows = self.db.execute("SELECT id, content_hash FROM revisions")
        return {str(r[0]): str(r[1]) for r in rows}

    # conflicts

    def add_conflict(self, row: dict[str, Any]) -> None:
        """Store a conflict (values are JSON-encoded here)."""
        record = dict(row)
        for key in ("base", "ours", "theirs"):
            record[key] = None if record.get(key) is None else json.dumps(
                record[key], ensure_ascii=False, sort_keys=True)
        self.db.table("conflicts").insert(record)

    def conflicts(self, *, open_only: bool = True, object_id: str | None = None
                  ) -> list[dict[str, Any]]:
        """Return conflicts (by default the unresolved ones), oldest first."""
        where, args = [], []
        if open_only:
            where.append("resolved IS NULL")
        if object_id is not None:
            where.append("object_id = ?")
            args.append(object_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = _dicts(self.db.execute(
            f"SELECT * FROM conflicts {clause} ORDER BY created, rowid", args))
        for row in rows:
            for key in ("base", "ours", "theirs"):
                row[key] = None if row[key] is None else _json(row[key], None)
        return rows

    def resolve_conflict(self, conflict_id: str, resolution: str, when: str) -> None:
        """Mark a conflict resolved, saying how."""
        self.db.execute("UPDATE conflicts SET resolved = ?, resolution = ? WHERE id = ?",
                        [when, resolution, conflict_id])

    # comments

    def save_comment(self, row: dict[str, Any]) -> None:
        """Insert or replace a comment row."""
        self.db.table("comments").upsert(row, pk="id")

    def update_comment(self, comment_id: str, *, resolved: bool, modified: str) -> None:
        """Set a comment's resolved state."""
        self.db.execute("UPDATE comments SET resolved = ?, modified = ? WHERE id = ?",
                        [int(resolved), modified, comment_id])

    def comments(self, *, section_id: str | None = None, comment_id: str | None = None
                 ) -> list[dict[str, Any]]:
        """Return comments, oldest first, optionally of one section or one id."""
        where, args = [], []
        if section_id is not None:
            where.append("section_id = ?")
            args.append(section_id)
        if comment_id is not None:
            where.append("id = ?")
            args.append(comment_id)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        return _dicts(self.db.execute(
            f"SELECT * FROM comments {clause} ORDER BY created, rowid", args))

    # the contributors tracker

    def tracker_documents(self, report_id: str | None) -> list[str]:
        """Return the document ids the tracker links in its order (report_id's and unowned rows)."""
        return [row[0] for row in self.db.execute(
            "SELECT document_id FROM tracker WHERE document_id IS NOT NULL AND "
            "(? IS NULL OR report_id = ? OR report_id IS NULL) ORDER BY position, rowid",
            [report_id, report_id]).fetchall()]

    def seal_revisions(self) -> int:
        """Seal every open revision; return how many were sealed."""
        cursor = self.db.execute("UPDATE revisions SET sealed = 1 WHERE sealed = 0")
        return int(cursor.rowcount)

    def insert_row(self, table: str, values: dict[str, Any]) -> None:
        """Insert one row of one of the app's other tables, column for column."""
        self.db.table(table).insert(values)

    def count(self, table: str) -> int:
        """Return the number of rows in one of the app's tables."""
        if table not in {"documents", "sections", "revisions", "revision_parents", "meta",
                         "conflicts", "comments"}:
            raise ValueError(table)
        return int(self.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def _revision(self, row: dict[str, Any]) -> Revision:
        """Build a Revision from a row."""
        return Revision(
            id=row["id"], object_type=row["object_type"], object_id=row["object_id"],
            parents=self.parents_of(row["id"]), author=row["author"], created=row["created"],
            modified=row["modified"], sealed=bool(row["sealed"]),
            content_hash=row["content_hash"], content=json.loads(row["content"]),
        )


def _dicts(cursor: Any) -> list[dict[str, Any]]:
    """Turn a cursor's rows into dicts."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _json(value: Any, default: Any) -> Any:
    """Decode a JSON column, falling back to default when it is malformed."""
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return default


def _document(row: dict[str, Any]) -> Document:
    """Build a Document (without sections) from a row."""
    fields = _json(row["fields"], {})
    return Document(
        id=str(row["id"]), title=str(row["title"]), template=str(row["template"]),
        language=str(row["language"]), fields=fields if isinstance(fields, dict) else {},
        created=str(row["created"]), modified=str(row["modified"]),
        position=int(row["position"] or 0), revision_id=row["revision_id"],
    )


def _section(row: dict[str, Any]) -> Section:
    """Build a Section from a row; the body is sanitised on the way in."""
    tags = _json(row["tags"], [])
    return Section(
        id=str(row["id"]), heading=str(row["heading"]), body=clean(str(row["body"])),
        status=str(row["status"]), tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        word_budget=row["word_budget"] if isinstance(row["word_budget"], int) else None,
        author=str(row["author"]), created=str(row["created"]), modified=str(row["modified"]),
        document_id=str(row["document_id"]), parent_id=row["parent_id"],
        position=int(row["position"] or 0), revision_id=row["revision_id"],
    )
