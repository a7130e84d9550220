"""A child process for the quit tests: quits the real app with work in flight.

Usage: python tests/ui/quitter.py FILE THEIRS OUT_PDF
Opens FILE in the app as `rapporteur FILE` does, types a few paragraphs key by key (an
autosave is then pending), starts merging THEIRS, exporting OUT_PDF and a full build,
then quits at once through File > Quit.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    """Run the app and quit it in the middle of its work; return its exit code."""
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from app.ui import app as gui

    path, theirs, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    qapp = QApplication([sys.argv[0]])

    def busy_then_quit() -> None:
        window = next(w for w in qapp.topLevelWidgets() if w.objectName() == "mainWindow")
        QTest.keyClicks(window.editor, "Typed just before quitting. " * 12)
        window.merges.merge_copy(theirs)
        window.checker.clear_to_export = lambda _document_id: True  # no question to answer
        window.pdf.export_pdf(out)
        window.pdf.full_build()
        window.command_actions["quit"].trigger()

    QTimer.singleShot(300, busy_then_quit)
    return gui.main([path])


if __name__ == "__main__":
    sys.exit(main())
