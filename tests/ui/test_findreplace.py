"""Find and Replace: Find Next, Replace, and Replace All as one undoable step."""

from __future__ import annotations

import pytest
from ui_helpers import stored

from app.ui.findreplace import FindReplaceDialog

pytestmark = pytest.mark.ui


def _state(path):
    """Return the title, the author field and every section body stored in the file."""
    with stored(path) as rfile:
        doc = rfile.documents()[0]
        return doc.title, doc.fields["author"], [s.body for s in doc.all_sections()]


def _dialog(window, sample_file, needle="coastal", replacement="Shoreline"):
    window.open_path(sample_file)
    dialog = FindReplaceDialog(window)
    dialog.needle.setText(needle)
    dialog.replacement.setText(replacement)
    return dialog


def _sections(window):
    return [s for d in window.session.documents() for s in d.all_sections()]


def test_replace_all_asks_first_and_replaces_nothing_on_no(window, sample_file, monkeypatch):
    dialog = _dialog(window, sample_file)
    before = _state(sample_file)
    monkeypatch.setattr(window, "ask", lambda q: window.answers.append(q) and False)
    assert dialog.replace_all() == 0
    assert window.answers == ["Replace 4 occurrences in 2 sections and 2 fields?"]
    assert _state(sample_file) == before
    assert window.undo_stack.count() == 0


def test_replace_all_is_one_step_that_undo_takes_back(window, sample_file, qtbot):
    dialog = _dialog(window, sample_file)
    title, author, bodies = _state(sample_file)
    dialog.show()
    assert dialog.replace_all() == 4
    assert window.answers == ["Replace 4 occurrences in 2 sections and 2 fields?"]
    new_title, new_author, new_bodies = _state(sample_file)
    assert new_title.endswith("migrants in Shoreline regions")
    assert new_author == "United Nations Office for Shoreline Resilience (UNOCR)"
    assert sum("Shoreline" in b for b in new_bodies) == 2
    assert not any("Coastal" in b for b in new_bodies)
    assert "Shoreline Resilience" in window.editor.toPlainText()
    assert window.properties.title.text() == new_title
    assert window.undo_stack.count() == 1
    dialog.close()
    window.command_actions["undo"].trigger()  # Edit ▸ Undo, the dialog closed
    assert _state(sample_file) == (title, author, bodies)
    assert "Coastal Resilience" in window.editor.toPlainText()
    assert window.properties.title.text() == title
    window.command_actions["redo"].trigger()
    assert _state(sample_file) == (new_title, new_author, new_bodies)


def test_typed_text_is_saved_before_replace_all_and_undo_keeps_it(window, sample_file, qtbot):
    dialog = _dialog(window, sample_file)
    qtbot.keyClicks(window.editor, "Coastal note. ")
    assert dialog.replace_all() == 5
    assert window.editor.toPlainText().startswith("Shoreline note. ")
    window.undo_stack.undo()
    assert window.editor.toPlainText().startswith("Coastal note. ")
    assert _state(sample_file)[2][0].startswith("<p>Coastal note. ")


def test_results_list_follows_replace_all_and_undo(window, sample_file):
    dialog = _dialog(window, sample_file)
    dialog.show()
    assert len(dialog.find_all()) == 4
    assert dialog.results.item(0).text().startswith("Title of “Climate-related displacement")
    assert dialog.results.item(1).text().startswith("Author entity of “Climate-related")
    dialog.replace_all()
    assert dialog.results.count() == 0
    assert dialog.summary.text().startswith("Replaced 4 occurrences")
    window.undo_stack.undo()
    assert dialog.results.count() == 4


def test_find_next_moves_through_matches_across_sections(window, sample_file):
    dialog = _dialog(window, sample_file)
    ids = [s.id for s in _sections(window)]
    intro, activities = ids[0], ids[3]
    seen = []
    for _ in range(3):
        assert dialog.find_next()
        seen.append((window.control.section_id, window.editor.textCursor().selectedText()))
    assert seen == [(intro, "Coastal"), (activities, "Coastal"), (intro, "Coastal")]
    assert window.nav.current_node_id() == intro


def test_replace_changes_only_the_current_match(window, sample_file):
    dialog = _dialog(window, sample_file)
    intro = _sections(window)[0].id
    dialog.find_next()
    assert dialog.replace()
    assert window.control.documents[intro].toPlainText().count("Shoreline Resilience") == 1
    assert window.control.section_id != intro  # on to the next match
    assert window.editor.textCursor().selectedText() == "Coastal"
    window.control.flush()
    _title, author, bodies = _state(sample_file)
    assert "Shoreline Resilience" in bodies[0]
    assert sum("Coastal" in b for b in bodies) == 1
    assert "Coastal" in author
    assert window.control.documents[intro].isUndoAvailable()  # the editor's own undo
