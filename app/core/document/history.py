"""Revisions: snapshots of sections and documents, burst coalescing, ancestry."""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import datetime, timedelta
from typing import Any

from app.core.clock import iso, parse_iso
from app.core.document.model import Document, Revision, Section
from app.core.storage.repo import Repo

# Edits by one author closer together than this coalesce into one open revision.
BURST = timedelta(minutes=10)


def section_content(section: Section, *, deleted: bool = False) -> dict[str, Any]:
    """Return the recorded state of a section."""
    return {
        "heading": section.heading, "body": section.body, "status": section.status,
        "tags": list(section.tags), "word_budget": section.word_budget, "deleted": deleted,
    }


def document_content(doc: Document, outline: list[tuple[str, str | None]], *,
                     deleted: bool = False) -> dict[str, Any]:
    """Return the recorded state of a document: fields and the order of its sections."""
    return {
        "title": doc.title, "template": doc.template, "language": doc.language,
        "fields": doc.fields, "outline": [[sid, parent] for sid, parent in outline],
        "deleted": deleted,
    }


def content_hash(content: dict[str, Any]) -> str:
    """Return a stable hash of a revision's content."""
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record(repo: Repo, *, object_type: str, object_id: str, head: str | None,
           content: dict[str, Any], author: str, now: datetime) -> str | None:
    """Record content as the object's newest state; return the head revision id.

    Returns head unchanged when nothing changed; amends head when it is an open
    revision of the same author edited within BURST; otherwise adds a child of head.
    """
    digest = content_hash(content)
    stamp = iso(now)
    current = repo.revision(head) if head else None
    if current is not None and current.content_hash == digest:
        return head
    if current is not None and _coalesces(current, author, now):
        repo.amend_revision(current.id, content, digest, stamp)
        return current.id
    rev = Revision(
        id=str(uuid.uuid4()), object_type=object_type, object_id=object_id,
        parents=(head,) if head else (), author=author, created=stamp, modified=stamp,
        sealed=False, content_hash=digest, content=content,
    )
    repo.insert_revision(rev)
    return rev.id


def _coalesces(rev: Revision, author: str, now: datetime) -> bool:
    """Return whether an edit at now by author belongs to rev's burst."""
    if rev.sealed or rev.author != author:
        return False
    return now - parse_iso(rev.modified) <= BURST


def ancestors(repo: Repo, revision_id: str) -> set[str]:
    """Return revision_id and every revision it descends from."""
    seen: set[str] = set()
    stack = [revision_id]
    while stack:
        rid = stack.pop()
        if rid in seen:
            continue
        seen.add(rid)
        stack.extend(repo.parents_of(rid))
    return seen


def common_ancestor(repo: Repo, a: str, b: str) -> str | None:
    """Return the lowest common ancestor of two revisions, or None."""
    common = ancestors(repo, a) & ancestors(repo, b)
    if not common:
        return None
    lowest = [c for c in common if not any(c in ancestors(repo, d) - {d} for d in common)]
    revisions = [r for r in (repo.revision(c) for c in lowest) if r is not None]
    return max(revisions, key=lambda r: (r.created, r.id)).id if revisions else None
