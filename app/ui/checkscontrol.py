"""Editorial checks for the window: the Checks panel kept current, go to, fix, gate export."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QTextCursor

from app.core.errors import RapporteurError
from app.core.text.lint import Finding
from app.ui import commands
from app.ui.statusbar import plural

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

CHECK_IDLE_MS = 600  # checks run again this long after the file last changed


class ChecksControl(QObject):
    """Runs the editorial checks on the current document while the Checks tab is shown."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.win = win
        self.timer = QTimer(self, singleShot=True, interval=CHECK_IDLE_MS)
        self.timer.timeout.connect(self.check_now)

    def soon(self) -> None:
        """Check again after a pause, if the panel is where the user can see it."""
        if self.win.tabs.currentWidget() is self.win.checks:
            self.timer.start()

    def check_now(self) -> None:
        """Show the current document's findings and its word count against the limit."""
        self.timer.stop()
        session = self.win.session
        document_id = self.win.nav.current_document_id() if session else None
        if session is None or document_id is None:
            self.win.checks.show_findings(None, "")
            return
        self.win.control.flush()
        try:
            findings = session.lint(document_id)
            words = session.word_summary(document_id)
        except RapporteurError:  # the document went meanwhile; the outline moves on
            return
        self.win.checks.show_findings(findings, words)

    def go_to(self, finding: Finding) -> None:
        """Show the place of a finding: its text selected, or its field in Properties."""
        if finding.section_id is None:
            self.win.nav.select(finding.document_id)
            self.win.tabs.setCurrentIndex(0)
            self.win.properties.focus_field(finding.field)
            return
        self.win.nav.select(finding.section_id)
        if finding.field == "body" and self.win.control.section_id == finding.section_id:
            self._select_text(finding)

    def _select_text(self, finding: Finding) -> None:
        """Select the finding's target in the editor, found through its excerpt."""
        text = self.win.editor.toPlainText()
        context = finding.excerpt.strip("…")
        at = text.find(context)
        inner = context.find(finding.target)
        start = at + inner if at >= 0 and inner >= 0 else text.find(finding.target)
        if start < 0:
            return
        cursor = self.win.editor.textCursor()
        cursor.setPosition(start)
        cursor.setPosition(start + len(finding.target), QTextCursor.MoveMode.KeepAnchor)
        self.win.editor.setTextCursor(cursor)
        self.win.editor.ensureCursorVisible()
        self.win.editor.setFocus()

    def fix(self, findings: list[Finding]) -> None:
        """Apply fixes as one undoable step, after saving the typing they may touch."""
        session = self.win.session
        if session is None or session.readonly or not findings:
            return
        if not self.win.control.flush():
            self.win.warn("Nothing was fixed: your latest text could not be saved.")
            return
        command = commands.FixFindings(session, findings)
        self.win.undo_stack.push(command)
        fixed = len(command.done)
        left = len(findings) - fixed
        message = f"Fixed {plural(fixed, 'finding')}"
        if left:
            message += f"; {left} changed since the check and were left alone"
        self.win.status.flash(message + ".")
        self.check_now()

    def _fonts_cover(self, missing: list[str]) -> bool:
        """Say which characters no bundled font has; return whether to export anyway."""
        if not missing:
            return True
        shown = "  ".join(f"{c} (U+{ord(c):04X})" for c in missing[:12])
        more = f" and {len(missing) - 12} more" if len(missing) > 12 else ""
        verb = "is" if len(missing) == 1 else "are"
        return self.win.ask(
            f"{plural(len(missing), 'character')} of this document {verb} in none of the "
            f"bundled fonts and would print as blank boxes:\n\n{shown}{more}\n\n"
            "Export the PDF anyway?")

    def clear_to_export(self, document_id: str) -> bool:
        """Before Export PDF: say what the checks found; return whether to export anyway."""
        session = self.win.session
        if session is None:
            return False
        self.win.control.flush()
        try:
            if not self._fonts_cover(session.missing_characters(document_id)):
                return False
            findings = session.lint(document_id)
        except RapporteurError:
            return True  # the export reports the problem itself
        if not findings:
            return True
        fixable = sum(1 for f in findings if f.fix is not None)
        if self.win.ask(f"The editorial checks found {plural(len(findings), 'point')} in this "
                        f"document ({fixable} with a one-click fix), for example:\n\n"
                        f"{findings[0].message}\n\nExport the PDF anyway? Choose No to "
                        "review them in the Checks tab."):
            return True
        self.win.tabs.setCurrentWidget(self.win.checks)
        self.check_now()
        return False
