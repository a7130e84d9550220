"""The open file as the GUI sees it: the core file, its lock, and change notifications."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile
from app.core.errors import RapporteurError
from app.core.sharing import locking, shares
from app.paths import user_cache_dir


class Session(QObject):
    """One open Rapporteur file; every change goes through here and is announced."""

    changed = Signal()
    save_failed = Signal(str)
    changed_on_disk = Signal()
    published = Signal(object)  # PublishResult

    def __init__(self, rfile: RapporteurFile, *, locked: bool, remote: Path | None = None,
                 working: shares.WorkingCopy | None = None) -> None:
        super().__init__()
        self.rfile = rfile
        self.locked = locked
        self.working = working
        self.remote = remote or rfile.path
        self.last_publish: shares.PublishResult | None = None
        self._identity = _identity(rfile.path)
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
            rfile = RapporteurFile.open(target, readonly=readonly, author=author)
        except BaseException:
            if not readonly:
                locking.release(path)
            raise
        return cls(rfile, locked=not readonly, remote=path, working=working)

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
    def readonly(self) -> bool:
        """Return whether the file is open read-only."""
        return self.rfile.readonly

    def documents(self) -> list[Document]:
        """Return the file's documents with their sections."""
        return self.rfile.documents()

    def document(self, document_id: str) -> Document:
        """Return one document, read again only when the file has changed; don't mutate it.

        Reading a 400-page document takes ~80 ms, too long for each preview on the UI
        thread; the copy is kept while the file's change key stays the same, and a body
        saved through save_body() is patched in rather than read again.
        """
        key = self.rfile.repo.change_key()
        cached = self._cache.get(document_id)
        if cached is None or cached[0] != key:
            cached = (key, self.rfile.document(document_id))
            self._cache = {document_id: cached}
        return cached[1]

    def _patch_cache(self, before: tuple[int, int], saved: Section) -> None:
        """Put a saved section into the cached document, if the cache was current."""
        cached = self._cache.get(saved.document_id)
        after = self.rfile.repo.change_key()
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
        return self.rfile.section(section_id)

    def _data_version(self) -> int:
        """Return SQLite's data_version: it moves when another connection commits."""
        return self.rfile.repo.data_version()

    def changed_elsewhere(self) -> bool:
        """Return whether another program wrote to the file since we last looked."""
        return self._data_version() != self._version

    def accept_outside_changes(self) -> None:
        """Take the file as it is now as the state our edits build on."""
        self._version = self._data_version()

    def file_missing(self) -> bool:
        """Return whether the open file was deleted, moved or replaced behind our back."""
        return _identity(self.rfile.path) != self._identity

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
        before = self.rfile.repo.change_key()
        try:
            saved = self.rfile.update_section(section_id, body=body)
        except (RapporteurError, OSError) as exc:
            self.save_failed.emit(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - sqlite3 errors: disk full, I/O
            self.save_failed.emit(f"could not save: {exc}")
            return False
        self._patch_cache(before, saved)
        return True

    def apply(self, change: str, *args: object, **kwargs: object) -> object:
        """Call a RapporteurFile method by name, then announce the change."""
        result = getattr(self.rfile, change)(*args, **kwargs)
        self.changed.emit()
        return result

    def save_copy(self, out: Path) -> Path:
        """Write a sealed, checked copy of the open file (works even if it was deleted)."""
        from app.core.sharing.copying import write_snapshot

        if not self.readonly:
            self.rfile.seal()
        write_snapshot(self.rfile.db.conn, out)
        return out

    def close(self) -> None:
        """Close the file (sealing revisions), publish a working copy, release the lock."""
        try:
            self.rfile.close()
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
