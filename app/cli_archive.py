"""Subcommand verify: check an archived PDF against its embedded manifest, and a file.

`rapporteur render --pdf-variant pdf/a-3b` (or File ▸ Export for Archive…) embeds a
provenance manifest in the PDF (app.core.render.archive). verify reads it back, checks
it is well formed and that the PDF's pages still hash as it says, and, given FILE,
that FILE's document still has the revisions it lists. Exit 0 verified, 1 differences
(one per line), 2 bad input (one line on stderr).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import RapporteurError

EXIT_OK, EXIT_DIFFERENCES = 0, 1


def add_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their handlers by name."""
    p = sub.add_parser("verify", help="check an archived PDF against its embedded manifest "
                       "and, given FILE, FILE's current revisions (exit 0 verified, 1 "
                       "differences, 2 bad input)")
    p.add_argument("pdf", type=Path, metavar="PDF")
    p.add_argument("file", type=Path, nargs="?", metavar="FILE")
    return {"verify": cmd_verify}


def cmd_verify(args: argparse.Namespace) -> int:
    """Print what differs between PDF, its manifest and FILE; exit 1 when anything does."""
    from app.core.render.archive import pdf_changes, read
    from app.core.render.manifest import problems

    try:
        data = args.pdf.read_bytes()
    except OSError as error:
        raise RapporteurError(f"cannot read {args.pdf}: {error.strerror or error}") from None
    document, manifest = read(data, args.pdf.name)
    with document:
        bad = problems(manifest)
        if bad:
            raise RapporteurError(f"{args.pdf.name}: malformed manifest: {'; '.join(bad)}")
        found = pdf_changes(document, manifest)
    if args.file is not None:
        found += _file_changes(manifest, args.file)
    title = manifest["document"].get("title") or manifest["document"]["id"]
    if found:
        print("\n".join(f"{args.pdf.name}: {line}" for line in found))
        return EXIT_DIFFERENCES
    against = f" and {args.file.name}" if args.file is not None else ""
    print(f"{args.pdf.name}: verified “{title}”: {len(manifest['sections'])} sections, "
          f"{len(manifest['pages'])} pages match the manifest{against}")
    return EXIT_OK


def _file_changes(manifest: dict[str, Any], path: Path) -> list[str]:
    """Return how FILE's document differs from the manifest's revisions."""
    from app.core.document.service import RapporteurFile
    from app.core.render.manifest import changes

    if not path.is_file():
        raise RapporteurError(f"no such file: {path}")
    with RapporteurFile.open(path, readonly=True) as rfile:
        return changes(manifest, rfile)
