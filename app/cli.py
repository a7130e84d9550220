"""The `rapporteur` command: import, export, render, check and copy, built on app.core only.

The desktop editor is not started from here: the `rapporteur` script is app.launcher,
which starts it with no command or only a file, and runs this command line otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from app import __version__
from app.core.errors import RapporteurError

if TYPE_CHECKING:
    from app.core.document.model import Document
    from app.core.document.service import RapporteurFile
    from app.core.render.worker import RenderOutcome

COMMANDS = ("import", "export", "render", "check", "lint", "copy", "merge", "history", "rescue")
# Modules adding subcommands of their own: each has add_commands(sub) -> {name: handler}.
COMMAND_MODULES = ("app.cli_collect", "app.cli_provenance", "app.cli_git", "app.cli_archive",
                   "app.cli_docx")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_CONFLICTS = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line and exit 2."""

    def error(self, message: str) -> NoReturn:
        raise RapporteurError(f"{message} (see rapporteur {self.prog.split()[-1]} --help)")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for every subcommand."""
    parser = _Parser(prog="rapporteur", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"Rapporteur {__version__}")
    parser.add_argument("--author", help="name stamped on the revisions this command makes")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("import", help="import Markdown, JSON or .docx into FILE (created "
                       "when missing)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("source", type=Path, metavar="SOURCE")
    p.add_argument("--format", choices=("markdown", "json", "docx"),
                   help="source format (default: from the extension)")
    p.add_argument("--review", action="store_true",
                   help="SOURCE is a reviewer's Word file of a document in FILE: bring its "
                   "tracked changes and edits in as proposals, its comments as comments")

    p = sub.add_parser("export", help="export documents as JSON, Markdown, HTML or Word")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--document", metavar="ID", help="only this document")
    p.add_argument("--format", choices=("json", "markdown", "html", "docx"), default="json")
    p.add_argument("-o", "--output", type=Path, metavar="OUT", help="default: stdout")

    p = sub.add_parser("render", help="render a document to PDF (and optionally HTML); exit 1 "
                       "when some characters are in no bundled font (the PDF is written)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--document", metavar="ID", help="only this document")
    p.add_argument("-o", "--output", type=Path, metavar="OUT.pdf",
                   help="default: beside FILE, named after the document")
    p.add_argument("--html", type=Path, metavar="OUT.html", help="also write the HTML")
    p.add_argument("--pdf-variant", choices=("pdf/ua-1", "pdf/a-3b", "none"),
                   default="pdf/ua-1",
                   help="pdf/ua-1 (default): tagged, accessible; pdf/a-3b: for the archive, "
                   "tagged, with a provenance manifest for `rapporteur verify`; none: untagged")
    p.add_argument("--review", action="store_true",
                   help="a review PDF: comments printed as numbered notes after each section")
    p.add_argument("--compendium", action="store_true",
                   help="every contribution in one PDF: cover, contents, each in its template")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="worker processes for the build (default: one per core)")
    p.add_argument("--no-cache", action="store_true",
                   help="render every part again instead of reusing the build cache")

    p = sub.add_parser("check", help="verify a file read-only (exit 0 healthy, 2 unusable)")
    p.add_argument("file", type=Path, metavar="FILE")

    p = sub.add_parser("lint", help="check documents against the UN editorial rules (exit 0 "
                       "nothing found, 1 findings, 2 bad input)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--document", metavar="ID", help="only this document")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("copy", help="write a consistent single-file copy of FILE to OUT")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("out", type=Path, metavar="OUT")

    p = sub.add_parser("merge", help="merge a colleague's copy THEIRS into FILE (exit 3 when "
                       "conflicts remain)")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("theirs", type=Path, metavar="THEIRS")
    p.add_argument("--dry-run", action="store_true", help="print the summary, write nothing")

    p = sub.add_parser("history", help="list the revisions of a section")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("section", metavar="SECTION_ID")

    p = sub.add_parser("rescue", help="copy what is readable from a damaged or unsafe file "
                       "into a new clean file OUT (BAD is left untouched)")
    p.add_argument("file", type=Path, metavar="BAD")
    p.add_argument("out", type=Path, metavar="OUT")
    parser.set_defaults(handlers=_more_commands(sub))
    return parser


def command_names() -> list[str]:
    """Return the name of every subcommand."""
    parser = build_parser()
    return [*COMMANDS, *parser.get_default("handlers")]


def _more_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add the subcommands of COMMAND_MODULES; return their handlers by name."""
    import importlib

    handlers: dict[str, Callable[[argparse.Namespace], int]] = {}
    for name in COMMAND_MODULES:
        handlers.update(importlib.import_module(name).add_commands(sub))
    return handlers


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    return guarded(_run, list(sys.argv[1:] if argv is None else argv))


def _run(argv: list[str]) -> int:
    """Parse argv and run its command."""
    args = build_parser().parse_args(argv)
    if args.command is None:
        names = [*COMMANDS, *args.handlers]
        raise RapporteurError(f"choose a command: {', '.join(names)} (see rapporteur "
                              "--help; rapporteur with no command opens the editor)")
    handler = args.handlers.get(args.command) or globals()[f"cmd_{args.command}"]
    return int(handler(args))


def guarded(function: Callable[..., int], *args: Any) -> int:
    """Return function(*args) as an exit code: errors are one line on stderr, exit 2."""
    try:
        return int(function(*args))
    except RapporteurError as exc:
        _say(f"rapporteur: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("rapporteur: interrupted")
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback
        log = _log_traceback()
        _say(f"rapporteur: internal error: {type(exc).__name__}: {exc} (details: {log})")
        return EXIT_ERROR


def cmd_import(args: argparse.Namespace) -> int:
    """Import SOURCE into FILE, creating FILE when missing."""
    from app.core.document.service import RapporteurFile
    from app.core.io.importing import import_source, source_format

    if args.review:
        from app.cli_docx import import_review

        return import_review(args)
    source_format(args.source, args.format)
    created = not args.file.exists()
    try:
        with RapporteurFile.open(args.file, create=True, author=args.author) as rfile:
            result = import_source(rfile, args.source, args.format)
    except BaseException:
        if created:
            args.file.unlink(missing_ok=True)
        raise
    if result.dropped:
        _say(f"rapporteur: removed from the imported text: {', '.join(result.dropped)}")
    print(f"{args.file}: {result.summary.describe()}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """Write FILE's documents as JSON, Markdown, HTML or a Word file."""
    from app.core.document.service import RapporteurFile

    if args.format == "docx":
        from app.cli_docx import export_docx

        return export_docx(args)
    with RapporteurFile.open(args.file, readonly=True) as rfile:
        if args.format == "json":
            from app.core.io.interchange import export_file

            text = json.dumps(export_file(rfile, args.document), ensure_ascii=False, indent=2)
        elif args.format == "markdown":
            from app.core.io.markdown import to_markdown

            text = "\n\n".join(to_markdown(d) for d in _chosen(rfile, args.document))
        else:
            from app.core.render.html import render_html

            text = render_html(rfile.resolve_document(args.document)).html
    _emit(text, args.output)
    return EXIT_OK


def cmd_render(args: argparse.Namespace) -> int:
    """Render documents of FILE to PDF, in a child process with time and memory limits."""
    from app.core.document.service import RapporteurFile
    from app.core.render.jobs import archive_job, document_job, write_pdf
    from app.core.render.limits import run_limited
    from app.core.render.pdf import ARCHIVE_VARIANT, variant_of
    from app.core.render.worker import render_job

    if args.compendium:
        return _render_compendium(args)
    variant = variant_of(args.pdf_variant)
    archive = variant == ARCHIVE_VARIANT
    if archive and args.review:
        raise RapporteurError("--review PDFs are not archived: drop --review or the pdf/a-3b "
                              "variant")
    with RapporteurFile.open(args.file, readonly=True) as rfile:
        docs = _chosen(rfile, args.document)
        jobs = [archive_job(rfile, d) if archive else document_job(rfile, d, review=args.review)
                for d in docs]
    if len(docs) > 1 and (args.output or args.html):
        raise RapporteurError("FILE holds several documents: choose one with --document")
    written: list[RenderOutcome] = []
    for doc, job in zip(docs, jobs, strict=True):
        out = args.output or args.file.with_name(f"{slug(doc.title) or doc.id}.pdf")
        if args.html:
            outcome = run_limited(render_job, job, variant, True)
            if outcome.html:
                _emit(outcome.html, args.html)
        else:
            outcome = _build(job, variant, args)
        written.append(write_pdf(outcome, out))
        _written(written[-1], out)
    return _blank_glyphs(written)


def _build(job: dict[str, Any], variant: str | None, args: argparse.Namespace,
           compendium: bool = False) -> RenderOutcome:
    """Build a document (or compendium) job in parallel parts with the build cache,
    showing progress."""
    from app.core.render.build import build_document
    from app.core.render.compendiumbuild import build_compendium

    if args.jobs is not None and args.jobs < 1:
        raise RapporteurError("--jobs takes a number of processes, 1 or more")
    shown = _Progress() if sys.stderr.isatty() else None
    builder = build_compendium if compendium else build_document
    try:
        return builder(job, variant, workers=args.jobs, progress=shown,
                       use_cache=not args.no_cache)
    finally:
        if shown is not None:
            shown.clear()


class _Progress:
    """Pages rendered so far, on one line of the terminal."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, done: int, expected: int) -> None:
        total = f"/{expected}" if expected else ""
        pages = "page" if done == 1 and not expected else "pages"
        sys.stderr.write(f"\rrendering: {done}{total} {pages} ")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        """Remove the progress line."""
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _blank_glyphs(outcomes: list[RenderOutcome]) -> int:
    """Return EXIT_FINDINGS when a written PDF has characters no bundled font has."""
    from app.core.render.fonts import is_missing_glyph_warning

    blank = any(is_missing_glyph_warning(w) for o in outcomes for w in o.warnings)
    return EXIT_FINDINGS if blank else EXIT_OK


def _render_compendium(args: argparse.Namespace) -> int:
    """Render every contribution of FILE into one PDF, in parallel parts with the cache."""
    from app.core.document.service import RapporteurFile
    from app.core.render.jobs import compendium_job, write_pdf
    from app.core.render.pdf import ARCHIVE_VARIANT, variant_of

    variant = variant_of(args.pdf_variant)
    if variant == ARCHIVE_VARIANT:
        raise RapporteurError("a compendium has no archive manifest: use pdf/ua-1 or none")
    if args.document or args.html:
        raise RapporteurError("--compendium takes every contribution: no --document or --html")
    with RapporteurFile.open(args.file, readonly=True) as rfile:
        job = compendium_job(rfile, args.file, review=args.review)
    out = args.output or args.file.with_name(f"{args.file.stem}-compendium.pdf")
    outcome = write_pdf(_build(job, variant, args, compendium=True), out)
    _written(outcome, out)
    return _blank_glyphs([outcome])


def _written(outcome: RenderOutcome, out: Path) -> None:
    """Print a written PDF's warnings on stderr and its page count."""
    for warning in outcome.warnings:
        _say(f"rapporteur: warning: {warning}")
    print(f"{out}: {outcome.page_count} pages")


def cmd_check(args: argparse.Namespace) -> int:
    """Verify FILE read-only and print a short report."""
    from app.core.sharing.checking import check_file

    report = check_file(args.file)
    if report.problem:
        _say(f"rapporteur: {report.problem}")
        return report.exit_code
    print("\n".join([*report.lines, *_word_lines(args.file)]))
    return report.exit_code


def _word_lines(path: Path) -> list[str]:
    """Return a line per document: its words against its word limit (and tracker budget)."""
    from app.core.compile.tracker import budget_of
    from app.core.document.service import RapporteurFile
    from app.core.render.html import count_words
    from app.core.text.lint import template_of, word_limit

    lines = []
    with RapporteurFile.open(path, readonly=True) as rfile:
        for doc in rfile.documents():
            words, limit = count_words(doc), word_limit(doc, template_of(doc))
            over = ", over the limit" if words > limit else ""
            lines.append(f"words: {words:,} of {limit:,}{over} ({_cut(doc.title or doc.id)})")
            budget = budget_of(rfile, doc)
            if budget is not None and words > budget:
                lines.append(f"budget: {words:,} words, over the budget of {budget:,} "
                             f"({_cut(doc.title or doc.id)})")
    return lines


def cmd_lint(args: argparse.Namespace) -> int:
    """Print the editorial findings in FILE's documents; exit 1 when there are any."""
    from app.core.document.service import RapporteurFile
    from app.core.text.lint import lint_document

    rows: list[dict[str, Any]] = []
    lines: list[str] = []
    with RapporteurFile.open(args.file, readonly=True) as rfile:
        for doc in _chosen(rfile, args.document):
            headings = {s.id: s.heading for s in doc.all_sections()}
            for finding in lint_document(doc):
                section = headings.get(finding.section_id or "", "")
                place = _cut(section) if finding.section_id else \
                    ("title" if finding.field == "title" else f"field {finding.field}"
                     if finding.field else "")
                rows.append({**finding.as_dict(), "document": doc.title, "section": section})
                fix = "" if finding.fix is None else \
                    f" [fix: {f'“{finding.fix}”' if finding.fix else 'remove it'}]"
                where = f" › {place}" if place else ""
                lines.append(f"{finding.rule} {_cut(doc.title or doc.id)}{where}: "
                             f"{finding.message} — “{finding.excerpt}”{fix}")
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif lines:
        print("\n".join(lines))
    return EXIT_FINDINGS if rows else EXIT_OK


def _cut(text: str, size: int = 40) -> str:
    """Return text shortened to size characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def cmd_copy(args: argparse.Namespace) -> int:
    """Write a consistent copy of FILE to OUT."""
    from app.core.sharing.copying import copy_file

    out = copy_file(args.file, args.out)
    print(f"{out}: copy written and checked")
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    """Merge THEIRS into FILE and print the summary."""
    from app.core.sharing.filemerge import merge_files

    summary = merge_files(args.file, args.theirs, dry_run=args.dry_run, author=args.author)
    prefix = "dry run: " if args.dry_run else ""
    for line in summary.lines():
        print(prefix + line)
    return EXIT_CONFLICTS if summary.conflicts and not args.dry_run else EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    """Print a section's revisions, oldest first, with words added and removed."""
    from app.core.document.service import RapporteurFile
    from app.core.text.redline import word_changes

    with RapporteurFile.open(args.file, readonly=True) as rfile:
        revisions = rfile.revisions(args.section)
        if not revisions:
            raise RapporteurError(f"no section with id {args.section} in {args.file.name}")
        bodies = {r.id: r.content.get("body", "") for r in revisions}
        for rev in revisions:
            before = bodies.get(rev.parents[0], "") if rev.parents else ""
            added, removed = word_changes(before, rev.content.get("body", ""))
            kind = " merge" if len(rev.parents) > 1 else ""
            state = " (deleted)" if rev.content.get("deleted") else ""
            print(f"{rev.id}  {rev.modified[:19].replace('T', ' ')}  {rev.author}  "
                  f"+{added} -{removed}{kind}{state}")
    return EXIT_OK


def cmd_rescue(args: argparse.Namespace) -> int:
    """Copy what is readable from BAD into a new file OUT."""
    from app.core.sharing.rescue import rescue_file

    report = rescue_file(args.file, args.out)
    for note in report.notes:
        _say(f"rapporteur: note: {note}")
    print(report.summary())
    return EXIT_OK


def _chosen(rfile: RapporteurFile, document_id: str | None) -> list[Document]:
    """Return the chosen document, or every document."""
    return [rfile.document(document_id)] if document_id else rfile.documents()


def slug(title: str) -> str:
    """Return a file-name-safe version of a title (letters of any script kept)."""
    text = re.sub(r"[^\w\s-]", "", title, flags=re.UNICODE).strip()
    return re.sub(r"[\s_]+", "-", text)[:80].strip("-")


def _emit(text: str, out: Path | None) -> None:
    """Write text to out atomically, or to stdout."""
    if out is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    temp = out.with_name(f".{out.name}.tmp")
    try:
        temp.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        temp.replace(out)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise RapporteurError(f"cannot write {out}: {exc.strerror or exc}") from None


def _say(line: str) -> None:
    """Print one line on stderr."""
    print(line.replace("\n", " "), file=sys.stderr)


def _log_traceback() -> str:
    """Write the current traceback to the user's cache folder; return its path."""
    try:
        from app.paths import user_cache_dir

        log = user_cache_dir() / "last-error.log"
        log.write_text(traceback.format_exc(), encoding="utf-8")
        return str(log)
    except OSError:
        return "not saved"


if __name__ == "__main__":
    raise SystemExit(main())
