"""The window's one door to the open file: typed user actions, each announcing its changes.

The GUI never reaches the core file, its storage or SQL except through a Session; every
action that writes emits `changed` with a Changes record saying what it touched.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.core.document.model import Document, Revision, Section
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, RapporteurError
from app.core.sharing import locking, shares
from app.paths import user_cache_dir
from app.ui.changes import Changes
from app.ui.session_collect import CollectActions
from app.ui.session_compile import CompileActions
from app.ui.session_text import TextActions
from app.ui.session_word import WordActions


class Session(QObject, TextActions, CompileActions, CollectActions, WordActions):
    """One open Rapporteur file; every change goes through here and is announced."""

    changed = Signal(object)  # Changes
    save_failed = Signal(str)
    changed_on_disk = Signal()
    published = Signal(object)  # PublishResult

    def __init__(self, core_file: RapporteurFile, *, locked: bool, remote: Path | None = None,
                 working: shares.WorkingCopy | None = None) -> None:
        super().__init__()
        self._file = core_file
        self.locked = locked
        self.working = working
        self.remote = remote or core_file.path
        self.last_publish: shares.PublishResult | None = None
        self._identity = _identity(core_file.path)
        self._version = self._data_version()
        self._cache: dict[str, tuple[tuple[int, int], Document]] = {}

    @classmethod
    def open(cls, path: Path, *, author: str, readonly: bool = False) -> Session:
        """Open path, taking its lock unless read-only; raises LockedError if held.

        A file on a network share is edited in a local working copy (never WAL on the
        share) that publish() puts back by atomic whole-file replacement.
        """
        if not readonly:
            locking.acquire(path, author)
        working = None
        try:
            target = path
            if not readonly and shares.is_network_path(path):
                working = shares.WorkingCopy.open(path, user_cache_dir() / "working")
                target = working.local
            core_file = RapporteurFile.open(target, readonly=readonly, author=author)
        except BaseException:
            if not readonly:
                locking.release(path)
            raise
        return cls(core_file, locked=not readonly, remote=path, working=working)

    @property
    def path(self) -> Path:
        """Return the file's path (on the share, for a working copy)."""
        return self.remote

    def publish(self) -> shares.PublishResult | None:
        """Put a working copy back on the share (both kept if the share changed)."""
        if self.working is None:
            return None
        try:
            result = self.working.publish()
        except RapporteurError as exc:
            self.save_failed.emit(str(exc))
            return None
        self.published.emit(result)
        return result

    @property
    def local_path(self) -> Path:
        """Return where the file is edited: itself, or its working copy for a share."""
        return self._file.path

    @property
    def readonly(self) -> bool:
        """Return whether the file is open read-only."""
        return self._file.readonly

    @property
    def author(self) -> str:
        """Return the name stamped on this session's revisions and comments."""
        return self._file.author

    @author.setter
    def author(self, name: str) -> None:
        self._file.author = name

    def documents(self) -> list[Document]:
        """Return the file's documents with their sections."""
        return self._file.documents()

    def document(self, document_id: str) -> Document:
        """Return one document, read again only when the file has changed; don't mutate it.

        Reading a 400-page document takes ~80 ms, too long for each preview on the UI
        thread; the copy is kept while the file's change key stays the same, and a body
        saved through save_body() is patched in rather than read again.
        """
        key = self._file.change_key()
        cached = self._cache.get(document_id)
        if cached is None or cached[0] != key:
            cached = (key, self._file.document(document_id))
            self._cache = {document_id: cached}
        return cached[1]

    def _patch_cache(self, before: tuple[int, int], saved: Section) -> None:
        """Put a saved section into the cached document, if the cache was current."""
        cached = self._cache.get(saved.document_id)
        after = self._file.change_key()
        if cached is None or cached[0] != before or after[1] != before[1]:
            self._cache.clear()  # stale, or another program wrote meanwhile
            return
        for section in cached[1].all_sections():
            if section.id == saved.id:
                section.body, section.modified = saved.body, saved.modified
                section.author, section.revision_id = saved.author, saved.revision_id
                self._cache[saved.document_id] = (after, cached[1])
                return
        self._cache.clear()

    def section(self, section_id: str) -> Section:
        """Return one section."""
        return self._file.section(section_id)

    def _data_version(self) -> int:
        """Return SQLite's data_version: it moves when another connection commits."""
        return self._file.data_version()

    def changed_elsewhere(self) -> bool:
        """Return whether another program wrote to the file since we last looked."""
        return self._data_version() != self._version

    def accept_outside_changes(self) -> None:
        """Take the file as it is now as the state our edits build on."""
        self._version = self._data_version()

    def file_missing(self) -> bool:
        """Return whether the open file was deleted, moved or replaced behind our back."""
        return _identity(self._file.path) != self._identity

    def save_body(self, section_id: str, body: str) -> bool:
        """Store a section body; return False (and announce why) when it could not be."""
        if self.file_missing():
            self.save_failed.emit(
                f"{self.path.name} was moved, deleted or replaced while open; your text is "
                "kept — use File > Save a Copy As… to put it somewhere safe")
            return False
        if self.changed_elsewhere():
            self.save_failed.emit(f"{self.path.name} was changed by another program: your "
                                  "text is kept, nothing was overwritten")
            self.changed_on_disk.emit()
            return False
        before = self._file.change_key()
        try:
            saved = self._file.update_section(section_id, body=body)
        except (RapporteurError, OSError) as exc:
            self.save_failed.emit(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - sqlite3 errors: disk full, I/O
            self.save_failed.emit(f"could not save: {exc}")
            return False
        self._patch_cache(before, saved)
        return True

    def _announce(self, changes: Changes) -> None:
        self.changed.emit(changes)

    # the outline

    def outline(self, document_id: str) -> list[tuple[str, str | None]]:
        """Return a document's sections in order, with their parents."""
        return self._file.outline(document_id)

    def add_section(self, document_id: str, *, heading: str, parent_id: str | None,
                    position: int | None) -> Section:
        """Add an empty section."""
        section = self._file.add_section(document_id, heading=heading, parent_id=parent_id,
                                         position=position)
        self._announce(Changes.of(outline=[document_id], bodies=[section.id]))
        return section

    def restore_section(self, section_id: str, *, parent_id: str | None,
                        position: int | None) -> None:
        """Bring back a deleted section where it was."""
        section = self._file.restore_section(section_id, parent_id=parent_id,
                                             position=position)
        self._announce(Changes.of(outline=[section.document_id], bodies=[section_id]))

    def delete_section(self, section_id: str) -> None:
        """Delete a section and its subsections (kept in the file's history)."""
        document_id = self._file.section(section_id).document_id
        self._file.delete_section(section_id)
        self._announce(Changes.of(outline=[document_id]))

    def move_section(self, section_id: str, *, parent_id: str | None, position: int) -> None:
        """Move a section to a new parent and position."""
        section = self._file.move_section(section_id, parent_id=parent_id, position=position)
        self._announce(Changes.of(outline=[section.document_id]))

    def update_section(self, section_id: str, *, heading: str | None = None,
                       status: str | None = None) -> None:
        """Rename a section or set its workflow status."""
        section = self._file.update_section(section_id, heading=heading, status=status)
        self._announce(Changes.of(outline=[section.document_id], sections=[section_id]))

    def restore_revision(self, section_id: str, revision_id: str) -> bool:
        """Make an earlier revision of a section current (a new revision; nothing lost)."""
        revision = self._file.revision(revision_id)
        if revision is None or revision.object_id != section_id:
            return False
        content = revision.content
        section = self._file.update_section(
            section_id, heading=content["heading"], body=content["body"],
            status=content["status"], tags=content["tags"], word_budget=content["word_budget"])
        self._announce(Changes.of(outline=[section.document_id], bodies=[section_id]))
        return True

    def revisions(self, section_id: str) -> list[Revision]:
        """Return a section's revisions, oldest first."""
        return self._file.revisions(section_id)

    def now(self) -> datetime:
        """Return the file's clock, an aware moment (tests set it)."""
        return self._file.now()

    # documents

    def update_document(self, document_id: str, *, title: str | None = None,
                        fields: dict[str, Any] | None = None,
                        language: str | None = None) -> None:
        """Change a document's title, fields or language."""
        self._file.update_document(document_id, title=title, fields=fields, language=language)
        self._announce(Changes.of(documents=[document_id]))

    def delete_document(self, document_id: str) -> None:
        """Delete a document (kept in the file; restore_document brings it back)."""
        self._file.delete_document(document_id)
        self._announce(Changes.of(documents=[document_id], outline=[document_id]))

    def restore_document(self, document_id: str) -> None:
        """Bring back a deleted document."""
        self._file.restore_document(document_id)
        self._announce(Changes.of(documents=[document_id], outline=[document_id]))

    # conflicts and outside changes

    def conflicts(self) -> list[dict[str, Any]]:
        """Return the open conflicts."""
        return self._file.conflicts()

    def revision(self, revision_id: str) -> Revision | None:
        """Return one revision, or None."""
        return self._file.revision(revision_id)

    def resolve_conflict(self, conflict_id: str, choice: str, text: str | None) -> None:
        """Settle a conflict with mine, theirs, or a combined text."""
        from app.core.sharing.conflicts import combine, resolve

        if choice == "combined":
            combine(self._file, conflict_id, text or "")
        else:
            resolve(self._file, conflict_id, choice)
        self._announce(Changes.all())

    def keep_unsaved(self, unsaved: dict[str, str], bases: dict[str, str]) -> list[str]:
        """Write text the editor could not save into the file as another writer left it.

        Where they changed the section too, theirs goes to Conflicts; where they deleted
        it, it comes back rather than lose a word. Returns the sections brought back.
        """
        from app.core.sharing.conflicts import keep_both

        restored = []
        for section_id, mine in unsaved.items():
            if self._bring_back(section_id):
                restored.append(section_id)
            theirs = self._file.section(section_id).body
            base = bases.get(section_id, "")
            if theirs == base:
                self._file.update_section(section_id, body=mine)
            else:
                keep_both(self._file, section_id, base, mine, theirs)
        if unsaved:
            self._announce(Changes.all())
        return restored

    def _bring_back(self, section_id: str) -> bool:
        """Undelete a section and its document if another writer deleted either."""
        document_id = self._file.section_document_id(section_id)
        try:
            self._file.document(document_id)
            back = False
        except NotFoundError:
            self._file.restore_document(document_id)
            back = True
        try:
            self._file.section(section_id)
        except NotFoundError:
            self._file.restore_section(section_id, parent_id=None)
            back = True
        return back

    def merge_task(self, theirs: Path) -> Callable[[], Any]:
        """Return the merge of a colleague's copy, to run off the UI thread."""
        from app.core.sharing.filemerge import merge_files

        ours, author = self._file.path, self.author
        return lambda: merge_files(ours, theirs, author=author)

    def merged(self) -> None:
        """Take in what a merge wrote through its own connection."""
        self.accept_outside_changes()
        self._announce(Changes.all())

    def import_parsed(self, parsed: Any) -> Any:
        """Write a parsed Markdown, JSON or .docx source into the file."""
        from app.core.io.importing import apply_source

        result = apply_source(self._file, parsed)
        self._announce(Changes.all())
        return result

    # rendering

    def document_job(self, document_id: str, *, review: bool = False,
                     unsaved: dict[str, str] | None = None) -> dict[str, Any]:
        """Return the render job of a whole document, the editor's unsaved text in it."""
        from app.core.render.jobs import document_job

        return document_job(self._file, self.document(document_id), review=review,
                            unsaved=unsaved)

    def archive_job(self, document_id: str) -> dict[str, Any]:
        """Return the render job of a document as saved, with its provenance manifest."""
        from app.core.render.jobs import archive_job

        return archive_job(self._file, self.document(document_id))

    def compendium_job(self) -> dict[str, Any]:
        """Return the render job of every contribution in one PDF; RenderError if none."""
        from app.core.render.jobs import compendium_job

        return compendium_job(self._file, self.path)

    def section_job(self, document_id: str, section_id: str, build: Any,
                    unsaved: dict[str, str] | None = None) -> Any:
        """Return the preview job of one section, numbered as in the last whole build."""
        from app.core.render.jobs import section_job

        return section_job(self._file, self.document(document_id), section_id, build,
                           unsaved=unsaved)

    @staticmethod
    def create_file(path: Path, *, author: str, template: str, title: str,
                    fields: dict[str, Any]) -> None:
        """Write a new file holding one document with a first section."""
        with RapporteurFile.create(path, author=author) as new:
            document = new.add_document(title=title, template=template, fields=fields)
            new.add_section(document.id, heading="Introduction")

    # copies

    def save_copy(self, out: Path) -> Path:
        """Write a sealed, checked copy of the open file (works even if it was deleted)."""
        from app.core.sharing.copying import write_snapshot

        if not self.readonly:
            self._file.seal()
        write_snapshot(self._file, out)
        return out

    def write_unsaved_into(self, out: Path, unsaved: dict[str, str]) -> None:
        """Put text the editor could not save (disk full, file gone) into a fresh copy."""
        if not unsaved:
            return
        with RapporteurFile.open(out, author=self.author) as copy:
            for section_id, body in unsaved.items():
                copy.update_section(section_id, body=body)

    def close(self) -> None:
        """Close the file (sealing revisions), publish a working copy, release the lock."""
        try:
            self._file.close()
            if self.working is not None:
                self.last_publish = self.working.publish()
        finally:
            if self.locked:
                locking.release(self.path)


def _identity(path: Path) -> tuple[int, int] | None:
    """Return the device and inode of a file, or None when it is gone."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)
