"""The Contributions panel: the report's expected contributors, sortable, the late ones in red."""

from __future__ import annotations

from typing import Any, Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

COLUMNS = (("entity", "Entity"), ("status", "Status"), ("due", "Due"), ("budget", "Budget"),
           ("received", "Received"), ("contact", "Contact"))
LATE = QColor("#b00020")


class Tracked(Protocol):
    """What the panel needs of a session."""

    def contributors(self) -> list[dict[str, Any]]: ...


class ContributionsPanel(QWidget):
    """Shows the tracker as a table; asks for collection and for a CSV export."""

    collect_requested = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[dict[str, Any]] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels([label for _key, label in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        collect = QPushButton("Collect…", self)
        collect.setToolTip("Bring in contributions from files or a folder")
        collect.clicked.connect(self.collect_requested.emit)
        self.export = QPushButton("Export CSV…", self)
        self.export.clicked.connect(self.export_requested.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(collect)
        buttons.addWidget(self.export)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh(None)

    def refresh(self, session: Tracked | None) -> None:
        """Show the session's tracker (nothing without a file)."""
        self.rows = session.contributors() if session is not None else []
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        for row, contributor in enumerate(self.rows):
            for column, (key, _label) in enumerate(COLUMNS):
                self.table.setItem(row, column, _item(key, contributor))
        self.table.setSortingEnabled(True)
        self.table.resizeColumnsToContents()
        self.export.setEnabled(bool(self.rows))
        self.summary.setText(_summary(self.rows, session is not None))

    def late_entities(self) -> list[str]:
        """Return the entities shown as late."""
        return [r["entity"] for r in self.rows if r["status"] == "late"]


def _item(key: str, contributor: dict[str, Any]) -> QTableWidgetItem:
    """Return one cell: numbers sort as numbers, late rows are red."""
    value = contributor.get(key)
    item = QTableWidgetItem()
    if key == "budget" and isinstance(value, int):
        item.setData(Qt.ItemDataRole.DisplayRole, value)
    else:
        text = "" if value is None else str(value)
        item.setText(text[:10] if key == "received" else text)
    if contributor.get("status") == "late":
        item.setForeground(QBrush(LATE))
        item.setToolTip("Past its due date and not received")
    return item


def _summary(rows: list[dict[str, Any]], open_file: bool) -> str:
    """Return the line above the table."""
    if not open_file:
        return "No file is open."
    if not rows:
        return ("No contributors are tracked yet (rapporteur tracker FILE --add ENTITY). "
                "Collected contributions still come in.")
    done = sum(r["status"] in ("received", "cleared") for r in rows)
    late = sum(r["status"] == "late" for r in rows)
    return f"{done} of {len(rows)} received" + (f"; {late} late" if late else "")
