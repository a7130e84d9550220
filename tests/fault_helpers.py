"""Builders of good and damaged files for the tests, and a child program the fault tests kill.

Run as a child: python tests/fault_helpers.py MODE FILE [ARG]

    save FILE [START] update one section's body with a counter from START+1; print "saved N"
    copy FILE OUT     copy_file(FILE, OUT) over and over; print "copied N"
    import FILE SRC   import the Markdown file SRC into FILE over and over; print "imported N"
    bigsave FILE MB   save a body of MB megabytes once; print "ok" or "error TYPE: MESSAGE"

Every line is flushed at once, so what the parent reads is what happened before a kill.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import struct
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

STAMP = "2026-01-05T09:00:00.000000Z"
MARKDOWN_SECTIONS = 12


def digest(path: Path) -> str:
    """Return the sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Return every file of a folder with its sha256 (to prove nothing changed or appeared)."""
    return {p.name: digest(p) for p in sorted(folder.iterdir()) if p.is_file()}


def raw_sql(path: Path, sql: str) -> None:
    """Run SQL on a file with a plain connection (the way a hostile tool would)."""
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()


def make_file(path: Path, sections: int = 3, words: int = 100) -> Path:
    """Create a healthy file with one document of numbered sections (fast: one transaction)."""
    from app.core.document.model import Section
    from app.core.document.service import RapporteurFile

    rfile = RapporteurFile.create(path, author="Maria")
    doc = rfile.add_document(title="Rescue me")
    with rfile.transaction():
        for i in range(sections):
            sec = Section(id=f"sec-{i:04d}", heading=f"Heading {i}", body=section_body(i, words),
                          document_id=doc.id, position=i, author="Maria", created=STAMP,
                          modified=STAMP)
            rfile.repo.save_section(sec)
            rfile._record_section(sec)
        rfile._record_document(rfile.document(doc.id))  # the outline, as _place records it
    rfile.close()
    return path


def section_body(i: int, words: int = 100) -> str:
    """Return the body make_file gives section i."""
    return f"<p>Section {i:04d}: " + "text " * words + "end</p>"


def leaf_pages(path: Path, table: str) -> list[int]:
    """Return the leaf page numbers of a table's b-tree, left to right."""
    data = path.read_bytes()
    page_size = struct.unpack(">H", data[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()
    conn.close()

    def walk(page: int) -> list[int]:
        base = (page - 1) * page_size
        head = base + (100 if page == 1 else 0)
        if data[head] == 0x0D:
            return [page]
        assert data[head] == 0x05, f"page {page} is not a table b-tree page"
        cells = struct.unpack(">H", data[head + 3:head + 5])[0]
        right = struct.unpack(">I", data[head + 8:head + 12])[0]
        out: list[int] = []
        for i in range(cells):
            pointer = struct.unpack(">H", data[head + 12 + 2 * i:head + 14 + 2 * i])[0]
            out += walk(struct.unpack(">I", data[base + pointer:base + pointer + 4])[0])
        return out + walk(right)

    return walk(int(root[0]))


def clobber_page(path: Path, page: int) -> None:
    """Overwrite one page of a file with garbage (a bad sector, a bit-rotten page)."""
    data = bytearray(path.read_bytes())
    page_size = struct.unpack(">H", data[16:18])[0]
    start = (page - 1) * page_size
    data[start:start + page_size] = bytes((i * 151 + 7) % 256 for i in range(page_size))
    path.write_bytes(bytes(data))


SECTION_COLUMNS = ("id", "document_id", "parent_id", "position", "heading", "body", "status",
                   "tags", "word_budget", "author", "created", "modified", "deleted",
                   "revision_id")


def _sections_as_endless_view(path: Path) -> None:
    """Replace the sections table by a view with an endless recursive query."""
    columns = ", ".join(f"x AS {c}" for c in SECTION_COLUMNS)
    raw_sql(path, f"DROP TABLE sections; CREATE VIEW sections AS WITH RECURSIVE c(x) AS "
                  f"(SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT {columns} FROM c;")


def bad_file(kind: str, good: Path, path: Path) -> Path:
    """Write at path a bad file of one kind (most made from good, a make_file of 40 sections)."""
    if kind == "random bytes":
        path.write_bytes(bytes((i * 7919 + 13) % 256 for i in range(64 * 1024)))
    elif kind == "PDF renamed":
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >>\n" * 200)
    elif kind == "0 bytes":
        path.write_bytes(b"")
    elif kind == "truncated":
        path.write_bytes(good.read_bytes()[:120000])
    elif kind == "truncated mid-page":
        path.write_bytes(good.read_bytes()[:120000 + 1234])
    elif kind == "bit-flipped page":
        path.write_bytes(good.read_bytes())
        data = bytearray(path.read_bytes())
        page = leaf_pages(path, "sections")[2]
        for offset in range((page - 1) * 4096 + 8, page * 4096, 61):
            data[offset] ^= 0x5A
        path.write_bytes(bytes(data))
    elif kind == "garbage page":
        path.write_bytes(good.read_bytes())
        clobber_page(path, leaf_pages(path, "sections")[1])
    elif kind == "another app's SQLite":
        raw_sql(path, "PRAGMA application_id = 1234; CREATE TABLE notes (x TEXT);"
                      "INSERT INTO notes VALUES ('hello');")
    elif kind == "newer schema":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "PRAGMA user_version = 99;")
    elif kind == "version 0":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "PRAGMA user_version = 0; DELETE FROM _sqlite_migrations;")
    elif kind == "trigger deleting rows":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "CREATE TRIGGER wipe AFTER UPDATE ON sections BEGIN "
                      "DELETE FROM sections; DELETE FROM revisions; END;")
    elif kind == "view posing as a table":
        path.write_bytes(good.read_bytes())
        _sections_as_endless_view(path)
    elif kind == "70 MB cell":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "UPDATE sections SET body = '<p>' || "
                      "replace(hex(zeroblob(35000000)), '00', 'ab') || '</p>' "
                      "WHERE id = 'sec-0003';")
    elif kind == "trigger on meta":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "CREATE TRIGGER wipe AFTER UPDATE ON meta BEGIN DELETE FROM sections; END;")
    elif kind == "foreign view":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "CREATE VIEW forever AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL "
                      "SELECT x + 1 FROM c) SELECT x FROM c;")
    elif kind == "extra column":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "ALTER TABLE sections ADD COLUMN secret TEXT;")
    elif kind == "body outside the subset":
        path.write_bytes(good.read_bytes())
        raw_sql(path, "UPDATE sections SET body = '<p>x<script>alert(1)</script></p>';")
    elif kind == "a folder":
        path.mkdir()
    else:
        raise AssertionError(kind)
    return path


def markdown_source(path: Path, sections: int = MARKDOWN_SECTIONS) -> Path:
    """Write a Markdown source with a title and numbered sections."""
    parts = ["# Imported report", ""]
    for i in range(sections):
        parts += [f"## Part {i}", "", f"Paragraph {i} " + "words " * 200, ""]
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


# the child program

def _say(line: str) -> None:
    """Print one line and flush it at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def counter_body(n: int) -> str:
    """Return the body the save loop writes for counter n (sizes vary: many pages change)."""
    return f"<p>counter {n} " + "pad " * (200 + (n * 37) % 3000) + "end</p>"


def _loop_save(target: Path, start: int) -> None:
    """Save a growing counter into the first section for ever."""
    from app.core.document.service import RapporteurFile

    with RapporteurFile.open(target) as rfile:
        sec_id = rfile.documents()[0].all_sections()[0].id
        n = start
        while True:
            n += 1
            rfile.update_section(sec_id, body=counter_body(n))
            _say(f"saved {n}")


def _loop_copy(source: Path, out: Path) -> None:
    """Copy source to out for ever."""
    from app.core.sharing.copying import copy_file

    n = 0
    while True:
        n += 1
        copy_file(source, out)
        _say(f"copied {n}")


def _loop_import(target: Path, source: Path) -> None:
    """Import source into target for ever (each import adds one document)."""
    from app.core.document.service import RapporteurFile
    from app.core.io.importing import import_source

    n = 0
    while True:
        n += 1
        with RapporteurFile.open(target) as rfile:
            import_source(rfile, source)
        _say(f"imported {n}")


def _big_save(target: Path, megabytes: int) -> None:
    """Save one large body; report the outcome on one line."""
    from app.core.document.service import RapporteurFile

    try:
        with RapporteurFile.open(target) as rfile:
            sec_id = rfile.documents()[0].all_sections()[0].id
            rfile.update_section(sec_id, body="<p>" + "big " * (megabytes << 18) + "</p>")
    except Exception as exc:  # noqa: BLE001 - the parent judges the kind of error
        _say(f"error {type(exc).__name__}: {exc}")
    else:
        _say("ok")


def main(argv: list[str]) -> None:
    """Run one child mode."""
    if hasattr(signal, "SIGXFSZ"):
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a full disk fails writes, not us
    mode, target = argv[0], Path(argv[1])
    if mode == "save":
        _loop_save(target, int(argv[2]) if len(argv) > 2 else 0)
    elif mode == "copy":
        _loop_copy(target, Path(argv[2]))
    elif mode == "import":
        _loop_import(target, Path(argv[2]))
    elif mode == "bigsave":
        _big_save(target, int(argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    os.environ.setdefault("RAPPORTEUR_AUTHOR", "Fault Child")
    main(sys.argv[1:])
