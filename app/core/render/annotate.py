"""What a rendering shows besides the text: unresolved merge conflicts and review comments."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from app.core.document.model import Document
from app.core.document.service import RapporteurFile
from app.core.text.comments import for_section
from app.core.text.sanitize import clean


def render_annotations(rfile: RapporteurFile, document: Document, *, review: bool = False
                ) -> dict[str, Any]:
    """Return the extra context for a document: conflicts (with DRAFT), and comments."""
    sections = {s.id for s in document.all_sections()}
    conflicts: dict[str, list[dict[str, Any]]] = {}
    for row in rfile.repo.conflicts():
        if row["object_type"] == "section" and row["object_id"] in sections:
            conflicts.setdefault(row["object_id"], []).append(
                {"field": row["field"], "ours": _shown(row["field"], row["ours"]),
                 "theirs": _shown(row["field"], row["theirs"])})
    notes = _review(rfile, sections) if review else {}
    return {"draft": bool(conflicts) or any(r["document_id"] == document.id
                                            for r in rfile.repo.conflicts()),
            "conflicts": conflicts, "review": notes}


def _shown(field: str, value: Any) -> Any:
    """Return a conflicting value ready for a template (bodies sanitised, marked safe)."""
    if field == "body":
        return Markup(clean(str(value or "")))  # noqa: S704 - sanitised just now
    return "" if value is None else str(value)


def _review(rfile: RapporteurFile, sections: set[str]) -> dict[str, list[dict[str, Any]]]:
    """Return each section's comments with their replies, as plain data."""
    out: dict[str, list[dict[str, Any]]] = {}
    for section_id in sections:
        notes = for_section(rfile, section_id)
        roots = [n for n in notes if n.parent_id is None]
        if roots:
            out[section_id] = [
                {"quote": n.quote, "author": n.author, "body": n.body, "resolved": n.resolved,
                 "replies": [{"author": r.author, "body": r.body}
                             for r in notes if r.parent_id == n.id]}
                for n in roots]
    return out


def reattach(context: dict[str, Any]) -> dict[str, Any]:
    """Mark conflict bodies safe again after a trip to a worker process (pickling keeps str)."""
    for clashes in context.get("conflicts", {}).values():
        for clash in clashes:
            if clash["field"] == "body":
                clash["ours"] = Markup(clean(str(clash["ours"])))  # noqa: S704
                clash["theirs"] = Markup(clean(str(clash["theirs"])))  # noqa: S704
    return context
