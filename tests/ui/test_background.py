"""One way to wait: work off the UI thread, results back on it."""

from __future__ import annotations

import threading
from concurrent.futures import Future

from PySide6.QtCore import QObject

from app.core.errors import RapporteurError
from app.ui.background import in_thread, watch


def test_work_runs_off_the_ui_thread_and_answers_on_it(qtbot):
    parent, seen = QObject(), []
    ui = threading.get_ident()
    in_thread(parent, lambda: threading.get_ident(),
              lambda result: seen.append((result, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    worker, answered_on = seen[0]
    assert worker != ui
    assert answered_on == ui


def test_a_refusal_arrives_as_a_value(qtbot):
    seen = []

    def refuse() -> None:
        raise RapporteurError("not a Rapporteur file")

    parent = QObject()  # the watcher lives as long as its parent
    in_thread(parent, refuse, seen.append)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert isinstance(seen[0], RapporteurError)
    assert str(seen[0]) == "not a Rapporteur file"


def test_a_future_that_takes_too_long_is_given_up(qtbot):
    seen, stopped = [], []
    parent = QObject()
    watch(parent, Future(), seen.append, limit=0.2, on_timeout=lambda: stopped.append(1))
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "longer than" in seen[0].error
    assert stopped == [1]
