"""The session's compiling actions: a report's plan, pulling paragraphs, their provenance."""

from __future__ import annotations

from app.core.compile import plan as planning
from app.core.compile import provenance as sources
from app.core.compile.pull import body_paragraphs, pull
from app.core.document.service import RapporteurFile
from app.ui.changes import Changes


class CompileActions:
    """Part of Session: drawing a report from contributions, each write announced."""

    _file: RapporteurFile

    def _announce(self, changes: Changes) -> None:
        raise NotImplementedError

    def plan(self, report_id: str) -> planning.Plan:
        """Return a report's chapters with the contribution sections matching them."""
        return planning.make_plan(self._file, report_id)

    def paragraphs_of(self, section_id: str) -> list[str]:
        """Return the paragraphs (top-level <p> HTML) of a section."""
        return body_paragraphs(self._file.section(section_id).body)

    def pull(self, into: str, source_id: str, paragraph: int | None) -> None:
        """Pull a contribution's paragraph (all when None) to the end of a report section."""
        pull(self._file, into, source_id, paragraph)
        self._announce(Changes.of(bodies=[into]))

    def source_changed(self, report_id: str) -> list[sources.Provenance]:
        """Return the report's pulled paragraphs whose source changed since."""
        return sources.source_changed(self._file, report_id)
