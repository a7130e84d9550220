"""Files for the window: open (vetted, locked, asking who you are), close, copies, shares."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.core.document.service import default_author
from app.core.errors import RapporteurError, ReadOnlyError
from app.core.sharing.locking import LockedError
from app.ui.session import Session

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

SUFFIXES = ("rapporteur", "sqlite", "db")  # what File > Open offers first
FILE_FILTER = f"Rapporteur files ({' '.join('*.' + s for s in SUFFIXES)});;All files (*)"


class FileControl(QObject):
    """Opens and closes the window's file, writes copies, and puts share copies back."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win

    def open_path(self, path: Path | str, *, readonly: bool = False) -> bool:
        """Open a file (after vetting it); return whether it is now open."""
        path = Path(path)
        if not self.close_file():
            return False
        author = self.author_name()
        if not author and not readonly:
            self.win.status.flash("Rapporteur needs your name to stamp your changes: the file "
                              "was not opened.", error=True)
            return False
        try:
            session = Session.open(path, author=author or default_author(), readonly=readonly)
        except LockedError as exc:
            if not self.win.ask(f"{exc}.\n\nOpen it read-only?"):
                return False
            return self.open_path(path, readonly=True)
        except ReadOnlyError:
            return self.open_path(path, readonly=True)
        except RapporteurError as exc:
            self.win.warn(f"Rapporteur cannot open this file.\n\n{exc}")
            return False
        self.win.session = session
        self.start_spelling(session)
        session.changed.connect(self.win._file_changed)
        session.save_failed.connect(self.save_failed)
        session.published.connect(self.published)
        session.changed_on_disk.connect(self.win.merges.changed_on_disk)
        self.win.prefs.remember_file(path)
        self.show_banner()
        self.win.nav.reload()
        self.win.nav.select_initial()
        self.win._update_title()
        self.win._update_enabled()
        self.win.pdf.refresh_preview()
        self.win.conflicts.refresh(self.win.session)
        self.win.proposals.refresh(self.win.session)
        self.win.contributions.refresh(self.win.session)
        return True

    def author_name(self) -> str:
        """Return the user's name, asking for it once when it was never given."""
        import os

        if not self.win.prefs.author:
            named = os.environ.get("RAPPORTEUR_AUTHOR", "").strip()
            if named:
                return named
            self.win.ask_identity()
        return self.win.prefs.author

    def start_spelling(self, session: Session) -> None:
        """Check spelling with the file's own dictionary words; keep added words in it."""
        from app.core.text.spelling import Speller

        speller = Speller()
        speller.set_user_words(session.dictionary_words())
        self.win.control.speller = speller

        def keep(word: str) -> None:
            try:
                session.add_dictionary_word(word)
            except RapporteurError as exc:
                self.win.status.flash(str(exc), error=True)

        self.win.editor.add_to_dictionary = None if session.readonly else keep

    def close_file(self) -> bool:
        """Save everything and close the open file; never asks "save?"."""
        if self.win.session is None:
            return True
        self.win.properties.flush()
        if not self.win.control.flush() and not self.win.ask(
                "Some changes could not be saved (see the status bar). Close anyway? "
                "Unsaved text will be lost unless you Save a Copy first."):
            return False
        shown = self.win.control.section_id
        if shown:
            self.win.prefs.last_sections[str(self.win.session.path.resolve())] = shown
        self.win.control.reset()
        self.win.undo_stack.clear()
        self.win.publish_timer.stop()
        try:
            self.win.session.close()
            published = self.win.session.last_publish
            if published is not None:
                self.win.status.flash(published.message, error=published.conflict)
        except RapporteurError as exc:
            self.win.status.flash(str(exc), error=True)
        finally:
            self.win.session = None
        self.win.model.set_documents([])
        self.win._shown_document = None
        self.win.pdf.build, self.win.pdf.build_stale = None, True
        self.win.pdf.build_timer.stop()
        self.win.properties.show_document(None)
        self.win.history.show_section(None, None)
        self.win.comments.show_section(None, None)
        self.win.conflicts.refresh(None)
        self.win.proposals.document_id = None
        self.win.proposals.refresh(None)
        self.win.contributions.refresh(None)
        self.win.banner.hide()
        self.win._update_title()
        self.win._update_enabled()
        return True

    def save_copy(self) -> None:
        """Write a consistent copy of the open file under a new name."""
        if self.win.session is None:
            return
        out = self.win.choose_save_path("Save a Copy As", self.win.session.path.with_name(
            self.win.session.path.stem + " (copy).rapporteur"), FILE_FILTER)
        if out is None:
            return
        self.win.control.flush()
        try:
            self.win.session.save_copy(out)
            self.win.session.write_unsaved_into(out, self.win.control.unsaved())
        except RapporteurError as exc:
            self.win.warn(f"The copy could not be written.\n\n{exc}")
            return
        self.win.status.flash(f"Copy saved: {out}")

    def publish_now(self) -> None:
        """Publish the working copy of a file on a share when editing has paused."""
        if self.win.session is not None and self.win.session.working is not None:
            self.win.session.publish()

    def published(self, result: object) -> None:
        """Say where a working copy went; offer to merge when the share had changed."""
        if getattr(result, "conflict", False):
            self.win.status.flash(str(getattr(result, "message", "")), error=True)
            copy = getattr(result, "copy", None)
            question = (f"The file changed on the share while you worked. Your version was "
                        f"saved as {copy.name if copy else 'a copy'}.\n\n"
                        "Merge the version on the share into yours now?")
            if copy is not None and self.win.ask(question):
                self.merge_share_into_copy(copy)
        else:
            self.win.status.flash(f"Published to {getattr(result, 'remote', '')}")

    def merge_share_into_copy(self, copy: Path) -> None:
        """Open the kept copy and merge the share's version into it."""
        assert self.win.session is not None
        remote = self.win.session.path
        if self.open_path(copy):
            self.win.merges.merge_copy(remote)

    def save_failed(self, message: str) -> None:
        self.win.status.flash(f"Not saved: {message}. Your text is kept in the editor; "
                          "free some space or Save a Copy.", error=True)

    def show_banner(self) -> None:
        """Show the read-only banner when the file cannot be written."""
        if self.win.session is not None and self.win.session.readonly:
            self.win.banner_text.setText(
                f"{self.win.session.path.name} is open read-only: changes cannot be saved to it. "
                "Save a Copy to work on your own version.")
            self.win.banner.show()
        else:
            self.win.banner.hide()
