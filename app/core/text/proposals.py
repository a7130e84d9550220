"""Proposals from a reviewer's Word file: accept (a revision by the reviewer) or reject.

A proposal replaces a run of blocks of a section body (`before`) by the reviewer's
(`after`); an insertion goes after its `context` block. It applies only while the
blocks it replaces are still there: otherwise it stays open and says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core import clock
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, ValidationError
from app.core.io.docxreview import TRACKED, UNTRACKED, blocks
from app.core.storage.compiling import CompilingRows
from app.core.text.redline import diff_words

_ORDER = {UNTRACKED: 0, TRACKED: 1}


@dataclass(frozen=True)
class Proposal:
    """One proposed change, as listed."""

    id: str
    document_id: str
    section_id: str
    kind: str
    author: str
    made: str
    status: str
    before: str
    after: str

    def redline(self) -> str:
        """Return the change as a text redline: [-removed-] {+added+}."""
        from app.core.compile.provenance import redline_text

        return redline_text(diff_words(self.before, self.after))


def listing(rfile: RapporteurFile, document_id: str | None = None, *,
            open_only: bool = True) -> list[Proposal]:
    """Return the proposals of a file (or one document), direct edits first."""
    rows = CompilingRows(rfile.db).proposals(document_id, open_only=open_only)
    rows.sort(key=lambda r: (_ORDER.get(r["kind"], 2), r["created"]))
    return [_proposal(r) for r in rows]


def _proposal(row: dict[str, Any]) -> Proposal:
    """Build a Proposal from a row."""
    return Proposal(str(row["id"]), str(row["document_id"]), str(row["section_id"]),
                    str(row["kind"]), str(row["author"]), str(row["made"] or ""),
                    str(row["status"]), str(row["before"]), str(row["after"]))


def _row(rfile: RapporteurFile, proposal_id: str) -> dict[str, Any]:
    """Return an open proposal's row, or raise."""
    row = CompilingRows(rfile.db).proposal(proposal_id)
    if row is None:
        raise NotFoundError(f"no proposal with id {proposal_id}")
    if row["status"] != "open":
        raise ValidationError(f"proposal {proposal_id[:8]} was already {row['status']}")
    return row


def accept(rfile: RapporteurFile, proposal_id: str) -> Proposal:
    """Apply a proposal to its section as a revision by its reviewer."""
    row = _row(rfile, proposal_id)
    section = rfile.section(row["section_id"])
    body = applied(blocks(section.body), row)
    if body is None:
        raise ValidationError(f"proposal {row['id'][:8]} no longer applies: the text it "
                              "changes was edited since the review (it stays open)")
    decider = rfile.author
    with rfile.transaction():
        rfile.seal()
        rfile.author = row["author"]
        try:
            updated = rfile.update_section(section.id, body="".join(body))
            rfile.seal()
        finally:
            rfile.author = decider
        _decide(rfile, row, "accepted", updated.revision_id)
    return _proposal(row)


def reject(rfile: RapporteurFile, proposal_id: str) -> Proposal:
    """Decline a proposal; the section is left as it is (the proposal is kept)."""
    row = _row(rfile, proposal_id)
    with rfile.transaction():
        _decide(rfile, row, "rejected", None)
    return _proposal(row)


def decide_all(rfile: RapporteurFile, *, accepting: bool, document_id: str | None = None
               ) -> tuple[int, list[str]]:
    """Accept or reject every open proposal; return how many, and why others stayed."""
    done, problems = 0, []
    for proposal in listing(rfile, document_id):
        try:
            (accept if accepting else reject)(rfile, proposal.id)
            done += 1
        except ValidationError as exc:
            problems.append(str(exc))
    return done, problems


def _decide(rfile: RapporteurFile, row: dict[str, Any], status: str,
            revision_id: str | None) -> None:
    """Record the decision on a proposal."""
    row.update(status=status, decided=clock.iso(rfile.now()), decided_by=rfile.author,
               revision_id=revision_id)
    CompilingRows(rfile.db).save_proposal(row)


def applied(current: list[str], row: dict[str, Any]) -> list[str] | None:
    """Return the blocks with the proposal applied, or None when it cannot be placed."""
    before, after = blocks(row["before"]), blocks(row["after"])
    position = int(row["position"])
    if not before:
        if not row["context"]:
            return after + current
        spots = [i + 1 for i, b in enumerate(current) if b == row["context"]]
    else:
        spots = [i for i in range(len(current) - len(before) + 1)
                 if current[i:i + len(before)] == before]
    if not spots:
        return None
    spot = min(spots, key=lambda i: abs(i - position))
    return current[:spot] + after + current[spot + len(before):]
