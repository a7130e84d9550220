"""Proposals from a reviewer's Word file: accept (a revision by the reviewer) or reject.

A body proposal replaces a run of blocks of a section body (`before`) by the
reviewer's (`after`); an insertion goes after its `context` block. Others change a
section's heading, the document's title or title footnote, add a run of sections after
a section, or delete a section (see docxcompare.py). A proposal applies only while what
it replaces is still there: otherwise it stays open and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from app.core import clock
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, ValidationError
from app.core.io.docxcompare import (
    ADDED,
    BODY,
    DELETED,
    HEADING,
    TITLE,
    TITLE_NOTE,
    TRACKED,
    UNTRACKED,
    blocks,
    sections_of,
    split_kind,
    unplain,
)
from app.core.storage.compiling import CompilingRows
from app.core.text.redline import diff_words

_ORDER = {UNTRACKED: 0, TRACKED: 1}
_WHAT = {BODY: "text", HEADING: "heading", TITLE: "title", TITLE_NOTE: "title footnote",
         ADDED: "new section", DELETED: "section deleted"}


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
    target: str = BODY
    added: tuple[str, ...] = ()  # the sections an acceptance added (to take them back)
    place: tuple[str | None, int] | None = None  # where a section it deleted was

    def what(self) -> str:
        """Return what the proposal changes, in words."""
        return _WHAT.get(self.target, "text")

    def redline(self) -> str:
        """Return the change as a text redline: [-removed-] {+added+}."""
        from app.core.compile.provenance import redline_text

        return redline_text(diff_words(self.before, self.after))


def listing(rfile: RapporteurFile, document_id: str | None = None, *,
            open_only: bool = True) -> list[Proposal]:
    """Return the proposals of a file (or one document), direct edits first."""
    rows = CompilingRows(rfile.db).proposals(document_id, open_only=open_only)
    rows.sort(key=lambda r: (_ORDER.get(split_kind(r["kind"])[0], 2), r["created"]))
    return [_proposal(r) for r in rows]


def place(rfile: RapporteurFile, proposal: Proposal) -> str:
    """Return where a proposal applies, in words: a section's heading, or the title."""
    if proposal.target in (TITLE, TITLE_NOTE):
        return proposal.what()
    try:
        heading = rfile.section(proposal.section_id).heading or "(untitled)"
    except NotFoundError:
        heading = "(the start)" if not proposal.section_id else "(a deleted section)"
    if proposal.target == ADDED:
        return f"new section after {heading}"
    return heading if proposal.target == BODY else f"{proposal.what()}: {heading}"


def _proposal(row: dict[str, Any]) -> Proposal:
    """Build a Proposal from a row."""
    how, target = split_kind(str(row["kind"]))
    return Proposal(str(row["id"]), str(row["document_id"]), str(row["section_id"]),
                    how, str(row["author"]), str(row["made"] or ""),
                    str(row["status"]), str(row["before"]), str(row["after"]), target)


def _row(rfile: RapporteurFile, proposal_id: str) -> dict[str, Any]:
    """Return an open proposal's row, or raise."""
    row = CompilingRows(rfile.db).proposal(proposal_id)
    if row is None:
        raise NotFoundError(f"no proposal with id {proposal_id}")
    if row["status"] != "open":
        raise ValidationError(f"proposal {proposal_id[:8]} was already {row['status']}")
    return row


def accept(rfile: RapporteurFile, proposal_id: str) -> Proposal:
    """Apply a proposal as a revision by its reviewer."""
    row = _row(rfile, proposal_id)
    target = split_kind(str(row["kind"]))[1]
    apply = _APPLY.get(target)
    if apply is None:
        raise ValidationError(f"proposal {row['id'][:8]} is of a kind this version cannot "
                              f"apply ({row['kind']}); it stays open")
    decider = rfile.author
    with rfile.transaction():
        rfile.seal()
        rfile.author = row["author"]
        try:
            revision_id = apply(rfile, row)
            rfile.seal()
        finally:
            rfile.author = decider
        added, place = tuple(row.pop("_added", ())), row.pop("_place", None)
        _decide(rfile, row, "accepted", revision_id)
    return replace(_proposal(row), added=added, place=place)


def reopen(rfile: RapporteurFile, proposal_id: str, *, added: tuple[str, ...] = (),
           place: tuple[str | None, int] | None = None) -> Proposal:
    """Undo a decision: a rejected proposal is open again, an accepted one is taken back
    (a revision by whoever undoes it) while what it made is still as it made it.

    added and place are what accept returned: the sections it added, where the section
    it deleted was.
    """
    row = CompilingRows(rfile.db).proposal(proposal_id)
    if row is None:
        raise NotFoundError(f"no proposal with id {proposal_id}")
    with rfile.transaction():
        if row["status"] == "accepted":
            _UNDO[split_kind(str(row["kind"]))[1]](rfile, row, added, place)
            rfile.seal()
        row.update(status="open", decided=None, decided_by=None, revision_id=None)
        CompilingRows(rfile.db).save_proposal(row)
    return _proposal(row)


def _changed_since(row: dict[str, Any]) -> ValidationError:
    """Return the error of an acceptance that cannot be taken back."""
    return ValidationError(f"proposal {row['id'][:8]} cannot be taken back: its text was "
                           "edited since it was accepted")


def _undo_body(rfile: RapporteurFile, row: dict[str, Any], *_args: Any) -> None:
    """Put back the blocks an accepted body proposal replaced."""
    section = rfile.section(row["section_id"])
    back = {**row, "before": row["after"], "after": row["before"]}
    body = applied(blocks(section.body), back)
    if body is None:
        raise _changed_since(row)
    rfile.update_section(section.id, body="".join(body))


def _undo_heading(rfile: RapporteurFile, row: dict[str, Any], *_args: Any) -> None:
    """Put back the heading an accepted proposal changed."""
    section = rfile.section(row["section_id"])
    if not _same(section.heading, unplain(row["after"])):
        raise _changed_since(row)
    rfile.update_section(section.id, heading=unplain(row["before"]))


def _undo_title(rfile: RapporteurFile, row: dict[str, Any], *_args: Any) -> None:
    """Put back the title (or its footnote) an accepted proposal changed."""
    document = rfile.document(row["document_id"])
    note = split_kind(str(row["kind"]))[1] == TITLE_NOTE
    current = str(document.fields.get("title_footnote") or "") if note else document.title
    if not _same(current, unplain(row["after"])):
        raise _changed_since(row)
    if note:
        fields = {**document.fields, "title_footnote": unplain(row["before"])}
        rfile.update_document(document.id, fields=fields)
    else:
        rfile.update_document(document.id, title=unplain(row["before"]))


def _undo_added(rfile: RapporteurFile, row: dict[str, Any], added: tuple[str, ...],
                *_args: Any) -> None:
    """Delete the sections an accepted proposal added, unless edited since."""
    live = dict(rfile.outline(str(row["document_id"])))
    made = [s for s in added if s in live]
    for section_id, (_depth, heading, body) in zip(made, sections_of(row["after"]),
                                                   strict=False):
        section = rfile.section(section_id)
        if section.heading != heading or blocks(section.body) != blocks(body):
            raise _changed_since(row)
    for section_id in reversed(made):
        if section_id in dict(rfile.outline(str(row["document_id"]))):
            rfile.delete_section(section_id)


def _undo_deleted(rfile: RapporteurFile, row: dict[str, Any], _added: tuple[str, ...],
                  place: tuple[str | None, int] | None) -> None:
    """Bring back the section an accepted proposal deleted, where it was."""
    section_id = str(row["section_id"])
    if section_id in dict(rfile.outline(str(row["document_id"]))):
        return
    parent, position = place if place is not None else (None, None)
    rfile.restore_section(section_id, parent_id=parent, position=position)


def _stale(row: dict[str, Any], what: str) -> ValidationError:
    """Return the error of a proposal whose text was edited since the review."""
    return ValidationError(f"proposal {row['id'][:8]} no longer applies: the {what} it "
                           "changes was edited since the review (it stays open)")


def _body(rfile: RapporteurFile, row: dict[str, Any]) -> str | None:
    """Apply a change to a run of blocks of a section body."""
    section = rfile.section(row["section_id"])
    body = applied(blocks(section.body), row)
    if body is None:
        raise _stale(row, "text")
    return rfile.update_section(section.id, body="".join(body)).revision_id


def _heading(rfile: RapporteurFile, row: dict[str, Any]) -> str | None:
    """Apply a changed section heading."""
    section = rfile.section(row["section_id"])
    if not _same(section.heading, unplain(row["before"])):
        raise _stale(row, "heading")
    return rfile.update_section(section.id, heading=unplain(row["after"])).revision_id


def _title(rfile: RapporteurFile, row: dict[str, Any]) -> str | None:
    """Apply a changed document title."""
    document = rfile.document(row["document_id"])
    if not _same(document.title, unplain(row["before"])):
        raise _stale(row, "title")
    return rfile.update_document(document.id, title=unplain(row["after"])).revision_id


def _title_note(rfile: RapporteurFile, row: dict[str, Any]) -> str | None:
    """Apply a changed title footnote (a field of the template)."""
    document = rfile.document(row["document_id"])
    current = str(document.fields.get("title_footnote") or "")
    if not _same(current, unplain(row["before"])):
        raise _stale(row, "title footnote")
    fields = {**document.fields, "title_footnote": unplain(row["after"])}
    return rfile.update_document(document.id, fields=fields).revision_id


def _added(rfile: RapporteurFile, row: dict[str, Any]) -> str | None:
    """Add the proposed run of sections after the section they followed."""
    document_id = str(row["document_id"])
    anchor = str(row["section_id"]) or None
    outline = rfile.outline(document_id)
    if anchor is not None and anchor not in dict(outline):
        raise ValidationError(f"proposal {row['id'][:8]} no longer applies: the section "
                              "the new one followed was deleted (it stays open)")
    revision_id = None
    added = row.setdefault("_added", [])
    for depth, heading, body in sections_of(row["after"]):
        parent, position = _after(rfile.outline(document_id), anchor, depth)
        made = rfile.add_section(document_id, heading=heading, body=body,
                                 parent_id=parent, position=position)
        anchor, revision_id = made.id, made.revision_id
        added.append(made.id)
    return revision_id


def _after(outline: list[tuple[str, str | None]], anchor: str | None, depth: int
           ) -> tuple[str | None, int]:
    """Return the parent and position of a section of depth placed right after anchor."""
    parents = dict(outline)
    if anchor is None:
        return None, 0
    chain = [anchor]  # the anchor, its parent, ... its top-level section
    while parents.get(chain[-1]) is not None:
        chain.append(str(parents[chain[-1]]))
    if depth > len(chain):
        return anchor, 0
    before = chain[len(chain) - max(depth, 1)]  # the anchor or its ancestor at that depth
    parent = parents.get(before)
    return parent, [s for s, p in outline if p == parent].index(before) + 1


def _deleted(rfile: RapporteurFile, row: dict[str, Any]) -> str | None:
    """Delete the section the reviewer deleted (gone already: nothing to do)."""
    section_id = str(row["section_id"])
    if section_id not in dict(rfile.outline(str(row["document_id"]))):
        return None
    section = rfile.section(section_id)
    _depth, heading, body = (sections_of(row["before"]) or [(1, "", "")])[0]
    if section.heading != heading or blocks(section.body) != blocks(body):
        raise _stale(row, "section")
    outline = rfile.outline(str(row["document_id"]))
    parent = dict(outline)[section_id]
    row["_place"] = (parent, [s for s, p in outline if p == parent].index(section_id))
    rfile.delete_section(section_id)
    return None


def _same(current: str, before: str) -> bool:
    """Return whether a text is still what the proposal changes (spacing aside)."""
    return " ".join(current.split()) == " ".join(before.split())


_APPLY = {BODY: _body, HEADING: _heading, TITLE: _title, TITLE_NOTE: _title_note,
          ADDED: _added, DELETED: _deleted}
_UNDO: dict[str, Any] = {BODY: _undo_body, HEADING: _undo_heading, TITLE: _undo_title,
                         TITLE_NOTE: _undo_title, ADDED: _undo_added, DELETED: _undo_deleted}


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
        except (ValidationError, NotFoundError) as exc:
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
