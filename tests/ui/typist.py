"""A child process for the kill -9 tests: opens a file in the real window and types.

Usage: python tests/ui/typist.py FILE PHRASE INTERVAL_MS [LIMIT]
Types PHRASE repeatedly, one character every INTERVAL_MS, printing "typed N" (the
number of characters typed so far) after each one; stops typing after LIMIT characters
(if given) and waits to be killed.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    """Open the file and type until killed."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.core import preferences
    from app.ui.mainwindow import MainWindow

    path, phrase, interval = sys.argv[1], sys.argv[2], int(sys.argv[3])
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    app = QApplication([])
    window = MainWindow(preferences.Preferences(author="Typist"), pool=None)
    window.show()
    window.open_path(path)
    state = {"typed": 0}

    def type_one() -> None:
        if limit and state["typed"] >= limit:
            timer.stop()
            return
        window.editor.insertPlainText(phrase[state["typed"] % len(phrase)])
        state["typed"] += 1
        print(f"typed {state['typed']}", flush=True)

    timer = QTimer(interval=interval)
    timer.timeout.connect(type_one)
    timer.start()
    app.exec()


if __name__ == "__main__":
    main()
