"""The editor is editable only while bound to a section it saves into (issue 9, item 1)."""

from __future__ import annotations

from ui_helpers import add_second_document, stored

from app.core.document.service import RapporteurFile


def _sections(path):
    with stored(path) as rfile:
        return rfile.documents()[0].all_sections()


def test_delete_then_undo_binds_the_editor_to_the_restored_section(window, sample_file,
                                                                    qtbot):
    window.open_path(sample_file)
    second = _sections(sample_file)[1]
    window.nav.select(second.id)
    window.nav.delete_section()
    assert second.id not in window.control.documents
    assert window.control.section_id != second.id
    assert window.status.undo_button.isVisible()
    window.undo_stack.undo()
    assert not window.status.undo_button.isVisible(), "the offer goes once used"
    assert window.control.section_id == second.id
    assert window.nav.current_node_id() == second.id
    assert not window.editor.isReadOnly()
    qtbot.keyClicks(window.editor, "Back again. ")
    assert window.control.flush()
    body = next(s.body for s in _sections(sample_file) if s.id == second.id)
    assert body.startswith("<p>Back again. ")


def test_deleting_the_shown_section_moves_to_its_neighbour_in_the_same_document(
        window, sample_file):
    window.open_path(sample_file)
    first, second = _sections(sample_file)[:2]
    window.nav.select(first.id)
    window.nav.delete_section()
    assert window.nav.current_node_id() == second.id
    assert window.control.section_id == second.id
    assert window.properties.document_id == window.nav.current_document_id()
    assert window.pdf.preview_document_id() == window.nav.current_document_id()
    assert "Undo" in window.status.undo_button.text()
    assert window.status.undo_button.isVisible()
    window.status.undo_button.click()
    assert first.id in [s.id for s in _sections(sample_file)]


def test_unsaved_text_is_never_dropped_by_a_delete_that_cannot_save(window, sample_file,
                                                                     qtbot, monkeypatch):
    window.open_path(sample_file)
    shown = window.control.section_id
    qtbot.keyClicks(window.editor, "Precious words. ")
    monkeypatch.setattr(window.session, "save_body", lambda *_: False)
    window.nav.delete_section()
    assert shown in [s.id for s in _sections(sample_file)], "nothing deleted"
    assert window.control.section_id == shown
    assert window.editor.toPlainText().startswith("Precious words. ")


def test_a_document_row_shows_a_read_only_editor_with_a_message(window, sample_file,
                                                                 qtbot):
    other = add_second_document(sample_file)
    window.open_path(sample_file)
    window.nav.select(other)
    assert window.control.section_id is None
    assert window.editor.isReadOnly()
    assert "Select a section" in window.editor.toPlainText()
    assert window.editor_header.full_text().startswith("Second paper")
    qtbot.keyClicks(window.editor, "Lost? ")
    assert "Lost?" not in window.editor.toPlainText()
    assert window.properties.document_id == other
    assert window.pdf.preview_document_id() == other


def test_header_names_the_section_and_its_document(window, sample_file):
    window.open_path(sample_file)
    second = _sections(sample_file)[1]
    window.nav.select(second.id)
    assert second.heading in window.editor_header.full_text()
    assert window.session.documents()[0].title in window.editor_header.full_text()


def test_a_merge_that_removes_the_shown_section_releases_the_editor(window, sample_file,
                                                                    qtbot):
    window.open_path(sample_file)
    shown = window.control.section_id
    with RapporteurFile.open(sample_file, author="Jean") as rfile:
        rfile.delete_section(shown)
    window.session.accept_outside_changes()
    window.control.reset()
    window._file_changed()
    assert window.control.section_id != shown
    assert window.control.section_id is None or not window.editor.isReadOnly()
    if window.control.section_id is None:
        assert window.editor.isReadOnly()


def test_closing_the_file_leaves_a_read_only_editor(window, sample_file, qtbot):
    window.open_path(sample_file)
    window.close_file()
    assert window.editor.isReadOnly()
    qtbot.keyClicks(window.editor, "Nowhere")
    assert "Nowhere" not in window.editor.toPlainText()


def test_unsaved_text_in_a_section_another_program_deleted_comes_back(window, sample_file,
                                                                      qtbot, monkeypatch):
    window.open_path(sample_file)
    shown = window.control.section_id
    with monkeypatch.context() as patch:
        patch.setattr(window.session, "save_body", lambda *_: False)
        qtbot.keyClicks(window.editor, "Typed while they deleted. ")
    with RapporteurFile.open(sample_file, author="Jean") as rfile:
        rfile.delete_section(shown)
    window.merges.changed_on_disk()
    restored = next(s for s in _sections(sample_file) if s.id == shown)
    assert restored.body.startswith("<p>Typed while they deleted. ")
    assert window.nav.current_node_id() == shown or window.model.index_of(shown).isValid()


def test_a_long_title_is_shortened_not_squeezing_the_outline(window, sample_file):
    with RapporteurFile.open(sample_file, author="Maria") as rfile:
        doc = rfile.documents()[0]
        rfile.update_document(doc.id, title="A very long title " * 12)
    window.open_path(sample_file)
    outline_width = window.splitter.sizes()[0]
    window.nav.select(_sections(sample_file)[1].id)
    window.resize(1400, 880)
    assert window.splitter.sizes()[0] == outline_width
    assert "…" in window.editor_header.text()
    assert window.editor_header.full_text().startswith("A very long title")
