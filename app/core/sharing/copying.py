"""Consistent single-file copies: backup API, check, fsync, atomic rename."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from app.core.beside import temp_beside
from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError, RapporteurError, ValidationError


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
        write_snapshot(rfile.db.conn, out)
    return out


def write_snapshot(conn: sqlite3.Connection, out: Path) -> None:
    """Back conn up into out through a temporary file beside it and an atomic rename."""
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent}: no such folder")
    for sidecar in ("-journal", "-wal"):
        if out.with_name(out.name + sidecar).exists():
            raise ValidationError(f"{out.name} is in use (it has a {sidecar} file beside it)")
    temp = temp_beside(out)
    try:
        _backup(conn, temp)
        fsync(temp)
        os.replace(temp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise RapporteurError(f"cannot write {out.name}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _backup(conn: sqlite3.Connection, temp: Path) -> None:
    """Copy every page of conn into temp, seal its revisions and verify it."""
    try:
        target = sqlite3.connect(temp, isolation_level=None)
    except sqlite3.Error as exc:
        raise RapporteurError(f"cannot write the copy: {exc}") from None
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")
        target.execute("UPDATE revisions SET sealed = 1 WHERE sealed = 0")
        rows = [r[0] for r in target.execute("PRAGMA quick_check")]
        if rows != ["ok"]:
            raise BadFileError(f"the copy failed its check ({rows[0]})")
    except sqlite3.Error as exc:
        raise RapporteurError(f"cannot write the copy: {exc}") from None
    finally:
        target.close()


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
