"""Word in, Word out: `export --format docx`, `import --review` and `proposals`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from app.core.errors import RapporteurError

EXIT_OK = 0


def add_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their handlers by name."""
    return {}


def export_docx(args: argparse.Namespace) -> int:
    """Write one document of FILE as a Word file OUT.docx."""
    from app.core.document.service import RapporteurFile
    from app.core.io.docxwrite import build_docx, export_for
    from app.core.render.pdf import write_atomically

    if args.output is None:
        raise RapporteurError("--format docx needs -o OUT.docx (a Word file is not text)")
    with RapporteurFile.open(args.file, readonly=True) as rfile:
        data = build_docx(export_for(rfile, rfile.resolve_document(args.document)))
    write_atomically(args.output, data)
    print(f"{args.output}: Word document written")
    return EXIT_OK
