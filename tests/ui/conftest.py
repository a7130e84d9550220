"""GUI tests run offscreen on the real widgets: a render pool, a sample file, a window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ui_helpers import SAMPLE_MD

from app.core import preferences
from app.core.document.service import RapporteurFile
from app.core.io.importing import import_source
from app.ui.mainwindow import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(scope="session")
def render_pool():
    from app.core.render.worker import RenderPool

    pool = RenderPool()
    yield pool
    pool.shutdown()


@pytest.fixture
def sample_file(tmp_path) -> Path:
    path = tmp_path / "sample.rapporteur"
    with RapporteurFile.create(path, author="Maria") as rfile:
        import_source(rfile, SAMPLE_MD)
    return path


@pytest.fixture
def window(qtbot, render_pool, monkeypatch):
    win = MainWindow(preferences.Preferences(author="Maria"), render_pool)
    win.answers: list[str] = []
    win.warnings: list[str] = []
    monkeypatch.setattr(win, "ask", lambda q: win.answers.append(q) or True)
    monkeypatch.setattr(win, "warn", win.warnings.append)
    monkeypatch.setattr(preferences, "save", lambda prefs: None)
    win.show()
    yield win
    win.close_file()
    qtbot.waitUntil(win.preview.idle, timeout=30000)
    win.close()
    win.deleteLater()
