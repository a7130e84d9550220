"""Subcommands themes, plan, pull and provenance: drawing on contributions, with sources."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.core.compile.plan import Plan
    from app.core.compile.provenance import Provenance


def add_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their handlers by name."""
    p = sub.add_parser("themes", help="print a report chapter's themes, or set them")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("section", metavar="SECTION")
    p.add_argument("themes", nargs="*", metavar="THEME", help="the new themes")
    p.add_argument("--clear", action="store_true", help="remove every theme")

    p = sub.add_parser("plan", help="list, per chapter of a report, the contribution "
                       "sections matching its themes, then those matching none")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--report", metavar="ID", help="the report (default: the only one)")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("pull", help="copy a contribution's paragraph to the end of a report "
                       "section, keeping a link to its source")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--into", required=True, metavar="SECTION", help="the report section")
    p.add_argument("--from", dest="source", required=True, metavar="SECTION",
                   help="the contribution section")
    p.add_argument("--paragraph", type=int, metavar="N", help="1-based (default: all)")

    p = sub.add_parser("provenance", help="list pulled paragraphs with their source and "
                       "state (current, edited, source changed, removed)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--document", metavar="ID", help="only the pulls into this report")
    p.add_argument("--format", choices=("text", "json"), default="text")
    return {"themes": cmd_themes, "plan": cmd_plan, "pull": cmd_pull,
            "provenance": cmd_provenance}


def cmd_themes(args: argparse.Namespace) -> int:
    """Print a chapter's themes, or set them when themes (or --clear) are given."""
    from app.core.compile.plan import set_themes
    from app.core.document.service import RapporteurFile

    changing = bool(args.themes) or args.clear
    if args.themes and args.clear:
        raise _error("give themes or --clear, not both")
    with RapporteurFile.open(args.file, readonly=not changing, author=args.author) as rfile:
        section = (set_themes(rfile, args.section, [] if args.clear else args.themes)
                   if changing else rfile.section(args.section))
        for theme in section.tags:
            print(theme)
    return 0


def cmd_plan(args: argparse.Namespace) -> int:
    """Print each chapter's matching contribution sections, then the unmatched ones."""
    from app.core.compile.plan import make_plan
    from app.core.document.service import RapporteurFile

    with RapporteurFile.open(args.file, readonly=True) as rfile:
        plan = make_plan(rfile, args.report)
    if args.format == "json":
        print(json.dumps(_plan_json(plan), ensure_ascii=False, indent=2))
        return 0
    for chapter in plan.chapters:
        themes = ", ".join(chapter.themes) or "no themes"
        print(f"{chapter.heading or chapter.section_id} ({themes})")
        for match in chapter.matches:
            print(f"  {match.label}  [{'; '.join(match.reasons)}]  {match.section_id}")
        if not chapter.matches:
            print("  (nothing matches)")
    print("Matching no chapter:")
    for match in plan.unmatched:
        print(f"  {match.label}  {match.section_id}")
    if not plan.unmatched:
        print("  (none)")
    return 0


def _plan_json(plan: Plan) -> dict[str, Any]:
    """Return a plan as a JSON-ready dict."""
    from dataclasses import asdict

    return {"report": {"id": plan.report.id, "title": plan.report.title},
            "chapters": [asdict(chapter) for chapter in plan.chapters],
            "unmatched": [asdict(match) for match in plan.unmatched]}


def cmd_pull(args: argparse.Namespace) -> int:
    """Pull a contribution's paragraph (or all of them) into a report section."""
    from app.core.compile.pull import pull
    from app.core.document.service import RapporteurFile

    with RapporteurFile.open(args.file, author=args.author) as rfile:
        rows = pull(rfile, args.into, args.source, args.paragraph)
    for row in rows:
        print(f"pulled ¶{row.paragraph} as {row.id}")
    return 0


def cmd_provenance(args: argparse.Namespace) -> int:
    """Print every pulled paragraph with its source and state."""
    from app.core.compile.provenance import as_json, provenance
    from app.core.document.service import RapporteurFile

    with RapporteurFile.open(args.file, readonly=True) as rfile:
        if args.document:
            rfile.document(args.document)
        items = provenance(rfile, args.document)
    if args.format == "json":
        print(json.dumps([as_json(item) for item in items], ensure_ascii=False, indent=2))
    else:
        for item in items:
            print(_provenance_line(item))
    return 0


def _provenance_line(item: Provenance) -> str:
    """Return one pulled paragraph as text; a source change adds its redline."""
    from app.core.compile.provenance import SOURCE_CHANGED, redline_text

    where = f"¶{item.report_paragraph}" if item.report_paragraph else "(anchor gone)"
    source = (f"{item.entity or '(no entity)'}: {item.source_title or '(untitled)'} › "
              f"{item.source_heading} ¶{item.pull.paragraph}")
    line = f"{item.state}: {item.heading} {where} ← {source}"
    if SOURCE_CHANGED in item.flags:
        moved = "" if item.source_paragraph else " (no longer in the source)"
        line += f"\n    {redline_text(item.redline)}{moved}"
    return line


def _error(message: str) -> Exception:
    """Return the one-line error of a bad command line."""
    from app.core.errors import RapporteurError

    return RapporteurError(message)
