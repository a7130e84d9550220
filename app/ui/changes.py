"""What one user action changed: panels refresh from this record, not from everything."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


def _ids(values: Iterable[str | None]) -> frozenset[str]:
    return frozenset(v for v in values if v)


@dataclass(frozen=True)
class Changes:
    """The ids an action touched, by kind (in the spirit of Anki's OpChanges)."""

    documents: frozenset[str] = field(default_factory=frozenset)  # title, fields, language
    outline: frozenset[str] = field(default_factory=frozenset)  # documents whose tree moved
    sections: frozenset[str] = field(default_factory=frozenset)  # text, heading, status
    bodies: frozenset[str] = field(default_factory=frozenset)  # sections whose text changed
    comments: frozenset[str] = field(default_factory=frozenset)  # sections whose notes moved
    conflicts: bool = False
    everything: bool = False  # a merge, an import, another program's write
    tracker: bool = False  # the contributors tracker
    proposals: bool = False  # a reviewer's proposals (brought in or decided)

    @classmethod
    def of(cls, *, documents: Iterable[str | None] = (), outline: Iterable[str | None] = (),
           sections: Iterable[str | None] = (), comments: Iterable[str | None] = (),
           bodies: Iterable[str | None] = (), conflicts: bool = False) -> Changes:
        """Return a record of the given ids (None and empty ids are left out).

        A section in `bodies` had its text changed and counts as in `sections` too.
        """
        text = _ids(bodies)
        return cls(_ids(documents), _ids(outline), _ids(sections) | text, text,
                   _ids(comments), conflicts)

    @classmethod
    def all(cls) -> Changes:
        """Return the record of a change that may have touched anything."""
        return cls(everything=True, conflicts=True)

    def touches_tracker(self) -> bool:
        """Return whether the contributors tracker may have changed."""
        return self.everything or self.tracker

    def outline_moved(self) -> bool:
        """Return whether the outline's rows (titles, headings, statuses, order) may differ."""
        return self.everything or bool(self.outline or self.documents or self.sections)

    def touches_proposals(self) -> bool:
        """Return whether the reviewers' proposals may have changed."""
        return self.everything or self.proposals

    def touches_document(self, document_id: str | None) -> bool:
        """Return whether the document's fields or tree may have changed."""
        return self.everything or document_id in self.documents | self.outline

    def touches_section(self, section_id: str | None) -> bool:
        """Return whether a section's own content may have changed."""
        return self.everything or section_id in self.sections

    def touches_body(self, section_id: str | None) -> bool:
        """Return whether a section's text may have changed (not only its heading or status)."""
        return self.everything or section_id in self.bodies

    def touches_comments(self, section_id: str | None) -> bool:
        """Return whether a section's comments may have changed."""
        return self.everything or section_id in self.comments
