"""The Proposals tab: a reviewer's changes from Word, redlined, accepted or rejected.

Like the Conflicts tab, it lists what waits for a decision in the document being
edited (or only in its section shown), shows the chosen change as a redline with its
author and date, and asks the window to decide; nothing is applied until then.
"""

from __future__ import annotations

import html
import re
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core.errors import RapporteurError
from app.core.io.docxcompare import ADDED, blocks, sections_of
from app.core.io.docxcompare import DELETED as SECTION_DELETED
from app.core.text.redline import DELETED, INSERTED, redline_blocks, redline_html
from app.ui.conflictpanel import FitBrowser
from app.ui.session import Session

ROLE = 256
GREY = "color:#666"
LEGEND = (f'<p style="{GREY}">The reviewer’s change: '
          f'<span style="{INSERTED}">added</span> '
          f'<span style="{DELETED}">removed</span></p>')
HOW = {"tracked": "tracked change", "untracked": "edited without tracking"}


def proposals_left(count: int, scope: str) -> str:
    """Return the count line of the tab."""
    if count == 0:
        return (f"No proposals {scope}. File ▸ Import Reviewed Word File… brings a "
                "reviewer's changes in.")
    return f"{count} proposal{'s' * (count != 1)} {scope} waiting for a decision"


class ProposalPanel(QWidget):
    """Lists the open proposals of a document; accepts or rejects one or all."""

    decide_requested = Signal(str, bool)  # proposal id, accept
    decide_all_requested = Signal(object, bool)  # the ids listed, accept
    go_to_section = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session: Session | None = None
        self.document_id: str | None = None
        self.section_id: str | None = None
        self.items: dict[str, Any] = {}
        self.count = QLabel(self)
        self.count.setWordWrap(True)
        self.only_section = QCheckBox("Only the section being edited", self)
        self.only_section.toggled.connect(lambda _on: self.refresh(self.session))
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(self._chosen)
        self.view = FitBrowser(self)
        self.page_scroll = QScrollArea(self)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setWidget(self.view)
        self.buttons: dict[str, QPushButton] = {}
        one, every = QHBoxLayout(), QHBoxLayout()
        for name, label, row in (("accept", "Accept", one), ("reject", "Reject", one),
                                 ("accept_all", "Accept All", every),
                                 ("reject_all", "Reject All", every)):
            button = QPushButton(label, self)
            button.clicked.connect(lambda _c=False, name=name: self._decide(name))
            row.addWidget(button)
            self.buttons[name] = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.count)
        layout.addWidget(self.only_section)
        layout.addWidget(self.list)
        layout.addWidget(self.page_scroll, 1)
        layout.addLayout(one)
        layout.addLayout(every)
        self.refresh(None)

    def show_section(self, session: Session | None, section_id: str | None) -> None:
        """Follow the section being edited (and its document)."""
        self.section_id = section_id
        document_id = None
        if session is not None and section_id:
            try:
                document_id = session.section(section_id).document_id
            except RapporteurError:
                document_id = None
        changed = document_id != self.document_id or self.only_section.isChecked()
        self.document_id = document_id or self.document_id
        if changed or session is not self.session:
            self.refresh(session)

    def show_document(self, session: Session | None, document_id: str) -> None:
        """List a document's proposals (after a review was brought in)."""
        self.document_id = document_id
        self.refresh(session)

    def refresh(self, session: Session | None) -> int:
        """Reload the open proposals, staying on the one shown; return how many."""
        shown = self.current()
        self.session = session
        found = session.proposals(self.document_id) if session and self.document_id else []
        if self.only_section.isChecked():
            found = [p for p in found if p.section_id == self.section_id]
        self.list.blockSignals(True)
        self.list.clear()
        self.items = {}
        keep = 0
        for number, item in enumerate(found):
            self.items[item.id] = item
            row = QListWidgetItem(self._label(item))
            row.setData(ROLE, item.id)
            row.setToolTip(item.redline()[:400])
            self.list.addItem(row)
            if shown is not None and item.id == shown.id:
                keep = number
        if found:
            self.list.setCurrentRow(keep)
        self.list.blockSignals(False)
        shown_rows = min(max(len(found), 1), 5)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * shown_rows
                                 + 2 * self.list.frameWidth() if found else 0)
        self.list.setVisible(bool(found))
        scope = "in this section" if self.only_section.isChecked() else "in this document"
        self.count.setText(proposals_left(len(found), scope))
        self._show(follow=False)
        return len(found)

    def _label(self, item: Any) -> str:
        """Return a list line: where, what, who and when."""
        place = self.session.proposal_place(item) if self.session else ""
        return f"{place} — {item.author}, {item.made[:10] or 'undated'}"

    def current(self) -> Any:
        """Return the proposal shown, or None."""
        row = self.list.currentItem()
        return self.items.get(row.data(ROLE)) if row else None

    def _chosen(self, *_args: object) -> None:
        """The user chose a proposal: show it, and its section in the editor."""
        self._show(follow=True)

    def _show(self, *, follow: bool) -> None:
        """Show the current proposal as a redline with its author and date."""
        item = self.current()
        writable = self.session is not None and not self.session.readonly
        self.buttons["accept"].setEnabled(writable and item is not None)
        self.buttons["reject"].setEnabled(writable and item is not None)
        self.buttons["accept_all"].setEnabled(writable and bool(self.items))
        self.buttons["reject_all"].setEnabled(writable and bool(self.items))
        self.page_scroll.setVisible(item is not None)
        if item is None:
            self.view.clear()
            return
        place = self.session.proposal_place(item) if self.session else ""
        when = item.made.replace("T", " ")[:16] if item.made else "no date"
        head = (f"<p><b>{html.escape(place)}</b><br/>{html.escape(item.author)} · "
                f"{html.escape(when)} · {HOW.get(item.kind, item.kind)}</p>")
        self.view.setHtml(head + LEGEND + self._redline(item))
        if follow and item.section_id:
            self.go_to_section.emit(item.section_id)

    def _redline(self, item: Any) -> str:
        """Return the change marked: words removed struck through, added underlined.

        Paragraphs stay paragraphs; a whole section added or deleted shows its heading
        in bold above its text.
        """
        if item.target in (ADDED, SECTION_DELETED):
            adding = item.target == ADDED
            parts = []
            for _depth, heading, body in sections_of(item.after if adding else item.before):
                title = redline_html("", heading, highlight=True) if adding else \
                    redline_html(heading, "", highlight=True)
                parts.append(f"<p><b>{title}</b></p>")
                blocks_ = blocks(body)
                parts.append(redline_blocks([""] * len(blocks_), blocks_) if adding
                             else redline_blocks(blocks_, [""] * len(blocks_)))
            marked = "".join(parts)
        else:
            marked = redline_blocks(blocks(item.before) or [""], blocks(item.after) or [""])
        return marked if _visible(marked) else "<p>(no visible text)</p>"

    def _decide(self, name: str) -> None:
        """Ask the window to decide the current proposal, or every one listed."""
        if name in ("accept", "reject"):
            item = self.current()
            if item is not None:
                self.decide_requested.emit(item.id, name == "accept")
        elif self.items:
            self.decide_all_requested.emit(list(self.items), name == "accept_all")


def _visible(markup: str) -> bool:
    """Return whether HTML shows any text."""
    return bool(re.sub(r"<[^>]+>", "", markup).strip())
