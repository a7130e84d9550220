"""Consistent single-file copies: backup API, check, fsync, atomic rename."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from app.core.beside import temp_beside
from app.core.document.service import RapporteurFile
from app.core.errors import RapporteurError, ValidationError
from app.core.storage.snapshot import backup_into


def copy_file(source: Path | str, out: Path | str) -> Path:
    """Write a sealed, checked copy of source to out; never a half-written out."""
    source, out = Path(source), Path(out)
    if out.exists() and out.resolve() == source.resolve():
        raise ValidationError(f"{out.name}: a copy cannot replace its own original")
    if out.is_dir():
        raise ValidationError(f"{out}: is a folder; give a file name for the copy")
    writable = os.access(source, os.W_OK) and os.access(source.parent, os.W_OK)
    with RapporteurFile.open(source, readonly=not writable) as rfile:
        if writable:
            rfile.seal()
        write_snapshot(rfile, out)
    return out


def write_snapshot(source: RapporteurFile | sqlite3.Connection, out: Path) -> None:
    """Back an open file up into out through a temporary file beside it and an atomic rename.

    The copy's revisions are sealed and it passes quick_check before it takes out's name.
    """
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent}: no such folder")
    for sidecar in ("-journal", "-wal"):
        if out.with_name(out.name + sidecar).exists():
            raise ValidationError(f"{out.name} is in use (it has a {sidecar} file beside it)")
    temp = temp_beside(out)
    try:
        backup_into(source if isinstance(source, sqlite3.Connection) else source.repo.conn,
                    temp)
        fsync(temp)
        os.replace(temp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise RapporteurError(f"cannot write {out.name}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def fsync(path: Path) -> None:
    """Flush a file's bytes to the disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Flush a folder's entries (the rename) to the disk, where the OS allows it."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
