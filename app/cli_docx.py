"""Word in, Word out: `export --format docx`, `import --review` and `proposals`."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import RapporteurError

EXIT_OK, EXIT_CONFLICTS = 0, 3


def add_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their handlers by name."""
    p = sub.add_parser("proposals", help="list a reviewer's proposals (from import "
                       "--review), or accept or reject them")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--document", metavar="ID", help="only this document")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--accept", metavar="ID", help="accept one proposal")
    group.add_argument("--reject", metavar="ID", help="reject one proposal")
    group.add_argument("--accept-all", action="store_true", help="accept every open one")
    group.add_argument("--reject-all", action="store_true", help="reject every open one")
    return {"proposals": cmd_proposals}


def cmd_proposals(args: argparse.Namespace) -> int:
    """List open proposals, or decide one or all (each acceptance a reviewer's revision)."""
    from app.core.document.service import RapporteurFile
    from app.core.text import proposals

    deciding = args.accept or args.reject or args.accept_all or args.reject_all
    with RapporteurFile.open(args.file, readonly=not deciding, author=args.author) as rfile:
        if args.accept or args.reject:
            done = (proposals.accept if args.accept else proposals.reject)(
                rfile, args.accept or args.reject)
            print(f"{done.id[:8]}: {'accepted' if args.accept else 'rejected'} "
                  f"({done.author})")
            return EXIT_OK
        if deciding:
            count, problems = proposals.decide_all(rfile, accepting=args.accept_all,
                                                   document_id=args.document)
            for problem in problems:
                print(f"rapporteur: {problem}", file=sys.stderr)
            print(f"{count} proposal{'s' * (count != 1)} "
                  f"{'accepted' if args.accept_all else 'rejected'}, {len(problems)} left open")
            return EXIT_OK if not problems else EXIT_CONFLICTS
        for item in proposals.listing(rfile, args.document):
            where = proposals.place(rfile, item)
            print(f"{item.id[:8]}  {item.kind:9}  {item.author}  {item.made[:10] or '-':10}  "
                  f"{where[:40]}: {item.redline()[:160]}")
    return EXIT_OK


def import_review(args: argparse.Namespace) -> int:
    """Bring a reviewer's Word file into FILE as proposals and comments."""
    from app.core.document.service import RapporteurFile
    from app.core.io.docxreview import import_review as bring_in
    from app.core.io.importing import read_source

    if args.source.suffix.lower() not in (".docx", ".docm") and args.format != "docx":
        raise RapporteurError(f"{args.source.name}: --review takes a Word file (.docx)")
    if args.source.suffix.lower() == ".docm":
        raise RapporteurError(f"{args.source.name}: a macro-enabled Word file (.docm) is "
                              "refused: save it as a plain .docx")
    data = read_source(args.source)
    with RapporteurFile.open(args.file, author=args.author) as rfile:
        result = bring_in(rfile, data, args.source.name)
    for note in result.notes:
        print(f"rapporteur: note: {note}", file=sys.stderr)
    print(f"{args.file}: {result.describe()}; see rapporteur proposals {args.file}")
    return EXIT_OK


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
