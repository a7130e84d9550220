"""The session's Word actions: export, a reviewer's file brought back, proposals."""

from __future__ import annotations

from collections.abc import Callable
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

    def decide_proposal(self, proposal_id: str, *, accept: bool) -> Changes:
        """Accept (a revision by the reviewer) or reject one proposal."""
        from app.core.text import proposals

        (proposals.accept if accept else proposals.reject)(self._file, proposal_id)
        changes = Changes.all()
        self._announce(changes)
        return changes
