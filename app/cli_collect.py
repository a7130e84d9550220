"""Subcommands collect, tracker and packet: gathering contributions for a report."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import RapporteurError


def add_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their handlers by name."""
    p = sub.add_parser("collect", help="bring contributions (.rapporteur, .docx, .md, .json "
                       "files or folders of them) into FILE (exit 3 when conflicts remain)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("sources", type=Path, nargs="+", metavar="SOURCE")

    p = sub.add_parser("tracker", help="list or change the expected contributors of a report")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--add", metavar="ENTITY", help="track ENTITY (or change it when tracked)")
    p.add_argument("--due", metavar="YYYY-MM-DD", help="due date (with --add)")
    p.add_argument("--budget", type=int, metavar="N", help="word budget (with --add)")
    p.add_argument("--contact", metavar="EMAIL", help="contact address (with --add)")
    p.add_argument("--set-status", nargs=2, metavar=("ENTITY", "STATUS"),
                   help="set a status: requested, received or cleared")
    p.add_argument("--format", choices=("text", "csv", "json"), default="text")

    p = sub.add_parser("packet", help="write a new file for one contributor: the call for "
                       "inputs and an empty contribution")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--entity", required=True, metavar="NAME")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.rapporteur")
    return {"collect": cmd_collect, "tracker": cmd_tracker, "packet": cmd_packet}


def cmd_collect(args: argparse.Namespace) -> int:
    """Collect the contributions of SOURCE files and folders into FILE."""
    from app.core.compile.collect import collect_files

    report = collect_files(args.file, list(args.sources), author=args.author)
    for result in report.results:
        print(result.line())
    if report.open_conflicts:
        print(f"conflicts remain in {report.open_conflicts} sections or documents: "
              "settle them in the Conflicts tab")
    return report.exit_code


def cmd_tracker(args: argparse.Namespace) -> int:
    """Change the tracker when asked, then print it."""
    from app.core.compile import tracker
    from app.core.document.service import RapporteurFile

    changing = args.add is not None or args.set_status is not None
    if not args.add and (args.due or args.budget is not None or args.contact):
        raise RapporteurError("--due, --budget and --contact go with --add ENTITY")
    with RapporteurFile.open(args.file, readonly=not changing, author=args.author) as rfile:
        if args.add is not None:
            tracker.add(rfile, args.add, due=args.due, budget=args.budget,
                        contact=args.contact)
        if args.set_status is not None:
            tracker.set_status(rfile, *args.set_status)
        rows = tracker.table(rfile)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        print(tracker.as_csv(rows), end="")
    else:
        print(tracker.as_text(rows))
    return 0


def cmd_packet(args: argparse.Namespace) -> int:
    """Write a packet for one tracked contributor."""
    from app.core.compile.packets import write_packet
    from app.core.document.service import RapporteurFile

    with RapporteurFile.open(args.file, author=args.author) as rfile:
        packet = write_packet(rfile, args.entity, args.output)
    due = f", due {packet.due}" if packet.due else ""
    print(f"{args.output}: packet {packet.id} for {packet.entity}{due}")
    return 0
