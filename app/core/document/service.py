"""Open Rapporteur files and change them: one transaction per user action."""

from __future__ import annotations

import getpass
import os
import shutil
import sqlite3
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from app import __version__
from app.core import clock
from app.core.document import history
from app.core.document.fields import check_status, checked_fields
from app.core.document.model import Document, Revision, Section
from app.core.document.outline import deleted_subtree, end_of_children
from app.core.errors import (
    BadFileError,
    NotFoundError,
    RapporteurError,
    ReadOnlyError,
    ValidationError,
)
from app.core.storage import connection, schema
from app.core.storage.repo import Repo, database
from app.core.text.sanitize import clean, strip_controls

_UNSET: Any = object()


def default_author() -> str:
    """Return the name stamped on revisions when none is given."""
    name = os.environ.get("RAPPORTEUR_AUTHOR", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def new_id() -> str:
    """Return a new stable id."""
    return str(uuid.uuid4())


class RapporteurFile:
    """One open Rapporteur file: documents, sections and their history."""

    def __init__(self, path: Path, conn: sqlite3.Connection, guard: connection.Guard, *,
                 readonly: bool, author: str | None = None,
                 now: Callable[[], datetime] = clock.now, cleanup: Path | None = None) -> None:
        self.path = path
        self.readonly = readonly
        self.author = author or default_author()
        self.now = now
        self.guard = guard
        self.db = database(conn)
        self.repo = Repo(self.db)
        self._cleanup = cleanup

    # opening and closing

    @classmethod
    def create(cls, path: Path | str, *, author: str | None = None,
               now: Callable[[], datetime] = clock.now) -> RapporteurFile:
        """Create a new, empty Rapporteur file at path (which must not exist)."""
        path = Path(path)
        if path.exists():
            raise ValidationError(f"{path.name}: already exists")
        if not os.access(path.parent if str(path.parent) else Path("."), os.W_OK):
            raise ReadOnlyError(f"{path.parent}: cannot create a file in this folder")
        conn, guard = connection.connect(path, mode="rwc")
        connection.stamp_new(conn)
        rfile = cls(path, conn, guard, readonly=False, author=author, now=now)
        schema.apply_migrations(rfile.db)
        with rfile.transaction():
            rfile.repo.set_meta("file_id", new_id())
            rfile.repo.set_meta("created_by", f"Rapporteur {__version__}")
        return rfile

    @classmethod
    def open(cls, path: Path | str, *, readonly: bool = False, create: bool = False,
             author: str | None = None, now: Callable[[], datetime] = clock.now
             ) -> RapporteurFile:
        """Open an existing file after vetting it; create it first when asked."""
        path = Path(path)
        if create and not path.exists():
            return cls.create(path, author=author, now=now)
        header = connection.read_header(path)
        connection.check_header(path, header)
        if header.user_version < 1:
            raise BadFileError(f"{path.name}: the file is damaged (no schema version)")
        if not readonly:
            _require_writable(path)
        older = header.user_version < schema.schema_version()
        cleanup = None
        target = path
        if readonly and (header.wal or older):
            cleanup = Path(tempfile.mkdtemp(prefix="rapporteur-"))
            target = connection.settled_copy(path, cleanup)
        conn, guard = connection.connect(target, mode="rw" if older or not readonly else "ro")
        try:
            if not readonly or older:
                connection.use_rollback_journal(conn)
            connection.verify(conn, guard, path, header.user_version)
            if older and not readonly:
                _keep_original(path, header.user_version)
            if older:
                schema.apply_migrations(database(conn))
        except BaseException:
            conn.close()
            if cleanup:
                shutil.rmtree(cleanup, ignore_errors=True)
            raise
        return cls(path, conn, guard, readonly=readonly, author=author, now=now,
                   cleanup=cleanup)

    def close(self) -> None:
        """Seal open revisions (when writable) and close the file."""
        try:
            if not self.readonly:
                self.seal()
        finally:
            self.repo.close()
            if self._cleanup:
                shutil.rmtree(self._cleanup, ignore_errors=True)

    def __enter__(self) -> RapporteurFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group changes into one transaction (nested groups become savepoints)."""
        if self.readonly:
            raise ReadOnlyError(f"{self.path.name} is open read-only")
        try:
            with self.repo.atomic():
                yield
        except sqlite3.OperationalError as exc:
            raise RapporteurError(
                f"cannot save to {self.path.name}: the disk is full or cannot be written "
                f"({exc}); the last saved version is intact") from None

    def seal(self) -> int:
        """Seal every open revision so later edits start new ones."""
        with self.transaction():
            return self.repo.seal_revisions()

    # reading

    def documents(self) -> list[Document]:
        """Return every document with its section tree."""
        return [self._with_sections(doc) for doc in self.repo.documents()]

    def document(self, document_id: str) -> Document:
        """Return one document with its section tree."""
        doc = self.repo.document(document_id)
        if doc is None or self._document_deleted(document_id):
            raise NotFoundError(f"no document with id {document_id}")
        return self._with_sections(doc)

    def resolve_document(self, document_id: str | None) -> Document:
        """Return the named document, or the only one when no id is given."""
        if document_id:
            return self.document(document_id)
        docs = self.documents()
        if len(docs) == 1:
            return docs[0]
        if not docs:
            raise NotFoundError(f"{self.path.name} holds no document")
        ids = ", ".join(f"{d.id} ({d.title[:30]})" for d in docs)
        raise ValidationError(f"{self.path.name} holds {len(docs)} documents: choose one of {ids}")

    def section(self, section_id: str) -> Section:
        """Return one section (without children)."""
        sec = self.repo.section(section_id)
        if sec is None or self.repo.section_is_deleted(section_id):
            raise NotFoundError(f"no section with id {section_id}")
        return sec

    def section_document_id(self, section_id: str) -> str:
        """Return the id of the document a section belongs to, deleted or not."""
        sec = self.repo.section(section_id)
        if sec is None:
            raise NotFoundError(f"no section with id {section_id}")
        return sec.document_id

    def revision(self, revision_id: str) -> Revision | None:
        """Return one revision, or None."""
        return self.repo.revision(revision_id)

    def conflicts(self) -> list[dict[str, Any]]:
        """Return the unresolved merge conflicts."""
        return self.repo.conflicts()

    def change_key(self) -> tuple[int, int]:
        """Return a key that moves whenever the file changes, here or elsewhere."""
        return self.repo.change_key()

    def data_version(self) -> int:
        """Return SQLite's data_version: it moves when another connection commits."""
        return self.repo.data_version()

    def revisions(self, object_id: str) -> list[Revision]:
        """Return the revisions of a section or document, oldest first."""
        return self.repo.revisions_of(object_id)

    # documents

    def add_document(self, *, title: str = "", template: str = "meeting-paper",
                     language: str = "en", fields: dict[str, Any] | None = None,
                     id: str | None = None, created: str | None = None,
                     modified: str | None = None) -> Document:
        """Add an empty document."""
        stamp = clock.iso(self.now())
        doc = Document(
            id=id or new_id(), title=strip_controls(title), template=template,
            language=language, fields=checked_fields(template, fields or {}),
            created=created or stamp,
            modified=modified or created or stamp,
        )
        with self.transaction():
            doc.position = self.repo.next_document_position()
            self.repo.save_document(doc)
            self._record_document(doc)
        return self.document(doc.id)

    def update_document(self, document_id: str, *, title: str | None = None,
                        template: str | None = None, language: str | None = None,
                        fields: dict[str, Any] | None = None,
                        modified: str | None = None) -> Document:
        """Change a document's title, template, language or fields."""
        with self.transaction():
            doc = self.document(document_id)
            before = (doc.title, doc.template, doc.language, doc.fields)
            doc.title = doc.title if title is None else strip_controls(title)
            doc.template = doc.template if template is None else template
            doc.language = doc.language if language is None else language
            if fields is not None or template is not None:
                doc.fields = checked_fields(doc.template, doc.fields if fields is None
                                             else fields)
            if (doc.title, doc.template, doc.language, doc.fields) != before:
                doc.modified = modified or clock.iso(self.now())
                self.repo.save_document(doc)
                self._record_document(doc)
        return self.document(document_id)

    def delete_document(self, document_id: str) -> None:
        """Mark a document deleted (its rows and history stay in the file)."""
        with self.transaction():
            doc = self.document(document_id)
            doc.modified = clock.iso(self.now())
            self.repo.save_document(doc, deleted=True)
            self._record_document(doc, deleted=True)

    def restore_document(self, document_id: str) -> Document:
        """Bring back a deleted document (its sections were never marked deleted)."""
        with self.transaction():
            doc = self.repo.document(document_id)
            if doc is None:
                raise NotFoundError(f"no document with id {document_id}")
            doc.modified = clock.iso(self.now())
            self.repo.save_document(doc)
            self._record_document(self.document(document_id))
        return self.document(document_id)

    # sections

    def add_section(self, document_id: str, *, heading: str = "", body: str = "",
                    parent_id: str | None = None, position: int | None = None,
                    status: str = "draft", tags: list[str] | None = None,
                    word_budget: int | None = None, author: str | None = None,
                    id: str | None = None, created: str | None = None,
                    modified: str | None = None) -> Section:
        """Add a section under parent_id (or at top level) at position (default: last)."""
        check_status(status)
        stamp = clock.iso(self.now())
        sec = Section(
            id=id or new_id(), heading=strip_controls(heading), body=clean(body), status=status,
            tags=list(tags or []), word_budget=word_budget, author=author or self.author,
            created=created or stamp, modified=modified or created or stamp,
            document_id=document_id, parent_id=parent_id,
        )
        with self.transaction():
            self.document(document_id)
            if parent_id is not None:
                self._check_parent(document_id, parent_id, sec.id)
            sec.position = 1 << 30
            self.repo.save_section(sec)
            self._record_section(sec)
            self._place(sec.id, document_id, parent_id, position)
        return self.section(sec.id)

    def update_section(self, section_id: str, *, heading: str | None = None,
                       body: str | None = None, status: str | None = None,
                       tags: list[str] | None = None, word_budget: Any = _UNSET,
                       author: str | None = None, modified: str | None = None) -> Section:
        """Change a section's heading, body, status, tags or word budget."""
        with self.transaction():
            sec = self.section(section_id)
            before = history.section_content(sec)
            if heading is not None:
                sec.heading = strip_controls(heading)
            if body is not None:
                sec.body = clean(body)
            if status is not None:
                check_status(status)
                sec.status = status
            if tags is not None:
                sec.tags = list(tags)
            if word_budget is not _UNSET:
                sec.word_budget = word_budget
            if history.section_content(sec) != before:
                sec.modified = modified or clock.iso(self.now())
                sec.author = author or sec.author
                self.repo.save_section(sec)
                self._record_section(sec)
        return self.section(section_id)

    def move_section(self, section_id: str, *, parent_id: str | None,
                     position: int | None = None) -> Section:
        """Move a section under parent_id (None: top level) at position (default: last)."""
        with self.transaction():
            sec = self.section(section_id)
            if parent_id is not None:
                self._check_parent(sec.document_id, parent_id, section_id)
            self._place(section_id, sec.document_id, parent_id, position)
        return self.section(section_id)

    def delete_section(self, section_id: str) -> None:
        """Mark a section and its subsections deleted (rows and history stay)."""
        with self.transaction():
            sec = self.section(section_id)
            doc = self.document(sec.document_id)
            node = next(s for s in doc.all_sections() if s.id == section_id)
            for item in node.walk():
                item.modified = clock.iso(self.now())
                self.repo.save_section(item, deleted=True)
                self._record_section(item, deleted=True)
            self._record_document(self.document(sec.document_id))

    def restore_section(self, section_id: str, *, parent_id: str | None,
                        position: int | None = None) -> Section:
        """Bring back a deleted section, with the subsections deleted with it."""
        with self.transaction():
            sec = self.repo.section(section_id)
            if sec is None:
                raise NotFoundError(f"no section with id {section_id}")
            rows = self.repo.section_rows(sec.document_id, include_deleted=True)
            for item in deleted_subtree(rows, section_id):
                item.modified = clock.iso(self.now())
                self.repo.save_section(item)
                self._record_section(item)
            self._place(section_id, sec.document_id, parent_id, position)
        return self.section(section_id)

    def set_outline(self, document_id: str, outline: list[tuple[str, str | None]]) -> None:
        """Set the order and nesting of a document's sections in one step."""
        with self.transaction():
            if self.outline(document_id) != list(outline):
                positions: dict[str | None, int] = {}
                placement = []
                for section_id, parent_id in outline:
                    index = positions.get(parent_id, 0)
                    positions[parent_id] = index + 1
                    placement.append((section_id, parent_id, index))
                self.repo.set_outline(document_id, placement)
            self._record_document(self.document_row(document_id))

    # internals

    def _with_sections(self, doc: Document) -> Document:
        """Attach the section tree to a document."""
        rows = self.repo.section_rows(doc.id)
        by_id = {s.id: s for s in rows}
        roots: list[Section] = []
        for sec in sorted(rows, key=lambda s: (s.position, s.created, s.id)):
            parent = by_id.get(sec.parent_id) if sec.parent_id else None
            (parent.children if parent else roots).append(sec)
        doc.sections = roots
        return doc

    def _document_deleted(self, document_id: str) -> bool:
        """Return whether a document is marked deleted."""
        return all(d.id != document_id for d in self.repo.documents())

    def _check_parent(self, document_id: str, parent_id: str, section_id: str) -> None:
        """Refuse a parent outside the document or inside the moved section."""
        parent = self.section(parent_id)
        if parent.document_id != document_id:
            raise ValidationError("a section can only be nested in its own document")
        current: str | None = parent_id
        while current is not None:
            if current == section_id:
                raise ValidationError("a section cannot be nested inside itself")
            current = self.section(current).parent_id

    def _place(self, section_id: str, document_id: str, parent_id: str | None,
               position: int | None) -> None:
        """Put a section among its new siblings and renumber positions."""
        outline = [(sid, parent) for sid, parent in self.outline(document_id)
                   if sid != section_id]
        siblings = [sid for sid, parent in outline if parent == parent_id]
        index = len(siblings) if position is None else max(0, min(position, len(siblings)))
        if index < len(siblings):
            at = outline.index((siblings[index], parent_id))
        else:
            at = end_of_children(outline, parent_id)
        outline.insert(at, (section_id, parent_id))
        self.set_outline(document_id, outline)

    def outline(self, document_id: str) -> list[tuple[str, str | None]]:
        """Return (section id, parent id) pairs in reading order (bodies are not read)."""
        self.document_row(document_id)
        rows = self.repo.placement_rows(document_id)
        known = {sid for sid, *_ in rows}
        children: dict[str | None, list[tuple[int, str, str]]] = {}
        for sid, parent, position, created in rows:
            key = parent if parent in known else None
            children.setdefault(key, []).append((position, created, sid))
        out: list[tuple[str, str | None]] = []

        def walk(parent: str | None) -> None:
            for _position, _created, sid in sorted(children.get(parent, [])):
                out.append((sid, parent))
                walk(sid)

        walk(None)
        return out

    def document_row(self, document_id: str) -> Document:
        """Return a live document without its sections (cheap)."""
        doc = self.repo.document(document_id)
        if doc is None or self._document_deleted(document_id):
            raise NotFoundError(f"no document with id {document_id}")
        return doc

    def _record_section(self, sec: Section, *, deleted: bool = False) -> None:
        """Record a section's state as a revision and point the row at it."""
        head = history.record(
            self.repo, object_type="section", object_id=sec.id, head=sec.revision_id,
            content=history.section_content(sec, deleted=deleted), author=self.author,
            now=self.now(),
        )
        if head != sec.revision_id:
            sec.revision_id = head
            self.repo.save_section(sec, deleted=deleted)

    def _record_document(self, doc: Document, *, deleted: bool = False) -> None:
        """Record a document's fields and outline as a revision."""
        outline = self.outline(doc.id) if not deleted else []
        head = history.record(
            self.repo, object_type="document", object_id=doc.id, head=doc.revision_id,
            content=history.document_content(doc, outline, deleted=deleted),
            author=self.author, now=self.now(),
        )
        if head != doc.revision_id:
            doc.revision_id = head
            self.repo.save_document(doc, deleted=deleted)


def _require_writable(path: Path) -> None:
    """Refuse to open for writing a file (or folder) the user cannot write."""
    if not os.access(path, os.W_OK) or not os.access(path.parent, os.W_OK):
        raise ReadOnlyError(f"{path.name} is read-only: open it read-only or save a copy")


def _keep_original(path: Path, version: int) -> Path:
    """Copy a file of an older format aside before it is upgraded; return the copy."""
    backup = path.with_name(f"{path.stem} (format {version} backup){path.suffix}")
    counter = 2
    while backup.exists():
        backup = path.with_name(f"{path.stem} (format {version} backup {counter}){path.suffix}")
        counter += 1
    shutil.copy2(path, backup)
    return backup


