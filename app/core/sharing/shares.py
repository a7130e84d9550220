"""Files on network shares: detect them; edit a local working copy; publish it back atomically.

SQLite's locks are unreliable over NFS and SMB and WAL does not work there at all, so a
file on a share is never opened in place. WorkingCopy copies it into a local cache
folder, where the app edits it (rollback journal, never WAL), and publish() puts it back
as a whole, through a temporary file beside it and os.replace(), but only while the file
on the share is still the one that was copied (size, mtime and sha256). If someone
changed it meanwhile, nothing is overwritten: the local version is saved beside it as
"<stem> (my copy YYYY-MM-DD HHMM).rapporteur" and the result asks for a merge.

Detection: on Linux, the mount holding the resolved path (longest prefix in
/proc/self/mounts) and its file-system type; on Windows, UNC paths and mapped network
drives; UNC-style strings everywhere. macOS is not detected (no /proc; `mount` output or
getattrlist would be needed): shares mounted under /Volumes count as local there.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from app.core.beside import temp_beside
from app.core.document.service import RapporteurFile
from app.core.errors import RapporteurError, ValidationError
from app.core.sharing.copying import fsync, fsync_dir, write_snapshot
from app.core.storage import connection

NETWORK_FSTYPES = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs", "davfs",
    "fuse.sshfs",
})
STATE = "working-copy.json"
CHUNK = 1 << 20
_UNC = re.compile(r"^(?:\\\\|//)(?![?.][\\/])[^\\/]+[\\/]+[^\\/]+")
_UNC_LONG = re.compile(r"^\\\\\?\\UNC\\", re.IGNORECASE)
_OCTAL = re.compile(r"\\([0-7]{3})")


# detection

@dataclass(frozen=True)
class Mount:
    """One line of a mounts table: where a file system is mounted and its type."""

    point: str
    fstype: str


def parse_mounts(text: str) -> list[Mount]:
    """Parse /proc/self/mounts (or /proc/mounts) text; octal escapes such as \\040 decoded."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            point = _OCTAL.sub(lambda m: chr(int(m.group(1), 8)), fields[1])
            mounts.append(Mount(point, fields[2]))
    return mounts


def mount_of(path: str, mounts: list[Mount]) -> Mount | None:
    """Return the mount holding an absolute path: the longest matching mount point (last wins)."""
    best: Mount | None = None
    best_length = -1
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = point == "/" or path == point or path.startswith(point + "/")
        if inside and len(point) >= best_length:
            best, best_length = mount, len(point)
    return best


def is_network_fstype(fstype: str) -> bool:
    """Return whether a file-system type is a network (or remote FUSE) file system."""
    return fstype in NETWORK_FSTYPES or fstype.startswith("fuse.")


def is_unc(text: str) -> bool:
    """Return whether text is a UNC path (\\\\server\\share, //server/share, \\\\?\\UNC\\...)."""
    return bool(_UNC_LONG.match(text) or _UNC.match(text))


def is_network_path(path: Path | str, *, mounts: str | None = None) -> bool:
    """Return whether path lies on a network share (mounts: a mounts table, for tests)."""
    text = os.fspath(path)
    if is_unc(text):
        return True
    if sys.platform == "win32":
        return _windows_remote_drive(text)
    if mounts is None:
        try:
            mounts = os.fsdecode(Path("/proc/self/mounts").read_bytes())
        except OSError:
            return False  # no /proc (macOS, BSD): not detected, see the module notes
    mount = mount_of(os.path.realpath(text), parse_mounts(mounts))
    return mount is not None and is_network_fstype(mount.fstype)


def _windows_remote_drive(text: str) -> bool:
    """Return whether a Windows path is on a mapped network drive."""
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(text))[0]
    if not drive:
        return False
    kind = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")  # type: ignore[attr-defined]
    return int(kind) == 4  # DRIVE_REMOTE


# fingerprints

@dataclass(frozen=True)
class Fingerprint:
    """What a file looked like: size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str


def fingerprint(path: Path) -> Fingerprint | None:
    """Return path's fingerprint, or None if it does not exist."""
    try:
        before = path.stat()
        digest = _sha256(path)
    except FileNotFoundError:
        return None
    return Fingerprint(before.st_size, before.st_mtime_ns, digest)


def _sha256(path: Path) -> str:
    """Return the sha256 of a file, read in chunks."""
    hasher = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
    return hasher.hexdigest()


def _copy_bytes(source: Path, target: Path) -> str:
    """Copy source to a new file target, flushed to disk; return the sha256 of the bytes."""
    hasher = hashlib.sha256()
    with source.open("rb") as src, target.open("xb") as dst:
        while chunk := src.read(CHUNK):
            hasher.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    return hasher.hexdigest()


# the working copy

@dataclass(frozen=True)
class PublishResult:
    """What publish() did: the share updated, or a conflict with both versions kept."""

    published: bool
    remote: Path
    copy: Path | None
    message: str

    @property
    def conflict(self) -> bool:
        """Return whether the share had changed, so both versions were kept."""
        return not self.published


class WorkingCopy:
    """A local copy of a file on a share, published back by atomic whole-file replacement."""

    def __init__(self, remote: Path, local: Path, base: Fingerprint, *,
                 unpublished: Path | None = None,
                 now: Callable[[], datetime] = datetime.now) -> None:
        self.remote = remote
        self.local = local
        self.base = base
        self.unpublished = unpublished
        self.now = now
        self._mine: tuple[Path, Fingerprint] | None = None

    @classmethod
    def open(cls, remote: Path | str, cache_dir: Path | str, *,
             now: Callable[[], datetime] = datetime.now) -> WorkingCopy:
        """Copy a vetted remote file into cache_dir and return the working copy to edit.

        A working file left from an earlier session with edits never published is moved
        aside (see .unpublished), never overwritten.
        """
        remote, cache_dir = Path(remote), Path(cache_dir)
        if is_network_path(cache_dir):
            raise ValidationError(f"{cache_dir}: the working folder must be on this computer")
        header = connection.read_header(remote)
        connection.check_header(remote, header)
        folder = cache_dir / hashlib.sha256(os.fsencode(remote.resolve())).hexdigest()[:16]
        folder.mkdir(parents=True, exist_ok=True)
        local = folder / remote.name
        unpublished = _set_aside(local, folder, now)
        base = _fetch(remote, local, folder)
        copy = cls(remote, local, base, unpublished=unpublished, now=now)
        copy._save_state()
        return copy

    def remote_changed(self) -> bool:
        """Return whether the file on the share differs from the one last copied or published."""
        try:
            stat = self.remote.stat()
        except FileNotFoundError:
            return True
        if (stat.st_size, stat.st_mtime_ns) != (self.base.size, self.base.mtime_ns):
            return True
        return _sha256(self.remote) != self.base.sha256

    def publish(self) -> PublishResult:
        """Put the local copy on the share, or keep both versions if the share has changed."""
        staging = self.local.with_name(".publish.rapporteur")
        try:
            self._snapshot(staging)
            if self.remote_changed():
                return self._keep_both(staging)
            return self._replace_remote(staging)
        except OSError as exc:
            raise RapporteurError(
                f"cannot publish {self.remote.name} to the share ({exc.strerror or exc}); "
                "your work is safe in the working copy") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                staging.unlink()

    def _snapshot(self, staging: Path) -> None:
        """Write a consistent, checked snapshot of the local file (it may be open)."""
        conn, _guard = connection.connect(self.local, mode="ro")
        try:
            write_snapshot(conn, staging)
        finally:
            conn.close()

    def _replace_remote(self, staging: Path) -> PublishResult:
        """Replace the remote file with staging through a temporary file beside it."""
        temp = temp_beside(self.remote)
        try:
            digest = _copy_bytes(staging, temp)
            if self._quick_changed():
                return self._keep_both(staging)
            os.replace(temp, self.remote)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
        fsync_dir(self.remote.parent)
        stat = self.remote.stat()
        self.base = Fingerprint(stat.st_size, stat.st_mtime_ns, digest)
        self._save_state()
        return PublishResult(True, self.remote, None, f"{self.remote.name}: published")

    def _quick_changed(self) -> bool:
        """Return whether the remote's size or time moved (the last look before replacing)."""
        try:
            stat = self.remote.stat()
        except FileNotFoundError:
            return True
        return (stat.st_size, stat.st_mtime_ns) != (self.base.size, self.base.mtime_ns)

    def _keep_both(self, staging: Path) -> PublishResult:
        """Save staging beside the remote as 'my copy' (never replacing another file)."""
        if self._mine is not None and fingerprint(self._mine[0]) == self._mine[1]:
            mine = self._mine[0]  # our own earlier conflict copy, untouched: bring it up to date
            temp = temp_beside(mine)
            try:
                _copy_bytes(staging, temp)
                os.replace(temp, mine)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    temp.unlink()
        else:
            mine = _place_new(staging, self.remote, self.now())
        fsync_dir(mine.parent)
        found = fingerprint(mine)
        self._mine = (mine, found) if found is not None else None
        return PublishResult(
            False, self.remote, mine,
            f"conflict: both kept; merge them ({self.remote.name} changed on the share since "
            f"it was copied; your version is {mine.name})")

    def _save_state(self) -> None:
        """Record the base fingerprint and the local file's hash, for the next session."""
        state = {"remote": os.fspath(self.remote), "base": asdict(self.base),
                 "local_sha256": _sha256(self.local)}
        path = self.local.with_name(STATE)
        temp = path.with_name(STATE + ".tmp")
        temp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(temp, path)


def _set_aside(local: Path, folder: Path, now: Callable[[], datetime]) -> Path | None:
    """Move an earlier working file with unpublished edits aside; drop one without any."""
    if not local.exists():
        return None
    try:
        state = json.loads((folder / STATE).read_text(encoding="utf-8"))
        clean = state["local_sha256"] == _sha256(local)
    except (OSError, ValueError, KeyError, TypeError):
        clean = False
    for sidecar in (local.with_name(local.name + "-journal"),):
        if sidecar.exists():
            clean = False
    if clean:
        local.unlink()
        return None
    stamp = now().strftime("%Y-%m-%d %H%M%S")
    aside = _unique(folder / f"{local.stem} (unpublished {stamp}){local.suffix}")
    os.replace(local, aside)
    journal = local.with_name(local.name + "-journal")
    if journal.exists():
        os.replace(journal, aside.with_name(aside.name + "-journal"))
    return aside


def _fetch(remote: Path, local: Path, folder: Path) -> Fingerprint:
    """Copy the remote (with any -wal/-journal) stably into local, settled and verified."""
    work = folder / ".fetch"
    for _attempt in range(3):
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        raw = work / "copy.rapporteur"
        before = remote.stat()
        digest = _copy_bytes(remote, raw)
        for sidecar in ("-wal", "-journal"):
            side = remote.with_name(remote.name + sidecar)
            with contextlib.suppress(FileNotFoundError):
                if side.exists():
                    _copy_bytes(side, raw.with_name(raw.name + sidecar))
        after = remote.stat()
        if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns):
            break
    else:
        shutil.rmtree(work, ignore_errors=True)
        raise RapporteurError(f"{remote.name} keeps changing on the share; try again shortly")
    try:
        RapporteurFile.open(raw).close()  # rolls back a hot journal, leaves WAL, verifies
        fsync(raw)
        os.replace(raw, local)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return Fingerprint(after.st_size, after.st_mtime_ns, digest)


def _place_new(staging: Path, remote: Path, moment: datetime) -> Path:
    """Copy staging beside remote under a new 'my copy' name; return that name."""
    name = f"{remote.stem} (my copy {moment:%Y-%m-%d %H%M}){remote.suffix}"
    temp = temp_beside(remote, ".mine.tmp")
    try:
        _copy_bytes(staging, temp)
        for attempt in range(1, 100):
            target = remote.with_name(name) if attempt == 1 else remote.with_name(
                f"{remote.stem} (my copy {moment:%Y-%m-%d %H%M} {attempt}){remote.suffix}")
            if _link_new(temp, target):
                return target
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
    raise RapporteurError(f"cannot find a free name beside {remote.name} for your copy")


def _link_new(temp: Path, target: Path) -> bool:
    """Give temp the name target unless target exists; return whether it did."""
    try:
        os.link(temp, target)
    except FileExistsError:
        return False
    except OSError:  # no hard links on this share: check, then rename
        if target.exists():
            return False
        os.replace(temp, target)
    return True


def _unique(path: Path) -> Path:
    """Return path, or path with a number added, naming no existing file."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem} {number}{path.suffix}")
        number += 1
    return candidate

