"""Start the desktop editor: QApplication, the render worker, the main window."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from app.core import preferences
from app.core.render.worker import RenderPool
from app.paths import fonts_dir, resources_dir


def follow_color_scheme(app: QApplication) -> None:
    """Use a dark palette while the system uses one, and follow it when it changes."""

    def apply(scheme: Qt.ColorScheme) -> None:
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if scheme == Qt.ColorScheme.Dark
                       else app.style().standardPalette())

    hints = app.styleHints()
    if hints.colorScheme() == Qt.ColorScheme.Dark:
        apply(hints.colorScheme())
    hints.colorSchemeChanged.connect(apply)


def dark_palette() -> QPalette:
    """Return a calm dark palette for the Fusion style."""
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#2b2b2b", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1e1e1e", QPalette.ColorRole.AlternateBase: "#2f2f2f",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#353535",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.Highlight: "#3d6fb5",
        QPalette.ColorRole.HighlightedText: "#ffffff", QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.ToolTipBase: "#353535", QPalette.ColorRole.ToolTipText: "#e6e6e6",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    return palette


def load_fonts() -> None:
    """Make the bundled fonts available to the editor, as they are to the PDF."""
    for path in sorted(fonts_dir().glob("*.[ot]tf")):
        QFontDatabase.addApplicationFont(str(path))


def main(argv: Sequence[str] = ()) -> int:
    """Open the main window (on a file when one is given); return the exit code."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0], *argv])
    app.setApplicationName("Rapporteur")
    app.setOrganizationName("Rapporteur")
    icon = resources_dir() / "icons" / "rapporteur.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    load_fonts()
    follow_color_scheme(app)
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
