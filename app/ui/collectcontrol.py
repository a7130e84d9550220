"""Collecting contributions for the window: choose sources, collect off the UI thread, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.core.errors import RapporteurError
from app.ui.statusbar import plural

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

SOURCE_FILTER = "Contributions (*.rapporteur *.docx *.md *.markdown *.json);;All files (*)"


class CollectControl(QObject):
    """File ▸ Collect Contributions… and the Contributions panel's buttons."""

    collected = Signal(str)  # the summary, one line per source

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win

    def collect(self, sources: list[Path] | None = None) -> None:
        """Collect contributions from files or a folder into the open file."""
        if self.win.session is None or self.win.session.readonly or self.win.busy:
            return
        sources = sources or self.choose_sources()
        if not sources:
            return
        from app.ui.background import in_thread

        self.win.properties.flush()
        if not self.win.control.flush():
            self.win.warn("Nothing was collected: your latest text could not be saved "
                          "(see the status bar).")
            return
        session = self.win.session
        self.win.set_busy("Collecting contributions… (writing resumes when it is done)")
        in_thread(self, session.collect_task(sources),
                  lambda outcome: self._done(session, outcome))

    def dropped(self, paths: list[Path]) -> None:
        """Files or folders dropped on the window: collect them into the open file, or open."""
        session = self.win.session
        single_file = len(paths) == 1 and paths[0].suffix.lower() == ".rapporteur"
        if session is not None and not session.readonly:
            names = ", ".join(p.name for p in paths[:3]) + ("…" if len(paths) > 3 else "")
            question = f"Collect {names} into {session.path.name} as contributions?"
            if single_file:
                question += "\n\nNo opens it instead."
            if self.win.ask(question):
                self.collect(paths)
                return
        if single_file:
            self.win.files.open_path(paths[0])

    def choose_sources(self) -> list[Path]:
        """Ask for contribution files, or for a folder of them."""
        box = QMessageBox(QMessageBox.Icon.Question, "Collect Contributions",
                          "Collect from chosen files, or from every contribution in a "
                          "folder (and its subfolders)?", parent=self.win)
        files = box.addButton("Files…", QMessageBox.ButtonRole.AcceptRole)
        folder = box.addButton("Folder…", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        if box.clickedButton() is files:
            names, _ = QFileDialog.getOpenFileNames(self.win, "Collect Contributions", "",
                                                    SOURCE_FILTER)
            return [Path(n) for n in names]
        if box.clickedButton() is folder:
            name = QFileDialog.getExistingDirectory(self.win, "Collect Contributions")
            return [Path(name)] if name else []
        return []

    def _done(self, session: object, outcome: object) -> None:
        """UI thread: end the pause and show what the collection did."""
        from app.core.compile.collect import CollectReport

        self.win.set_busy(None)
        if self.win.session is not session or self.win.session is None:
            return  # the file was closed meanwhile: the collection is in it
        if not isinstance(outcome, CollectReport):
            self.win.warn(f"Nothing was collected.\n\n{outcome}")
            return
        self.win.control.reset()
        self.win.session.collected()
        self.win.tabs.setCurrentWidget(self.win.contributions)
        lines = "\n".join(r.line() for r in outcome.results)
        if outcome.exit_code == 2:
            self.win.warn(f"Some sources were skipped:\n\n{lines}")
        elif outcome.open_conflicts:
            self.win.conflicts.refresh(self.win.session)
            self.win.tabs.setCurrentWidget(self.win.conflicts)
        self.win.status.flash(f"Collected {plural(len(outcome.results), 'source')}"
                              + (f"; {outcome.open_conflicts} with conflicts"
                                 if outcome.open_conflicts else ""))
        self.collected.emit(lines)

    def export_csv(self, out: Path | None = None) -> None:
        """Write the tracker as CSV."""
        if self.win.session is None:
            return
        out = out or self.win.choose_save_path(
            "Export Contributions as CSV", self.win.session.path.with_suffix(".csv"),
            "CSV files (*.csv)")
        if out is None:
            return
        try:
            out.write_text(self.win.session.contributors_csv(), encoding="utf-8")
        except OSError as exc:
            self.win.warn(f"{out.name} was not written: {exc.strerror or exc}")
            return
        except RapporteurError as exc:
            self.win.warn(str(exc))
            return
        self.win.status.flash(f"Contributions exported to {out.name}")
