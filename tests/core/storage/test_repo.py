"""storage: the file's identity, the repo's rows, sealing, change detection, transactions."""

from __future__ import annotations

import sqlite3

import pytest

from app.core.storage import connection, schema
from app.core.storage.repo import Repo, database


def _conflict(cid: str, object_id: str, **extra: object) -> dict[str, object]:
    return {"id": cid, "object_type": "section", "object_id": object_id, "document_id": "d",
            "field": "body", "base": "<p>b</p>", "ours": "<p>o</p>", "theirs": ["t", 1],
            "ours_revision": None, "theirs_revision": None, "created": "2026-01-01T00:00:00Z",
            "resolved": None, "resolution": None, **extra}


def test_new_file_has_the_application_id_and_the_latest_schema(rfile):
    rfile.close()
    header = connection.read_header(rfile.path)
    assert header.application_id == schema.APPLICATION_ID
    assert header.user_version == schema.schema_version() >= 2
    assert not header.wal
    conn = sqlite3.connect(rfile.path)
    try:
        assert schema.schema_differences(conn) == []
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()


def test_conflict_rows_round_trip_their_json_values(rfile):
    with rfile.transaction():
        rfile.repo.add_conflict(_conflict("c1", "s1"))
        rfile.repo.add_conflict(_conflict("c2", "s2"))
    [first, second] = rfile.repo.conflicts()
    assert (first["id"], first["theirs"], first["ours"]) == ("c1", ["t", 1], "<p>o</p>")
    assert [c["id"] for c in rfile.repo.conflicts(object_id="s2")] == ["c2"]
    with rfile.transaction():
        rfile.repo.resolve_conflict("c1", "mine", "2026-01-02T00:00:00Z")
    assert [c["id"] for c in rfile.repo.conflicts()] == ["c2"]
    resolved = [c for c in rfile.repo.conflicts(open_only=False) if c["id"] == "c1"]
    assert resolved[0]["resolution"] == "mine"


def test_seal_revisions_seals_the_open_ones_once(rfile):
    doc = rfile.add_document(title="T")
    rfile.add_section(doc.id, heading="A", body="<p>x</p>")
    with rfile.transaction():
        sealed = rfile.repo.seal_revisions()
    assert sealed >= 1
    assert all(r.sealed for r in rfile.repo.all_revisions())
    with rfile.transaction():
        assert rfile.repo.seal_revisions() == 0


def test_change_key_moves_on_a_write_here_and_a_commit_elsewhere(rfile):
    before = rfile.repo.change_key()
    with rfile.transaction():
        rfile.repo.set_meta("k", "v")
    after_here = rfile.repo.change_key()
    assert after_here != before
    version = rfile.repo.data_version()
    other = sqlite3.connect(rfile.path)
    other.execute("INSERT INTO meta (key, value) VALUES ('elsewhere', '1')")
    other.commit()
    other.close()
    assert rfile.repo.data_version() != version
    assert rfile.repo.change_key() != after_here


def _write_then_fail(repo: Repo) -> None:
    with repo.atomic():
        repo.set_meta("gone", "1")
        raise RuntimeError


def test_atomic_rolls_back_everything_on_an_error(rfile):
    with pytest.raises(RuntimeError):
        _write_then_fail(rfile.repo)
    assert rfile.repo.get_meta("gone") is None


def test_insert_row_and_count(rfile):
    with rfile.transaction():
        rfile.repo.insert_row("conflicts", {**_conflict("c9", "s9"), "theirs": "\"x\""})
    assert rfile.repo.count("conflicts") == 1
    with pytest.raises(ValueError, match="sqlite_master"):
        rfile.repo.count("sqlite_master")


def test_database_wraps_a_plain_connection(tmp_path):
    conn = sqlite3.connect(tmp_path / "plain.sqlite", isolation_level=None)
    try:
        repo = Repo(database(conn))
        assert repo.conn is conn
        schema.apply_migrations(repo.db)
        assert repo.count("documents") == 0
    finally:
        repo.close()
