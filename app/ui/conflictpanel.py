"""The Conflicts panel: each clash after a merge, yours and theirs redlined against before."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.core.sharing.conflictview import (
    LEGEND,
    conflicts_left,
    field_label,
    field_values_html,
    region_html,
    regions,
)
from app.ui.editor.convert import load_html
from app.ui.editor.editor import SectionEditor
from app.ui.session import Session

ROLE = 256


class FitBrowser(QTextBrowser):
    """A text browser as tall as its text, so the whole panel scrolls as one page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def _fit(self, *_args: object) -> None:
        """Match the height to the laid-out text."""
        height = int(self.document().size().height()) + 2 * self.frameWidth() + 2
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-wrap the text to the new width, then fit the height."""
        super().resizeEvent(event)
        self.document().setTextWidth(self.viewport().width())
        self._fit()


class ConflictPanel(QWidget):
    """Lists open conflicts; resolves the chosen one with mine, theirs or a combined text."""

    resolve_requested = Signal(str, str, object)  # conflict id, choice, value
    show_section = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.conflicts: dict[str, dict[str, Any]] = {}
        self._loading = False
        self.count = QLabel(conflicts_left(0), self)
        self.count.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(self._chosen)
        self.view = FitBrowser(self)
        self.combined = SectionEditor(self)
        self.combined.setMinimumHeight(self.fontMetrics().lineSpacing() * 7)
        self.combined.textChanged.connect(self._edited)
        self.combined_label = QLabel(self)
        self.combined_label.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for choice, label in (("mine", "Keep Mine"), ("theirs", "Take Theirs"),
                              ("combined", "Use Combined Text")):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _c=False, choice=choice: self._resolve(choice))
            row.addWidget(button)
            self.buttons[choice] = button
        page = QWidget(self)
        self.combined_box = QWidget(page)
        box = QVBoxLayout(self.combined_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.combined_label)
        box.addWidget(self.combined, 1)
        column = QVBoxLayout(page)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.view)
        column.addWidget(self.combined_box)
        column.addStretch(1)
        self.page_scroll = QScrollArea(self)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.count)
        layout.addWidget(self.list)
        layout.addWidget(self.page_scroll, 1)
        layout.addLayout(row)
        self._show(follow=False)

    def refresh(self, session: Session | None) -> int:
        """Reload the open conflicts, staying on the one shown; return how many there are.

        Neither the outline nor a combined text being typed is disturbed when the
        conflict shown is still open and unchanged.
        """
        shown = self.current()
        self.session = session
        rows = session.conflicts() if session is not None else []
        self.list.blockSignals(True)
        self.list.clear()
        self.conflicts = {}
        keep = 0
        for number, row in enumerate(rows):
            self.conflicts[row["id"]] = row
            item = QListWidgetItem(f"{self._title(row)} — {field_label(row['field'])}")
            item.setData(ROLE, row["id"])
            self.list.addItem(item)
            if shown is not None and row["id"] == shown["id"]:
                keep = number
        if rows:
            self.list.setCurrentRow(keep)
        self.list.blockSignals(False)
        self.count.setText(conflicts_left(len(rows)))
        self.list.setVisible(bool(rows))
        rows_shown = min(max(len(rows), 1), 3)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows_shown
                                 + 2 * self.list.frameWidth() if rows else 0)
        if self.current() != shown or shown is None:
            self._show(follow=False)
        return len(rows)

    def _title(self, row: dict[str, Any]) -> str:
        """Return the heading or title of a conflicting object."""
        if row["object_type"] != "section":
            return "Document"
        try:
            return (self.session.section(row["object_id"]).heading if self.session
                    else "") or "(untitled)"
        except Exception:  # noqa: BLE001 - a deleted section still has its conflict listed
            return "(deleted section)"

    def current(self) -> dict[str, Any] | None:
        """Return the conflict being shown."""
        item = self.list.currentItem()
        return self.conflicts.get(item.data(ROLE)) if item else None

    def _names(self, row: dict[str, Any]) -> tuple[str, str]:
        """Return the labels of the two versions, with their authors when known."""
        names = []
        for title, key in (("Yours", "ours_revision"), ("Theirs", "theirs_revision")):
            rev = self.session.revision(row[key]) if self.session and row[key] \
                else None
            names.append(f"{title} ({rev.author})" if rev and rev.author else title)
        return names[0], names[1]

    def go_to_current(self) -> None:
        """Show the current conflict's section in the outline (after a merge brought it)."""
        self._show(follow=True)

    def _chosen(self, *_args: object) -> None:
        """The user chose a conflict: show it, and its section in the outline."""
        self._show(follow=True)

    def _show(self, *, follow: bool) -> None:
        """Show the clash of the current conflict and prepare the combined text."""
        row = self.current()
        self._loading = True
        self.combined.clear()
        self._loading = False
        writable = row is not None and not (self.session and self.session.readonly)
        self.buttons["mine"].setEnabled(writable)
        self.buttons["theirs"].setEnabled(writable)
        self.buttons["combined"].setEnabled(False)
        self.page_scroll.setVisible(row is not None)
        if row is None:
            self.view.clear()
            return
        heading = (f"<p><b>{html.escape(self._title(row))}</b> — "
                   f"{field_label(row['field'])}</p>")
        if row["field"] == "body" and row["object_type"] == "section":
            self.view.setHtml(heading + LEGEND + self._body_html(row))
        else:
            self.view.setHtml(heading + LEGEND + self._field_html(row))
        self._prepare_combined(row)
        if follow and row["object_type"] == "section":
            self.show_section.emit(row["object_id"])

    def _body_html(self, row: dict[str, Any]) -> str:
        """Return every clash of a body conflict, stacked."""
        found = regions(row["base"], row["ours"] or "", row["theirs"] or "")
        if not found:
            return "<p>The two versions are the same now.</p>"
        parts = []
        for index, region in enumerate(found, 1):
            if len(found) > 1:
                parts.append(f"<h4>Clash {index} of {len(found)}</h4>")
            parts.append(region_html(region, self._names(row)))
        return "<hr/>".join(parts)

    def _field_html(self, row: dict[str, Any]) -> str:
        """Return a field conflict: both values, marked when they are text."""
        return field_values_html(row, self._names(row))

    def _combinable(self, row: dict[str, Any]) -> bool:
        """Return whether a combined text can be written for this conflict."""
        return row["field"] in ("body", "heading", "title") or row["field"].startswith(
            "fields.") and all(isinstance(row[k], str | None) for k in ("ours", "theirs"))

    def _prepare_combined(self, row: dict[str, Any]) -> None:
        """Start the combined text with both versions (text) or empty (values)."""
        combinable = self._combinable(row)
        self.combined_box.setVisible(combinable)
        self.buttons["combined"].setVisible(combinable)
        self._loading = True
        if row["field"] == "body":
            found = regions(row["base"], row["ours"] or "", row["theirs"] or "")
            load_html(self.combined.document(),
                      "".join("".join(r.ours + r.theirs) for r in found))
            self.combined_label.setText("Combined text — starts with yours, then theirs. "
                                        "Edit it, then “Use Combined Text”:")
            self.combined.setPlaceholderText("")
        else:
            self.combined.setPlaceholderText("Type the combined value…")
            self.combined_label.setText("Combined value — type it, then “Use Combined Text”:")
        self._loading = False

    def _edited(self) -> None:
        """Allow the combined text once the user has changed it."""
        if not self._loading and self.current() is not None:
            self.buttons["combined"].setEnabled(not (self.session and self.session.readonly))

    def _resolve(self, choice: str) -> None:
        """Ask for the current conflict to be resolved (the window saves typing first)."""
        row = self.current()
        if row is None:
            return
        text = None
        if choice == "combined":
            body = row["field"] == "body" and row["object_type"] == "section"
            text = self.combined.body() if body else self.combined.toPlainText().strip()
        self.resolve_requested.emit(row["id"], choice, text)
