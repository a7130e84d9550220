"""The session's actions on the file's words: find and replace, comments, spelling, checks."""

from __future__ import annotations

from typing import Any

from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError
from app.core.text import comments, search
from app.core.text import lint as checks
from app.core.text.lint import Finding
from app.ui.changes import Changes


class TextActions:
    """Part of Session: the actions on text, each announcing what it changed."""

    _file: RapporteurFile

    def _announce(self, changes: Changes) -> None:
        raise NotImplementedError

    # find and replace

    def find(self, needle: str, **options: bool) -> list[search.Hit]:
        """Return every section, title and field that matches."""
        return search.find(self._file, needle, **options)

    def plan_replacements(self, needle: str, replacement: str,
                          **options: bool) -> list[search.Change]:
        """Return what replacing everywhere would change, without writing."""
        return search.plan(self._file, needle, replacement, **options)

    def apply_replacements(self, changes: list[search.Change], *,
                           undo: bool = False) -> list[search.Change]:
        """Write planned replacements (or their old values) in one transaction."""
        done = search.apply(self._file, changes, undo=undo)
        sections = [c.section_id for c in done]
        documents = [c.document_id for c in done if c.section_id is None]
        bodies = [c.section_id for c in done if c.kind == "body"]
        self._announce(Changes.of(sections=sections, documents=documents, bodies=bodies,
                                  outline=[c.document_id for c in done]))
        return done

    # comments

    def comments_for(self, section_id: str) -> list[comments.Comment]:
        """Return a section's comments and replies."""
        return comments.for_section(self._file, section_id)

    def add_comment(self, section_id: str, start: int, end: int, text: str) -> None:
        """Comment on a stretch of a section's text."""
        comments.add(self._file, section_id, start, end, text)
        self._announce(Changes.of(comments=[section_id]))

    def reply_to_comment(self, comment_id: str, text: str) -> None:
        """Reply to a comment."""
        note = comments.reply(self._file, comment_id, text)
        self._announce(Changes.of(comments=[note.section_id]))

    def set_comment_resolved(self, comment_id: str, resolved: bool) -> None:
        """Resolve a comment, or reopen it."""
        note = comments.set_resolved(self._file, comment_id, resolved)
        self._announce(Changes.of(comments=[note.section_id]))

    # the file's own dictionary

    def dictionary_words(self) -> set[str]:
        """Return the words added to this file's spelling dictionary."""
        from app.core.text.spelling import load_file_dictionary

        return load_file_dictionary(self._file)

    def add_dictionary_word(self, word: str) -> None:
        """Keep a word in this file's spelling dictionary."""
        from app.core.text.spelling import add_to_file_dictionary

        add_to_file_dictionary(self._file, word)

    # editorial checks

    def lint(self, document_id: str) -> list[Finding]:
        """Return the editorial findings of a document, in reading order."""
        return checks.lint_document(self._file.document(document_id))

    def missing_characters(self, document_id: str) -> list[str]:
        """Return the characters of a document that no bundled font has (blank in a PDF)."""
        from app.core.render.fonts import missing_characters
        from app.core.render.html import document_text

        return missing_characters(document_text(self._file.document(document_id)))

    def word_summary(self, document_id: str) -> str:
        """Return "2,290 of 10,700 words": the document's count against its limit or budget."""
        from app.core.render.html import count_words

        words = count_words(self._file.document(document_id))
        budget = self._budget(document_id)
        if budget is not None:
            return f"{words:,} of {budget:,} words (the contributor's budget)"
        return f"{words:,} of {self.word_limit(document_id):,} words"

    def word_limit(self, document_id: str) -> int:
        """Return the words a document may have: its contributor's budget, else its limit."""
        budget = self._budget(document_id)
        if budget is not None:
            return budget
        document = self._file.document_row(document_id)
        return checks.word_limit(document, checks.template_of(document))

    def _budget(self, document_id: str) -> int | None:
        """Return the tracker's word budget for a contribution, if it has one."""
        from app.core.compile.tracker import budget_of

        return budget_of(self._file, self._file.document_row(document_id))

    def fix_findings(self, findings: list[Finding]) -> list[tuple[Finding, dict[str, Any]]]:
        """Apply safe fixes, last first; return each applied one with what it replaced.

        A fix whose text changed since it was found is skipped, never forced.
        """
        done = []
        for finding in reversed(findings):
            before = self._values_of(finding)
            if before is not None and checks.apply_fix(self._file, finding):
                done.append((finding, before))
        self._announce_fixes([finding for finding, _ in done])
        return done

    def unfix_findings(self, done: list[tuple[Finding, dict[str, Any]]]) -> None:
        """Put back what fix_findings replaced, in reverse order."""
        for finding, before in reversed(done):
            if finding.section_id is not None:
                self._file.update_section(finding.section_id, **before)
            else:
                self._file.update_document(finding.document_id, **before)
        self._announce_fixes([finding for finding, _ in done])

    def _values_of(self, finding: Finding) -> dict[str, Any] | None:
        """Return the values a fix may change: a section's heading and body, or the fields."""
        try:
            if finding.section_id is not None:
                section = self._file.section(finding.section_id)
                return {"heading": section.heading, "body": section.body}
            document = self._file.document_row(finding.document_id)
        except NotFoundError:
            return None
        return {"title": document.title, "fields": dict(document.fields)}

    def _announce_fixes(self, findings: list[Finding]) -> None:
        in_sections = [f for f in findings if f.section_id is not None]
        self._announce(Changes.of(
            outline=[f.document_id for f in in_sections],
            bodies=[f.section_id for f in in_sections],
            documents=[f.document_id for f in findings if f.section_id is None]))
