"""`rapporteur check`: vet a file read-only and report on it."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError
from app.core.storage import schema
from app.core.text.sanitize import sanitize


@dataclass
class CheckReport:
    """What check found: summary lines, problems, and the exit code it implies."""

    lines: list[str] = field(default_factory=list)
    problem: str | None = None
    conflicts: int = 0

    @property
    def exit_code(self) -> int:
        """Return 0 healthy, 3 healthy with conflicts, 2 unusable or unsafe."""
        if self.problem:
            return 2
        return 3 if self.conflicts else 0


def check_file(path: Path | str) -> CheckReport:
    """Open path read-only, verify it and summarise it; never raises for a bad file."""
    path = Path(path)
    report = CheckReport()
    try:
        with RapporteurFile.open(path, readonly=True) as rfile, rfile.guard.limit(120):
            _summarise(rfile, report)
    except BadFileError as exc:
        report.problem = str(exc)
    except sqlite3.DatabaseError as exc:
        report.problem = f"{path.name}: the file is damaged ({exc})"
    return report


def _summarise(rfile: RapporteurFile, report: CheckReport) -> None:
    """Fill report with counts and body checks of an opened file."""
    repo = rfile.repo
    report.lines += [
        f"{rfile.path.name}: Rapporteur file, format {schema.schema_version()}",
        "integrity: ok; structure: the app's own",
        f"documents: {len(repo.documents())}, sections: {repo.count('sections')}, "
        f"revisions: {repo.count('revisions')}",
    ]
    bad = [(sid, sanitize(body).dropped) for sid, body in repo.raw_bodies()
           if sanitize(body).html != body]
    if bad:
        sid, dropped = bad[0]
        report.problem = (
            f"{rfile.path.name}: {len(bad)} section bodies hold HTML outside the subset "
            f"(section {sid}: {', '.join(dropped[:3]) or 'non-canonical markup'})"
        )
    else:
        report.lines.append("bodies: all within the HTML subset")
    conflicts = repo.conflicts()
    report.conflicts = len({c["object_id"] for c in conflicts})
    for conflict in conflicts:
        report.lines.append(f"conflict: {conflict['object_type']} {conflict['object_id']} "
                            f"({conflict['field']}), from a merge on {conflict['created'][:10]}")
