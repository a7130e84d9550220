"""What a check found, where, and what can safely replace it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Hit:
    """A rule's match in one piece of text: offsets, message and a safe replacement or None."""

    start: int
    end: int
    message: str
    fix: str | None = None


@dataclass(frozen=True)
class Where:
    """Offsets of a finding: into a run of a body's text, a string, or the raw body HTML."""

    index: int  # the run of a body, the line of a lines field, 0 for other strings
    start: int
    end: int
    raw: bool = False  # offsets into the raw body HTML instead of a run's text


@dataclass(frozen=True)
class Finding:
    """One editorial finding in a document; fix is None when no replacement is safe."""

    rule: str
    document_id: str
    section_id: str | None  # None for the title, a field or the whole document
    field: str  # "body", "heading", "title", a field's name, or "" for the whole document
    excerpt: str  # the text at fault with a little context, for people
    message: str
    fix: str | None
    target: str  # exactly the text at `where` that fix replaces (checked before fixing)
    where: Where

    def as_dict(self) -> dict[str, object]:
        """Return the finding as plain JSON-ready values."""
        return {
            "rule": self.rule, "document_id": self.document_id, "section_id": self.section_id,
            "field": self.field, "excerpt": self.excerpt, "message": self.message,
            "fix": self.fix, "target": self.target,
            "where": {"index": self.where.index, "start": self.where.start,
                      "end": self.where.end, "raw": self.where.raw},
        }
