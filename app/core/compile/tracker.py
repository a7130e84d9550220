"""The tracker: who is expected to contribute to a report, by when, in how many words.

A contributor's status is stored as requested, received or cleared; "late" is never
stored: it is a requested contribution whose due date has passed.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from app.core import clock
from app.core.compile.contributions import entity_of, reports
from app.core.document.model import Document
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import NotFoundError, ValidationError
from app.core.storage.compiling import CompilingRows

STATUSES = ("requested", "received", "late", "cleared")
STORED = ("requested", "received", "cleared")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
COLUMNS = ("entity", "contact", "due", "budget", "status", "received", "document_id",
           "packet_id")


@dataclass
class Contributor:
    """One expected contributor of a report."""

    id: str
    entity: str
    contact: str = ""
    due: str | None = None
    budget: int | None = None
    status: str = "requested"
    packet_id: str | None = None
    document_id: str | None = None
    received: str | None = None
    report_id: str | None = None
    position: int = 0
    created: str = ""
    modified: str = ""

    def shown_status(self, today: date) -> str:
        """Return the status to show: requested past its due date is late."""
        if self.status == "requested" and self.due and self.due < today.isoformat():
            return "late"
        return self.status

    def row(self) -> dict[str, Any]:
        """Return the tracker row for storage."""
        return asdict(self)


def same_entity(a: str, b: str) -> bool:
    """Return whether two entity names are the same (case and spacing aside)."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def contributors(rfile: RapporteurFile) -> list[Contributor]:
    """Return the tracker's contributors in order."""
    return [_contributor(row) for row in CompilingRows(rfile.db).rows("tracker")]


def _contributor(row: dict[str, Any]) -> Contributor:
    """Build a Contributor from a stored row (a foreign file's values made safe)."""
    budget = row.get("budget")
    return Contributor(
        id=str(row["id"]), entity=str(row.get("entity") or ""),
        contact=str(row.get("contact") or ""), due=_opt(row.get("due")),
        budget=budget if isinstance(budget, int) else None,
        status=str(row.get("status") or "requested"), packet_id=_opt(row.get("packet_id")),
        document_id=_opt(row.get("document_id")), received=_opt(row.get("received")),
        report_id=_opt(row.get("report_id")),
        position=row["position"] if isinstance(row.get("position"), int) else 0,
        created=str(row.get("created") or ""), modified=str(row.get("modified") or ""))


def _opt(value: Any) -> str | None:
    """Return value as text, or None when empty."""
    return str(value) if value not in (None, "") else None


def find(rfile: RapporteurFile, entity: str) -> Contributor | None:
    """Return the tracked contributor with this entity name, or None."""
    return next((c for c in contributors(rfile) if same_entity(c.entity, entity)), None)


def require(rfile: RapporteurFile, entity: str) -> Contributor:
    """Return the tracked contributor with this entity name, or raise."""
    found = find(rfile, entity)
    if found is None:
        raise NotFoundError(f"{entity!r} is not in the tracker (add it with "
                            "rapporteur tracker FILE --add ENTITY)")
    return found


def check_due(text: str) -> str:
    """Return a due date given as YYYY-MM-DD, or raise."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValidationError(f"due date must be a date as YYYY-MM-DD, not {text!r}")


def add(rfile: RapporteurFile, entity: str, *, due: str | None = None,
        budget: int | None = None, contact: str | None = None) -> Contributor:
    """Track a contributor (an entity already tracked is updated instead)."""
    entity = " ".join(entity.split())
    if not entity:
        raise ValidationError("the entity name is empty")
    if budget is not None and budget <= 0:
        raise ValidationError(f"the word budget must be a positive number, not {budget}")
    if contact and not _EMAIL.fullmatch(contact):
        raise ValidationError(f"the contact must be an email address, not {contact!r}")
    stamp = clock.iso(rfile.now())
    rows = CompilingRows(rfile.db)
    with rfile.transaction():
        found = find(rfile, entity) or Contributor(
            id=new_id(), entity=entity, report_id=_report_id(rfile),
            position=rows.next_tracker_position(), created=stamp)
        found.due = check_due(due) if due else found.due
        found.budget = budget if budget is not None else found.budget
        found.contact = contact if contact is not None else found.contact
        found.modified = stamp
        rows.save_tracker(found.row())
    return found


def _report_id(rfile: RapporteurFile) -> str | None:
    """Return the id of the file's report when it holds exactly one."""
    found = reports(rfile.repo.documents())
    return found[0].id if len(found) == 1 else None


def set_status(rfile: RapporteurFile, entity: str, status: str) -> Contributor:
    """Set a contributor's status (late is not set: it follows from the due date)."""
    if status not in STORED:
        hint = " (late follows from the due date)" if status == "late" else ""
        raise ValidationError(f"status must be one of {', '.join(STORED)}, not "
                              f"{status!r}{hint}")
    with rfile.transaction():
        found = require(rfile, entity)
        found.status = status
        if status == "received" and not found.received:
            found.received = clock.iso(rfile.now())
        found.modified = clock.iso(rfile.now())
        CompilingRows(rfile.db).save_tracker(found.row())
    return found


def link(rfile: RapporteurFile, *, entity: str, packet_id: str | None, document_id: str,
         when: str) -> Contributor | None:
    """Mark the contributor of a collected document received; return it (None: untracked)."""
    everyone = contributors(rfile)
    found = next((c for c in everyone if packet_id and c.packet_id == packet_id), None) or \
        next((c for c in everyone if entity and same_entity(c.entity, entity)), None)
    if found is None:
        return None
    before = found.row()
    found.document_id = document_id
    if found.status == "requested":
        found.status, found.received = "received", when
    if found.row() != before:
        found.modified = when
        CompilingRows(rfile.db).save_tracker(found.row())
    return found


def budget_of(rfile: RapporteurFile, document: Document) -> int | None:
    """Return the tracker's word budget for a contribution's entity, if any."""
    entity = entity_of(document)
    found = next((c for c in contributors(rfile)
                  if c.document_id == document.id or (entity and same_entity(c.entity, entity))),
                 None)
    return None if found is None else found.budget


def table(rfile: RapporteurFile) -> list[dict[str, Any]]:
    """Return the tracker as rows of COLUMNS, with the shown status."""
    today = rfile.now().date()
    out = []
    for found in contributors(rfile):
        row = {key: getattr(found, key) for key in COLUMNS}
        row["status"] = found.shown_status(today)
        out.append(row)
    return out


def as_csv(rows: list[dict[str, Any]]) -> str:
    """Return tracker rows as CSV with a header line."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """Return a CSV cell; text a spreadsheet would run as a formula is quoted with '."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def as_text(rows: list[dict[str, Any]]) -> str:
    """Return tracker rows as aligned text lines."""
    if not rows:
        return "no contributors tracked"
    lines = []
    for row in rows:
        due = row["due"] or "no due date"
        budget = f"{row['budget']:,} words" if row["budget"] else "no budget"
        received = f" on {row['received'][:10]}" if row["received"] else ""
        contact = f" <{row['contact']}>" if row["contact"] else ""
        lines.append(f"{row['entity']}{contact}: {row['status']}{received}; due {due}; "
                     f"{budget}")
    return "\n".join(lines)
