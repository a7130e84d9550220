"""Bad input, row by row: each has an exact outcome, and the input is never changed.

Rows refused when opening are checked through the API (read-write and read-only) and
the CLI (`check`: exit 2, one line on stderr, no traceback), with the folder proven
unchanged byte for byte. Import rows go through import_source and `rapporteur import`.
"""

from __future__ import annotations

import html
import io
import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from fault_helpers import (
    REPO,
    bad_file,
    digest,
    folder_state,
    make_file,
    raw_sql,
    section_body,
)

from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError, NewerFileError, RapporteurError, ValidationError
from app.core.io import docx
from app.core.io.importing import import_source
from app.core.render.html import render_html
from app.core.sharing.checking import check_file
from app.core.sharing.copying import copy_file
from app.core.sharing.rescue import rescue_file
from app.core.storage import connection, schema

JINJA = "{{ ''.__class__.__mro__ }}{% for x in range(3) %}loop{% endfor %}"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command line."""
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess[str], fragment: str) -> None:
    """Exit 2 with exactly one line on stderr that holds fragment, and no traceback."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


@pytest.fixture
def good(tmp_path):
    """A healthy file (in its own folder) to damage."""
    folder = tmp_path / "good"
    folder.mkdir()
    return make_file(folder / "good.rapporteur", sections=40)


NOT_SQLITE = "not a Rapporteur file (not an SQLite database)"
REFUSED = [  # kind, error on opening, its message, what a rescue gives
    ("random bytes", BadFileError, NOT_SQLITE, NOT_SQLITE),
    ("PDF renamed", BadFileError, NOT_SQLITE, NOT_SQLITE),
    ("0 bytes", BadFileError, "the file is empty, not a Rapporteur file", NOT_SQLITE),
    ("truncated", BadFileError, "the file is damaged", "sections 0"),
    ("truncated mid-page", BadFileError, "the file is damaged (truncated or corrupt header)",
     "sections 0"),
    ("bit-flipped page", BadFileError, "the file is damaged", "sections 40"),
    ("garbage page", BadFileError, "the file is damaged", "sections 40"),
    ("another app's SQLite", BadFileError, "an SQLite database of another application",
     "an SQLite database of another application"),
    ("newer schema", NewerFileError, "newer Rapporteur (file format 99)", "sections 40"),
    ("version 0", BadFileError, "the file is damaged (no schema version)", "sections 40"),
    ("trigger deleting rows", BadFileError, "unexpected trigger 'wipe'", "sections 40"),
    ("view posing as a table", BadFileError, "unexpected view 'sections'", "sections 40"),
    ("70 MB cell", BadFileError, "holds a value larger than 64 MB", "sections 40"),
    ("a folder", BadFileError, "not a file", "not a file"),
]


@pytest.mark.parametrize(("kind", "error", "message", "rescue"), REFUSED,
                         ids=[r[0] for r in REFUSED])
def test_refused_unchanged(kind, error, message, rescue, good, tmp_path):
    folder = tmp_path / "bad"
    folder.mkdir()
    path = folder / "input.rapporteur"
    bad_file(kind, good, path)
    before = folder_state(folder)
    started = time.monotonic()
    for readonly in (False, True):
        with pytest.raises(error) as caught:
            RapporteurFile.open(path, readonly=readonly)
        assert message in str(caught.value)
        assert "\n" not in str(caught.value)
    report = check_file(path)
    assert report.exit_code == 2
    assert message in (report.problem or "")
    assert time.monotonic() - started < 5  # the endless view is never run
    assert_one_line_error(cli("check", str(path)), message)
    with pytest.raises(RapporteurError):
        copy_file(path, tmp_path / "copy.rapporteur")
    assert not (tmp_path / "copy.rapporteur").exists()
    out = tmp_path / "rescued.rapporteur"
    if rescue.startswith("sections"):
        assert f"{rescue}," in rescue_file(path, out).summary()
        assert check_file(out).exit_code == 0
    else:
        with pytest.raises(BadFileError, match=re.escape(rescue)):
            rescue_file(path, out)
        assert not out.exists()
    assert folder_state(folder) == before


def test_newer_schema_names_the_release_needed(good, tmp_path):
    path = tmp_path / "newer.rapporteur"
    bad_file("newer schema", good, path)
    with pytest.raises(NewerFileError, match=r"install Rapporteur from a newer release$"):
        RapporteurFile.open(path, readonly=True)
    raw_sql(path, f"PRAGMA user_version = {schema.schema_version()};")
    known = max(schema.SCHEMA_RELEASES)
    if known > schema.schema_version():  # a format this release knows is newer than its own
        raw_sql(path, f"PRAGMA user_version = {known};")
        with pytest.raises(NewerFileError, match=f"install Rapporteur "
                           f"{re.escape(schema.SCHEMA_RELEASES[known])} or later"):
            RapporteurFile.open(path, readonly=True)


def _older_file(path: Path) -> None:
    """Write a file of format 1: the first migration only, one section."""
    from sqlite_utils import Database

    db = Database(path, execute_plugins=False)
    names = [m.name for m in schema.MIGRATIONS._migrations]
    schema.MIGRATIONS.apply(db, stop_before=names[1])
    db.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")
    stamp = "2025-06-01T09:00:00.000000Z"
    db.execute("INSERT INTO documents (id, title, template, created, modified) "
               "VALUES ('d1', 'Old', 'meeting-paper', ?, ?)", [stamp, stamp])
    db.execute("INSERT INTO sections (id, document_id, heading, body, created, modified) "
               "VALUES ('s1', 'd1', 'H', '<p>old text</p>', ?, ?)", [stamp, stamp])
    db.conn.commit()
    db.close()


@pytest.mark.skipif(schema.schema_version() < 2, reason="only one schema version so far")
def test_older_schema_is_migrated_and_the_original_kept(tmp_path):
    path = tmp_path / "older.rapporteur"
    _older_file(path)
    original = path.read_bytes()
    before = folder_state(tmp_path)
    report = check_file(path)  # read-only: migrated in a private copy
    assert report.exit_code == 0, report.problem
    assert folder_state(tmp_path) == before
    with RapporteurFile.open(path) as rfile:
        assert rfile.section("s1").body == "<p>old text</p>"
    kept = [p for p in tmp_path.iterdir() if p != path and p.read_bytes() == original]
    assert len(kept) == 1, sorted(p.name for p in tmp_path.iterdir())
    assert connection.read_header(path).user_version == schema.schema_version()
    assert check_file(path).exit_code == 0


def test_trigger_that_deletes_rows_never_runs_even_unchecked(good, tmp_path, monkeypatch):
    path = tmp_path / "trigger.rapporteur"
    bad_file("trigger deleting rows", good, path)
    monkeypatch.setattr(connection.schema, "schema_differences", lambda *args, **kw: [])
    with RapporteurFile.open(path) as rfile:
        with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
            rfile.update_section("sec-0001", body="<p>fire the trigger</p>")
        assert len(rfile.documents()[0].all_sections()) == 40
    monkeypatch.undo()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM sections").fetchone()[0] == 40
    conn.close()
    report = rescue_file(path, tmp_path / "rescued.rapporteur")
    assert report.recovered["sections"] == 40


def test_endless_view_is_stopped_at_every_layer(good, tmp_path, monkeypatch):
    path = tmp_path / "view.rapporteur"
    bad_file("view posing as a table", good, path)
    before = digest(path)
    started = time.monotonic()  # 1: the schema check refuses it without running it
    assert "unexpected view 'sections'" in (check_file(path).problem or "")
    assert time.monotonic() - started < 2
    monkeypatch.setattr(connection.schema, "schema_differences", lambda *args, **kw: [])
    started = time.monotonic()  # 2: unchecked, the authorizer refuses to run the view
    with pytest.raises(BadFileError, match="not authorized"):
        RapporteurFile.open(path, readonly=True)
    assert time.monotonic() - started < 2
    monkeypatch.setattr(connection.Guard, "authorize", lambda self, *args: sqlite3.SQLITE_OK)
    monkeypatch.setattr(connection, "CHECK_SECONDS", 1)
    started = time.monotonic()  # 3: no authorizer either: the progress handler stops it
    with pytest.raises(BadFileError, match="took longer than 1 s"):
        RapporteurFile.open(path, readonly=True)
    assert time.monotonic() - started < 2
    conn, guard = connection.connect(path, mode="ro")
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="interrupted"), guard.limit(1):
        conn.execute("SELECT COUNT(*) FROM sections").fetchone()
    assert time.monotonic() - started < 2
    conn.close()
    assert digest(path) == before


def test_70_mb_cell_is_rescued_from_its_last_revision(good, tmp_path):
    path = tmp_path / "big.rapporteur"
    bad_file("70 MB cell", good, path)
    out = tmp_path / "rescued.rapporteur"
    report = rescue_file(path, out)
    assert report.recovered["sections"] == 40
    assert report.rebuilt == 1
    assert report.rows_lost == 0
    assert check_file(out).exit_code == 0
    with RapporteurFile.open(out, readonly=True) as rfile:
        assert rfile.section("sec-0003").body == section_body(3)


def test_wal_file_with_its_wal_beside_it(good, tmp_path):
    writer = sqlite3.connect(good)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE sections SET body = '<p>committed in the WAL</p>' "
                   "WHERE id = 'sec-0000'")
    writer.commit()
    folder = tmp_path / "wal"
    folder.mkdir()
    path = folder / "wal.rapporteur"
    path.write_bytes(good.read_bytes())  # as if mailed or copied with the WAL beside it
    path.with_name("wal.rapporteur-wal").write_bytes(
        good.with_name("good.rapporteur-wal").read_bytes())
    writer.close()
    before = folder_state(folder)
    assert before["wal.rapporteur-wal"]
    assert check_file(path).exit_code == 0
    with RapporteurFile.open(path, readonly=True) as rfile:
        assert rfile.section("sec-0000").body == "<p>committed in the WAL</p>"
    result = cli("check", str(path))
    assert result.returncode == 0, result.stderr
    assert folder_state(folder) == before  # no -shm, the -wal untouched


def _body_of(path: Path, section_id: str) -> str:
    """Return one section's body, read read-only."""
    with RapporteurFile.open(path, readonly=True) as rfile:
        return rfile.section(section_id).body


def _crash_mid_transaction(path: Path) -> None:
    """Leave a hot journal beside path: a writer killed in the middle of a transaction."""
    code = (
        "import os, signal, sqlite3, sys\n"
        "conn = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "conn.execute('PRAGMA cache_size = 1')\n"
        "conn.execute('BEGIN')\n"
        "conn.execute(\"UPDATE sections SET body = '<p>never committed</p>' || "
        "hex(randomblob(3000))\")\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(path)], timeout=60)
    assert result.returncode == -signal.SIGKILL
    assert path.with_name(path.name + "-journal").exists()


def test_hot_journal_left_by_a_crash(good, tmp_path):
    _crash_mid_transaction(good)
    before = folder_state(good.parent)
    report = check_file(good)  # read-only: rolled back in a private copy
    assert report.exit_code == 0, report.problem
    with RapporteurFile.open(good, readonly=True) as rfile:
        assert "never committed" not in rfile.section("sec-0000").body
    assert cli("check", str(good)).returncode == 0
    rescued = tmp_path / "rescued.rapporteur"
    assert rescue_file(good, rescued).recovered["sections"] == 40
    assert "never committed" not in _body_of(rescued, "sec-0000")
    assert folder_state(good.parent) == before
    with RapporteurFile.open(good) as rfile:  # read-write: SQLite rolls it back in place
        assert "never committed" not in rfile.section("sec-0000").body
    assert not good.with_name("good.rapporteur-journal").exists()
    assert check_file(good).exit_code == 0


# imports: JSON, Markdown, .docx

def _deep(levels: int) -> list[dict[str, object]]:
    """Return sections nested levels deep."""
    node: list[dict[str, object]] = []
    for _ in range(levels):
        node = [{"sections": node}]
    return node


def _interchange(sections):
    """Return interchange data of one document with the given sections."""
    return {"format": "rapporteur/1", "documents": [
        {"id": "doc-1", "title": "T", "template": "meeting-paper", "sections": sections}]}


JSON_ROWS = [
    ("not JSON", "{\"format\": ", "not valid JSON"),
    ("top level a list", [], "JSON: the top level must be an object"),
    ("wrong format", {"format": "other/9", "documents": []}, "format must be 'rapporteur/1'"),
    ("wrong type of heading", _interchange([{"id": "s1", "heading": 5}]),
     "JSON documents[0].sections[0].heading: must be a str"),
    ("wrong type of tags", _interchange([{"id": "s1", "tags": "a,b"}]),
     "tags: must be a list of strings"),
    ("wrong type of sections", _interchange({"id": "s1"}), "sections: must be a list"),
    ("wrong type of id", _interchange([{"id": 7}]), "id: must be a non-empty string"),
    ("bad status", _interchange([{"id": "s1", "status": "published"}]),
     "status: must be one of draft"),
    ("duplicate ids", _interchange([{"id": "s1"}, {"id": "s1"}]),
     "documents[0].sections[1].id: s1 appears more than once"),
    ("id repeated up the chain", _interchange([{"id": "s1", "sections": [
        {"id": "s2", "sections": [{"id": "s1"}]}]}]),
     "documents[0].sections[0].sections[0].sections[0].id: s1 appears more than once"),
    ("section id equal to the document id", _interchange([{"id": "doc-1"}]),
     "doc-1 appears more than once"),
    ("nested too deep", {"format": "rapporteur/1", "documents": [{"sections": _deep(14)}]},
     "nested deeper than 12 levels"),
]


@pytest.mark.parametrize(("kind", "payload", "message"), JSON_ROWS,
                         ids=[r[0] for r in JSON_ROWS])
def test_bad_json_is_refused_and_nothing_changes(kind, payload, message, good, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(payload if isinstance(payload, str) else json.dumps(payload),
                      encoding="utf-8")
    before = folder_state(good.parent), digest(source)
    with RapporteurFile.open(good) as rfile, pytest.raises(ValidationError) as caught:
        import_source(rfile, source)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert_one_line_error(cli("import", str(good), str(source)), message)
    assert (folder_state(good.parent), digest(source)) == before


def test_json_with_missing_ids_gets_new_ids(good, tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"format": "rapporteur/1", "documents": [
        {"title": "No ids", "sections": [{"heading": "A", "sections": [{"heading": "B"}]}]}]}))
    with RapporteurFile.open(good) as rfile:
        result = import_source(rfile, source)
        assert result.summary.documents_added == 1
        assert result.summary.sections_added == 2
        doc = rfile.document(result.summary.document_ids[0])
        (top,) = doc.sections
        assert top.heading == "A"
        assert top.id
        assert top.children[0].heading == "B"


def _sparse(path: Path, size: int) -> Path:
    """Make a file of size bytes without writing them (huge input, cheaply)."""
    with path.open("wb") as handle:
        handle.truncate(size)
    return path


def _docx_bomb(path: Path) -> Path:
    """Write a .docx whose document.xml inflates from ~0.3 MB to 260 MB."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(260):
                member.write(chunk)
    return path


def _write(path: Path, data: bytes) -> Path:
    """Write data to path; return path."""
    path.write_bytes(data)
    return path


def _zip(path: Path, members: dict[str, str]) -> Path:
    """Write a zip archive of text members to path; return path."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return _write(path, buffer.getvalue())


def _docx_bomb_in(folder: Path) -> Path:
    """Write the zip-bomb .docx in folder."""
    return _docx_bomb(folder / "bomb.docx")


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
SOURCE_ROWS = [
    ("huge Markdown (60 MB)", lambda p: _sparse(p / "huge.md", 60 << 20), "larger than 50 MB"),
    ("huge .docx (60 MB)", lambda p: _sparse(p / "huge.docx", 60 << 20), "larger than 50 MB"),
    ("PNG named .md", lambda p: _write(p / "image.md", PNG * 10), "not a text file"),
    ("Latin-1 text named .md", lambda p: _write(p / "old.md", "Caf\xe9 \xfcber".encode("latin-1")),
     "not UTF-8 text"),
    ("malformed front matter", lambda p: _write(p / "fm.md", b"---\ntitle: [open\n---\n# T\n"),
     "The front matter is not valid YAML"),
    ("code in front matter", lambda p: _write(
        p / "code.md", b"---\ntitle: !!python/object/apply:os.system ['true']\n---\n# T\n"),
     "The front matter is not valid YAML"),
    ("text named .docx", lambda p: _write(p / "notes.docx", b"Just some text\n" * 100),
     "The file is not a Word document (.docx)."),
    ("zip that is no Word file", lambda p: _zip(p / "other.docx", {"hello.txt": "hi"}),
     "The file is not a readable Word document (.docx)."),
    ("broken document.xml", lambda p: _zip(p / "broken.docx", {
        "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document><w:body>"}),
     "The file is not a readable Word document (.docx)."),
    ("zip bomb .docx", _docx_bomb_in, "The Word document is too large once unpacked"),
    ("unknown extension", lambda p: _write(p / "report.pdf", b"%PDF-1.7"),
     "unknown source format"),
    ("missing source", lambda p: p / "absent.md", "no such file"),
]


@pytest.mark.parametrize(("kind", "make", "message"), SOURCE_ROWS,
                         ids=[r[0] for r in SOURCE_ROWS])
def test_bad_source_files_are_refused(kind, make, message, good, tmp_path):
    source = make(tmp_path)
    before = folder_state(good.parent)
    source_before = digest(source) if source.exists() else None
    with RapporteurFile.open(good) as rfile, pytest.raises(ValidationError) as caught:
        import_source(rfile, source)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert_one_line_error(cli("import", str(good), str(source)), message)
    assert folder_state(good.parent) == before
    assert (digest(source) if source.exists() else None) == source_before


def test_import_into_a_new_file_that_fails_leaves_no_file(tmp_path):
    source = _write(tmp_path / "image.md", PNG)
    target = tmp_path / "new.rapporteur"
    assert_one_line_error(cli("import", str(target), str(source)), "not a text file")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["image.md"]


def _laughs(levels: int) -> bytes:
    """Return Markdown whose front matter is a YAML alias bomb ('billion laughs')."""
    lines = ["---", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return ("\n".join([*lines, "---", "# T", ""])).encode()


def test_yaml_alias_bomb_in_front_matter_is_refused_quickly(tmp_path):
    source = _write(tmp_path / "laughs.md", _laughs(6))
    from app.core.io.importing import parse_source

    started = time.monotonic()
    with pytest.raises(ValidationError):
        parse_source(source)
    assert time.monotonic() - started < 0.2


def test_docx_unpack_cap_fits_what_mammoth_can_take():
    assert docx.MAX_UNPACKED_BYTES <= 32 << 20


# content that looks like code

def test_jinja_in_content_prints_literally(tmp_path):
    with RapporteurFile.create(tmp_path / "j.rapporteur") as rfile:
        doc = rfile.add_document(title=JINJA, fields={"meeting": JINJA, "author": JINJA,
                                                      "organizer": [JINJA]})
        rfile.add_section(doc.id, heading=JINJA, body=f"<p>{JINJA}</p>")
        rendered = render_html(rfile.document(doc.id)).html
    text = html.unescape(rendered)
    assert text.count("{{ ''.__class__.__mro__ }}") >= 5
    assert "<class 'str'>" not in text
    assert "looplooploop" not in text


def test_control_characters_are_stripped_from_text_fields(tmp_path):
    with RapporteurFile.create(tmp_path / "c.rapporteur") as rfile:
        doc = rfile.add_document(title="Ti\x00tle\x1b[31m", fields={"meeting": "M\x00eet\x1b"})
        sec = rfile.add_section(doc.id, heading="He\x07ad", body="<p>bo\x1bdy</p>")
        stored = rfile.document(doc.id)
        assert stored.title == "Title[31m"
        assert stored.fields["meeting"] == "Meet"
        assert rfile.section(sec.id).heading == "Head"
        assert rfile.section(sec.id).body == "<p>body</p>"
        rendered = render_html(stored).html
    assert "\x00" not in rendered
    assert "\x1b" not in rendered


# paths

PATH_ROWS = [
    ("spaces", lambda base: base / "My Reports 2026" / "Draft report v2 final.rapporteur"),
    ("non-ASCII", lambda base: base / "Réunion — حقوق الإنسان 人权"
     / "Informe técnico ü.rapporteur"),
    ("URI characters", lambda base: base / "50% #1 ?&=;" / "a?b#c%20d&e.rapporteur"),
    ("long", lambda base: _long_path(base, 500)),
]


def _long_path(base: Path, size: int) -> Path:
    """Return a path of exactly size bytes under base, in folders of non-ASCII names."""
    folder = base
    while size - len(str(folder).encode()) > 200:
        folder = folder / ("ü" * 40 + " level")  # 86 bytes a folder
    room = size - len(str(folder).encode()) - 1 - len(".rapporteur")
    return folder / ("n" * room + ".rapporteur")


@pytest.mark.parametrize(("kind", "where"), PATH_ROWS, ids=[r[0] for r in PATH_ROWS])
def test_awkward_paths_work_end_to_end(kind, where, tmp_path):
    path = where(tmp_path)
    path.parent.mkdir(parents=True)
    if kind == "long":
        assert len(str(path).encode()) == 500
    with RapporteurFile.create(path) as rfile:
        doc = rfile.add_document(title="T")
        rfile.add_section(doc.id, heading="A", body="<p>text</p>")
    assert check_file(path).exit_code == 0
    with RapporteurFile.open(path, readonly=True) as rfile:
        assert rfile.documents()[0].title == "T"
    copy = path.with_name("copy " + path.name[-30:])
    copy_file(path, copy)
    assert check_file(copy).exit_code == 0
    rescued = path.with_name("rescued " + path.name[-30:])
    assert rescue_file(path, rescued).recovered["sections"] == 1
    result = cli("check", str(path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in path.parent.iterdir()) == sorted(
        [path.name, copy.name, rescued.name])


def test_path_too_long_for_sqlite_is_a_clean_error(good, tmp_path):
    path = _long_path(tmp_path, 600)
    path.parent.mkdir(parents=True)
    with pytest.raises(BadFileError, match="the folder path is too long"):
        RapporteurFile.create(path)
    assert not path.exists()
    path.write_bytes(good.read_bytes())
    assert "the folder path is too long (600 bytes" in (check_file(path).problem or "")
    assert_one_line_error(cli("check", str(path)), "move the file to a shorter path")
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name]


def test_copy_to_a_path_too_long_for_sqlite_is_a_clean_error(good, tmp_path):
    out = _long_path(tmp_path, 600)
    out.parent.mkdir(parents=True)
    with pytest.raises(RapporteurError):
        copy_file(good, out)
    assert list(out.parent.iterdir()) == []
