"""Review comments anchored to a range of a section's text: replies, resolve, reopen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.core import clock
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import NotFoundError, ValidationError
from app.core.render.html import plain_text


@dataclass(frozen=True)
class Comment:
    """One comment or reply."""

    id: str
    section_id: str
    parent_id: str | None
    start: int | None
    end: int | None
    quote: str
    body: str
    author: str
    created: str
    modified: str
    resolved: bool


def section_text(body: str) -> str:
    """Return the text comments are anchored in (whitespace folded)."""
    return " ".join(plain_text(body).split())


def locate(text: str, quote: str, hint: int | None) -> tuple[int, int] | None:
    """Find quote in text, nearest to where it was; None when it is gone."""
    if not quote:
        return None
    starts, index = [], text.find(quote)
    while index >= 0:
        starts.append(index)
        index = text.find(quote, index + 1)
    if not starts:
        return None
    best = min(starts, key=lambda s: abs(s - (hint or 0)))
    return best, best + len(quote)


def add(rfile: RapporteurFile, section_id: str, start: int, end: int, body: str) -> Comment:
    """Comment on text[start:end] of a section."""
    text = section_text(rfile.section(section_id).body)
    if not 0 <= start < end <= len(text):
        raise ValidationError("select the text to comment on")
    return _insert(rfile, section_id, None, start, end, text[start:end], body)


def add_imported(rfile: RapporteurFile, section_id: str, quote: str, body: str, *,
                 author: str, created: str | None = None) -> Comment:
    """Add a comment from outside (a Word review) anchored to quote where it is found."""
    text = section_text(rfile.section(section_id).body)
    span = locate(text, quote, None)
    start, end = span if span else (None, None)
    comment = _insert(rfile, section_id, None, start, end, quote, body)
    row = {"id": comment.id, "section_id": section_id, "parent_id": None,
           "anchor_start": start, "anchor_end": end, "quote": quote, "body": comment.body,
           "author": author, "created": created or comment.created,
           "modified": created or comment.modified, "resolved": 0}
    with rfile.transaction():
        rfile.repo.save_comment(row)
    return _comment(row)


def reply(rfile: RapporteurFile, comment_id: str, body: str) -> Comment:
    """Reply to a comment."""
    parent = get(rfile, comment_id)
    return _insert(rfile, parent.section_id, parent.id, None, None, "", body)


def set_resolved(rfile: RapporteurFile, comment_id: str, resolved: bool) -> Comment:
    """Resolve or reopen a comment."""
    get(rfile, comment_id)
    with rfile.transaction():
        rfile.repo.update_comment(comment_id, resolved=resolved,
                                  modified=clock.iso(rfile.now()))
    return get(rfile, comment_id)


def get(rfile: RapporteurFile, comment_id: str) -> Comment:
    """Return one comment."""
    rows = rfile.repo.comments(comment_id=comment_id)
    if not rows:
        raise NotFoundError(f"no comment with id {comment_id}")
    return _comment(rows[0])


def for_section(rfile: RapporteurFile, section_id: str) -> list[Comment]:
    """Return a section's comments and replies, re-anchored to its current text."""
    text = section_text(rfile.section(section_id).body)
    out = []
    for row in rfile.repo.comments(section_id=section_id):
        comment = _comment(row)
        if comment.parent_id is None:
            found = locate(text, comment.quote, comment.start)
            comment = Comment(**{**comment.__dict__, "start": found[0] if found else None,
                                 "end": found[1] if found else None})
        out.append(comment)
    return out


def _insert(rfile: RapporteurFile, section_id: str, parent_id: str | None, start: int | None,
            end: int | None, quote: str, body: str) -> Comment:
    """Store a new comment."""
    if not body.strip():
        raise ValidationError("a comment needs some text")
    stamp = clock.iso(rfile.now())
    row = {"id": new_id(), "section_id": section_id, "parent_id": parent_id,
           "anchor_start": start, "anchor_end": end, "quote": quote, "body": body.strip(),
           "author": rfile.author, "created": stamp, "modified": stamp, "resolved": 0}
    with rfile.transaction():
        rfile.repo.save_comment(row)
    return _comment(row)


def _comment(row: dict[str, Any]) -> Comment:
    """Build a Comment from a row."""
    return Comment(
        id=str(row["id"]), section_id=str(row["section_id"]), parent_id=row["parent_id"],
        start=row["anchor_start"], end=row["anchor_end"], quote=str(row["quote"]),
        body=str(row["body"]), author=str(row["author"]), created=str(row["created"]),
        modified=str(row["modified"]), resolved=bool(row["resolved"]))


def merge_comments(ours: RapporteurFile, theirs: RapporteurFile,
                   sections: set[str] | None = None) -> int:
    """Bring in THEIRS' comments (a union, only on some sections if given); return added.

    The later resolve or reopen wins.
    """
    mine = {row["id"]: row for row in ours.repo.comments()}
    added = 0
    for row in theirs.repo.comments():
        if sections is not None and row["section_id"] not in sections:
            continue
        current = mine.get(row["id"])
        if current is None:
            ours.repo.save_comment(row)
            added += 1
        elif row["modified"] > current["modified"] and row["resolved"] != current["resolved"]:
            ours.repo.update_comment(row["id"], resolved=bool(row["resolved"]),
                                     modified=row["modified"])
    return added
