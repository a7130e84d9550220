"""`check` and opening untrusted files: every bad file refused, none changed."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError, NewerFileError
from app.core.sharing.checking import check_file


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def good(rfile):
    doc = rfile.add_document(title="T")
    rfile.add_section(doc.id, heading="A", body="<p>text</p>")
    path = rfile.path
    rfile.close()
    return path


def test_healthy_file(good):
    report = check_file(good)
    assert report.exit_code == 0
    assert any("documents: 1, sections: 1" in line for line in report.lines)


def _raw(path, sql):
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()


def _make(kind, good, tmp_path):
    path = tmp_path / f"{kind}.rapporteur"
    if kind == "random":
        path.write_bytes(bytes(range(256)) * 40)
    elif kind == "pdf":
        path.write_bytes(b"%PDF-1.7\n" + b"0" * 5000)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[:3000])
    elif kind == "bitflip":
        data = bytearray(good.read_bytes())
        for offset in range(4096 + 8, 4096 * 3, 97):
            data[offset] ^= 0xFF
        path.write_bytes(bytes(data))
    elif kind == "foreign":
        _raw(path, "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);")
    elif kind == "newer":
        path.write_bytes(good.read_bytes())
        _raw(path, "PRAGMA user_version = 99;")
    elif kind == "trigger":
        path.write_bytes(good.read_bytes())
        _raw(path, "CREATE TRIGGER wipe AFTER UPDATE ON meta BEGIN DELETE FROM sections; END;")
    elif kind == "view":
        path.write_bytes(good.read_bytes())
        _raw(path, "CREATE VIEW forever AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                   "SELECT x + 1 FROM c) SELECT x FROM c;")
    elif kind == "extra_column":
        path.write_bytes(good.read_bytes())
        _raw(path, "ALTER TABLE sections ADD COLUMN secret TEXT;")
    elif kind == "bad_body":
        path.write_bytes(good.read_bytes())
        _raw(path, "UPDATE sections SET body = '<p>x<script>alert(1)</script></p>';")
    return path


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("random", "not an SQLite database"),
        ("pdf", "not an SQLite database"),
        ("empty", "empty"),
        ("truncated", "damaged"),
        ("bitflip", "damaged"),
        ("foreign", "another application"),
        ("newer", "newer Rapporteur"),
        ("trigger", "unexpected trigger 'wipe'"),
        ("view", "unexpected view 'forever'"),
        ("extra_column", "different structure"),
        ("bad_body", "outside the subset"),
    ],
)
def test_bad_files_are_refused_unchanged(kind, message, good, tmp_path):
    path = _make(kind, good, tmp_path)
    before = _digest(path)
    report = check_file(path)
    assert report.exit_code == 2
    assert message in report.problem
    assert "\n" not in report.problem
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in tmp_path.iterdir() if not p.name.endswith(("-journal", "-wal", "-shm")))


def test_newer_file_names_the_needed_release(good, tmp_path):
    path = _make("newer", good, tmp_path)
    with pytest.raises(NewerFileError, match="install Rapporteur"):
        RapporteurFile.open(path)


def test_trigger_never_runs_even_if_schema_check_bypassed(good, tmp_path, monkeypatch):
    path = _make("trigger", good, tmp_path)
    from app.core.storage import connection

    monkeypatch.setattr(connection.schema, "schema_differences", lambda *args: [])
    with RapporteurFile.open(path) as opened, pytest.raises(sqlite3.DatabaseError):
        opened.repo.set_meta("x", "y")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM sections").fetchone()[0] == 1
    conn.close()


def test_wal_file_read_only_leaves_no_sidecars(good, tmp_path):
    path = tmp_path / "wal.rapporteur"
    path.write_bytes(good.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    before = _digest(path)
    assert check_file(path).exit_code == 0
    assert _digest(path) == before
    assert not (tmp_path / "wal.rapporteur-shm").exists()
    assert not (tmp_path / "wal.rapporteur-wal").exists()


def test_open_for_writing_refuses_bad_file(good, tmp_path):
    path = _make("foreign", good, tmp_path)
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
