"""The open file as the GUI sees it: the core file, its lock, and change notifications."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core import locking
from app.core.errors import RapporteurError
from app.core.model import Document, Section
from app.core.service import RapporteurFile


class Session(QObject):
    """One open Rapporteur file; every change goes through here and is announced."""

    changed = Signal()
    save_failed = Signal(str)

    def __init__(self, rfile: RapporteurFile, *, locked: bool) -> None:
        super().__init__()
        self.rfile = rfile
        self.locked = locked

    @classmethod
    def open(cls, path: Path, *, author: str, readonly: bool = False) -> Session:
        """Open path, taking its lock unless read-only; raises LockedError if held."""
        if not readonly:
            locking.acquire(path, author)
        try:
            rfile = RapporteurFile.open(path, readonly=readonly, author=author)
        except BaseException:
            if not readonly:
                locking.release(path)
            raise
        return cls(rfile, locked=not readonly)

    @property
    def path(self) -> Path:
        """Return the file's path."""
        return self.rfile.path

    @property
    def readonly(self) -> bool:
        """Return whether the file is open read-only."""
        return self.rfile.readonly

    def documents(self) -> list[Document]:
        """Return the file's documents with their sections."""
        return self.rfile.documents()

    def document(self, document_id: str) -> Document:
        """Return one document."""
        return self.rfile.document(document_id)

    def section(self, section_id: str) -> Section:
        """Return one section."""
        return self.rfile.section(section_id)

    def save_body(self, section_id: str, body: str) -> bool:
        """Store a section body; return False (and announce why) when it could not be."""
        try:
            self.rfile.update_section(section_id, body=body)
        except (RapporteurError, OSError) as exc:
            self.save_failed.emit(str(exc))
            return False
        except Exception as exc:  # noqa: BLE001 - sqlite3 errors: disk full, I/O
            self.save_failed.emit(f"could not save: {exc}")
            return False
        return True

    def apply(self, change: str, *args: object, **kwargs: object) -> object:
        """Call a RapporteurFile method by name, then announce the change."""
        result = getattr(self.rfile, change)(*args, **kwargs)
        self.changed.emit()
        return result

    def close(self) -> None:
        """Close the file (sealing revisions) and release its lock."""
        try:
            self.rfile.close()
        finally:
            if self.locked:
                locking.release(self.path)
