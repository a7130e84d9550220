"""The outline for the window: which row is current, and the undoable outline actions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtGui import QUndoCommand

from app.core.errors import RapporteurError
from app.ui import commands
from app.ui.statusbar import plural

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow


class OutlineControl(QObject):
    """Keeps the outline's current row and runs its actions as undoable commands."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win

    def reload(self) -> None:
        """Show the file's current outline, keeping the current row or its nearest kin."""
        candidates = self.current_and_kin()
        self.win.model.readonly = self.win.session is None or self.win.session.readonly
        self.win.model.set_documents(self.win.session.documents() if self.win.session else [])
        self.win.outline.expandAll()
        for node_id in candidates:
            if self.win.model.index_of(node_id).isValid():
                self.select(node_id)
                return
        if candidates:  # the current row's whole document went: show the first one
            self.select_first()

    def select_first(self) -> None:
        """Show the first document's first section (or the document); with none, clear."""
        for doc in self.win.model.root.children:
            self.select(doc.children[0].id if doc.children else doc.id)
            return
        self.win.show_nothing()

    def current_and_kin(self) -> list[str]:
        """Return the current row, then its next and previous siblings, parent, document."""
        index = self.win.outline.currentIndex()
        if not index.isValid():
            return []
        node = self.win.model.node(index)
        kin = [node.id]
        if node.parent is not None:
            row = node.row()
            siblings = node.parent.children
            kin += [s.id for s in siblings[row + 1:row + 2] + siblings[max(row - 1, 0):row]]
            kin += [node.parent.id, node.document_id]
        return [node_id for node_id in kin if node_id]

    def select_initial(self) -> None:
        """Show the last section opened in this file, else the first one."""
        assert self.win.session is not None
        remembered = self.win.prefs.last_sections.get(str(self.win.session.path.resolve()))
        if remembered and self.win.model.index_of(remembered).isValid():
            self.select(remembered)
            return
        self.select_first()

    def select(self, node_id: str) -> None:
        """Make a node current in the outline."""
        index = self.win.model.index_of(node_id)
        if index.isValid():
            self.win.outline.setCurrentIndex(index)

    def current_node_id(self) -> str | None:
        """Return the id of the current outline row."""
        index = self.win.outline.currentIndex()
        return self.win.model.node(index).id if index.isValid() else None

    def current_document_id(self) -> str | None:
        """Return the id of the document the current row belongs to."""
        index = self.win.outline.currentIndex()
        if index.isValid():
            return self.win.model.node(index).document_id
        docs = self.win.model.root.children
        return docs[0].id if docs else None

    def add_section(self, *, child: bool = False) -> None:
        """Add a section after the current one (or inside it)."""
        if self.win.session is None or self.win.session.readonly:
            return
        self.win.control.flush()
        document_id = self.current_document_id()
        if document_id is None:
            return
        node_id = self.current_node_id()
        node = self.win.model.node(self.win.model.index_of(node_id)) if node_id else None
        if node is None or node.kind == "document":
            parent, position = None, None
        elif child:
            parent, position = node.id, None
        else:
            parent = None if node.parent is None or node.parent.kind == "document" \
                else node.parent.id
            position = node.row() + 1
        command = commands.AddSection(self.win.session, document_id, parent, position,
                                      "New section", focus=self.select)
        self.win.undo_stack.push(command)
        if command.section_id:
            self.select(command.section_id)
            self.win.outline.edit(self.win.model.index_of(command.section_id))

    def delete_section(self) -> None:
        """Delete the current section (undoable; kept in the file's history)."""
        node_id, session = self.current_node_id(), self.win.session
        if session is None or session.readonly or node_id is None:
            return
        node = self.win.model.node(self.win.model.index_of(node_id))
        if node.kind == "section":
            self._delete(commands.DeleteSection(session, node_id, focus=self.select),
                         "section", node.title)

    def delete_document(self) -> None:
        """Delete the current document after asking (undoable; kept in the file)."""
        document_id, session = self.current_document_id(), self.win.session
        if session is None or session.readonly or document_id is None:
            return
        document = session.document(document_id)
        sections = plural(len(document.all_sections()), "section")
        title = document.title or "(untitled document)"
        if self.win.ask(f"Delete the document “{title}” and its {sections}?\n\n"
                        "Edit ▸ Undo brings it back, and its history stays in the file."):
            self._delete(commands.DeleteDocument(session, document_id, focus=self.select),
                         "document", title)

    def _delete(self, command: QUndoCommand, kind: str, title: str) -> None:
        """Save the typing first, then delete as an undoable step with Undo offered."""
        if not self.win.control.flush():
            self.win.warn(f"The {kind} was not deleted: its latest text could not be saved "
                          "(see the status bar).")
            return
        self.win.undo_stack.push(command)
        self.win.status.offer_undo(f"Deleted “{title}”.", self.win.undo_stack.undo)

    def set_status(self, status: str) -> None:
        """Set the workflow status of the current section."""
        node_id = self.current_node_id()
        if self.win.session is None or self.win.session.readonly or node_id is None:
            return
        if self.win.model.node(self.win.model.index_of(node_id)).kind == "section":
            try:
                self.win.session.update_section(node_id, status=status)
            except RapporteurError as exc:
                self.win.status.flash(f"The status was not set: {exc}", error=True)

    def context_menu(self, point: QPoint) -> None:
        """Offer the section actions on a right click in the outline."""
        from PySide6.QtWidgets import QMenu

        menu = QMenu(self.win)
        for name in ("add_section", "add_subsection", "delete_section", "delete_document"):
            menu.addAction(self.win.command_actions[name])
        status = menu.addMenu("Status")
        for name, action in self.win.command_actions.items():
            if name.startswith("status_"):
                status.addAction(action)
        menu.exec(self.win.outline.viewport().mapToGlobal(point))
        menu.deleteLater()

    def move_requested(self, section_id: str, parent_id: str | None, position: int) -> None:
        """Run a drag-and-drop move as an undoable command (after the drop returns)."""
        if self.win.session is None:
            return

        def move() -> None:
            self.win.control.flush()
            assert self.win.session is not None
            self.win.undo_stack.push(commands.MoveSection(self.win.session, section_id, parent_id,
                                                      position))
            self.select(section_id)

        QTimer.singleShot(0, move)

    def rename_requested(self, kind: str, object_id: str, title: str) -> None:
        """Rename a section or document as an undoable command."""
        if self.win.session is not None and not self.win.session.readonly:
            self.win.undo_stack.push(commands.Rename(self.win.session, kind, object_id, title))
