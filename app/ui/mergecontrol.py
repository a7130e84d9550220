"""Merging for the window: a colleague's copy, outside writes, conflicts, earlier versions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.core.errors import RapporteurError
from app.core.render.worker import RenderOutcome
from app.ui.filecontrol import FILE_FILTER
from app.ui.statusbar import plural

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow


class MergeControl(QObject):
    """Brings other versions in: merges, writes by other programs, conflict choices."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self._asking = False  # a question about an outside write is open

    def merge_copy(self, theirs: Path | None = None) -> None:
        """Merge a colleague's copy into the open file, off the UI thread."""
        if self.win.session is None or self.win.session.readonly:
            return
        theirs = theirs or self.win.choose_open_path("Merge a Colleague's Copy", FILE_FILTER)
        if theirs is None:
            return
        from app.ui.background import in_thread

        self.win.properties.flush()
        if not self.win.control.flush():
            self.win.warn(f"{theirs.name} was not merged: your latest text could not be "
                          "saved (see the status bar).")
            return
        session = self.win.session
        self.win.set_busy(f"Merging {theirs.name}… (writing resumes when it is done)")
        in_thread(self, session.merge_task(theirs),
                  lambda outcome: self._merge_done(session, theirs, outcome))

    def _merge_done(self, session: object, theirs: Path, outcome: object) -> None:
        """UI thread: end the pause, then show the merge if its file is still the one open."""
        self.win.set_busy(None)
        if self.win.session is session:  # else the file was closed meanwhile: the merge is in it
            self.merged(theirs, outcome)

    def merged(self, theirs: Path, outcome: object) -> None:
        """UI thread: show what a merge did, and its conflicts."""
        from app.core.sharing.filemerge import MergeSummary

        if not isinstance(outcome, MergeSummary):  # a RapporteurError, or how the worker failed
            reason = outcome.error if isinstance(outcome, RenderOutcome) else outcome
            self.win.warn(f"{theirs.name} was not merged.\n\n{reason}")
            return
        current = self.win.control.section_id
        unsaved, bases = self.win.control.unsaved(), dict(self.win.control.saved_bodies)
        self.win.control.reset()
        if self.win.session is not None:
            self.win.session.merged()  # the merge wrote through its own connection
            self.keep_unsaved(unsaved, bases)
        if current and self.win.model.index_of(current).isValid():
            self.win.control.show_section(current)
        count = self.win.conflicts.refresh(self.win.session)
        summary = "\n".join(outcome.lines())
        self.win.status.flash(f"Merged {theirs.name}: {plural(count, 'conflict')}")
        if self.win.session is not None and self.win.session.working is not None:
            self.win.publish_timer.start()  # the share gets the merged file soon
        if count:
            self.win.tabs.setCurrentWidget(self.win.conflicts)
            self.win.conflicts.go_to_current()
        self.win.merged.emit(summary)

    def resolve_conflict(self, conflict_id: str, choice: str, value: object) -> None:
        """Resolve one conflict and show the result."""
        if self.win.session is None or self.win.session.readonly:
            return
        if not self.win.control.flush():
            self.win.warn("The conflict was not settled: your latest text could not be saved.")
            return
        try:
            self.win.session.resolve_conflict(conflict_id, choice, None if value is None
                                          else str(value))
        except RapporteurError as exc:
            self.win.warn(str(exc))

    def restore_revision(self, revision_id: str) -> None:
        """Make an earlier revision the current version (a new revision; nothing lost)."""
        section_id = self.win.control.section_id
        if self.win.session is None or self.win.session.readonly or section_id is None:
            return
        if not self.win.control.flush():
            self.win.warn("The earlier version was not restored: your latest text could not "
                          "be saved (see the status bar).")
            return
        try:
            restored = self.win.session.restore_revision(section_id, revision_id)
        except RapporteurError as exc:
            self.win.warn(f"The earlier version was not restored: {exc}")
            return
        if restored:
            self.win.status.flash("Earlier version restored (the current one stays in History)")

    def changed_on_disk(self) -> None:
        """Another program wrote the file: keep both texts as conflicts, if the user agrees."""
        if self.win.session is None or self._asking:
            return
        self._asking = True
        try:
            name = self.win.session.path.name
            if not self.win.ask(f"{name} was changed by another program while "
                                "it was open. Nothing was overwritten.\n\nKeep both versions "
                                "(yours in the text, theirs in Conflicts) and choose there?"):
                return
            self.win.session.accept_outside_changes()
            shown = self.win.control.section_id
            unsaved, bases = self.win.control.unsaved(), dict(self.win.control.saved_bodies)
            self.win.control.reset()
            self.keep_unsaved(unsaved, bases)
            self.win._file_changed()
            if shown and self.win.model.index_of(shown).isValid():
                self.win.nav.select(shown)
                self.win.control.show_section(shown)
            if self.win.conflicts.refresh(self.win.session):
                self.win.tabs.setCurrentWidget(self.win.conflicts)
                self.win.conflicts.go_to_current()
        finally:
            self._asking = False

    def keep_unsaved(self, unsaved: dict[str, str], bases: dict[str, str]) -> None:
        """Write the editor's unsaved text into the file as another writer left it."""
        assert self.win.session is not None
        if self.win.session.keep_unsaved(unsaved, bases):
            self.win.status.flash("A section deleted in the other version was kept: it held "
                              "text you had not saved yet.")
