"""`rescue`: what is readable goes into a new checked file; BAD is never changed."""

from __future__ import annotations

import sqlite3
import time

import pytest
from fault_helpers import (
    clobber_page,
    digest,
    folder_state,
    leaf_pages,
    make_file,
    raw_sql,
    section_body,
)

from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError, ValidationError
from app.core.sharing.checking import check_file
from app.core.sharing.rescue import PLACEHOLDER_TITLE, rescue_file

ENDLESS = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
           "SELECT x AS revision_id, x AS parent_id FROM c")


@pytest.fixture
def small(tmp_path):
    """A healthy three-section file with a second revision (a parent link) on one section."""
    path = make_file(tmp_path / "bad.rapporteur", sections=3)
    with RapporteurFile.open(path) as rfile:
        rfile.seal()
        rfile.update_section("sec-0001", body="<p>second version</p>")
    return path


def _sections(path):
    """Return {id: body} of a file's live sections."""
    with RapporteurFile.open(path, readonly=True) as rfile:
        return {s.id: s.body for d in rfile.documents() for s in d.all_sections()}


def _rescue(bad, out):
    """Rescue bad into out; assert bad's folder is unchanged apart from out."""
    before = folder_state(bad.parent)
    report = rescue_file(bad, out)
    after = folder_state(bad.parent)
    assert after.pop(out.name) is not None
    assert after == before
    assert check_file(out).exit_code == 0
    return report


def test_rescue_of_a_healthy_file_keeps_everything(small, tmp_path):
    report = _rescue(small, tmp_path / "out.rapporteur")
    assert _sections(tmp_path / "out.rapporteur") == _sections(small)
    assert report.recovered["revision_parents"] == 1
    assert report.rows_lost == 0
    with RapporteurFile.open(tmp_path / "out.rapporteur", readonly=True) as out, \
            RapporteurFile.open(small, readonly=True) as original:
        assert out.repo.get_meta("file_id") == original.repo.get_meta("file_id")
        assert [r.id for r in out.revisions("sec-0001")] == [
            r.id for r in original.revisions("sec-0001")]
        assert out.revisions("sec-0001")[1].parents == (out.revisions("sec-0001")[0].id,)
        assert "bad.rapporteur" in (out.repo.get_meta("rescued_from") or "")
    assert "\n" not in report.summary()


def _outline(path):
    """Return the (section id, parent id) outline of a file's only document."""
    with RapporteurFile.open(path, readonly=True) as rfile:
        return rfile.outline(rfile.documents()[0].id)


def test_damaged_page_in_the_middle_of_sections_is_rebuilt_from_history(tmp_path):
    bad = make_file(tmp_path / "bad.rapporteur", sections=200)
    outline = _outline(bad)
    leaves = leaf_pages(bad, "sections")
    assert len(leaves) > 10
    clobber_page(bad, leaves[len(leaves) // 2])
    assert "damaged" in (check_file(bad).problem or "")
    out = tmp_path / "out.rapporteur"
    started = time.monotonic()
    report = _rescue(bad, out)
    assert time.monotonic() - started < 10
    rescued = _sections(out)
    assert len(rescued) == 200
    assert all(body == section_body(int(sid[4:])) for sid, body in rescued.items())
    assert _outline(out) == outline
    assert 1 <= report.rebuilt <= 20
    assert report.rows_lost == 0
    assert report.recovered["revisions"] == 201
    assert "sections 200" in report.summary()
    assert "no rows lost" in report.summary()


def _without_section_history(path):
    """Drop the sections' revisions, so rows on a damaged page cannot be rebuilt."""
    raw_sql(path, "DELETE FROM revisions WHERE object_type = 'section';"
                  "UPDATE sections SET revision_id = NULL; VACUUM;")


def test_damaged_page_without_history_loses_only_its_rows(tmp_path):
    bad = make_file(tmp_path / "bad.rapporteur", sections=200)
    _without_section_history(bad)
    leaves = leaf_pages(bad, "sections")
    clobber_page(bad, leaves[len(leaves) // 2])
    report = _rescue(bad, tmp_path / "out.rapporteur")
    rescued = _sections(tmp_path / "out.rapporteur")
    assert 180 <= len(rescued) < 200
    assert report.recovered["sections"] == len(rescued)
    assert report.lost["sections"] == 200 - len(rescued)
    assert report.rebuilt == 0
    assert all(body == section_body(int(sid[4:])) for sid, body in rescued.items())
    assert f"{200 - len(rescued)} rows lost" in report.summary()


@pytest.mark.parametrize("where", [0, -1])
def test_rescue_when_the_first_or_last_page_is_damaged(tmp_path, where):
    bad = make_file(tmp_path / "bad.rapporteur", sections=60)
    _without_section_history(bad)
    clobber_page(bad, leaf_pages(bad, "sections")[where])
    report = _rescue(bad, tmp_path / "out.rapporteur")
    assert 45 <= report.recovered["sections"] < 60
    assert report.recovered["sections"] + report.lost["sections"] == 60


def test_foreign_trigger_and_view_are_never_run(small, tmp_path):
    raw_sql(small, f"""
        CREATE TRIGGER wipe_on_insert AFTER INSERT ON meta BEGIN DELETE FROM sections; END;
        CREATE TRIGGER wipe_on_update AFTER UPDATE ON documents BEGIN DELETE FROM sections; END;
        CREATE VIEW forever AS {ENDLESS};
    """)
    out = tmp_path / "out.rapporteur"
    started = time.monotonic()
    report = _rescue(small, out)
    assert time.monotonic() - started < 5
    assert len(_sections(out)) == 3
    assert report.recovered["sections"] == 3
    assert any("ignored trigger 'wipe_on_insert'" in n for n in report.notes)
    assert any("ignored view 'forever'" in n for n in report.notes)
    conn = sqlite3.connect(small)
    assert conn.execute("SELECT COUNT(*) FROM sections").fetchone()[0] == 3
    conn.close()


def test_a_view_posing_as_a_table_is_not_read(small, tmp_path):
    raw_sql(small, f"DROP TABLE revision_parents; CREATE VIEW revision_parents AS {ENDLESS};")
    started = time.monotonic()
    report = _rescue(small, tmp_path / "out.rapporteur")
    assert time.monotonic() - started < 2
    assert report.recovered["sections"] == 3
    assert report.recovered["revision_parents"] == 0
    assert any("revision_parents: a view where a table belongs" in n for n in report.notes)


def test_extra_column_is_ignored(small, tmp_path):
    raw_sql(small, "ALTER TABLE sections ADD COLUMN secret TEXT;"
                   "UPDATE sections SET secret = 'exfiltrate me';")
    out = tmp_path / "out.rapporteur"
    report = _rescue(small, out)
    assert report.recovered["sections"] == 3
    assert any("ignored column sections.secret" in n for n in report.notes)
    conn = sqlite3.connect(out)
    assert "secret" not in [r[1] for r in conn.execute("PRAGMA table_info(sections)")]
    conn.close()


def test_newer_schema_reads_the_known_columns(small, tmp_path):
    raw_sql(small, "ALTER TABLE sections ADD COLUMN colour TEXT DEFAULT 'red';"
                   "CREATE TABLE future_things (id TEXT PRIMARY KEY, x);"
                   "PRAGMA user_version = 99;")
    assert check_file(small).exit_code == 2
    report = _rescue(small, tmp_path / "out.rapporteur")
    assert _sections(tmp_path / "out.rapporteur") == _sections_raw(small)
    assert any("newer Rapporteur (format 99)" in n for n in report.notes)
    assert any("ignored table 'future_things'" in n for n in report.notes)


def _sections_raw(path):
    """Return {id: body} of live sections read with plain SQL (for files the app refuses)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = dict(conn.execute("SELECT id, body FROM sections WHERE deleted = 0"))
    conn.close()
    return rows


def test_missing_column_gets_defaults_and_unsafe_bodies_are_cleaned(small, tmp_path):
    raw_sql(small, """
        UPDATE sections SET body = '<p>ok<script>alert(1)</script></p>' WHERE id = 'sec-0000';
        ALTER TABLE sections DROP COLUMN tags;
    """)
    out = tmp_path / "out.rapporteur"
    report = _rescue(small, out)
    assert _sections(out)["sec-0000"] == "<p>ok</p>"
    assert any("no usable column tags" in n for n in report.notes)


def test_sections_of_a_lost_document_are_kept_under_a_placeholder(small, tmp_path):
    raw_sql(small, "PRAGMA foreign_keys = OFF; DELETE FROM documents;")
    out = tmp_path / "out.rapporteur"
    report = _rescue(small, out)
    with RapporteurFile.open(out, readonly=True) as rfile:
        (doc,) = rfile.documents()
        assert doc.title == PLACEHOLDER_TITLE
        assert len(doc.all_sections()) == 3
    assert report.recovered["sections"] == 3


def test_wal_file_is_read_with_its_wal_and_left_alone(small, tmp_path):
    keeper = sqlite3.connect(small)
    keeper.execute("PRAGMA journal_mode = WAL")
    keeper.execute("PRAGMA wal_autocheckpoint = 0")
    keeper.execute("UPDATE sections SET body = '<p>only in the wal</p>' WHERE id = 'sec-0002'")
    keeper.commit()
    try:
        assert (tmp_path / "bad.rapporteur-wal").stat().st_size > 0
        report = _rescue(small, tmp_path / "out.rapporteur")
    finally:
        keeper.close()
    assert _sections(tmp_path / "out.rapporteur")["sec-0002"] == "<p>only in the wal</p>"
    assert report.recovered["sections"] == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (bytes(range(256)) * 40, "not an SQLite database"),
        (b"", "not an SQLite database"),
        (b"%PDF-1.7\n" + b"0" * 5000, "not an SQLite database"),
    ],
)
def test_not_sqlite_at_all_is_a_clean_error(tmp_path, content, message):
    bad = tmp_path / "bad.rapporteur"
    bad.write_bytes(content)
    with pytest.raises(BadFileError, match=message):
        rescue_file(bad, tmp_path / "out.rapporteur")
    assert bad.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.rapporteur"]


def test_another_applications_database_is_refused(tmp_path):
    bad = tmp_path / "bad.rapporteur"
    raw_sql(bad, "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);")
    before = digest(bad)
    with pytest.raises(BadFileError, match="another application"):
        rescue_file(bad, tmp_path / "out.rapporteur")
    assert digest(bad) == before
    assert not (tmp_path / "out.rapporteur").exists()


def test_truncated_file_gives_what_it_can(tmp_path):
    bad = make_file(tmp_path / "bad.rapporteur", sections=60)
    data = bad.read_bytes()
    bad.write_bytes(data[: len(data) * 9 // 10 + 100])
    before = digest(bad)
    report = rescue_file(bad, tmp_path / "out.rapporteur")
    assert check_file(tmp_path / "out.rapporteur").exit_code == 0
    assert 30 <= report.recovered["sections"] < 60
    assert report.recovered["sections"] + report.lost["sections"] == 60
    assert digest(bad) == before


def test_file_with_only_its_first_pages_is_a_clean_error(tmp_path):
    bad = make_file(tmp_path / "bad.rapporteur", sections=60)
    bad.write_bytes(bad.read_bytes()[:4096])
    with pytest.raises(BadFileError, match="nothing could be rescued"):
        rescue_file(bad, tmp_path / "out.rapporteur")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.rapporteur"]


def test_existing_out_is_never_replaced(small, tmp_path):
    out = tmp_path / "out.rapporteur"
    out.write_bytes(b"precious")
    with pytest.raises(ValidationError, match="already exists"):
        rescue_file(small, out)
    assert out.read_bytes() == b"precious"
    with pytest.raises(ValidationError, match="already exists"):
        rescue_file(small, small)


def test_out_appearing_meanwhile_is_not_replaced(small, tmp_path, monkeypatch):
    out = tmp_path / "out.rapporteur"
    from app.core.sharing import rescue

    real = rescue._check_rescued

    def then_someone_writes_out(temp):
        real(temp)
        out.write_bytes(b"arrived meanwhile")

    monkeypatch.setattr(rescue, "_check_rescued", then_someone_writes_out)
    with pytest.raises(ValidationError, match="nothing was overwritten"):
        rescue_file(small, out)
    assert out.read_bytes() == b"arrived meanwhile"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_unparsable_schema_entry_does_not_stop_a_rescue(small, tmp_path):
    conn = sqlite3.connect(small)
    conn.execute("PRAGMA writable_schema = ON")
    conn.execute("INSERT INTO sqlite_master VALUES ('table', 'junk', 'junk', 0, "
                 "'CREATE TABLE junk (')")
    conn.commit()
    conn.close()
    assert "malformed database schema" in (check_file(small).problem or "")
    report = _rescue(small, tmp_path / "out.rapporteur")
    assert report.recovered["sections"] == 3
    assert "ignored table 'junk' (not part of Rapporteur)" in report.notes
