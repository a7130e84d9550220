"""`make screenshot`: open the main window on the sample and save a PNG of it."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.core import preferences
from app.core.render.worker import RenderPool
from app.sample import working_copy
from app.ui.app import load_fonts


def main(out: str = "resources/screenshots/main-window.png") -> int:
    """Show the window on a copy of the sample, wait for the preview, save a PNG."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    load_fonts()
    from app.ui.mainwindow import MainWindow

    pool = RenderPool()
    window = MainWindow(preferences.Preferences(author="Rapporteur"), pool)
    window.resize(1400, 860)
    window.show()
    window.open_path(working_copy())
    started = time.monotonic()

    def shoot() -> None:
        if not window.preview.idle() and time.monotonic() - started < 30:
            QTimer.singleShot(200, shoot)
            return
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(out)
        print(out)
        window.close()

    QTimer.singleShot(1500, shoot)
    app.exec()
    pool.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:2]))
