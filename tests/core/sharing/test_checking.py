"""`check` and opening untrusted files: every bad file refused, none changed."""

from __future__ import annotations

import sqlite3

import pytest
from fault_helpers import bad_file, digest, make_file

from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError, NewerFileError
from app.core.sharing.checking import check_file


@pytest.fixture
def good(tmp_path):
    """A healthy file (in its own folder) to damage."""
    folder = tmp_path / "good"
    folder.mkdir()
    return make_file(folder / "good.rapporteur", sections=40)


def test_healthy_file(good):
    report = check_file(good)
    assert report.exit_code == 0
    assert any("documents: 1, sections: 40" in line for line in report.lines)


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("random bytes", "not an SQLite database"),
        ("PDF renamed", "not an SQLite database"),
        ("0 bytes", "empty"),
        ("truncated", "damaged"),
        ("bit-flipped page", "damaged"),
        ("another app's SQLite", "another application"),
        ("newer schema", "newer Rapporteur"),
        ("trigger on meta", "unexpected trigger 'wipe'"),
        ("foreign view", "unexpected view 'forever'"),
        ("extra column", "different structure"),
        ("body outside the subset", "outside the subset"),
    ],
)
def test_bad_files_are_refused_unchanged(kind, message, good, tmp_path):
    path = bad_file(kind, good, tmp_path / "bad.rapporteur")
    before = digest(path)
    report = check_file(path)
    assert report.exit_code == 2
    assert message in report.problem
    assert "\n" not in report.problem
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.endswith(("-journal", "-wal", "-shm")))


def test_newer_file_names_the_needed_release(good, tmp_path):
    path = bad_file("newer schema", good, tmp_path / "bad.rapporteur")
    with pytest.raises(NewerFileError, match="install Rapporteur"):
        RapporteurFile.open(path)


def test_trigger_never_runs_even_if_schema_check_bypassed(good, tmp_path, monkeypatch):
    path = bad_file("trigger on meta", good, tmp_path / "bad.rapporteur")
    from app.core.storage import connection

    monkeypatch.setattr(connection.schema, "schema_differences", lambda *args: [])
    with RapporteurFile.open(path) as opened, pytest.raises(sqlite3.DatabaseError):
        opened.repo.set_meta("x", "y")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM sections").fetchone()[0] == 40
    conn.close()


def test_wal_file_read_only_leaves_no_sidecars(good, tmp_path):
    path = tmp_path / "wal.rapporteur"
    path.write_bytes(good.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = digest(path)
    assert check_file(path).exit_code == 0
    assert digest(path) == before
    assert not (tmp_path / "wal.rapporteur-shm").exists()
    assert not (tmp_path / "wal.rapporteur-wal").exists()


def test_open_for_writing_refuses_bad_file(good, tmp_path):
    path = bad_file("another app's SQLite", good, tmp_path / "bad.rapporteur")
    with pytest.raises(BadFileError):
        RapporteurFile.open(path)


def test_damage_found_while_summarising_is_a_problem_not_a_crash(good, monkeypatch):
    from app.core.sharing import checking

    def broken(*_args, **_kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(checking, "_summarise", broken)
    report = check_file(good)
    assert report.exit_code == 2
    assert "damaged (database disk image is malformed)" in report.problem
