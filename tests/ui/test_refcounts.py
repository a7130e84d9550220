"""PySide6 6.12 on Python 3.11 takes a reference of None or a bool per call: never fatal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CALLS = 300_000  # far beyond the references None, True and False start with

PROGRAM = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
if sys.argv[1] == "app":
    import app.ui  # what every GUI entry point imports first
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QWidget
class Emitter(QObject):
    ping = Signal()
qapp = QApplication([])
widget, emitter = QWidget(), Emitter()
emitter.ping.connect(lambda: None)
for _ in range({CALLS}):
    widget.update()  # a void method: returns None
    emitter.ping.emit()  # returns a bool; the lambda's None goes back to C++
print("survived", flush=True)
"""


def _run(mode: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", PROGRAM, mode], capture_output=True, text=True,
                          env=env, cwd=REPO, timeout=120)


def test_many_qt_calls_never_abort_the_app():
    result = _run("app")
    assert result.returncode == 0, result.stderr[-500:]
    assert "survived" in result.stdout
    assert "Fatal Python error" not in result.stderr


def test_the_bug_is_still_there_without_the_pin():
    """When this fails, PySide6 is fixed and app/ui/refcounts.py can go."""
    result = _run("bare")
    if sys.version_info >= (3, 12):
        assert result.returncode == 0
        return
    assert result.returncode != 0
    assert "_dealloc" in result.stderr
