"""EditorControl: one section at a time, saved within two seconds, never lost on a failure."""

from __future__ import annotations

import time

from ui_helpers import first_section

from app.ui import editorcontrol
from app.ui.editorcontrol import NO_SECTION


def test_a_pause_saves_after_the_idle_time(window, sample_file, qtbot):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Paused. ")
    assert window.control.save_timer.isActive()
    assert window.control.save_timer.interval() == editorcontrol.SAVE_IDLE_MS
    qtbot.waitUntil(lambda: "Paused." in first_section(sample_file).body, timeout=3000)
    assert window.control.dirty_since is None


def test_typing_on_never_holds_text_longer_than_the_limit(window, sample_file, qtbot,
                                                          monkeypatch):
    monkeypatch.setattr(editorcontrol, "SAVE_MAX_AGE_S", 0.3)
    window.open_path(sample_file)
    started = time.monotonic()
    while "Steady" not in first_section(sample_file).body:
        qtbot.keyClicks(window.editor, "Steady ")
        qtbot.wait(50)  # keys keep coming faster than the idle time
        assert time.monotonic() - started < 3.0, "saved while typing went on"


def test_a_failed_save_keeps_the_text_and_says_so(window, sample_file, qtbot, monkeypatch):
    window.open_path(sample_file)
    shown = window.control.section_id
    monkeypatch.setattr(window.session, "save_body", lambda *_: False)
    qtbot.keyClicks(window.editor, "Kept in the editor. ")
    assert not window.control.flush()
    assert window.control.unsaved()[shown].startswith("<p>Kept in the editor. ")
    assert window.control.dirty_since is not None
    monkeypatch.undo()
    assert window.control.flush()
    assert window.control.unsaved() == {}
    assert first_section(sample_file).body.startswith("<p>Kept in the editor. ")


def test_switching_sections_saves_the_one_left(window, sample_file, qtbot):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Left behind. ")
    second = window.session.documents()[0].sections[1].id
    window.control.show_section(second)
    assert first_section(sample_file).body.startswith("<p>Left behind. ")
    assert window.control.section_id == second


def test_released_editor_is_read_only_with_its_message(window, sample_file):
    window.open_path(sample_file)
    window.control.release()
    assert window.control.section_id is None
    assert window.editor.isReadOnly()
    assert window.editor.toPlainText() == NO_SECTION
    assert window.control.current_body() is None


def test_a_burst_of_keys_asks_for_one_preview_holding_all_of_it(window, sample_file, qtbot):
    window.open_path(sample_file)
    qtbot.waitUntil(window.preview.idle, timeout=10000)
    asked: list[str] = []
    window.control.preview_due.connect(lambda: asked.append(window.control.current_body()))
    qtbot.keyClicks(window.editor, "Burst ")  # six keys before the event loop runs again
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)
    qtbot.wait(5 * editorcontrol.PREVIEW_IDLE_MS)
    assert len(asked) == 1, "the debounce merges the keys of one burst"
    assert asked[0].startswith("<p>Burst ")
