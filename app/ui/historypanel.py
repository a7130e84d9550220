"""The History panel: a section's revisions, a redline between any two, and Restore."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.clock import parse_iso
from app.core.document.model import Revision
from app.core.text.redline import redline_html, word_changes
from app.ui.session import Session

ROLE = 256
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def when_text(stamp: str, now: datetime) -> str:
    """Return stamp in local time: "Today 10:42", "Yesterday 16:05", "3 Dec 2026 09:12"."""
    moment = parse_iso(stamp).astimezone()
    days = (now.astimezone().date() - moment.date()).days
    if days == 0:
        return f"Today {moment:%H:%M}"
    if days == 1:
        return f"Yesterday {moment:%H:%M}"
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} {moment:%H:%M}"


def _local_iso(stamp: str) -> str:
    return parse_iso(stamp).astimezone().isoformat(sep=" ", timespec="seconds")


class HistoryPanel(QWidget):
    """Revisions of the shown section, newest first; select two to compare them."""

    restore_requested = Signal(str)  # revision id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.revisions: dict[str, Revision] = {}
        self.list = QTreeWidget(self)
        self.list.setHeaderLabels(["When", "Who", "Words"])
        self.list.setRootIsDecorated(False)
        header = self.list.header()
        header.setStretchLastSection(False)
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.itemSelectionChanged.connect(self._compare)
        self.redline = QTextBrowser(self)
        self.hint = QLabel("Select one revision to see what it changed, or two to compare them.",
                           self)
        self.hint.setWordWrap(True)
        self.restore = QPushButton("Restore This Version", self)
        self.restore.setEnabled(False)
        self.restore.clicked.connect(self._restore)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.restore)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.hint)
        layout.addWidget(self.redline, 3)
        layout.addLayout(buttons)

    def show_section(self, session: Session | None, section_id: str | None) -> None:
        """List the revisions of a section (or clear the panel)."""
        self.list.clear()
        self.redline.clear()
        self.revisions = {}
        if session is None or section_id is None:
            return
        revisions = session.revisions(section_id)
        self.revisions = {r.id: r for r in revisions}
        now = session.now()
        for rev in reversed(revisions):
            before = self._parent_body(rev)
            added, removed = word_changes(before, rev.content.get("body", ""))
            kind = " (merge)" if len(rev.parents) > 1 else ""
            item = QTreeWidgetItem([when_text(rev.modified, now) + kind, rev.author,
                                    f"+{added} −{removed}"])
            item.setData(0, ROLE, rev.id)
            item.setToolTip(0, _local_iso(rev.modified))
            item.setToolTip(1, rev.author)
            item.setToolTip(2, f"{added} words added, {removed} removed")
            self.list.addTopLevelItem(item)
        self.restore.setEnabled(False)

    def _parent_body(self, rev: Revision) -> str:
        """Return the body of a revision's first parent ('' for the first one)."""
        parent = self.revisions.get(rev.parents[0]) if rev.parents else None
        return parent.content.get("body", "") if parent else ""

    def selected(self) -> list[Revision]:
        """Return the selected revisions, oldest first."""
        chosen = [self.revisions[i.data(0, ROLE)] for i in self.list.selectedItems()]
        return sorted(chosen, key=lambda r: (r.created, r.modified))

    def _compare(self) -> None:
        """Show the redline of one revision against its parent, or between two."""
        chosen = self.selected()
        self.restore.setEnabled(len(chosen) == 1 and self.list.indexOfTopLevelItem(
            self.list.selectedItems()[0]) > 0)
        if not chosen:
            self.redline.clear()
            return
        old = self._parent_body(chosen[0]) if len(chosen) == 1 else chosen[0].content["body"]
        new = chosen[-1].content.get("body", "")
        heading = chosen[-1].content.get("heading", "")
        self.redline.setHtml(f"<h4>{heading}</h4><p>{redline_html(old, new)}</p>")

    def _restore(self) -> None:
        """Ask for the selected revision to become the current version."""
        chosen = self.selected()
        if len(chosen) == 1:
            self.restore_requested.emit(chosen[0].id)
