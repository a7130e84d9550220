"""The main window: outline, editor, properties and preview, menus and the status bar."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QByteArray, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.core import preferences
from app.core.errors import RapporteurError, ReadOnlyError
from app.core.render.worker import RenderOutcome, RenderPool
from app.core.sharing.locking import LockedError
from app.ui import commands
from app.ui.changes import Changes
from app.ui.commentpanel import CommentPanel
from app.ui.conflictpanel import ConflictPanel
from app.ui.editor.editor import SectionEditor
from app.ui.editorcontrol import EditorControl
from app.ui.elided import ElidedLabel
from app.ui.historypanel import HistoryPanel
from app.ui.menus import build_menus
from app.ui.outline import OutlineModel, OutlineView
from app.ui.preview import FutureWatcher, PreviewPanel
from app.ui.properties import PropertiesPanel
from app.ui.session import Session
from app.ui.statusbar import StatusLine
from app.ui.toolbar import build_toolbar

FILE_FILTER = "Rapporteur files (*.rapporteur *.sqlite *.db);;All files (*)"
COUNTS_IDLE_MS = 250  # word counts are brought up to date this long after typing stops


class MainWindow(QMainWindow):
    """One window on one open file."""

    imported = Signal(str)
    merged = Signal(str)

    def __init__(self, prefs: preferences.Preferences | None = None,
                 pool: RenderPool | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.prefs = prefs or preferences.load()
        self.pool = pool
        self.session: Session | None = None
        self._shown_document: str | None = None
        self.build: object = None
        self.build_stale = True
        self.building = False
        self.build_timer = QTimer(self, singleShot=True, interval=2500)
        self.build_timer.timeout.connect(self.full_build)
        self.counts_timer = QTimer(self, singleShot=True, interval=COUNTS_IDLE_MS)
        self.counts_timer.timeout.connect(self._update_counts)
        self.publish_timer = QTimer(self, singleShot=True, interval=5000)
        self.publish_timer.timeout.connect(self._publish_now)
        self.undo_stack = QUndoStack(self)
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
        self._preview_document: str | None = None
        self.properties = PropertiesPanel(self)
        self.preview = PreviewPanel(pool, self)
        self.status = StatusLine(self)
        self.history = HistoryPanel(self)
        self.conflicts = ConflictPanel(self)
        self.comments = CommentPanel(self.editor, self)
        self.banner = self._make_banner()
        self._build_layout()
        self.actions: dict[str, QAction] = build_menus(self)
        self.toolbar_actions: dict[str, QAction] = {}
        build_toolbar(self)
        self._connect()
        self.setAcceptDrops(True)
        self.resize(1400, 880)
        self._restore_geometry()
        self._update_title()
        self._update_enabled()
        self.control.reset()

    # layout

    def _make_banner(self) -> QWidget:
        """Return the read-only banner with its Save a Copy button."""
        banner = QWidget(self)
        banner.setObjectName("readonlyBanner")
        banner.setStyleSheet("#readonlyBanner { background: #fff3cd; border-bottom: "
                             "1px solid #e0c36b; } QLabel { color: #5c4400; }")
        layout = QHBoxLayout(banner)
        layout.setContentsMargins(10, 4, 10, 4)
        self.banner_text = QLabel(banner)
        self.banner_text.setWordWrap(True)
        button = QPushButton("Save a Copy…", banner)
        button.clicked.connect(self.save_copy)
        layout.addWidget(self.banner_text, 1)
        layout.addWidget(button)
        banner.hide()
        return banner

    def _build_layout(self) -> None:
        """Outline | banner + editor | properties over preview."""
        centre = QWidget(self)
        column = QVBoxLayout(centre)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.editor_header)
        column.addWidget(self.editor, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.properties)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(scroll, "Properties")
        self.tabs.addTab(self.history, "History")
        self.tabs.addTab(self.comments, "Comments")
        self.tabs.addTab(self.conflicts, "Conflicts")
        self.right = QSplitter(Qt.Orientation.Vertical, self)
        self.right.addWidget(self.tabs)
        self.right.addWidget(self.preview)
        self.right.setSizes([300, 560])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.outline)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(self.right)
        self.splitter.setSizes([290, 650, 460])
        self.splitter.setChildrenCollapsible(False)
        self.setCentralWidget(self.splitter)
        self.setStatusBar(self.status)

    def _connect(self) -> None:
        """Wire the panels together."""
        self.outline.selectionModel().currentChanged.connect(self._outline_current)
        self.outline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.outline.customContextMenuRequested.connect(self._outline_menu)
        self.model.move_requested.connect(self._move_requested)
        self.model.rename_requested.connect(self._rename_requested)
        self.control.text_changed.connect(self.counts_timer.start)
        self.control.preview_due.connect(self.refresh_preview)
        self.control.saved.connect(self._saved)
        self.properties.changed.connect(self._properties_changed)
        self.properties.language_changed.connect(self._language_changed)
        self.preview.rendered.connect(self._rendered)
        self.editor.paste_refused.connect(lambda text: self.status.flash(text, error=True))
        self.editor.footnotes_changed.connect(self.refresh_preview)
        self.control.section_shown.connect(self._section_shown)
        self.control.released.connect(self._editor_released)
        self.control.saved.connect(self._refresh_history)
        self.history.restore_requested.connect(self.restore_revision)
        self.conflicts.resolve_requested.connect(self.resolve_conflict)
        self.conflicts.show_section.connect(self._select)

    # files

    def open_path(self, path: Path | str, *, readonly: bool = False) -> bool:
        """Open a file (after vetting it); return whether it is now open."""
        path = Path(path)
        if not self.close_file():
            return False
        author = self.author_name()
        if not author and not readonly:
            self.status.flash("Rapporteur needs your name to stamp your changes: the file "
                              "was not opened.", error=True)
            return False
        try:
            session = Session.open(path, author=author or _user(), readonly=readonly)
        except LockedError as exc:
            if not self.ask(f"{exc}.\n\nOpen it read-only?"):
                return False
            return self.open_path(path, readonly=True)
        except ReadOnlyError:
            return self.open_path(path, readonly=True)
        except RapporteurError as exc:
            self.warn(f"Rapporteur cannot open this file.\n\n{exc}")
            return False
        self.session = session
        self._start_spelling(session)
        session.changed.connect(self._file_changed)
        session.save_failed.connect(self._save_failed)
        session.published.connect(self._published)
        session.changed_on_disk.connect(self._changed_on_disk)
        self.prefs.remember_file(path)
        self._show_banner()
        self._reload_outline()
        self._select_initial_section()
        self._update_title()
        self._update_enabled()
        self.refresh_preview()
        self.conflicts.refresh(self.session)
        return True

    def author_name(self) -> str:
        """Return the user's name, asking for it once when it was never given."""
        import os

        if not self.prefs.author:
            named = os.environ.get("RAPPORTEUR_AUTHOR", "").strip()
            if named:
                return named
            self.ask_identity()
        return self.prefs.author

    def _start_spelling(self, session: Session) -> None:
        """Check spelling with the file's own dictionary words; keep added words in it."""
        from app.core.text.spelling import Speller

        speller = Speller()
        speller.set_user_words(session.dictionary_words())
        self.control.speller = speller

        def keep(word: str) -> None:
            try:
                session.add_dictionary_word(word)
            except RapporteurError as exc:
                self.status.flash(str(exc), error=True)

        self.editor.add_to_dictionary = None if session.readonly else keep

    def close_file(self) -> bool:
        """Save everything and close the open file; never asks "save?"."""
        if self.session is None:
            return True
        self.properties.flush()
        if not self.control.flush() and not self.ask(
                "Some changes could not be saved (see the status bar). Close anyway? "
                "Unsaved text will be lost unless you Save a Copy first."):
            return False
        if self.control.section_id:
            self.prefs.last_sections[str(self.session.path.resolve())] = self.control.section_id
        self.control.reset()
        self.undo_stack.clear()
        self.publish_timer.stop()
        try:
            self.session.close()
            published = self.session.last_publish
            if published is not None:
                self.status.flash(published.message, error=published.conflict)
        except RapporteurError as exc:
            self.status.flash(str(exc), error=True)
        finally:
            self.session = None
        self.model.set_documents([])
        self._shown_document = None
        self.build, self.build_stale = None, True
        self.build_timer.stop()
        self.properties.show_document(None)
        self.history.show_section(None, None)
        self.comments.show_section(None, None)
        self.conflicts.refresh(None)
        self.banner.hide()
        self._update_title()
        self._update_enabled()
        return True

    def save_copy(self) -> None:
        """Write a consistent copy of the open file under a new name."""
        if self.session is None:
            return
        out = self.choose_save_path("Save a Copy As", self.session.path.with_name(
            self.session.path.stem + " (copy).rapporteur"), FILE_FILTER)
        if out is None:
            return
        self.control.flush()
        try:
            self.session.save_copy(out)
            self.session.write_unsaved_into(out, self.control.unsaved())
        except RapporteurError as exc:
            self.warn(f"The copy could not be written.\n\n{exc}")
            return
        self.status.flash(f"Copy saved: {out}")

    def export_review_pdf(self, out: Path | None = None) -> None:
        """Export the PDF with review comments as numbered notes."""
        self.export_pdf(out, review=True)

    def export_pdf(self, out: Path | None = None, *, review: bool = False) -> None:
        """Render the current document to a PDF file, then offer to open it."""
        document = self.current_document_dict(review=review)
        if document is None:
            return
        if out is None:
            title = document["title"] or "document"
            out = self.choose_save_path("Export PDF", self.session.path.with_name(  # type: ignore[union-attr]
                f"{title[:60]}.pdf"), "PDF (*.pdf)")
            if out is None:
                return
        self.status.flash("Exporting PDF…")
        from app.ui.export import ExportJob

        self._export = ExportJob(self, self.pool, document, out)
        self._export.finished.connect(self._exported)
        self._export.start()

    def _exported(self, out: Path, outcome: RenderOutcome) -> None:
        """Report an export; offer to open the PDF."""
        if outcome.error:
            self.warn(f"The PDF could not be made.\n\n{outcome.error}")
            return
        note = "\n".join(outcome.warnings)
        pages = plural(outcome.page_count, "page")
        self.status.flash(f"PDF exported: {out} ({pages})")
        if self.ask(f"The PDF is ready ({pages}).\n{note}\n\nOpen it now?"):
            self.open_externally(out)

    def open_externally(self, path: Path) -> None:
        """Open a file in the system's viewer; if there is none, offer its folder."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            return
        if not self.ask(f"No PDF viewer was found to open {path.name}.\n\n"
                        "Open the folder that holds it instead?"):
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent))):
            self.warn(f"No file manager was found either. The PDF is at:\n{path}")

    def merge_copy(self, theirs: Path | None = None) -> None:
        """Merge a colleague's copy into the open file, off the UI thread."""
        if self.session is None or self.session.readonly:
            return
        theirs = theirs or self.choose_open_path("Merge a Colleague's Copy", FILE_FILTER)
        if theirs is None:
            return
        from app.ui.fileactions import THREADS, capture
        from app.ui.preview import FutureWatcher

        self.properties.flush()
        self.control.flush()
        self.status.flash(f"Merging {theirs.name}…")
        watcher = FutureWatcher(self)
        watcher.done.connect(lambda outcome: self._merged(theirs, outcome, watcher))
        watcher.watch(THREADS.submit(capture, self.session.merge_task(theirs)))

    def _merged(self, theirs: Path, outcome: object, watcher: QObject) -> None:
        """UI thread: show what a merge did, and its conflicts."""
        watcher.deleteLater()
        if isinstance(outcome, RapporteurError):
            self.warn(f"{theirs.name} was not merged.\n\n{outcome}")
            return
        current = self.control.section_id
        unsaved, bases = self.control.unsaved(), dict(self.control.saved_bodies)
        self.control.reset()
        if self.session is not None:
            self.session.merged()  # the merge wrote through its own connection
            self._keep_unsaved(unsaved, bases)
        if current and self.model.index_of(current).isValid():
            self.control.show_section(current)
        count = self.conflicts.refresh(self.session)
        summary = "\n".join(outcome.lines())  # type: ignore[attr-defined]
        self.status.flash(f"Merged {theirs.name}: {plural(count, 'conflict')}")
        if count:
            self.tabs.setCurrentWidget(self.conflicts)
        self.merged.emit(summary)

    def restore_revision(self, revision_id: str) -> None:
        """Make an earlier revision the current version (a new revision; nothing lost)."""
        section_id = self.control.section_id
        if self.session is None or self.session.readonly or section_id is None:
            return
        self.control.flush()
        if self.session.restore_revision(section_id, revision_id):
            self.status.flash("Earlier version restored (the current one stays in History)")

    def resolve_conflict(self, conflict_id: str, choice: str, value: object) -> None:
        """Resolve one conflict and show the result."""
        if self.session is None or self.session.readonly:
            return
        if not self.control.flush():
            self.warn("The conflict was not settled: your latest text could not be saved.")
            return
        try:
            self.session.resolve_conflict(conflict_id, choice, None if value is None
                                          else str(value))
        except RapporteurError as exc:
            self.warn(str(exc))

    def _section_shown(self, section_id: str) -> None:
        """Keep the header, History and Comments panels on the shown section."""
        from app.core.text.snippets import words_around

        self._update_header()
        self.history.show_section(self.session, section_id)
        self.comments.show_section(self.session, section_id)
        cursor = self.editor.textCursor().position()
        self.preview.show_text(words_around(self.editor.toPlainText(), cursor), section_id)

    def _editor_released(self, _message: str) -> None:
        """The editor shows no section: neither do History and Comments."""
        self._update_header()
        self.history.show_section(None, None)
        self.comments.show_section(None, None)

    def _update_header(self) -> None:
        """Name the document and section being edited above the editor."""
        document_id = self.current_document_id() if self.session else None
        if self.session is None or document_id is None:
            self.editor_header.set_full_text("")
            return
        title = self.session.document(document_id).title or "(untitled document)"
        shown = self.control.section_id
        heading = self.session.section(shown).heading or "(untitled section)" if shown else ""
        self.editor_header.set_full_text(f"{title}  ›  {heading}" if heading else title)

    def _refresh_history(self) -> None:
        """Refresh the History panel after a save."""
        if self.control.section_id:
            self.history.show_section(self.session, self.control.section_id)

    # outline

    def _reload_outline(self) -> None:
        """Show the file's current outline, keeping the current row or its nearest kin."""
        candidates = self._current_and_kin()
        self.model.readonly = self.session is None or self.session.readonly
        self.model.set_documents(self.session.documents() if self.session else [])
        self.outline.expandAll()
        for node_id in candidates:
            if self.model.index_of(node_id).isValid():
                self._select(node_id)
                return

    def _current_and_kin(self) -> list[str]:
        """Return the current row, then its next and previous siblings, parent, document."""
        index = self.outline.currentIndex()
        if not index.isValid():
            return []
        node = self.model.node(index)
        kin = [node.id]
        if node.parent is not None:
            row = node.row()
            siblings = node.parent.children
            kin += [s.id for s in siblings[row + 1:row + 2] + siblings[max(row - 1, 0):row]]
            kin += [node.parent.id, node.document_id]
        return [node_id for node_id in kin if node_id]

    def _select_initial_section(self) -> None:
        """Show the last section opened in this file, else the first one."""
        assert self.session is not None
        remembered = self.prefs.last_sections.get(str(self.session.path.resolve()))
        if remembered and self.model.index_of(remembered).isValid():
            self._select(remembered)
            return
        for doc in self.model.root.children:
            if doc.children:
                self._select(doc.children[0].id)
                return
            self._select(doc.id)
            return

    def _select(self, node_id: str) -> None:
        """Make a node current in the outline."""
        index = self.model.index_of(node_id)
        if index.isValid():
            self.outline.setCurrentIndex(index)

    def current_node_id(self) -> str | None:
        """Return the id of the current outline row."""
        index = self.outline.currentIndex()
        return self.model.node(index).id if index.isValid() else None

    def current_document_id(self) -> str | None:
        """Return the id of the document the current row belongs to."""
        index = self.outline.currentIndex()
        if index.isValid():
            return self.model.node(index).document_id
        docs = self.model.root.children
        return docs[0].id if docs else None

    def _outline_current(self, current: object, _previous: object) -> None:
        """Show the chosen section, or the chosen document's properties."""
        if self.session is None or not current.isValid():  # type: ignore[attr-defined]
            return
        node = self.model.node(current)  # type: ignore[arg-type]
        document_id = node.document_id
        if self._shown_document != document_id:
            self._shown_document = document_id
            self.build, self.build_stale = None, True
            self.properties.show_document(self.session.document(document_id),
                                          readonly=self.session.readonly)
        if node.kind == "section":
            self.control.show_section(node.id)
            self.editor.setFocus()
        else:
            self.control.flush()
            self.control.release(f"Select a section of “{node.title}” to write in it, or add "
                                 "one with Insert ▸ Section.")
        self.refresh_preview()
        self._update_counts()

    def add_section(self, *, child: bool = False) -> None:
        """Add a section after the current one (or inside it)."""
        if self.session is None or self.session.readonly:
            return
        self.control.flush()
        document_id = self.current_document_id()
        if document_id is None:
            return
        node_id = self.current_node_id()
        node = self.model.node(self.model.index_of(node_id)) if node_id else None
        if node is None or node.kind == "document":
            parent, position = None, None
        elif child:
            parent, position = node.id, None
        else:
            parent = None if node.parent is None or node.parent.kind == "document" \
                else node.parent.id
            position = node.row() + 1
        command = commands.AddSection(self.session, document_id, parent, position,
                                      "New section", focus=self._select)
        self.undo_stack.push(command)
        if command.section_id:
            self._select(command.section_id)
            self.outline.edit(self.model.index_of(command.section_id))

    def delete_section(self) -> None:
        """Delete the current section (undoable; kept in the file's history)."""
        node_id = self.current_node_id()
        if self.session is None or self.session.readonly or node_id is None:
            return
        node = self.model.node(self.model.index_of(node_id))
        if node.kind != "section":
            return
        if not self.control.flush():
            self.warn("The section was not deleted: its latest text could not be saved "
                      "(see the status bar).")
            return
        self.undo_stack.push(commands.DeleteSection(self.session, node_id, focus=self._select))
        self.status.offer_undo(f"Deleted “{node.title}”.", self.undo_stack.undo)

    def delete_document(self) -> None:
        """Delete the current document after asking (undoable; kept in the file)."""
        document_id = self.current_document_id()
        if self.session is None or self.session.readonly or document_id is None:
            return
        document = self.session.document(document_id)
        count = len(document.all_sections())
        title = document.title or "(untitled document)"
        if not self.ask(f"Delete the document “{title}” and its {plural(count, 'section')}?\n\n"
                        "Edit ▸ Undo brings it back, and its history stays in the file."):
            return
        if not self.control.flush():
            self.warn("The document was not deleted: its latest text could not be saved "
                      "(see the status bar).")
            return
        self.undo_stack.push(commands.DeleteDocument(self.session, document_id,
                                                     focus=self._select))
        self.status.offer_undo(f"Deleted “{title}”.", self.undo_stack.undo)

    def set_status(self, status: str) -> None:
        """Set the workflow status of the current section."""
        node_id = self.current_node_id()
        if self.session is None or self.session.readonly or node_id is None:
            return
        if self.model.node(self.model.index_of(node_id)).kind == "section":
            self.session.update_section(node_id, status=status)

    def _outline_menu(self, point: object) -> None:
        """Offer the section actions on a right click in the outline."""
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self)
        for name in ("add_section", "add_subsection", "delete_section", "delete_document"):
            menu.addAction(self.actions[name])
        status = menu.addMenu("Status")
        for name, action in self.actions.items():
            if name.startswith("status_"):
                status.addAction(action)
        menu.exec(self.outline.viewport().mapToGlobal(point))  # type: ignore[arg-type]

    def edit_preferences(self) -> None:
        """Show the preferences dialog; the new author applies to the open file."""
        from app.ui.prefsdialog import PreferencesDialog

        dialog = PreferencesDialog(self.prefs, self)
        if dialog.exec() == PreferencesDialog.DialogCode.Accepted:
            dialog.apply()
            if self.session is not None and self.prefs.author:
                self.session.author = self.prefs.author

    def _move_requested(self, section_id: str, parent_id: str | None, position: int) -> None:
        """Run a drag-and-drop move as an undoable command (after the drop returns)."""
        if self.session is None:
            return

        def move() -> None:
            self.control.flush()
            assert self.session is not None
            self.undo_stack.push(commands.MoveSection(self.session, section_id, parent_id,
                                                      position))
            self._select(section_id)

        QTimer.singleShot(0, move)

    def _command_done(self) -> None:
        """Remember when the undo stack moved, for Edit > Undo to pick the latest change."""
        self.last_command = time.monotonic()
        self.status.withdraw_undo()

    def _rename_requested(self, kind: str, object_id: str, title: str) -> None:
        """Rename a section or document as an undoable command."""
        if self.session is not None and not self.session.readonly:
            self.undo_stack.push(commands.Rename(self.session, kind, object_id, title))

    def _file_changed(self, changes: Changes | None = None) -> None:
        """Refresh the panels a change concerns (everything when it is not said)."""
        changes = changes or Changes.all()
        if self.session is None:
            return
        if changes.touches_document(self.current_document_id()) or changes.sections:
            self.build_stale = True  # page offsets may have moved
        if changes.outline_moved():
            self._reload_outline()
        self._reload_sections(changes)
        document_id = self.properties.document_id
        if document_id in self.model.documents_shown() and changes.touches_document(document_id):
            self.properties.refresh(self.session.document(document_id),
                                    readonly=self.session.readonly)
        if changes.conflicts:
            self.conflicts.refresh(self.session)
        shown = self.control.section_id
        if shown and changes.touches_section(shown):
            self.history.show_section(self.session, shown)
        if shown and changes.touches_comments(shown):
            self.comments.show_section(self.session, shown)
        self._update_header()
        self._update_counts()
        self.refresh_preview()

    def _reload_sections(self, changes: Changes) -> None:
        """Reload the editor's copy of changed sections; forget deleted ones (never unsaved)."""
        unsaved = self.control.unsaved()
        shown = self.control.section_id
        for section_id in list(self.control.documents):
            gone = not self.model.index_of(section_id).isValid()
            if section_id not in unsaved and (gone or changes.touches_section(section_id)):
                self.control.drop(section_id)
        if shown and self.control.section_id is None and self.model.index_of(shown).isValid():
            self.control.show_section(shown)

    # properties and preview

    def _properties_changed(self, title: str, fields: dict) -> None:  # type: ignore[type-arg]
        """Store the document's title and fields."""
        document_id = self.current_document_id()
        if self.session is None or self.session.readonly or document_id is None:
            return
        try:
            self.session.update_document(document_id, title=title, fields=fields)
        except RapporteurError as exc:
            self.status.flash(str(exc), error=True)

    def _language_changed(self, language: str) -> None:
        """Store the document's language."""
        document_id = self.current_document_id()
        if self.session is not None and not self.session.readonly and document_id:
            self.session.update_document(document_id, language=language)

    def current_document_dict(self, *, review: bool = False) -> dict | None:  # type: ignore[type-arg]
        """Return the current document's render job as it is now (unsaved text, conflicts)."""
        from app.core.render.jobs import document_job

        document_id = self.current_document_id()
        if self.session is None or document_id is None:
            return None
        body, shown = self.control.current_body(), self.control.section_id
        return document_job(self.session.rfile, self.session.document(document_id),
                            review=review, unsaved={shown: body} if body is not None and shown
                            else None)

    def refresh_preview(self) -> None:
        """Preview the section being edited (with the last full build's offsets), else all."""
        from app.core.render.jobs import section_job

        document_id = self.current_document_id()
        if self.session is None or document_id is None:
            return
        self._preview_document = document_id
        section_id, body = self.control.section_id, self.control.current_body()
        job = None
        if section_id is not None and self.current_node_id() == section_id:
            job = section_job(self.session.rfile, self.session.document(document_id),
                              section_id, self.build,
                              unsaved=None if body is None else {section_id: body})
        if job is None:
            self.preview.request(self.current_document_dict())
            return
        self.preview.request(job.document, job.section_id, job.offsets,
                             subsections=job.subsections)
        if self.build is None or self.build_stale:
            self.build_timer.start()

    def preview_document_id(self) -> str | None:
        """Return the document the preview was last asked to show."""
        return self._preview_document

    def full_build(self) -> None:
        """Render the whole document in a short-lived worker to learn page offsets."""
        document = self.current_document_dict()
        if document is None or self.building or self.pool is None:
            return
        from app.core.render.worker import BUILD_NICENESS, RenderPool

        self.building = True
        self.build_stale = False
        pool = RenderPool(niceness=BUILD_NICENESS)
        watcher = FutureWatcher(self)
        watcher.done.connect(lambda result: self._built(result, pool, watcher))
        watcher.watch(pool.submit_full(document))

    def _built(self, result: object, pool: object, watcher: QObject) -> None:
        """Keep the offsets of a full build and show its page count."""
        from app.core.render.pdf import PdfResult
        from app.core.render.preview import FullBuild

        watcher.deleteLater()
        pool.shutdown()  # type: ignore[attr-defined]
        self.building = False
        if not isinstance(result, tuple):  # the watcher's own timeout or failure
            return
        outcome, offsets = result
        if outcome.error:
            return
        self.build = FullBuild.from_dict(
            PdfResult(outcome.pdf, outcome.page_count, outcome.warnings), offsets)
        self.status.set_pages(outcome.page_count, self._template_max_pages())
        if self.build_stale:
            self.build_timer.start()

    def _rendered(self, outcome: RenderOutcome) -> None:
        """Show page count and warnings of the latest rendering."""
        if self.preview.section_id is None:
            self.status.set_pages(outcome.page_count, self._template_max_pages())

    def _template_max_pages(self) -> int | None:
        return self.properties.template.max_pages if self.properties.template else None

    # status

    def _update_counts(self) -> None:
        """Show section and document word counts as the template's limit counts them.

        A section counts its heading and body, footnotes included; a document adds its
        title: the outline, the status bar and the render warning all agree.
        """
        from app.core.render.html import body_words

        document_id = self.current_document_id()
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
        limit = self.properties.template.max_words if self.properties.template else None
        self.status.set_words(section_words, total, limit, budget)

    def _saved(self) -> None:
        self.status.set_saved()
        if self.session is not None and self.session.working is not None:
            self.publish_timer.start()

    def _changed_on_disk(self) -> None:
        """Another program wrote the file: keep both texts as conflicts, if the user agrees."""
        if self.session is None or getattr(self, "_resolving_disk_change", False):
            return
        self._resolving_disk_change = True
        try:
            if not self.ask(f"{self.session.path.name} was changed by another program while "
                            "it was open. Nothing was overwritten.\n\nKeep both versions "
                            "(yours in the text, theirs in Conflicts) and choose there?"):
                return
            self.session.accept_outside_changes()
            shown = self.control.section_id
            unsaved, bases = self.control.unsaved(), dict(self.control.saved_bodies)
            self.control.reset()
            self._keep_unsaved(unsaved, bases)
            self._file_changed()
            if shown:
                self.control.show_section(shown)
            if self.conflicts.refresh(self.session):
                self.tabs.setCurrentWidget(self.conflicts)
        finally:
            self._resolving_disk_change = False

    def _keep_unsaved(self, unsaved: dict[str, str], bases: dict[str, str]) -> None:
        """Write the editor's unsaved text into the file as another writer left it."""
        assert self.session is not None
        if self.session.keep_unsaved(unsaved, bases):
            self.status.flash("A section deleted in the other version was kept: it held "
                              "text you had not saved yet.")

    def _publish_now(self) -> None:
        """Publish the working copy of a file on a share when editing has paused."""
        if self.session is not None and self.session.working is not None:
            self.session.publish()

    def _published(self, result: object) -> None:
        """Say where a working copy went; offer to merge when the share had changed."""
        if getattr(result, "conflict", False):
            self.status.flash(str(getattr(result, "message", "")), error=True)
            copy = getattr(result, "copy", None)
            question = (f"The file changed on the share while you worked. Your version was "
                        f"saved as {copy.name if copy else 'a copy'}.\n\n"
                        "Merge the version on the share into yours now?")
            if copy is not None and self.ask(question):
                self._merge_share_into_copy(copy)
        else:
            self.status.flash(f"Published to {getattr(result, 'remote', '')}")

    def _merge_share_into_copy(self, copy: Path) -> None:
        """Open the kept copy and merge the share's version into it."""
        assert self.session is not None
        remote = self.session.path
        if self.open_path(copy):
            self.merge_copy(remote)

    def _save_failed(self, message: str) -> None:
        self.status.flash(f"Not saved: {message}. Your text is kept in the editor; "
                          "free some space or Save a Copy.", error=True)

    def _show_banner(self) -> None:
        """Show the read-only banner when the file cannot be written."""
        if self.session is not None and self.session.readonly:
            self.banner_text.setText(
                f"{self.session.path.name} is open read-only: changes cannot be saved to it. "
                "Save a Copy to work on your own version.")
            self.banner.show()
        else:
            self.banner.hide()

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
        writable = open_ and not self.session.readonly  # type: ignore[union-attr]
        for name, action in self.actions.items():
            if name in _NEEDS_FILE:
                action.setEnabled(open_)
            if name in _NEEDS_WRITABLE:
                action.setEnabled(bool(writable))

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
        """Open a file dropped onto the window."""
        urls = [u for u in event.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_path(Path(urls[0].toLocalFile()))

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save, close the file, remember the layout."""
        if not self.close_file():
            event.ignore()
            return
        self.prefs.window = {"geometry": bytes(self.saveGeometry().toBase64()).decode(),
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


_NEEDS_FILE = {"save_copy", "export_pdf", "export_review", "close", "find"}
_NEEDS_WRITABLE = {"import", "merge", "add_section", "add_subsection", "delete_section",
                   "delete_document", "footnote",
                   "link", "table", "table_row_above", "table_row_below", "table_column_left",
                   "table_column_right", "table_remove_row", "table_remove_column",
                   "table_header", "status_draft", "status_in_review", "status_cleared",
                   "status_final"}


def plural(count: int, noun: str) -> str:
    """Return "1 page", "2 pages", "0 conflicts"."""
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def _user() -> str:
    from app.core.document.service import default_author

    return default_author()
