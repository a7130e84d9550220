"""Conflicts a merge left: list them, settle one with mine, theirs or a combined value.

Settling the last conflict of an object records that it now has both histories; keep_both
stores the user's text over a change another program made, keeping theirs as a conflict.
"""

from __future__ import annotations

from typing import Any

from app.core import clock
from app.core.document import history
from app.core.document.model import Document, Revision, Section
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import RapporteurError


def open_conflicts(rfile: RapporteurFile) -> list[dict[str, Any]]:
    """Return the unresolved conflicts of a file."""
    return rfile.repo.conflicts()


def resolve(rfile: RapporteurFile, conflict_id: str, choice: str, value: Any = None) -> None:
    """Resolve a conflict with mine, theirs or a combined value (one transaction).

    For a section's text, mine and theirs replace only the clashing paragraphs of the
    body as it is now, so edits that merged cleanly and typing since stay; a combined
    value is the whole new body.
    """
    row = _open_conflict(rfile, conflict_id)
    if choice not in ("mine", "theirs", "combined"):
        raise RapporteurError("choose mine, theirs or combined")
    chosen = {"mine": row["ours"], "theirs": row["theirs"], "combined": value}[choice]
    with rfile.transaction():
        if choice != "combined" and _is_body(row):
            chosen = _resolved_body(rfile, row, choice)
        _apply_choice(rfile, row, chosen)
        rfile.repo.resolve_conflict(conflict_id, choice, clock.iso(rfile.now()))
        if not rfile.repo.conflicts(object_id=row["object_id"]):
            _join(rfile, row)


def combine(rfile: RapporteurFile, conflict_id: str, text: str) -> None:
    """Resolve a conflict with a combined text: of the clashing paragraphs, for a body."""
    row = _open_conflict(rfile, conflict_id)
    with rfile.transaction():
        value = _resolved_body(rfile, row, "combined", text) if _is_body(row) else text
        resolve(rfile, conflict_id, "combined", value)


def _open_conflict(rfile: RapporteurFile, conflict_id: str) -> dict[str, Any]:
    """Return an unresolved conflict's row."""
    rows = [c for c in rfile.repo.conflicts() if c["id"] == conflict_id]
    if not rows:
        raise RapporteurError(f"no open conflict with id {conflict_id}")
    return rows[0]


def _is_body(row: dict[str, Any]) -> bool:
    return bool(row["object_type"] == "section" and row["field"] == "body")


def _resolved_body(rfile: RapporteurFile, row: dict[str, Any], choice: str,
                   combined: str = "") -> str:
    """Return the section's body as it is now with each clash settled by choice."""
    from app.core.sharing.conflictview import resolve_body

    section = rfile.repo.section(row["object_id"])
    current = section.body if section is not None else row["ours"] or ""
    return resolve_body(current, row["base"], row["ours"] or "", row["theirs"] or "", choice,
                        combined)


def _apply_choice(rfile: RapporteurFile, row: dict[str, Any], value: Any) -> None:
    """Write the chosen value of one conflicting field."""
    name = row["field"]
    if row["object_type"] == "section":
        if name == "deleted":
            if value:
                rfile.delete_section(row["object_id"])
            return
        rfile.update_section(row["object_id"], **{name: value})
    elif name.startswith("fields."):
        doc = rfile.document(row["object_id"])
        fields = dict(doc.fields)
        if value is None:
            fields.pop(name[len("fields."):], None)
        else:
            fields[name[len("fields."):]] = value
        rfile.update_document(doc.id, fields=fields)
    else:
        rfile.update_document(row["object_id"], **{name: value})


def _join(rfile: RapporteurFile, row: dict[str, Any]) -> None:
    """Once an object's conflicts are all resolved, record that it has both histories."""
    theirs = row["theirs_revision"]
    current: Section | Document | None
    if row["object_type"] == "section":
        current = rfile.repo.section(row["object_id"])
    else:
        current = rfile.repo.document(row["object_id"])
    if current is None or not theirs or current.revision_id is None:
        return
    head = rfile.repo.revision(current.revision_id)
    if head is None or theirs in history.ancestors(rfile.repo, head.id):
        return
    stamp = clock.iso(rfile.now())
    rev = Revision(id=new_id(), object_type=row["object_type"], object_id=row["object_id"],
                   parents=(head.id, theirs), author=rfile.author, created=stamp,
                   modified=stamp, sealed=True, content_hash=head.content_hash,
                   content=head.content)
    rfile.repo.insert_revision(rev)
    current.revision_id = rev.id
    if isinstance(current, Section):
        rfile.repo.save_section(current, deleted=rfile.repo.section_is_deleted(current.id))
    else:
        rfile.repo.save_document(current)


def keep_both(rfile: RapporteurFile, section_id: str, base: str, mine: str, theirs: str) -> None:
    """Store my text in a section another program changed, keeping theirs as a conflict."""
    with rfile.transaction():
        section = rfile.update_section(section_id, body=mine)
        rfile.repo.add_conflict({
            "id": new_id(), "object_type": "section", "object_id": section_id,
            "document_id": section.document_id, "field": "body", "base": base, "ours": mine,
            "theirs": theirs, "ours_revision": section.revision_id, "theirs_revision": None,
            "created": clock.iso(rfile.now()), "resolved": None, "resolution": None,
        })
