"""Undoable outline changes; each calls the core through the session, never SQL."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QWidget

from app.core.text.lint import Finding
from app.ui.session import Session

Focus = Callable[[str], None]


def _nowhere(_node_id: str) -> None:
    """Default focus: leave the outline's selection alone."""


def _log(message: str) -> None:
    logging.getLogger(__name__).warning(message)


class FileCommand(QUndoCommand):
    """An undoable change to the file: a failure is reported, and the step dropped.

    Another writer (a merge, another program) may have deleted what a step refers to,
    or the disk may be full: the step then says why in the status bar instead of
    leaving the stack pointing at a change that never happened.
    """

    report: Callable[[str], None] = staticmethod(_log)  # the window sets its status bar

    def forward(self) -> None:
        """Make the change."""

    def back(self) -> None:
        """Take the change back."""

    def redo(self) -> None:
        self._run(self.forward)

    def undo(self) -> None:
        self._run(self.back)

    def _run(self, step: Callable[[], None]) -> None:
        try:
            step()
        except Exception as exc:  # noqa: BLE001 - core and sqlite errors alike
            self.setObsolete(True)
            FileCommand.report(f"“{self.text()}” could not be done: {exc}")


def _place(session: Session, section_id: str) -> tuple[str | None, int]:
    """Return the parent id and position of a section."""
    sec = session.section(section_id)
    outline = session.outline(sec.document_id)
    siblings = [sid for sid, parent in outline if parent == sec.parent_id]
    return sec.parent_id, siblings.index(section_id)


class SavingUndoStack(QUndoStack):
    """The file's undo stack: it saves the editor's typing before any step moves.

    Undoing an added section or redoing a deletion would otherwise take away a section
    whose latest text is only in the editor. When the text cannot be saved the step is
    not taken (the status bar already says why).
    """

    def __init__(self, save: Callable[[], bool], parent: QWidget) -> None:
        super().__init__(parent)
        self.save = save

    def undo(self) -> None:
        if self.save():
            super().undo()

    def redo(self) -> None:
        if self.save():
            super().redo()

    def drop_redo(self) -> None:
        """Forget the steps undone: new typing ends them, as in any editor."""
        if self.canRedo():
            ended = QUndoCommand()
            ended.setObsolete(True)
            self.push(ended)  # Qt drops the undone steps, then the obsolete command


class AddSection(FileCommand):
    """Add a section (redo restores the same section after an undo)."""

    def __init__(self, session: Session, document_id: str, parent_id: str | None,
                 position: int | None, heading: str, focus: Focus = _nowhere) -> None:
        super().__init__(f"Add section “{heading}”")
        self.session, self.document_id, self.focus = session, document_id, focus
        self.parent_id, self.position, self.heading = parent_id, position, heading
        self.section_id: str | None = None

    def forward(self) -> None:
        if self.section_id is None:
            sec = self.session.add_section(self.document_id, heading=self.heading,
                                           parent_id=self.parent_id, position=self.position)
            self.section_id = sec.id
        else:
            self.session.restore_section(self.section_id, parent_id=self.parent_id,
                                         position=self.position)
        self.focus(self.section_id)

    def back(self) -> None:
        assert self.section_id is not None
        self.session.delete_section(self.section_id)


class DeleteSection(FileCommand):
    """Delete a section and its subsections (kept in the file; undo brings them back)."""

    def __init__(self, session: Session, section_id: str, focus: Focus = _nowhere) -> None:
        super().__init__(f"Delete section “{session.section(section_id).heading}”")
        self.session, self.section_id, self.focus = session, section_id, focus
        self.parent_id, self.position = _place(session, section_id)

    def forward(self) -> None:
        self.session.delete_section(self.section_id)

    def back(self) -> None:
        self.session.restore_section(self.section_id, parent_id=self.parent_id,
                                     position=self.position)
        self.focus(self.section_id)


class DeleteDocument(FileCommand):
    """Delete a document (kept in the file; undo brings it back)."""

    def __init__(self, session: Session, document_id: str, focus: Focus = _nowhere) -> None:
        super().__init__(f"Delete document “{session.document(document_id).title}”")
        self.session, self.document_id, self.focus = session, document_id, focus

    def forward(self) -> None:
        self.session.delete_document(self.document_id)

    def back(self) -> None:
        self.session.restore_document(self.document_id)
        self.focus(self.document_id)


class MoveSection(FileCommand):
    """Move a section to a new parent and position."""

    def __init__(self, session: Session, section_id: str, parent_id: str | None,
                 position: int) -> None:
        super().__init__(f"Move section “{session.section(section_id).heading}”")
        self.session, self.section_id = session, section_id
        self.new = (parent_id, position)
        self.old = _place(session, section_id)

    def forward(self) -> None:
        self.session.move_section(self.section_id, parent_id=self.new[0],
                                  position=self.new[1])

    def back(self) -> None:
        self.session.move_section(self.section_id, parent_id=self.old[0],
                                  position=self.old[1])


class Rename(FileCommand):
    """Rename a section (its heading) or a document (its title)."""

    def __init__(self, session: Session, kind: str, object_id: str, new: str) -> None:
        super().__init__(f"Rename to “{new}”")
        self.session, self.kind, self.object_id, self.new = session, kind, object_id, new
        self.old = (session.section(object_id).heading if kind == "section"
                    else session.document(object_id).title)

    def _set(self, value: str) -> None:
        if self.kind == "section":
            self.session.update_section(self.object_id, heading=value)
        else:
            self.session.update_document(self.object_id, title=value)

    def forward(self) -> None:
        self._set(self.new)

    def back(self) -> None:
        self._set(self.old)


class FixFindings(FileCommand):
    """Apply editorial fixes as one step; undo puts every replaced text back."""

    def __init__(self, session: Session, findings: list[Finding]) -> None:
        first = findings[0]
        super().__init__(f"Fix “{first.target}” → “{first.fix}”" if len(findings) == 1
                         else f"Fix {len(findings)} editorial findings")
        self.session, self.findings = session, findings
        self.done: list[tuple[Finding, dict[str, Any]]] = []

    def forward(self) -> None:
        self.done = self.session.fix_findings(self.findings)
        if not self.done:
            self.setObsolete(True)  # nothing changed: not worth an undo step

    def back(self) -> None:
        self.session.unfix_findings(self.done)


class DecideProposals(FileCommand):
    """Accept or reject a reviewer's proposals; undo takes the decisions back."""

    def __init__(self, session: Session, proposal_ids: list[str], accept: bool) -> None:
        count = len(proposal_ids)
        super().__init__(f"{'Accept' if accept else 'Reject'} "
                         f"{'proposal' if count == 1 else f'{count} proposals'}")
        self.session, self.ids, self.accept = session, proposal_ids, accept
        self.decided: list[Any] = []
        self.problems: list[str] = []

    def forward(self) -> None:
        ids = [p.id for p in self.decided] or self.ids
        self.decided, problems = self.session.decide_proposals(ids, accept=self.accept)
        self.problems = self.problems or problems
        if not self.decided:
            self.setObsolete(True)  # nothing happened: no step to undo

    def back(self) -> None:
        self.session.reopen_proposals(self.decided)
