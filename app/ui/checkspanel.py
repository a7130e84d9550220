"""The Checks panel: a document's editorial findings, each a click from its text, with fixes."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.text.lint import Finding
from app.ui.statusbar import plural

ROLE = 256  # Qt.UserRole: the finding's row in `findings`


def finding_line(finding: Finding) -> str:
    """Return a finding as two lines: the message, then the text at fault and the fix."""
    fix = f"   → “{finding.fix}”" if finding.fix is not None else ""
    message = finding.message[:1].upper() + finding.message[1:]
    return f"{message}\n    {finding.excerpt}{fix}"


class ChecksPanel(QWidget):
    """Lists findings in reading order; asks to go to one, fix it, or fix every safe one."""

    go_to = Signal(object)  # Finding
    fix_requested = Signal(object)  # list[Finding]
    check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.findings: list[Finding] = []
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setStyleSheet("QListWidget::item { padding: 4px 2px; }")
        self.list.itemActivated.connect(self._go)
        self.list.itemClicked.connect(self._go)
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        self.fix = QPushButton("Fix", self)
        self.fix.setToolTip("Apply the suggested fix to the chosen finding (Edit ▸ Undo "
                            "takes it back)")
        self.fix.clicked.connect(self._fix_chosen)
        self.fix_all = QPushButton("Fix All Safe", self)
        self.fix_all.setToolTip("Apply every suggested fix in one step (one Edit ▸ Undo)")
        self.fix_all.clicked.connect(
            lambda: self.fix_requested.emit([f for f in self.findings if f.fix is not None]))
        again = QPushButton("Check Again", self)
        again.clicked.connect(self.check_requested.emit)
        buttons = QHBoxLayout()
        for button in (self.fix, self.fix_all):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.show_findings(None, "")

    def show_findings(self, findings: list[Finding] | None, words: str) -> None:
        """Show a document's findings (None: no document) under its word count."""
        chosen = self.list.currentRow()
        self.list.blockSignals(True)  # the rows change under the current one
        self.list.clear()
        self.findings = findings or []
        for row, finding in enumerate(self.findings):
            item = QListWidgetItem(finding_line(finding))
            item.setData(ROLE, row)
            item.setToolTip(f"Rule: {finding.rule}")
            self.list.addItem(item)
        if findings is None:
            self.summary.setText("Open a document to check it against the UN editorial rules.")
        else:
            fixable = sum(1 for f in self.findings if f.fix is not None)
            found = (f"{plural(len(self.findings), 'finding')}, {fixable} with a fix"
                     if self.findings else "No findings: the editorial checks pass.")
            self.summary.setText(f"{words} · {found}" if words else found)
        if self.findings:
            self.list.setCurrentRow(min(max(chosen, 0), len(self.findings) - 1))
        self.list.blockSignals(False)
        self._enable()

    def _enable(self) -> None:
        """Offer Fix for a chosen finding that has one, Fix All when any has."""
        chosen = self._chosen()
        self.fix.setEnabled(chosen is not None and chosen.fix is not None)
        self.fix_all.setEnabled(any(f.fix is not None for f in self.findings))

    def _chosen(self) -> Finding | None:
        item = self.list.currentItem()
        return self.findings[int(item.data(ROLE))] if item is not None else None

    def _go(self, item: QListWidgetItem) -> None:
        self.go_to.emit(self.findings[int(item.data(ROLE))])

    def _fix_chosen(self) -> None:
        chosen = self._chosen()
        if chosen is not None and chosen.fix is not None:
            self.fix_requested.emit([chosen])
