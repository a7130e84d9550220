"""The service layer: documents, sections, outline, validation, read-only."""

from __future__ import annotations

import os
import stat

import pytest

from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, ReadOnlyError, ValidationError
from app.core.storage.schema import schema_version


def test_new_file_is_marked_and_self_contained(rfile, tmp_path):
    path = rfile.path
    rfile.close()
    head = path.read_bytes()[:100]
    assert head[68:72] == b"RPTR"
    assert int.from_bytes(head[60:64], "big") == schema_version()
    assert not (tmp_path / "test.rapporteur-journal").exists()
    assert not (tmp_path / "test.rapporteur-wal").exists()


def test_pragmas_rollback_journal_and_full_sync(rfile):
    conn = rfile.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2


def test_document_and_sections_round_trip(rfile):
    doc = rfile.add_document(title="Contribution", fields={"meeting": "Twelfth meeting"})
    a = rfile.add_section(doc.id, heading="Introduction", body="<p>One <b>two</b></p>")
    b = rfile.add_section(doc.id, heading="Activities", body="<p>Three</p>")
    c = rfile.add_section(doc.id, heading="Field work", parent_id=b.id)
    loaded = rfile.document(doc.id)
    assert [s.heading for s in loaded.sections] == ["Introduction", "Activities"]
    assert loaded.sections[1].children[0].id == c.id
    assert rfile.section(a.id).body == "<p>One <strong>two</strong></p>"
    assert loaded.fields == {"meeting": "Twelfth meeting"}


def test_body_is_sanitised_on_write(rfile):
    doc = rfile.add_document(title="T")
    sec = rfile.add_section(doc.id, body='<p onclick="x()">Hi<script>alert(1)</script></p>')
    row = rfile.db.execute("SELECT body FROM sections WHERE id = ?", [sec.id]).fetchone()
    assert row[0] == "<p>Hi</p>"


def test_move_and_reorder(rfile):
    doc = rfile.add_document(title="T")
    ids = [rfile.add_section(doc.id, heading=h).id for h in "ABC"]
    rfile.move_section(ids[2], parent_id=None, position=0)
    assert [s.heading for s in rfile.document(doc.id).sections] == ["C", "A", "B"]
    rfile.move_section(ids[1], parent_id=ids[2])
    tree = rfile.document(doc.id).sections
    assert [s.heading for s in tree] == ["C", "A"]
    assert [s.heading for s in tree[0].children] == ["B"]


def test_cannot_nest_section_inside_itself(rfile):
    doc = rfile.add_document(title="T")
    a = rfile.add_section(doc.id, heading="A")
    b = rfile.add_section(doc.id, heading="B", parent_id=a.id)
    with pytest.raises(ValidationError):
        rfile.move_section(a.id, parent_id=b.id)


def test_delete_keeps_rows_and_history(rfile):
    doc = rfile.add_document(title="T")
    a = rfile.add_section(doc.id, heading="A", body="<p>keep me</p>")
    rfile.delete_section(a.id)
    assert rfile.document(doc.id).sections == []
    with pytest.raises(NotFoundError):
        rfile.section(a.id)
    row = rfile.db.execute("SELECT deleted, body FROM sections WHERE id = ?", [a.id]).fetchone()
    assert row == (1, "<p>keep me</p>")
    assert rfile.revisions(a.id)[-1].content["deleted"] is True


def test_fields_validated_against_manifest(rfile):
    with pytest.raises(ValidationError, match="nonsense"):
        rfile.add_document(title="T", fields={"nonsense": "x"})
    with pytest.raises(ValidationError):
        rfile.add_document(title="T", fields={"organizer": "not a list"})


def test_unknown_status_refused(rfile):
    doc = rfile.add_document(title="T")
    with pytest.raises(ValidationError, match="status"):
        rfile.add_section(doc.id, status="published")


def test_resolve_document_requires_choice_when_several(rfile):
    rfile.add_document(title="One")
    rfile.add_document(title="Two")
    with pytest.raises(ValidationError, match="2 documents"):
        rfile.resolve_document(None)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_read_only_file_refused_for_writing(rfile):
    path = rfile.path
    rfile.close()
    path.chmod(stat.S_IRUSR)
    with pytest.raises(ReadOnlyError):
        RapporteurFile.open(path)
    with RapporteurFile.open(path, readonly=True) as ro:
        assert ro.documents() == []


def test_read_only_open_refuses_changes(rfile):
    path = rfile.path
    rfile.add_document(title="T")
    rfile.close()
    with RapporteurFile.open(path, readonly=True) as ro, pytest.raises(ReadOnlyError):
        ro.add_document(title="U")


def test_create_refuses_existing_file(rfile):
    with pytest.raises(ValidationError):
        RapporteurFile.create(rfile.path)


def _version_one_file(path):
    """Write a file in schema version 1 with one document, as Rapporteur 0.1 did."""
    import sqlite3

    from sqlite_utils import Database

    from app.core.storage import schema

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db = Database(conn)
    schema.MIGRATIONS.apply(db, stop_before="m002_conflicts_and_comments")
    conn.execute("PRAGMA user_version = 1")
    conn.execute("INSERT INTO documents (id, title, template, created, modified) VALUES "
                 "('d1', 'Old', 'meeting-paper', '2026-01-01T00:00:00Z', "
                 "'2026-01-01T00:00:00Z')")
    conn.close()


def test_older_format_is_upgraded_keeping_the_original(tmp_path):
    import hashlib

    path = tmp_path / "old.rapporteur"
    _version_one_file(path)
    original = hashlib.sha256(path.read_bytes()).hexdigest()
    with RapporteurFile.open(path, readonly=True) as ro:
        assert ro.documents()[0].title == "Old"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == original
    with RapporteurFile.open(path) as rw:
        assert rw.documents()[0].title == "Old"
    backup = tmp_path / "old (format 1 backup).rapporteur"
    assert hashlib.sha256(backup.read_bytes()).hexdigest() == original
    assert int.from_bytes(path.read_bytes()[60:64], "big") == schema_version()


def test_delete_then_restore_a_document_keeps_its_sections_and_history(rfile):
    doc = rfile.add_document(title="Gone for a moment", fields={"meeting": "M", "author": "A"})
    rfile.add_section(doc.id, heading="Kept", body="<p>Still here.</p>")
    rfile.delete_document(doc.id)
    assert doc.id not in [d.id for d in rfile.documents()]
    with pytest.raises(NotFoundError):
        rfile.document(doc.id)
    back = rfile.restore_document(doc.id)
    assert [s.body for s in back.sections] == ["<p>Still here.</p>"]
    assert doc.id in [d.id for d in rfile.documents()]
    with pytest.raises(NotFoundError):
        rfile.restore_document("no-such-id")
