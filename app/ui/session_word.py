"""The session's Word actions: export, a reviewer's file brought back, proposals."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.document.service import RapporteurFile
from app.ui.changes import Changes


class WordActions:
    """Part of Session: Word export and review."""

    _file: RapporteurFile

    def _announce(self, changes: Changes) -> None:
        raise NotImplementedError

    def word_export_task(self, document_id: str, out: Path) -> Callable[[], Any]:
        """Return the writing of a document's .docx, to run off the UI thread."""
        from app.core.io.docxwrite import build_docx, export_for
        from app.core.render.pdf import write_atomically

        export = export_for(self._file, self._file.document(document_id))
        return lambda: write_atomically(out, build_docx(export))

    def review_task(self, source: Path) -> Callable[[], Any]:
        """Return the comparison of a reviewer's Word file, to run off the UI thread."""
        from app.core.io.docxreview import compute_review, match_review
        from app.core.io.importing import read_source

        job = match_review(self._file, read_source(source), source.name)
        return lambda: compute_review(job)

    def store_review(self, job: Any) -> Any:
        """Write a computed review's proposals and comments into the file."""
        from app.core.io.docxreview import store_review

        result = store_review(self._file, job)
        self._announce(Changes.all())
        return result

    def proposals(self, document_id: str | None = None) -> list[Any]:
        """Return the open proposals (of one document)."""
        from app.core.text import proposals

        return proposals.listing(self._file, document_id)

    def proposal_place(self, proposal: Any) -> str:
        """Return where a proposal applies, in words (a heading, the title…)."""
        from app.core.text import proposals

        return proposals.place(self._file, proposal)

    def decide_proposal(self, proposal_id: str, *, accept: bool) -> Changes:
        """Accept (a revision by the reviewer) or reject one proposal."""
        from app.core.text import proposals

        done = (proposals.accept if accept else proposals.reject)(self._file, proposal_id)
        changes = _changed(done) if accept else replace(Changes(), proposals=True)
        self._announce(changes)
        return changes

    def decide_proposals(self, proposal_ids: list[str], *, accept: bool
                         ) -> tuple[list[Any], list[str]]:
        """Accept or reject several proposals in order; return the ones decided (with
        what undoing needs) and why the others stayed open."""
        from app.core.errors import RapporteurError
        from app.core.text import proposals

        decided, problems = [], []
        changes = replace(Changes(), proposals=True)
        for proposal_id in proposal_ids:
            try:
                made = (proposals.accept if accept else proposals.reject)(self._file,
                                                                          proposal_id)
            except RapporteurError as exc:
                problems.append(str(exc))
                continue
            decided.append(made)
            if accept:
                changes = _merged(changes, _changed(made))
        self._announce(changes)
        return decided, problems

    def reopen_proposals(self, decided: list[Any]) -> None:
        """Take decisions back, latest first (Edit ▸ Undo of a decision)."""
        from app.core.text import proposals

        changes = replace(Changes(), proposals=True)
        try:
            for made in reversed(decided):
                proposals.reopen(self._file, made.id, added=made.added, place=made.place)
                if made.status == "accepted":
                    changes = _merged(changes, _changed(made))
        finally:
            self._announce(changes)


def _merged(a: Changes, b: Changes) -> Changes:
    """Return the union of two change records."""
    return Changes(a.documents | b.documents, a.outline | b.outline, a.sections | b.sections,
                   a.bodies | b.bodies, a.comments | b.comments, a.conflicts or b.conflicts,
                   a.everything or b.everything, a.tracker or b.tracker,
                   a.proposals or b.proposals)


def _changed(done: Any) -> Changes:
    """Return what accepting a proposal changed."""
    from app.core.io.docxcompare import ADDED, BODY, DELETED, HEADING

    if done.target == BODY:
        changes = Changes.of(bodies=[done.section_id])
    elif done.target == HEADING:
        changes = Changes.of(sections=[done.section_id])
    elif done.target in (ADDED, DELETED):
        changes = Changes.of(outline=[done.document_id], sections=[done.section_id],
                             bodies=[done.section_id])
    else:
        changes = Changes.of(documents=[done.document_id])
    return replace(changes, proposals=True)
