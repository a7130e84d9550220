"""The `rapporteur` script: the editor with no command or only a file, the CLI otherwise.

app.cli and app.core never import app.ui: the launcher is the one place that does.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from app import launcher

REPO = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> list[str]:
    """Return every module an import statement of path names (from X import Y gives X.Y)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names += [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_cli_and_core_never_import_app_ui() -> None:
    files = [REPO / "app" / "cli.py", *sorted((REPO / "app" / "core").rglob("*.py"))]
    assert len(files) > 20
    offenders = [f"{path.relative_to(REPO)}: {name}" for path in files
                 for name in _imports(path) if name == "app.ui" or name.startswith("app.ui.")]
    assert offenders == []


def test_importing_the_cli_loads_no_app_ui_module() -> None:
    code = ("import sys, app.cli, app.launcher; app.cli.build_parser(); "
            "print(sorted(m for m in sys.modules if m == 'app.ui' or m.startswith("
            "('app.ui.', 'PySide6'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                         text=True, check=True, timeout=60)
    assert out.stdout.strip() == "[]"


@pytest.fixture
def mains(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, list[str]]]:
    """Replace the editor's and the command line's main; return the calls they get."""
    import app.cli
    import app.ui.app

    calls: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(app.ui.app, "main", lambda argv=(): calls.append(("gui", list(argv)))
                        or 0)
    monkeypatch.setattr(app.cli, "main", lambda argv=None: calls.append(("cli", list(argv)))
                        or 0)
    return calls


@pytest.mark.parametrize(("argv", "expected"), [
    ([], ("gui", [])),
    (["report.rapporteur"], ("gui", ["report.rapporteur"])),
    (["--author", "Maria"], ("gui", [])),
    (["check", "report.rapporteur"], ("cli", ["check", "report.rapporteur"])),
    (["check"], ("cli", ["check"])),
    (["render", "report.rapporteur", "-o", "x.pdf"],
     ("cli", ["render", "report.rapporteur", "-o", "x.pdf"])),
    (["--author", "Maria", "import", "a.rapporteur", "b.md"],
     ("cli", ["--author", "Maria", "import", "a.rapporteur", "b.md"])),
    (["--version"], ("cli", ["--version"])),
    (["--nonsense"], ("cli", ["--nonsense"])),
])
def test_the_launcher_routes_to_the_editor_or_the_cli(mains, argv, expected) -> None:
    assert launcher.main(argv) == 0
    assert mains == [expected]


def test_the_launcher_reads_sys_argv(mains, monkeypatch) -> None:
    monkeypatch.setattr(sys, "argv", ["rapporteur", "x.rapporteur"])
    launcher.main()
    monkeypatch.setattr(sys, "argv", ["rapporteur", "check", "x.rapporteur"])
    launcher.main()
    assert mains == [("gui", ["x.rapporteur"]), ("cli", ["check", "x.rapporteur"])]


def test_an_editor_that_cannot_start_is_one_line(monkeypatch, capsys) -> None:
    monkeypatch.setitem(sys.modules, "app.ui.app", None)  # as if PySide6 were missing
    assert launcher.main(["report.rapporteur"]) == 2
    assert capsys.readouterr().err.startswith(
        "rapporteur: the desktop editor is not available")


def test_the_cli_alone_starts_no_editor(capsys) -> None:
    from app.cli import main

    assert main([]) == 2
    assert "choose a command" in capsys.readouterr().err


def test_the_script_and_python_m_app_use_the_launcher() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'rapporteur = "app.launcher:main"' in text
    assert "from app.launcher import main" in (REPO / "app" / "__main__.py").read_text()
