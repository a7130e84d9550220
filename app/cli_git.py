"""Subcommand git-setup, and the Git merge driver and diff for .rapporteur files.

git-setup writes `*.rapporteur merge=rapporteur diff=rapporteur` into .gitattributes
and, in the repository's own config, a merge driver (git-merge: Rapporteur's three-way
merge, conflicts kept in the file) and a textconv (git-textconv: the Markdown export,
so `git diff` and `git log -p` are readable). Both run this Python with `-m app`.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.core.errors import RapporteurError

ATTRIBUTES = ("*.rapporteur", "merge=rapporteur", "diff=rapporteur")
DRIVER_NAME = "Rapporteur three-way merge (conflicts kept in the file)"
EXIT_OK, EXIT_CONFLICTS = 0, 1
_GIT_TIMEOUT_S = 30


def add_commands(sub: Any) -> dict[str, Callable[[argparse.Namespace], int]]:
    """Add this module's subcommands to the parser; return their handlers by name."""
    p = sub.add_parser("git-setup", help="make Git merge and diff .rapporteur files with "
                       "Rapporteur in REPO (default: the current directory's repository)")
    p.add_argument("repo", type=Path, nargs="?", default=Path("."), metavar="REPO")

    p = sub.add_parser("git-merge", help="(run by Git after git-setup) merge THEIRS into "
                       "OURS in place; exit 1 when conflicts remain")
    p.add_argument("base", type=Path, metavar="BASE")
    p.add_argument("ours", type=Path, metavar="OURS")
    p.add_argument("theirs", type=Path, metavar="THEIRS")
    p.add_argument("name", nargs="?", default=None, metavar="PATH")

    p = sub.add_parser("git-textconv", help="(run by Git after git-setup) print FILE's "
                       "documents as Markdown, read-only")
    p.add_argument("file", type=Path, metavar="FILE")
    return {"git-setup": cmd_git_setup, "git-merge": cmd_git_merge,
            "git-textconv": cmd_git_textconv}


# git-setup

def cmd_git_setup(args: argparse.Namespace) -> int:
    """Add the attributes line and the merge driver and textconv to a repository."""
    top = work_tree(args.repo)
    added = add_attributes(top / ".gitattributes")
    command = app_command(top)
    for key, value in git_settings(command).items():
        git(top, "config", "--local", key, value)
    state = "added" if added else "already there"
    print(f"{top / '.gitattributes'}: {' '.join(ATTRIBUTES)} ({state})")
    print(f"{top}: merge.rapporteur and diff.rapporteur set in the repository's config")
    return EXIT_OK


def git_settings(command: str) -> dict[str, str]:
    """Return the git config entries for the merge driver and the textconv."""
    return {
        "merge.rapporteur.name": DRIVER_NAME,
        "merge.rapporteur.driver": f"{command} git-merge %O %A %B %P",
        "diff.rapporteur.textconv": f"{command} git-textconv",
    }


def git(top: Path, *args: str) -> str:
    """Run git in top; return its output, or raise a one-line error."""
    try:
        done = subprocess.run(["git", "-C", str(top), *args], capture_output=True, text=True,
                              timeout=_GIT_TIMEOUT_S, check=False)
    except FileNotFoundError:
        raise RapporteurError("git is not installed (or not on PATH)") from None
    except subprocess.TimeoutExpired:
        raise RapporteurError(f"git {args[0]} did not answer in {_GIT_TIMEOUT_S} s") from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["failed"])[-1]
        raise RapporteurError(f"git {args[0]} in {top}: {reason}")
    return done.stdout


def work_tree(repo: Path) -> Path:
    """Return the top folder of the Git working tree holding repo."""
    if not repo.is_dir():
        raise RapporteurError(f"{repo}: no such folder")
    try:
        out = git(repo, "rev-parse", "--show-toplevel")
    except RapporteurError:
        raise RapporteurError(f"{repo}: not inside a Git working tree (run git init first)"
                              ) from None
    return Path(out.strip())


def add_attributes(path: Path) -> bool:
    """Append the attributes line to a .gitattributes unless there; return whether added."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if any(tuple(line.split()) == ATTRIBUTES for line in text.splitlines()):
        return False
    lead = "\n" if text and not text.endswith("\n") else ""
    try:
        with path.open("a", encoding="utf-8") as out:
            out.write(f"{lead}{' '.join(ATTRIBUTES)}\n")
    except OSError as exc:
        raise RapporteurError(f"cannot write {path}: {exc.strerror or exc}") from None
    return True


def app_command(top: Path) -> str:
    """Return the shell command that runs this Rapporteur, whatever PATH and cwd are."""
    if getattr(sys, "frozen", False):
        return shlex.quote(sys.executable)
    # -P: a folder named "app" in the repository must not be imported instead of ours.
    command = f"{shlex.quote(sys.executable)} -P -m app"
    root = Path(__file__).resolve().parent.parent
    if _found_app(top) != Path(__file__).resolve().parent / "__init__.py":
        return f"PYTHONPATH={shlex.quote(str(root))} {command}"
    return command


def _found_app(top: Path) -> Path | None:
    """Return the app package a fresh `python -P` in top imports, or None."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    try:
        done = subprocess.run([sys.executable, "-P", "-c", "import app; print(app.__file__)"],
                              cwd=top, env=env, capture_output=True, text=True,
                              timeout=_GIT_TIMEOUT_S, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 else None


# git-merge

def cmd_git_merge(args: argparse.Namespace) -> int:
    """Merge THEIRS into OURS in place; exit 1 when conflicts remain in OURS."""
    from app.core.beside import temp_beside
    from app.core.sharing.filemerge import merge_files

    ours, name = args.ours, args.name or args.ours.name
    work = Path(tempfile.mkdtemp(prefix="rapporteur-git-"))
    try:
        merged = work / "ours.rapporteur"
        _copy(ours, merged)
        summary = merge_files(merged, args.theirs, author=args.author)
        temp = temp_beside(ours)
        try:
            _copy(merged, temp)
            temp.replace(ours)
        finally:
            temp.unlink(missing_ok=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if summary.conflicts:
        count = f"{summary.conflicts} conflict{'s' if summary.conflicts != 1 else ''}"
        _say(f"rapporteur: {name}: {count} kept in the file with both versions; resolve "
             "in Rapporteur's Conflicts tab, then git add it")
        return EXIT_CONFLICTS
    _say(f"rapporteur: {name}: merged ({summary.combined} combined, "
         f"{summary.taken_from_theirs} taken from theirs)")
    return EXIT_OK


def _copy(source: Path, target: Path) -> None:
    """Copy a file's bytes, or raise a one-line error."""
    try:
        shutil.copyfile(source, target)
    except OSError as exc:
        raise RapporteurError(f"cannot copy {source} to {target}: {exc.strerror or exc}"
                              ) from None


# git-textconv

def cmd_git_textconv(args: argparse.Namespace) -> int:
    """Print FILE's documents as Markdown; a file that cannot be read gets a one-line note."""
    try:
        text = markdown_of(args.file)
    except Exception as exc:  # noqa: BLE001 - git diff must go on whatever the file holds
        text = f"(not a readable Rapporteur file: {' '.join(str(exc).split())})"
    sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def markdown_of(path: Path) -> str:
    """Return every document of a file as Markdown, and a line on open conflicts."""
    from app.core.document.service import RapporteurFile
    from app.core.io.markdown import to_markdown

    with RapporteurFile.open(path, readonly=True) as rfile:
        parts = [to_markdown(doc).rstrip() for doc in rfile.documents()]
        conflicts = len(rfile.conflicts())
    if conflicts:
        plural = "s" if conflicts != 1 else ""
        parts.append(f"<!-- {conflicts} unresolved merge conflict{plural} -->")
    return "\n\n".join(parts) or "(no documents)"


def _say(line: str) -> None:
    """Print one line on stderr."""
    print(line.replace("\n", " "), file=sys.stderr)
