"""The outline: documents and their sections as a tree model over the core, with drag and drop."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import overload

from PySide6.QtCore import (
    QAbstractItemModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QAbstractItemView, QTreeView, QWidget

from app.core.document.model import Document, Section
from app.core.render.html import body_words

MIME = "application/x-rapporteur-section"
COLUMNS = ("Heading", "Status", "Words")
STATUS_LABELS = {"draft": "Draft", "in_review": "In review", "cleared": "Cleared",
                 "final": "Final"}
Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


def section_words(section: Section) -> int:
    """Return the words of a section's heading and body (footnotes included)."""
    return len(section.heading.split()) + body_words(section.body)


@dataclass(eq=False)
class Node:
    """One row: a document or a section."""

    kind: str
    id: str
    title: str
    status: str = ""
    words: int = 0
    document_id: str = ""
    parent: Node | None = None
    own_words: int = 0  # a document's title, counted as the template's limit counts it
    children: list[Node] = field(default_factory=list)

    def row(self) -> int:
        """Return this node's row under its parent."""
        return self.parent.children.index(self) if self.parent else 0


def build_tree(documents: list[Document]) -> Node:
    """Return an invisible root holding the documents and their sections."""
    root = Node("root", "", "")
    for doc in documents:
        node = Node("document", doc.id, doc.title or "(untitled document)", document_id=doc.id,
                    parent=root)
        node.children = [_section_node(s, doc.id, node) for s in doc.sections]
        node.own_words = len(doc.title.split())
        node.words = _total(node)
        root.children.append(node)
    return root


def _section_node(section: Section, document_id: str, parent: Node) -> Node:
    """Return the node of a section and its subsections."""
    node = Node("section", section.id, section.heading, section.status, section_words(section),
                document_id, parent)
    node.children = [_section_node(c, document_id, node) for c in section.children]
    return node


def _total(document: Node) -> int:
    """Return a document's words: its title and every section (as count_words does)."""
    return document.own_words + sum(n.words for n in _walk(document) if n is not document)


def _walk(node: Node) -> list[Node]:
    """Return node and its descendants."""
    out = [node]
    for child in node.children:
        out.extend(_walk(child))
    return out


class OutlineModel(QAbstractItemModel):
    """Documents and sections of the open file."""

    move_requested = Signal(str, object, int)  # section id, new parent id (or None), position
    rename_requested = Signal(str, str, str)  # kind, id, new title

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.root = Node("root", "", "")
        self.readonly = False

    def set_documents(self, documents: list[Document]) -> None:
        """Show a new state of the file."""
        self.beginResetModel()
        self.root = build_tree(documents)
        self.endResetModel()

    def documents_shown(self) -> list[str]:
        """Return the ids of the documents in the outline."""
        return [node.id for node in self.root.children]

    def set_words(self, section_id: str, words: int) -> None:
        """Show a section's word count as typed, and its document's new total."""
        index = self.index_of(section_id)
        if not index.isValid():
            return
        node = self.node(index)
        if node.words == words:
            return
        document = node.parent
        while document is not None and document.kind != "document":
            document = document.parent
        node.words = words
        changed = [index]
        if document is not None:
            document.words = _total(document)
            changed.append(self.createIndex(document.row(), 0, document))
        for row in changed:
            cell = row.siblingAtColumn(2)
            self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])

    def node(self, index: Index) -> Node:
        """Return the node behind an index (the root for an invalid one)."""
        if not index.isValid():
            return self.root
        node: Node = index.internalPointer()  # createIndex is only ever given a Node
        return node

    def index_of(self, node_id: str) -> QModelIndex:
        """Return the index of a document or section id (invalid when absent)."""
        for node in _walk(self.root):
            if node.id == node_id and node is not self.root:
                return self.createIndex(node.row(), 0, node)
        return QModelIndex()

    # QAbstractItemModel

    def index(self, row: int, column: int, parent: Index = ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        return self.createIndex(row, column, self.node(parent).children[row])

    @overload
    def parent(self) -> QObject | None: ...

    @overload
    def parent(self, index: Index, /) -> QModelIndex: ...

    def parent(self, index: Index | None = None) -> QObject | QModelIndex | None:
        """Return the parent of an index, or without one the model's QObject parent."""
        if index is None:
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        up = self.node(index).parent
        if up is None or up is self.root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: Index = ROOT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = ROOT) -> int:
        return len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        node = self.node(index)
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == 0:
                return node.title if role == Qt.ItemDataRole.EditRole else (
                    node.title or "(untitled section)")
            if column == 1:
                return STATUS_LABELS.get(node.status, "")
            return node.words
        if role == Qt.ItemDataRole.ToolTipRole and column == 0:
            return f"{node.title}\n{STATUS_LABELS.get(node.status, '')} · {node.words} words"
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and node.kind == "document":
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None

    def setData(self, index: Index, value: object, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 0 or role != Qt.ItemDataRole.EditRole:
            return False
        node = self.node(index)
        text = str(value).strip()
        if text == node.title:
            return False
        self.rename_requested.emit(node.kind, node.id, text)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsDropEnabled
        if not index.isValid():
            return base
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.readonly:
            return flags
        node = self.node(index)
        if index.column() == 0:
            flags |= Qt.ItemFlag.ItemIsEditable
        if node.kind == "section":
            flags |= Qt.ItemFlag.ItemIsDragEnabled
        return flags | base

    # drag and drop: the model asks for a move; the window runs it as an undoable command

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        ids = [self.node(i).id for i in indexes if i.isValid() and i.column() == 0]
        mime.setData(MIME, QByteArray("\n".join(ids[:1]).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        if self.readonly or not data.hasFormat(MIME):
            return False
        moved = self.index_of(bytes(data.data(MIME).data()).decode())
        if not moved.isValid():
            return False
        target = self.node(parent)
        if target is self.root:
            return False
        if target.document_id != self.node(moved).document_id:
            return False
        ancestor: Node | None = target
        while ancestor is not None:
            if ancestor is self.node(moved):
                return False
            ancestor = ancestor.parent
        return True

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        section_id = bytes(data.data(MIME).data()).decode()
        target = self.node(parent)
        new_parent = None if target.kind == "document" else target.id
        moved = self.node(self.index_of(section_id))
        position = len(target.children) if row < 0 else row
        if moved.parent is target and row >= 0 and moved.row() < row:
            position -= 1
        self.move_requested.emit(section_id, new_parent, position)
        return False


class OutlineView(QTreeView):
    """The tree view of the outline, with internal drag and drop."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(False)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.setUniformRowHeights(True)
        self.setAnimated(True)
        self.header().setStretchLastSection(False)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        """Set the model and let the heading column take the spare width."""
        super().setModel(model)
        from PySide6.QtWidgets import QHeaderView

        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            self.header().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
