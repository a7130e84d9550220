"""The `rapporteur` script: the desktop editor with no command (or only a file), else the CLI.

app.cli and app.core never import app.ui (tests/test_launcher.py checks); this is the
one module that chooses between the editor and the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from app import cli
from app.core.errors import RapporteurError

_CLI_ONLY = ("-h", "--help", "--version")


def main(argv: Sequence[str] | None = None) -> int:
    """Start the editor or run a command; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    editor = editor_arguments(args)
    if editor is None:
        return cli.main(args)
    return cli.guarded(start_editor, editor)


def editor_arguments(argv: list[str]) -> list[str] | None:
    """Return the editor's arguments if argv asks for it, else None.

    That is no arguments, only a file, or no command (`rapporteur --author NAME`, as
    before: the editor asks who you are itself).
    """
    if not argv or (len(argv) == 1 and not argv[0].startswith("-")
                    and argv[0] not in cli.command_names()):
        return argv
    if any(arg in _CLI_ONLY for arg in argv):
        return None  # the command line prints those
    try:
        parsed = cli.build_parser().parse_args(argv)
    except RapporteurError:
        return None  # the command line reports the mistake
    return [] if parsed.command is None else None


def start_editor(argv: list[str]) -> int:
    """Start the desktop editor (PySide6 is imported only here)."""
    try:
        from app.ui.app import main as editor_main
    except ImportError as exc:
        raise RapporteurError(f"the desktop editor is not available ({exc})") from None
    return int(editor_main(argv))


if __name__ == "__main__":
    raise SystemExit(main())
