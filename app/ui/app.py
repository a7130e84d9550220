"""Start the desktop editor: QApplication, the render worker, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtGui import QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from app.core import preferences
from app.core.render.worker import RenderPool
from app.paths import fonts_dir, resources_dir


def load_fonts() -> None:
    """Make the bundled fonts available to the editor, as they are to the PDF."""
    for path in sorted(fonts_dir().glob("*.ttf")):
        QFontDatabase.addApplicationFont(str(path))


def main(argv: Sequence[str] = ()) -> int:
    """Open the main window (on a file when one is given); return the exit code."""
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    app.setApplicationName("Rapporteur")
    app.setOrganizationName("Rapporteur")
    icon = resources_dir() / "icons" / "rapporteur.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_fonts()
    from app.ui.mainwindow import MainWindow

    pool = RenderPool()
    pool.start()
    window = MainWindow(preferences.load(), pool)
    window.show()
    if argv:
        window.open_path(Path(argv[0]))
    try:
        return int(app.exec())
    finally:
        pool.shutdown()
