"""The app's schema as sqlite-utils migrations, and a structural comparison with a file's."""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

APPLICATION_ID = 0x52505452  # "RPTR"
MIGRATIONS = Migrations("rapporteur")

# The oldest Rapporteur release that reads each schema version.
SCHEMA_RELEASES = {1: "0.1.0", 2: "0.2.0", 3: "0.3.0", 4: "0.4.0"}


@MIGRATIONS()
def m001_initial(db: Database) -> None:
    """Create meta, documents, sections, revisions and revision_parents."""
    for statement in _INITIAL:
        db.execute(statement)


_INITIAL = (
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        template TEXT NOT NULL,
        language TEXT NOT NULL DEFAULT 'en',
        fields TEXT NOT NULL DEFAULT '{}',
        position INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        revision_id TEXT
    )""",
    """CREATE TABLE sections (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL REFERENCES documents(id),
        parent_id TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        heading TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'draft',
        tags TEXT NOT NULL DEFAULT '[]',
        word_budget INTEGER,
        author TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        revision_id TEXT
    )""",
    "CREATE INDEX sections_by_document ON sections(document_id, parent_id, position)",
    """CREATE TABLE revisions (
        id TEXT PRIMARY KEY,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        author TEXT NOT NULL,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        sealed INTEGER NOT NULL DEFAULT 0,
        content_hash TEXT NOT NULL,
        content TEXT NOT NULL
    )""",
    "CREATE INDEX revisions_by_object ON revisions(object_id, created)",
    """CREATE TABLE revision_parents (
        revision_id TEXT NOT NULL,
        parent_id TEXT NOT NULL,
        PRIMARY KEY (revision_id, parent_id)
    )""",
)


@MIGRATIONS()
def m002_conflicts_and_comments(db: Database) -> None:
    """Add conflicts (kept by merges until resolved) and review comments."""
    for statement in _CONFLICTS_AND_COMMENTS:
        db.execute(statement)


_CONFLICTS_AND_COMMENTS = (
    """CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,
        object_type TEXT NOT NULL,
        object_id TEXT NOT NULL,
        document_id TEXT NOT NULL,
        field TEXT NOT NULL,
        base TEXT,
        ours TEXT NOT NULL,
        theirs TEXT NOT NULL,
        ours_revision TEXT,
        theirs_revision TEXT,
        created TEXT NOT NULL,
        resolved TEXT,
        resolution TEXT
    )""",
    "CREATE INDEX conflicts_by_object ON conflicts(object_id, resolved)",
    """CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        section_id TEXT NOT NULL,
        parent_id TEXT,
        anchor_start INTEGER,
        anchor_end INTEGER,
        quote TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        author TEXT NOT NULL,
        created TEXT NOT NULL,
        modified TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX comments_by_section ON comments(section_id, created)",
)


@MIGRATIONS()
def m003_compiling(db: Database) -> None:
    """Add what compiling a report needs: collected sources, pulled paragraphs, the tracker."""
    for statement in _COMPILING:
        db.execute(statement)


_COMPILING = (
    # One row per collection of a contribution: where it came from and its fingerprint.
    # `origin` names the contribution across versions (its document id in the source
    # file, or a packet id), so a newer version updates the same document.
    """CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL,
        origin TEXT NOT NULL,
        entity TEXT NOT NULL DEFAULT '',
        name TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        packet_id TEXT,
        collected TEXT NOT NULL
    )""",
    "CREATE INDEX sources_by_origin ON sources(origin, collected)",
    "CREATE INDEX sources_by_document ON sources(document_id)",
    # A paragraph of a report section drawn from a contribution's paragraph.
    """CREATE TABLE pulls (
        id TEXT PRIMARY KEY,
        section_id TEXT NOT NULL,
        source_document_id TEXT NOT NULL,
        source_section_id TEXT NOT NULL,
        paragraph INTEGER NOT NULL,
        source_revision_id TEXT,
        source_text TEXT NOT NULL,
        pulled_text TEXT NOT NULL,
        author TEXT NOT NULL,
        created TEXT NOT NULL
    )""",
    "CREATE INDEX pulls_by_section ON pulls(section_id)",
    "CREATE INDEX pulls_by_source ON pulls(source_section_id)",
    # The expected contributors of a report.
    """CREATE TABLE tracker (
        id TEXT PRIMARY KEY,
        report_id TEXT,
        entity TEXT NOT NULL,
        contact TEXT NOT NULL DEFAULT '',
        due TEXT,
        budget INTEGER,
        status TEXT NOT NULL DEFAULT 'requested',
        packet_id TEXT,
        document_id TEXT,
        received TEXT,
        position INTEGER NOT NULL DEFAULT 0,
        created TEXT NOT NULL,
        modified TEXT NOT NULL
    )""",
    "CREATE INDEX tracker_by_report ON tracker(report_id, position)",
)


@MIGRATIONS()
def m004_proposals(db: Database) -> None:
    """Add proposals: a reviewer's changes from a Word file, waiting for a decision."""
    for statement in _PROPOSALS:
        db.execute(statement)


_PROPOSALS = (
    # One change a reviewer made in a Word file, tracked or not, to a run of blocks of a
    # section body: `before` (the blocks replaced, '' for an insertion, placed after
    # `context`) becomes `after` ('' for a deletion) only when someone accepts it.
    """CREATE TABLE proposals (
        id TEXT PRIMARY KEY,
        document_id TEXT NOT NULL,
        section_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        position INTEGER NOT NULL,
        before TEXT NOT NULL,
        after TEXT NOT NULL,
        context TEXT NOT NULL DEFAULT '',
        author TEXT NOT NULL,
        made TEXT,
        source TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        decided TEXT,
        decided_by TEXT,
        revision_id TEXT,
        created TEXT NOT NULL
    )""",
    "CREATE INDEX proposals_by_section ON proposals(section_id, status)",
)


def schema_version() -> int:
    """Return the schema version this release writes (the number of migrations)."""
    return len(MIGRATIONS._migrations)


def apply_migrations(db: Database) -> None:
    """Bring db up to the current schema and stamp its user_version."""
    MIGRATIONS.apply(db)
    db.execute(f"PRAGMA user_version = {schema_version()}")


def describe(conn: sqlite3.Connection, tables: set[str] | None = None) -> dict[str, Any]:
    """Describe a schema structurally (no SQL text); only the named tables in detail."""
    objects = conn.execute(
        "SELECT type, name, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite_stat%' "
        "ORDER BY type, name"
    ).fetchall()
    shape: dict[str, Any] = {"objects": [tuple(row) for row in objects], "tables": {}}
    for kind, name, _table in objects:
        if kind == "table" and (tables is None or name in tables):
            shape["tables"][name] = _describe_table(conn, name)
    return shape


def _describe_table(conn: sqlite3.Connection, name: str) -> dict[str, Any]:
    """Describe one table's columns, indexes and foreign keys."""
    quoted = '"' + name.replace('"', '""') + '"'
    columns = [tuple(r) for r in conn.execute(f"PRAGMA table_xinfo({quoted})")]
    indexes = {}
    for row in conn.execute(f"PRAGMA index_list({quoted})"):
        index = '"' + str(row[1]).replace('"', '""') + '"'
        indexes[row[1]] = (tuple(row[2:]), [tuple(r) for r in conn.execute(
            f"PRAGMA index_xinfo({index})")])
    keys = [tuple(r) for r in conn.execute(f"PRAGMA foreign_key_list({quoted})")]
    return {"columns": columns, "indexes": indexes, "foreign_keys": keys}


_EXPECTED: dict[int, dict[str, Any]] = {}


def expected_shape(version: int | None = None) -> dict[str, Any]:
    """Return the structural description of a file of a schema version (default: current)."""
    version = schema_version() if version is None else version
    if version not in _EXPECTED:
        db = Database(memory=True, execute_plugins=False)
        names = [m.name for m in MIGRATIONS._migrations]
        MIGRATIONS.apply(db, stop_before=names[version] if version < len(names) else None)
        _EXPECTED[version] = describe(db.conn)
        db.close()
    return _EXPECTED[version]


def schema_differences(conn: sqlite3.Connection, version: int | None = None) -> list[str]:
    """List how a file's schema differs from the app's own (empty when it matches)."""
    expected = expected_shape(version)
    actual = describe(conn, tables=set(expected["tables"]))
    exp_objects = {(k, n, t) for k, n, t in expected["objects"]}
    act_objects = {(k, n, t) for k, n, t in actual["objects"]}
    problems = [f"unexpected {k} {n!r}" for k, n, _ in sorted(act_objects - exp_objects)]
    problems += [f"missing {k} {n!r}" for k, n, _ in sorted(exp_objects - act_objects)]
    if problems:
        return problems
    for name, table in expected["tables"].items():
        if name in actual["tables"] and actual["tables"][name] != table:
            problems.append(f"table {name!r} has a different structure")
    return problems
