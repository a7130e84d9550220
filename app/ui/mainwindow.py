"""The main window: outline, editor, properties and preview, menus and the status bar."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QTabWidget,
)

from app import __version__
from app.core import preferences
from app.core.errors import NotFoundError, RapporteurError
from app.core.render.worker import RenderPool
from app.ui import wordactions
from app.ui.changes import Changes
from app.ui.checkscontrol import ChecksControl
from app.ui.checkspanel import ChecksPanel
from app.ui.collectcontrol import CollectControl
from app.ui.commands import FileCommand, SavingUndoStack
from app.ui.commentpanel import CommentPanel
from app.ui.compilepanel import CompilePanel
from app.ui.conflictpanel import ConflictPanel
from app.ui.contributionspanel import ContributionsPanel
from app.ui.editor.editor import SectionEditor
from app.ui.editorcontrol import EditorControl
from app.ui.elided import ElidedLabel
from app.ui.filecontrol import FileControl
from app.ui.historypanel import HistoryPanel
from app.ui.layout import build_layout, make_banner
from app.ui.menus import build_menus
from app.ui.mergecontrol import MergeControl
from app.ui.outline import OutlineModel, OutlineView
from app.ui.outlinecontrol import OutlineControl
from app.ui.preview import PreviewPanel
from app.ui.previewcontrol import PreviewControl
from app.ui.properties import PropertiesPanel
from app.ui.proposalpanel import ProposalPanel
from app.ui.session import Session
from app.ui.statusbar import StatusLine
from app.ui.toolbar import build_toolbar

COUNTS_IDLE_MS = 250  # word counts are brought up to date this long after typing stops


class MainWindow(QMainWindow):
    """One window on one open file."""

    recent_menu: QMenu  # File > Open Recent, filled when it opens (build_menus)
    tabs: QTabWidget  # the right-hand panels (build_layout)
    right: QSplitter  # the tabs over the preview
    splitter: QSplitter  # outline | editor | right

    imported = Signal(str)
    merged = Signal(str)

    def __init__(self, prefs: preferences.Preferences | None = None,
                 pool: RenderPool | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.files, self.merges = FileControl(self), MergeControl(self)
        self.nav, self.pdf = OutlineControl(self), PreviewControl(self)
        self.checker, self.collector = ChecksControl(self), CollectControl(self)
        self.prefs = prefs or preferences.load()
        self.pool = pool
        self.session: Session | None = None
        self.busy: str | None = None  # why writing is paused (a merge running), or None
        self._shown_document: str | None = None
        self.counts_timer = QTimer(self, singleShot=True, interval=COUNTS_IDLE_MS)
        self.counts_timer.timeout.connect(self._update_counts)
        self.publish_timer = QTimer(self, singleShot=True, interval=5000)
        self.publish_timer.timeout.connect(self.files.publish_now)
        self.undo_stack = SavingUndoStack(lambda: self.control.flush(), self)
        FileCommand.report = lambda message: self.status.flash(message, error=True)
        self.last_command = 0.0  # monotonic time the undo stack last moved
        self.undo_stack.indexChanged.connect(self._command_done)
        self.model = OutlineModel(self)
        self.outline = OutlineView(self)
        self.outline.setModel(self.model)
        self.editor = SectionEditor(self)
        self.control = EditorControl(self.editor, lambda: self.session)
        self.editor_header = ElidedLabel(self)
        self.editor_header.setObjectName("editorHeader")
        self.editor_header.setStyleSheet("#editorHeader { padding: 6px 10px; font-weight: 600; }")
        self.properties = PropertiesPanel(self)
        self.preview = PreviewPanel(pool, self)
        self.status = StatusLine(self)
        self.history = HistoryPanel(self)
        self.conflicts = ConflictPanel(self)
        self.proposals = ProposalPanel(self)
        self.comments = CommentPanel(self.editor, self)
        self.checks = ChecksPanel(self)
        self.compile = CompilePanel(self)
        self.contributions = ContributionsPanel(self)
        self.banner, self.banner_text = make_banner(self)
        build_layout(self)
        self.needs: dict[str, str] = {}  # command name: "file" or "writable" (build_menus)
        self.command_actions: dict[str, QAction] = build_menus(self)
        self.toolbar_actions: dict[str, QAction] = {}
        build_toolbar(self)
        self._connect()
        self.setAcceptDrops(True)
        self.resize(1400, 880)
        self._restore_geometry()
        self._update_title()
        self._update_enabled()
        self.control.reset()

    def open_path(self, path: Path | str, *, readonly: bool = False) -> bool:
        """Open a file (after vetting it); return whether it is now open."""
        return self.files.open_path(path, readonly=readonly)

    def close_file(self) -> bool:
        """Save everything and close the open file; never asks "save?"."""
        return self.files.close_file()

    def _connect(self) -> None:
        """Wire the panels together."""
        self.outline.selectionModel().currentChanged.connect(self._outline_current)
        self.outline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.outline.customContextMenuRequested.connect(self.nav.context_menu)
        self.model.move_requested.connect(self.nav.move_requested)
        self.model.rename_requested.connect(self.nav.rename_requested)
        self.control.text_changed.connect(self.counts_timer.start)
        self.control.text_changed.connect(self.undo_stack.drop_redo)
        self.control.preview_due.connect(self.pdf.refresh_preview)
        self.control.saved.connect(self._saved)
        self.properties.changed.connect(self._properties_changed)
        self.properties.language_changed.connect(self._language_changed)
        self.preview.rendered.connect(self.pdf.rendered)
        self.editor.paste_refused.connect(lambda text: self.status.flash(text, error=True))
        self.editor.footnotes_changed.connect(self.pdf.refresh_preview)
        self.control.section_shown.connect(self._section_shown)
        self.control.released.connect(self._editor_released)
        self.control.saved.connect(self._refresh_history)
        self.history.restore_requested.connect(self.merges.restore_revision)
        self.conflicts.resolve_requested.connect(self.merges.resolve_conflict)
        self.conflicts.show_section.connect(self.nav.select)
        self.proposals.decide_requested.connect(
            lambda proposal_id, accept: wordactions.decide(self, proposal_id, accept))
        self.proposals.decide_all_requested.connect(
            lambda ids, accept: wordactions.decide_many(self, ids, accept))
        self.proposals.go_to_section.connect(self.nav.select)
        self.checks.go_to.connect(self.checker.go_to)
        self.checks.fix_requested.connect(self.checker.fix)
        self.checks.check_requested.connect(self.checker.check_now)
        self.contributions.collect_requested.connect(lambda: self.collector.collect())
        self.contributions.export_requested.connect(lambda: self.collector.export_csv())
        self.control.saved.connect(self.checker.soon)
        self.tabs.currentChanged.connect(lambda _index: self.checker.soon())
        self.compile.pull_requested.connect(self._pull)
        self.editor.pull_dropped.connect(self._pull)

    # files

    def _section_shown(self, section_id: str) -> None:
        """Keep the header, History and Comments panels on the shown section."""
        from app.core.text.snippets import words_around

        self._update_header()
        self.history.show_section(self.session, section_id)
        self.comments.show_section(self.session, section_id)
        self.compile.show_section(self.session, section_id)
        self.proposals.show_section(self.session, section_id)
        cursor = self.editor.textCursor().position()
        self.preview.show_text(words_around(self.editor.toPlainText(), cursor), section_id)

    def _editor_released(self, _message: str) -> None:
        """The editor shows no section: neither do History and Comments."""
        self._update_header()
        self.history.show_section(None, None)
        self.comments.show_section(None, None)
        self.compile.show_section(None, None)

    def _update_header(self) -> None:
        """Name the document and section being edited above the editor."""
        document_id = self.nav.current_document_id() if self.session else None
        if self.session is None or document_id is None:
            self.editor_header.set_full_text("")
            return
        try:
            title = self.session.document(document_id).title or "(untitled document)"
            shown = self.control.section_id
            heading = (self.session.section(shown).heading or "(untitled section)" if shown
                       else "")
        except NotFoundError:  # deleted meanwhile; the outline's reload moves on
            self.editor_header.set_full_text("")
            return
        self.editor_header.set_full_text(f"{title}  ›  {heading}" if heading else title)

    def _refresh_history(self) -> None:
        """Refresh the History panel after a save."""
        if self.control.section_id:
            self.history.show_section(self.session, self.control.section_id)

    # outline

    def _outline_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        """Show the chosen section, or the chosen document's properties."""
        if self.session is None or not current.isValid():
            return
        node = self.model.node(current)
        document_id = node.document_id
        if self._shown_document != document_id:
            self.properties.flush()  # typing still pending belongs to the document left
            self._shown_document = document_id
            self.pdf.build, self.pdf.build_stale = None, True
            self.properties.show_document(self.session.document(document_id),
                                          readonly=self.session.readonly)
        if node.kind == "section":
            self.control.show_section(node.id)
            self.editor.setFocus()
        else:
            self.control.flush()
            self.control.release(f"Select a section of “{node.title}” to write in it, or add "
                                 "one with Insert ▸ Section.")
        self.pdf.refresh_preview()
        self._update_counts()
        self.checker.soon()

    def edit_preferences(self) -> None:
        """Show the preferences dialog; the new author applies to the open file."""
        from app.ui.prefsdialog import PreferencesDialog

        dialog = PreferencesDialog(self.prefs, self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            dialog.apply()
            if self.session is not None and self.prefs.author:
                self.session.author = self.prefs.author

    def _command_done(self) -> None:
        """Remember when the undo stack moved, for Edit > Undo to pick the latest change."""
        self.last_command = time.monotonic()
        self.status.withdraw_undo()

    def _file_changed(self, changes: Changes | None = None) -> None:
        """Refresh the panels a change concerns (everything when it is not said)."""
        changes = changes or Changes.all()
        if self.session is None:
            return
        if changes.touches_document(self.nav.current_document_id()) or changes.sections:
            self.pdf.build_stale = True  # page offsets may have moved
        if changes.outline_moved():
            self.nav.reload()
        self._reload_sections(changes)
        document_id = self.properties.document_id
        if document_id in self.model.documents_shown() and changes.touches_document(document_id):
            self.properties.refresh(self.session.document(document_id),
                                    readonly=self.session.readonly)
        if changes.conflicts:
            self.conflicts.refresh(self.session)
        if changes.touches_proposals():
            self.proposals.refresh(self.session)
        if changes.touches_tracker():
            self.contributions.refresh(self.session)
        shown = self.control.section_id
        if shown and changes.touches_section(shown):
            self.history.show_section(self.session, shown)
        if shown and changes.touches_comments(shown):
            self.comments.show_section(self.session, shown)
        self.compile.show_section(self.session, shown)
        self._update_header()
        self._update_counts()
        self.checker.soon()
        self.pdf.refresh_preview()

    def _pull(self, source_id: str, paragraph: int) -> None:
        """Pull a contribution's paragraph to the end of the section being edited."""
        into = self.control.section_id
        if self.session is not None and into is not None:
            self.control.flush()
            try:
                self.session.pull(into, source_id, paragraph)
            except RapporteurError as exc:
                self.warn(str(exc))

    def show_nothing(self) -> None:
        """The file has no document left: clear the properties, the editor and the preview."""
        self.control.flush()
        self._shown_document = None
        self.properties.show_document(None)
        self.control.release("This file has no documents left. Edit ▸ Undo brings back "
                             "the last one deleted; File ▸ Import adds one.")
        self.pdf.refresh_preview()

    def _reload_sections(self, changes: Changes) -> None:
        """Reload the editor's copy of changed sections; forget deleted ones (never unsaved)."""
        unsaved = self.control.unsaved()
        shown = self.control.section_id
        for section_id in list(self.control.documents):
            gone = not self.model.index_of(section_id).isValid()
            if section_id not in unsaved and (gone or changes.touches_body(section_id)):
                self.control.drop(section_id)
        if shown and self.control.section_id is None and self.model.index_of(shown).isValid():
            self.control.show_section(shown)

    # properties and preview

    def _properties_changed(self, title: str, fields: dict[str, Any]) -> None:
        """Store the title and fields of the document the panel shows."""
        self._update_shown_document(title=title, fields=fields)

    def _language_changed(self, language: str) -> None:
        """Store the language of the document the panel shows."""
        self._update_shown_document(language=language)

    def _update_shown_document(self, **values: Any) -> None:
        """Write the properties panel's values into its own document, never another."""
        document_id = self.properties.document_id
        if self.session is None or self.session.readonly or document_id is None:
            return
        try:
            self.session.update_document(document_id, **values)
        except RapporteurError as exc:
            self.status.flash(str(exc), error=True)

    # status

    def _update_counts(self) -> None:
        """Show section and document word counts as the template's limit counts them.

        A section counts its heading and body, footnotes included; a document adds its
        title: the outline, the status bar and the render warning all agree.
        """
        from app.core.render.html import body_words

        document_id = self.nav.current_document_id()
        if self.session is None or document_id is None:
            self.status.set_words(None, None, None)
            return
        section_words = budget = None
        body = self.control.current_body()
        shown = self.control.section_id if body is not None else None
        if body is not None and shown:
            section = self.session.section(shown)
            section_words = len(section.heading.split()) + body_words(body)
            budget = section.word_budget
            self.model.set_words(shown, section_words)
        document = self.session.document(document_id)
        total = len(document.title.split()) + sum(
            section_words if s.id == shown and section_words is not None
            else len(s.heading.split()) + body_words(s.body)
            for s in document.all_sections())
        self.status.set_words(section_words, total, self.session.word_limit(document_id), budget)

    def _saved(self) -> None:
        self.status.set_saved()
        if self.session is not None and self.session.working is not None:
            self.publish_timer.start()

    def _update_title(self) -> None:
        """Put the file name in the window title."""
        if self.session is None:
            self.setWindowTitle("Rapporteur")
            return
        suffix = " [read-only]" if self.session.readonly else ""
        self.setWindowTitle(f"{self.session.path.name}{suffix} — Rapporteur")

    def _update_enabled(self) -> None:
        """Enable the actions that make sense now."""
        open_ = self.session is not None
        writable = self.session is not None and not self.session.readonly and not self.busy
        for name, needs in self.needs.items():
            self.command_actions[name].setEnabled(open_ if needs == "file" else bool(writable))

    def set_busy(self, message: str | None) -> None:
        """Pause every way of writing while a merge runs (message), or resume (None)."""
        self.busy = message
        paused = self.control.paused = message is not None
        readonly = self.session is None or self.session.readonly
        self.editor.setReadOnly(paused or readonly or self.control.section_id is None)
        self.model.readonly = paused or readonly
        self.properties.setEnabled(not paused)
        self.conflicts.setEnabled(not paused)
        self.proposals.setEnabled(not paused)
        self._update_enabled()
        self.status.flash(message or "")

    # dialogs (tests replace these)

    def ask(self, question: str) -> bool:
        """Ask a yes/no question."""
        answer = QMessageBox.question(self, "Rapporteur", question)
        return answer == QMessageBox.StandardButton.Yes

    def warn(self, message: str) -> None:
        """Show a readable error."""
        QMessageBox.warning(self, "Rapporteur", message)

    def ask_identity(self) -> None:
        """Ask for the author's name and entity (first launch); saved in preferences."""
        from app.ui.prefsdialog import PreferencesDialog

        dialog = PreferencesDialog(self.prefs, self, welcome=True)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            dialog.apply()

    def choose_save_path(self, title: str, suggestion: Path, filters: str) -> Path | None:
        """Ask where to save."""
        name, _ = QFileDialog.getSaveFileName(self, title, str(suggestion), filters)
        return Path(name) if name else None

    def choose_open_path(self, title: str, filters: str) -> Path | None:
        """Ask which file to open."""
        name, _ = QFileDialog.getOpenFileName(self, title, "", filters)
        return Path(name) if name else None

    # window

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a file dragged onto the window."""
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Collect contributions dropped onto an open file (after asking), else open one."""
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.collector.dropped(paths)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save, close the file, remember the layout; stop an export still building."""
        if not self.files.close_file():
            event.ignore()
            return
        if self.pdf.exporting is not None:
            self.pdf.exporting.cancel()  # else the app would wait for it on quitting
        self.pdf.close_pool()  # (an export being cancelled stops its workers itself)
        self.prefs.window = {"geometry": bytes(self.saveGeometry().toBase64().data()).decode(),
                             "splitter": self.splitter.sizes(), "right": self.right.sizes()}
        preferences.save(self.prefs)
        event.accept()

    def _restore_geometry(self) -> None:
        """Bring back the window's size and splitter positions."""
        saved = self.prefs.window
        if isinstance(saved.get("geometry"), str):
            self.restoreGeometry(QByteArray.fromBase64(saved["geometry"].encode()))
        if isinstance(saved.get("splitter"), list) and len(saved["splitter"]) == 3:
            self.splitter.setSizes([int(v) for v in saved["splitter"]])
        if isinstance(saved.get("right"), list) and len(saved["right"]) == 2:
            self.right.setSizes([int(v) for v in saved["right"]])

    def about(self) -> None:
        """Show the About box."""
        QMessageBox.about(self, "About Rapporteur",
                          f"<b>Rapporteur {__version__}</b><p>Draft, share, merge and typeset "
                          "report contributions in one file.</p>")

