"""The review of issue 9 and 10: panels, undo and menus never lose or misplace an edit."""

from __future__ import annotations

from PySide6.QtGui import QTextCursor
from ui_helpers import add_second_document, stored

from app.core.document.service import RapporteurFile


def test_delete_document_from_a_section_row_keeps_panels_on_one_document(window, sample_file,
                                                                         qtbot):
    other = add_second_document(sample_file)
    window.open_path(sample_file)
    first_doc = window.session.documents()[0].id
    assert window.nav.current_document_id() == first_doc
    assert window.control.section_id is not None        # a section row is current
    window.nav.delete_document()
    # every panel should now be on the same (remaining) document, or on none
    assert window.properties.document_id == window.pdf.preview_document_id(), (
        window.properties.document_id, window.pdf.preview_document_id(), first_doc, other)


def test_properties_of_a_deleted_document_are_not_written_into_another(window, sample_file,
                                                                        qtbot):
    with RapporteurFile.open(sample_file, author="Maria") as rfile:
        other = rfile.add_document(title="Second paper", template="meeting-paper").id
        rfile.add_section(other, heading="Only section", body="<p>Other text.</p>")
    window.open_path(sample_file)
    deleted = window.nav.current_document_id()
    gone = window.session.document(deleted)
    window.nav.delete_document()
    assert window.properties.document_id == other      # the panel moved on with the outline
    assert window.properties.title.text() == "Second paper"
    window.properties.show_document(gone)               # a panel left on the deleted one
    window.properties.title.setText("Edited title")
    window.properties.flush()
    with stored(sample_file) as rfile:
        assert rfile.document(other).title == "Second paper"
        assert "Edited title" not in [d.title for d in rfile.documents()]


def test_the_last_document_deleted_leaves_every_panel_empty(window, sample_file, qtbot):
    window.open_path(sample_file)
    window.nav.delete_document()
    assert window.properties.document_id is None
    assert window.control.section_id is None
    assert window.editor.isReadOnly()
    assert "no documents left" in window.editor.toPlainText()
    window.undo_stack.undo()
    assert window.properties.document_id == window.session.documents()[0].id


def test_setting_the_status_keeps_the_cursor_and_the_text_undo(window, sample_file, qtbot):
    window.open_path(sample_file)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, " Extra.")
    assert window.control.flush()
    end = window.editor.textCursor().position()
    window.command_actions["status_final"].trigger()
    assert window.editor.textCursor().position() == end
    assert window.editor.document().isUndoAvailable()


def test_redo_of_a_delete_does_not_strand_unsaved_text(window, sample_file, qtbot):
    window.open_path(sample_file)
    shown = window.control.section_id
    window.nav.delete_section()
    window.status.undo_button.click()           # back again, and shown
    assert window.control.section_id == shown
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Typed after undo. ")
    assert not window.undo_stack.canRedo()      # typing ends the undone steps
    window.undo_stack.redo()
    # the typed text must be in the file, or the section must not be deleted
    with stored(sample_file) as rfile:
        bodies = [s.body for s in rfile.documents()[0].all_sections()]
    assert any("Typed after undo." in b for b in bodies), "typed text only in a deleted section"


def test_properties_typing_then_choosing_another_document_is_kept(window, sample_file, qtbot):
    other = add_second_document(sample_file)
    window.open_path(sample_file)
    first_doc = window.nav.current_document_id()
    window.properties.title.setText("Renamed in the panel")   # timer pending (500 ms)
    window.nav.select(other)
    qtbot.wait(700)
    with stored(sample_file) as rfile:
        assert rfile.document(first_doc).title == "Renamed in the panel"
        assert rfile.document(other).title == "Second paper"


def test_unsaved_text_in_a_document_another_program_deleted_comes_back(window, sample_file,
                                                                       qtbot, monkeypatch):
    window.open_path(sample_file)
    shown = window.control.section_id
    document_id = window.nav.current_document_id()
    with monkeypatch.context() as patch:
        patch.setattr(window.session, "save_body", lambda *_: False)
        qtbot.keyClicks(window.editor, "Typed while they deleted the paper. ")
    with RapporteurFile.open(sample_file, author="Jean") as rfile:
        rfile.delete_document(document_id)
    window.merges.changed_on_disk()
    # the text must be somewhere the user can see it: a visible section holding it
    assert window.model.index_of(shown).isValid(), "text written into a deleted document"


def test_menu_commands_do_not_edit_a_released_editor(window, sample_file, qtbot):
    from PySide6.QtWidgets import QApplication

    window.open_path(sample_file)
    window.nav.select(window.nav.current_document_id())      # a document row: read-only editor
    assert window.editor.isReadOnly()
    before = window.editor.toPlainText()
    QApplication.clipboard().setText("Pasted into nowhere")
    window.command_actions["paste"].trigger()

    assert window.editor.toPlainText() == before


def test_find_dialogs_are_not_left_listening_to_every_undo(window, sample_file, qtbot):
    from app.ui import fileactions
    from app.ui.findreplace import FindReplaceDialog

    window.open_path(sample_file)
    for _ in range(3):
        fileactions.find_replace(window)
        dialog = window.findChildren(FindReplaceDialog)[-1]
        dialog.needle.setText("migrants")
        dialog.close()
    calls = []
    real = window.session.find
    window.session.find = lambda *a, **k: calls.append(1) or real(*a, **k)
    window.nav.set_status("final")
    window.nav.rename_requested("section", window.control.section_id, "Renamed")
    assert len(calls) <= 1, f"{len(calls)} whole-file searches for one undoable rename"


def test_undoing_an_added_section_saves_its_text_first_and_redo_brings_it_back(window,
                                                                              sample_file,
                                                                              qtbot):
    window.open_path(sample_file)
    window.nav.add_section()
    added = window.control.section_id
    window.editor.setFocus()
    qtbot.keyClicks(window.editor, "Written in the new section.")
    window.undo_stack.undo()                 # straight to the stack: no autosave had run
    assert not window.model.index_of(added).isValid()
    window.undo_stack.redo()
    with stored(sample_file) as rfile:
        assert "Written in the new section." in rfile.section(added).body


def test_renaming_the_shown_section_keeps_the_cursor(window, sample_file, qtbot):
    window.open_path(sample_file)
    shown = window.control.section_id
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    end = cursor.position()
    window.nav.rename_requested("section", shown, "A better heading")
    assert window.editor.textCursor().position() == end
    assert "A better heading" in window.editor_header.full_text()


def _their_copy(sample_file, tmp_path):
    from app.core.sharing.copying import copy_file

    theirs = copy_file(sample_file, tmp_path / "jean.rapporteur")
    with RapporteurFile.open(theirs, author="Jean") as rfile:
        sec = rfile.documents()[0].sections[1]
        rfile.update_section(sec.id, heading="Trends, revised")
    return theirs


def test_writing_pauses_while_a_merge_runs_and_resumes_after(window, sample_file, tmp_path,
                                                             qtbot):
    theirs = _their_copy(sample_file, tmp_path)
    window.open_path(sample_file)
    assert not window.editor.isReadOnly()
    with qtbot.waitSignal(window.merged, timeout=20000):
        window.merges.merge_copy(theirs)
        assert window.editor.isReadOnly()               # the merge is still running here
        assert not window.command_actions["add_section"].isEnabled()
        assert not window.properties.isEnabled()
        window.nav.select(window.session.documents()[0].sections[2].id)
        assert window.editor.isReadOnly()               # another section: read-only too
    assert not window.editor.isReadOnly()
    assert window.command_actions["add_section"].isEnabled()
    assert window.properties.isEnabled()


def test_a_merge_finishing_after_the_file_closed_touches_nothing(window, sample_file,
                                                                  tmp_path, qtbot):
    theirs = _their_copy(sample_file, tmp_path)
    window.open_path(sample_file)
    window.merges.merge_copy(theirs)
    window.close_file()
    qtbot.waitUntil(lambda: window.busy is None, timeout=20000)
    assert window.session is None
    assert window.warnings == []
    with stored(sample_file) as rfile:                  # the merge went into the file
        assert rfile.documents()[0].sections[1].heading == "Trends, revised"


def test_a_merge_on_a_share_is_published_soon(window, sample_file, tmp_path, qtbot,
                                              monkeypatch):
    from app.core.sharing import shares

    theirs = _their_copy(sample_file, tmp_path)
    monkeypatch.setattr(shares, "is_network_path",
                        lambda path, **_kw: path.resolve() == sample_file.resolve())
    window.open_path(sample_file)
    assert window.session.working is not None
    window.publish_timer.stop()
    with qtbot.waitSignal(window.merged, timeout=20000):
        window.merges.merge_copy(theirs)
    assert window.publish_timer.isActive()


def test_an_outline_step_that_fails_says_why_and_leaves_no_undo(window, sample_file,
                                                                monkeypatch):
    from app.core.errors import RapporteurError

    window.open_path(sample_file)

    def refuse(*_args, **_kwargs):
        raise RapporteurError("the disk is full")

    monkeypatch.setattr(window.session, "update_section", refuse)
    window.nav.rename_requested("section", window.control.section_id, "Renamed")
    assert window.undo_stack.count() == 0
    assert "the disk is full" in window.status.currentMessage()
    window.command_actions["status_final"].trigger()
    assert "the disk is full" in window.status.currentMessage()


def test_restoring_a_version_waits_for_the_typing_to_be_saved(window, sample_file, qtbot,
                                                              monkeypatch):
    window.open_path(sample_file)
    shown = window.control.section_id
    first = window.session.revisions(shown)[0].id
    monkeypatch.setattr(window.session, "save_body", lambda *_: False)
    qtbot.keyClicks(window.editor, "Not saved yet. ")
    window.merges.restore_revision(first)
    assert "not restored" in window.warnings[-1]
    assert "Not saved yet." in window.editor.toPlainText()
