"""The layer rule: app.core and app.cli never load Qt."""

from __future__ import annotations

import ast
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
