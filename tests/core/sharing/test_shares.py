"""Network shares: detection, a local working copy, atomic publishing, conflicts kept."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from fault_helpers import digest, folder_state, make_file

from app.core.document.service import RapporteurFile
from app.core.errors import RapporteurError, ValidationError
from app.core.sharing import shares
from app.core.sharing.checking import check_file
from app.core.sharing.shares import WorkingCopy, is_network_path, is_unc, mount_of, parse_mounts

MOUNTS = r"""sysfs /sys sysfs rw,nosuid,nodev,noexec,relatime 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
tmpfs /run tmpfs rw,nosuid,nodev 0 0
//fileserver/unhq /mnt/unhq cifs rw,vers=3.1.1,addr=10.0.0.5 0 0
fs1:/export/reports /srv/reports nfs4 rw,relatime,vers=4.2 0 0
/dev/sdb1 /srv/reports/local ext4 rw 0 0
//nas/Team\040Drafts /mnt/Team\040Drafts smb3 rw 0 0
gvfsd-fuse /run/user/1000/gvfs fuse.gvfsd-fuse rw,nosuid,nodev 0 0
maria@host:/home/maria /home/maria/remote fuse.sshfs rw 0 0
/dev/sdc1 /media/maria/USB fuseblk rw,nosuid 0 0
/dev/sdd1 /mnt/stacked ext4 rw 0 0
server:/vol /mnt/stacked nfs rw 0 0
"""
NOW = datetime(2026, 1, 5, 9, 0)


def test_parse_mounts_decodes_escapes():
    mounts = parse_mounts(MOUNTS)
    assert shares.Mount("/mnt/Team Drafts", "smb3") in mounts
    assert shares.Mount("/", "ext4") in mounts
    assert len(mounts) == 12
    assert parse_mounts("garbage\n\n  \n") == []


@pytest.mark.parametrize(
    ("path", "mount_point", "network"),
    [
        ("/home/maria/report.rapporteur", "/", False),
        ("/mnt/unhq/drafts/report.rapporteur", "/mnt/unhq", True),
        ("/mnt/unhq", "/mnt/unhq", True),
        ("/mnt/unhqx/report.rapporteur", "/", False),
        ("/srv/reports/a.rapporteur", "/srv/reports", True),
        ("/srv/reports/local/a.rapporteur", "/srv/reports/local", False),
        ("/mnt/Team Drafts/a.rapporteur", "/mnt/Team Drafts", True),
        ("/run/user/1000/gvfs/smb-share:server=x,share=y/a.rapporteur", "/run/user/1000/gvfs",
         True),
        ("/home/maria/remote/a.rapporteur", "/home/maria/remote", True),
        ("/media/maria/USB/a.rapporteur", "/media/maria/USB", False),
        ("/mnt/stacked/a.rapporteur", "/mnt/stacked", True),
    ],
)
def test_longest_mount_prefix_decides(path, mount_point, network):
    mount = mount_of(path, parse_mounts(MOUNTS))
    assert mount is not None
    assert mount.point == mount_point
    assert is_network_path(path, mounts=MOUNTS) is network


@pytest.mark.parametrize(
    ("text", "unc"),
    [
        ("\\\\fileserver\\unhq\\report.rapporteur", True),
        ("//fileserver/unhq/report.rapporteur", True),
        ("\\\\?\\UNC\\fileserver\\unhq\\report.rapporteur", True),
        ("\\\\?\\C:\\Users\\maria\\report.rapporteur", False),
        ("\\\\.\\pipe\\x", False),
        ("C:\\Users\\maria\\report.rapporteur", False),
        ("/home/maria/report.rapporteur", False),
        ("//", False),
    ],
)
def test_unc_paths(text, unc):
    assert is_unc(text) is unc
    if unc:
        assert is_network_path(text, mounts="")


def test_local_temp_folder_is_not_a_share(tmp_path):
    assert is_network_path(tmp_path / "x.rapporteur") is False


@pytest.fixture
def share(tmp_path):
    """A folder standing in for the share, with one report on it."""
    folder = tmp_path / "share"
    folder.mkdir()
    make_file(folder / "report.rapporteur", sections=3)
    return folder


def _open(share, tmp_path):
    return WorkingCopy.open(share / "report.rapporteur", tmp_path / "cache", now=lambda: NOW)


def _edit(path, body):
    with RapporteurFile.open(path) as rfile:
        rfile.update_section("sec-0000", body=body)


def _body(path):
    with RapporteurFile.open(path, readonly=True) as rfile:
        return rfile.section("sec-0000").body


def _journal_mode_byte(path):
    return path.read_bytes()[18:20]


def test_open_copies_locally_and_leaves_the_share_alone(share, tmp_path):
    before = folder_state(share)
    copy = _open(share, tmp_path)
    assert folder_state(share) == before
    assert copy.local.parent.parent == tmp_path / "cache"
    assert _body(copy.local) == _body(share / "report.rapporteur")
    assert copy.remote_changed() is False
    assert copy.unpublished is None


def test_publish_when_unchanged_replaces_the_remote(share, tmp_path):
    copy = _open(share, tmp_path)
    _edit(copy.local, "<p>my edit</p>")
    result = copy.publish()
    assert result.published
    assert not result.conflict
    assert result.copy is None
    remote = share / "report.rapporteur"
    assert _body(remote) == "<p>my edit</p>"
    assert check_file(remote).exit_code == 0
    assert sorted(p.name for p in share.iterdir()) == ["report.rapporteur"]
    assert copy.remote_changed() is False
    _edit(copy.local, "<p>second edit</p>")
    assert copy.publish().published
    assert _body(remote) == "<p>second edit</p>"


def test_a_reader_never_sees_a_partial_file(share, tmp_path, monkeypatch):
    copy = _open(share, tmp_path)
    _edit(copy.local, "<p>my edit</p>")
    remote = share / "report.rapporteur"
    original = digest(remote)
    real_replace = os.replace
    seen = []

    def faulty_replace(src, dst):
        if Path(dst) == remote:
            seen.append(digest(remote))  # a colleague reading during the publish
            assert check_file(remote).exit_code == 0
            raise OSError(5, "Input/output error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", faulty_replace)
    with pytest.raises(RapporteurError, match="your work is safe in the working copy"):
        copy.publish()
    assert seen == [original]
    assert digest(remote) == original
    assert sorted(p.name for p in share.iterdir()) == ["report.rapporteur"]
    assert _body(copy.local) == "<p>my edit</p>"
    monkeypatch.setattr(os, "replace", real_replace)
    assert copy.publish().published
    assert _body(remote) == "<p>my edit</p>"


def test_remote_changed_by_someone_else_keeps_both(share, tmp_path):
    copy = _open(share, tmp_path)
    remote = share / "report.rapporteur"
    _edit(remote, "<p>colleague's edit</p>")
    theirs = digest(remote)
    (share / "report (my copy 2026-01-05 0900).rapporteur").write_bytes(b"someone's file")
    _edit(copy.local, "<p>my edit</p>")
    assert copy.remote_changed() is True
    result = copy.publish()
    assert result.conflict
    assert not result.published
    assert "conflict: both kept; merge them" in result.message
    assert result.copy == share / "report (my copy 2026-01-05 0900 2).rapporteur"
    assert digest(remote) == theirs
    assert (share / "report (my copy 2026-01-05 0900).rapporteur").read_bytes() == (
        b"someone's file")
    assert _body(result.copy) == "<p>my edit</p>"
    assert check_file(result.copy).exit_code == 0
    _edit(copy.local, "<p>my later edit</p>")
    again = copy.publish()
    assert again.conflict
    assert again.copy == result.copy
    assert _body(result.copy) == "<p>my later edit</p>"
    assert digest(remote) == theirs
    assert len(list(share.glob("report (my copy*"))) == 2


def test_remote_deleted_keeps_my_copy(share, tmp_path):
    copy = _open(share, tmp_path)
    (share / "report.rapporteur").unlink()
    result = copy.publish()
    assert result.conflict
    assert result.copy is not None
    assert result.copy.exists()
    assert not (share / "report.rapporteur").exists()


def test_working_copy_is_never_in_wal_mode(share, tmp_path):
    remote = share / "report.rapporteur"
    conn = sqlite3.connect(remote)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    assert _journal_mode_byte(remote) == b"\x02\x02"
    copy = _open(share, tmp_path)
    assert _journal_mode_byte(copy.local) == b"\x01\x01"
    _edit(copy.local, "<p>my edit</p>")
    assert _journal_mode_byte(copy.local) == b"\x01\x01"
    assert copy.publish().published
    assert _journal_mode_byte(remote) == b"\x01\x01"
    assert not list(share.glob("*-wal"))
    assert not list(share.glob("*-shm"))


def test_unpublished_edits_of_an_earlier_session_are_set_aside(share, tmp_path):
    first = _open(share, tmp_path)
    _edit(first.local, "<p>typed, never published</p>")
    second = _open(share, tmp_path)
    assert second.unpublished is not None
    assert "(unpublished 2026-01-05 090000)" in second.unpublished.name
    assert _body(second.unpublished) == "<p>typed, never published</p>"
    assert _body(second.local) == _body(share / "report.rapporteur")
    third = _open(share, tmp_path)
    assert third.unpublished is None  # nothing new was typed in the second session


def test_working_folder_on_a_share_is_refused(share, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setattr(shares, "is_network_path", lambda path, **_: Path(path) == cache)
    with pytest.raises(ValidationError, match="must be on this computer"):
        WorkingCopy.open(share / "report.rapporteur", cache)


def test_a_bad_remote_is_refused_before_copying(share, tmp_path):
    bad = share / "bad.rapporteur"
    bad.write_bytes(b"%PDF-1.7" + b"0" * 5000)
    with pytest.raises(RapporteurError, match="not a Rapporteur file"):
        WorkingCopy.open(bad, tmp_path / "cache")
    assert bad.read_bytes() == b"%PDF-1.7" + b"0" * 5000
