"""The document model: plain dataclasses, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATUSES = ("draft", "in_review", "cleared", "final")


@dataclass
class Section:
    """One section of a document; body is HTML in the documented subset."""

    id: str
    heading: str = ""
    body: str = ""
    status: str = "draft"
    tags: list[str] = field(default_factory=list)
    word_budget: int | None = None
    author: str = ""
    created: str = ""
    modified: str = ""
    document_id: str = ""
    parent_id: str | None = None
    position: int = 0
    revision_id: str | None = None
    children: list[Section] = field(default_factory=list)

    def walk(self) -> list[Section]:
        """Return this section and its descendants in reading order."""
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


@dataclass
class Document:
    """A document: its template fields and its ordered tree of sections."""

    id: str
    title: str = ""
    template: str = "meeting-paper"
    language: str = "en"
    fields: dict[str, Any] = field(default_factory=dict)
    created: str = ""
    modified: str = ""
    position: int = 0
    revision_id: str | None = None
    sections: list[Section] = field(default_factory=list)

    def all_sections(self) -> list[Section]:
        """Return every section in reading order, depth first."""
        out: list[Section] = []
        for section in self.sections:
            out.extend(section.walk())
        return out


@dataclass(frozen=True)
class Revision:
    """One recorded state of a section or of a document's fields and outline."""

    id: str
    object_type: str
    object_id: str
    parents: tuple[str, ...]
    author: str
    created: str
    modified: str
    sealed: bool
    content_hash: str
    content: dict[str, Any]
