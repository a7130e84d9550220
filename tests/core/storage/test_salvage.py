"""storage.salvage (rescue's reading) and storage.snapshot (a sealed, checked copy)."""

from __future__ import annotations

import sqlite3

import pytest
from fault_helpers import bad_file, digest, make_file

from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError
from app.core.storage.salvage import salvage
from app.core.storage.snapshot import backup_into


@pytest.fixture
def good(tmp_path):
    folder = tmp_path / "good"
    folder.mkdir()
    return make_file(folder / "good.rapporteur", sections=40)


def test_a_healthy_file_is_read_whole(good, tmp_path):
    before = digest(good)
    found = salvage(good, tmp_path)
    assert len(found.tables["sections"].rows) == 40
    assert len(found.tables["documents"].rows) == 1
    assert found.exact
    assert found.damaged_regions == 0
    assert found.notes == []
    assert digest(good) == before


def test_a_garbage_page_loses_only_its_rows(good, tmp_path):
    bad = bad_file("garbage page", good, tmp_path / "bad.rapporteur")
    folder = tmp_path / "work"
    folder.mkdir()
    found = salvage(bad, folder)
    rows = found.tables["sections"].rows
    assert 0 < len(rows) < 40
    assert found.damaged_regions >= 1
    assert found.tables["sections"].lost + len(rows) == 40 or not found.exact


def test_foreign_objects_are_noted_never_run(good, tmp_path):
    bad = bad_file("foreign view", good, tmp_path / "bad.rapporteur")
    folder = tmp_path / "work"
    folder.mkdir()
    found = salvage(bad, folder)
    assert any("ignored view 'forever'" in note for note in found.notes)
    assert len(found.tables["sections"].rows) == 40


def test_another_applications_database_is_refused(good, tmp_path):
    bad = bad_file("another app's SQLite", good, tmp_path / "bad.rapporteur")
    folder = tmp_path / "work"
    folder.mkdir()
    with pytest.raises(BadFileError, match="another application"):
        salvage(bad, folder)


def test_a_snapshot_is_sealed_and_checked(rfile, tmp_path):
    doc = rfile.add_document(title="T")
    rfile.add_section(doc.id, heading="A", body="<p>x</p>")
    assert not all(r.sealed for r in rfile.repo.all_revisions())
    copy = tmp_path / "copy.rapporteur"
    backup_into(rfile.repo.conn, copy)
    assert not all(r.sealed for r in rfile.repo.all_revisions())  # the original is untouched
    with RapporteurFile.open(copy, readonly=True) as opened:
        assert all(r.sealed for r in opened.repo.all_revisions())
        assert [d.title for d in opened.documents()] == ["T"]
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
