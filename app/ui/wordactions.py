"""File ▸ Export Word… and File ▸ Import Reviewed Word File…: the work runs off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.core.errors import RapporteurError
from app.ui.background import in_thread

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

WORD_FILTER = "Word document (*.docx)"


def export_word(win: MainWindow, out: Path | None = None) -> bool:
    """Write the current document as a Word file."""
    session, document_id = win.session, win.nav.current_document_id()
    if session is None or not document_id:
        win.status.flash("Select a document to export", error=True)
        return False
    win.control.flush()
    if out is None:
        title = session.document(document_id).title or "document"
        out = win.choose_save_path("Export Word", session.path.with_name(f"{title[:60]}.docx"),
                                   WORD_FILTER)
        if out is None:
            return False
    task = session.word_export_task(document_id, out)
    win.status.flash(f"Writing {out.name}…")
    in_thread(win, task, lambda result: _exported(win, out, result))
    return True


def _exported(win: MainWindow, out: Path, result: object) -> None:
    """UI thread: say how the export went."""
    if isinstance(result, RapporteurError):
        win.warn(f"{out.name} could not be written.\n\n{result}")
        return
    win.status.flash(f"Exported {out.name}")


def import_review(win: MainWindow, source: Path | None = None) -> bool:
    """Bring a reviewer's Word file in as proposals and comments."""
    session = win.session
    if session is None or session.readonly:
        return False
    source = source or win.choose_open_path("Import Reviewed Word File", WORD_FILTER)
    if source is None:
        return False
    win.control.flush()
    try:
        task = session.review_task(source)
    except RapporteurError as exc:
        win.warn(f"{source.name} could not be imported.\n\n{exc}")
        return False
    win.status.flash(f"Reading the review in {source.name}…")
    in_thread(win, task, lambda job: _reviewed(win, source, job))
    return True


def _reviewed(win: MainWindow, source: Path, job: object) -> None:
    """UI thread: store the computed review and report."""
    try:
        if isinstance(job, RapporteurError):
            raise job
        if win.session is None or win.session.readonly:
            return
        result = win.session.store_review(job)
    except RapporteurError as exc:
        win.warn(f"{source.name} could not be imported.\n\n{exc}")
        return
    notes = f" ({'; '.join(result.notes)})" if result.notes else ""
    win.status.flash(f"{result.describe()}: decide in the Proposals tab{notes}")
    win.tabs.setCurrentWidget(win.proposals)
    win.proposals.show_document(win.session, result.document_id)


def decide(win: MainWindow, proposal_id: str, accept: bool) -> None:
    """Accept (a revision by the reviewer) or reject one proposal."""
    decide_many(win, [proposal_id], accept)


def decide_many(win: MainWindow, proposal_ids: list[str], accept: bool) -> None:
    """Accept or reject proposals as one undoable step; say why any stayed open."""
    from app.ui.commands import DecideProposals

    session = win.session
    if session is None or session.readonly or not proposal_ids:
        return
    if not win.control.flush():
        win.warn("Nothing was decided: your latest text could not be saved.")
        return
    command = DecideProposals(session, list(proposal_ids), accept)
    win.undo_stack.push(command)
    done = len(command.decided)
    verb = "accepted" if accept else "rejected"
    win.status.flash(f"{done} proposal{'s' * (done != 1)} {verb} (Edit ▸ Undo takes "
                     f"{'it' if done == 1 else 'them'} back)" if done else
                     f"No proposal {verb}")
    if command.problems:
        count = len(command.problems)
        win.warn(f"{count} proposal{'s' * (count != 1)} stayed open:\n\n"
                 + "\n".join(command.problems[:10]))
