"""The layer rule: app.core and app.cli never load Qt."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_core_and_cli_import_without_pyside6():
    code = (
        "import sys, app.core, app.cli, app.core.document.service, app.core.io.interchange, "
        "app.core.io.importing, app.core.sharing.checking, app.core.sharing.copying, "
        "app.core.render.html;"
        "print([m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'app.ui'))])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_qt_import_statement_in_core_or_cli():
    files = [*sorted((REPO / "app" / "core").rglob("*.py")), REPO / "app" / "cli.py"]
    offenders = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in names):
                offenders.append(str(path))
    assert offenders == []


# SQL runs only in app/core/storage: statements, cursors, backups and raw connections.
SQL_CALLS = re.compile(
    r"\.(execute|executemany|executescript|cursor|backup|set_authorizer)\(|sqlite3\.connect\("
    r"|\.db\.(conn|execute|query|table|atomic)\b"
)


def lines_matching(pattern: re.Pattern[str], folder: Path, *, skip: Path | None = None
                   ) -> list[str]:
    """Return "file:line: text" for each code line under folder that matches pattern."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        if skip is not None and skip in path.parents:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            code = line.split("#")[0]
            if pattern.search(code):
                found.append(f"{path.relative_to(REPO).as_posix()}:{number}: {line.strip()}")
    return found


def sql_calls_outside_storage() -> list[str]:
    return lines_matching(SQL_CALLS, REPO / "app", skip=REPO / "app" / "core" / "storage")


def test_sql_runs_only_in_storage():
    assert sql_calls_outside_storage() == []


def test_the_sql_check_sees_a_statement():
    assert SQL_CALLS.search('rfile.db.execute("SELECT 1")')
    assert SQL_CALLS.search("conn.execute('PRAGMA user_version')")
    assert SQL_CALLS.search("write_snapshot(rfile.db.conn, out)")
    assert SQL_CALLS.search("target = sqlite3.connect(temp)")
    assert not SQL_CALLS.search("rfile.repo.seal_revisions()")


# The window's one door is app/ui/session.Session: no UI module names the core file,
# its repository or its database.
STORAGE_NAMES = re.compile(r"\brfile\b|\.repo\b|\.db\b")


def storage_names_in_ui() -> list[str]:
    return lines_matching(STORAGE_NAMES, REPO / "app" / "ui")


def test_the_ui_reaches_data_only_through_session():
    assert storage_names_in_ui() == []


def test_the_door_check_sees_a_back_door():
    assert STORAGE_NAMES.search("session.rfile.update_section(x)")
    assert STORAGE_NAMES.search("self.session.core.repo.conflicts()")
    assert STORAGE_NAMES.search("write_snapshot(file.db.conn, out)")
    assert not STORAGE_NAMES.search("session.conflicts()")
