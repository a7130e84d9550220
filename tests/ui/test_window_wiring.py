"""The window's own wiring for issue 9: who am I, table menu, Undo order, plurals, viewer."""

from __future__ import annotations

from PySide6.QtGui import QDesktopServices, QTextCursor
from ui_helpers import stored

from app.core import preferences
from app.ui import statusbar
from app.ui.findreplace import FindReplaceDialog
from app.ui.mainwindow import MainWindow


def test_first_launch_asks_who_you_are_and_stamps_that_name(qtbot, render_pool, sample_file,
                                                            monkeypatch):
    monkeypatch.delenv("RAPPORTEUR_AUTHOR", raising=False)
    monkeypatch.setattr(preferences, "save", lambda prefs: None)
    win = MainWindow(preferences.Preferences(), render_pool)
    qtbot.addWidget(win)
    asked = []

    def answer() -> None:
        asked.append(True)
        win.prefs.author, win.prefs.entity = "Amina Diallo", "UNOCR"

    monkeypatch.setattr(win, "ask_identity", answer)
    assert win.open_path(sample_file)
    assert asked == [True]
    assert win.session.author == "Amina Diallo"
    win.close_file()
    assert win.open_path(sample_file)
    assert asked == [True], "asked once only"
    win.close_file()


def test_no_name_given_means_the_file_is_not_opened_for_writing(qtbot, render_pool,
                                                                sample_file, monkeypatch):
    monkeypatch.delenv("RAPPORTEUR_AUTHOR", raising=False)
    win = MainWindow(preferences.Preferences(), render_pool)
    qtbot.addWidget(win)
    monkeypatch.setattr(win, "ask_identity", lambda: None)
    assert not win.open_path(sample_file)
    assert win.session is None
    assert "needs your name" in win.status.currentMessage()


def test_welcome_dialog_needs_a_name(qtbot):
    from app.ui.prefsdialog import PreferencesDialog

    dialog = PreferencesDialog(preferences.Preferences(), welcome=True)
    qtbot.addWidget(dialog)
    assert not dialog.ok.isEnabled()
    dialog.author.setText("Jean Dupont")
    assert dialog.ok.isEnabled()


def test_table_menu_adds_a_row_and_is_disabled_outside_tables(window, sample_file):
    window.open_path(sample_file)
    window.editor.insert_table(2, 2)
    window.command_actions["table_row_below"].trigger()
    assert window.control.flush()
    body = stored_first_body(sample_file)
    assert body.count("<tr>") == 3
    window.editor.moveCursor(QTextCursor.MoveOperation.End)
    from app.ui.menus import _enable_table_actions

    _enable_table_actions(window, window.command_actions)
    assert not window.command_actions["table_remove_row"].isEnabled()


def stored_first_body(path):
    with stored(path) as rfile:
        return rfile.documents()[0].sections[0].body


def test_edit_undo_takes_back_the_latest_change_first(window, sample_file, qtbot):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Typed first. ")
    dialog = FindReplaceDialog(window)
    dialog.needle.setText("coastal")
    dialog.replacement.setText("Shoreline")
    assert dialog.replace_all() > 0
    dialog.close()
    window.editor.setFocus()
    window.command_actions["undo"].trigger()
    with stored(sample_file) as rfile:
        assert "Shoreline" not in rfile.documents()[0].title
    assert window.editor.toPlainText().startswith("Typed first. ")


def test_one_conflict_is_said_in_the_singular(window):
    assert statusbar.plural(1, "conflict") == "1 conflict"
    assert statusbar.plural(2, "page") == "2 pages"
    assert statusbar.plural(0, "conflict") == "0 conflicts"


def test_no_pdf_viewer_offers_the_folder(window, tmp_path, monkeypatch):
    opened = []

    def open_url(url):
        opened.append(url.toLocalFile())
        return url.toLocalFile() == str(tmp_path)

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    pdf = tmp_path / "report.pdf"
    window.pdf.open_externally(pdf)
    assert "No PDF viewer was found" in window.answers[-1]
    assert opened == [str(pdf), str(tmp_path)]


def test_delete_a_document_asks_and_undo_brings_it_back(window, sample_file):
    window.open_path(sample_file)
    document_id = window.nav.current_document_id()
    window.command_actions["delete_document"].trigger()
    assert "Delete the document" in window.answers[-1]
    assert "sections?" in window.answers[-1]
    with stored(sample_file) as rfile:
        assert rfile.documents() == []
    assert window.control.section_id is None
    assert window.editor.isReadOnly()
    window.status.undo_button.click()
    with stored(sample_file) as rfile:
        assert [d.id for d in rfile.documents()] == [document_id]
    assert window.nav.current_document_id() == document_id


def test_delete_a_document_answered_no_deletes_nothing(window, sample_file, monkeypatch):
    window.open_path(sample_file)
    monkeypatch.setattr(window, "ask", lambda q: False)
    window.nav.delete_document()
    with stored(sample_file) as rfile:
        assert len(rfile.documents()) == 1


def test_renaming_a_document_in_the_outline_shows_in_properties(window, sample_file):
    window.open_path(sample_file)
    document_id = window.nav.current_document_id()
    window.nav.rename_requested("document", document_id, "A shorter title")
    assert window.properties.title.text() == "A shorter title"
    assert window.editor_header.full_text().startswith("A shorter title")
    window.undo_stack.undo()
    with stored(sample_file) as rfile:
        assert window.properties.title.text() == rfile.documents()[0].title


def test_panels_refresh_only_for_what_a_change_touched(window, sample_file):
    window.open_path(sample_file)
    shown = window.control.section_id
    resets, conflicts = [], []
    window.model.modelReset.connect(lambda: resets.append(1))
    real_refresh = window.conflicts.refresh
    window.conflicts.refresh = lambda session: conflicts.append(1) or real_refresh(session)
    window.session.add_comment(shown, 0, 3, "A note")
    assert resets == [], "a comment does not reload the outline"
    assert conflicts == [], "nor the conflicts"
    assert window.comments.tree.topLevelItemCount() == 1
    window.session.update_section(shown, status="final")
    assert resets == [1]
    assert conflicts == []
    window.conflicts.refresh = real_refresh


def test_menus_and_toolbar_come_from_one_command_table(window, sample_file):
    from app.ui.actions import TOOLBAR, commands

    table = [c for c in commands() if c.text]
    assert list(window.command_actions) == [c.name for c in table]
    assert list(window.toolbar_actions) == [name for name in TOOLBAR if name]
    for command in table:
        if command.needs:
            assert not window.command_actions[command.name].isEnabled(), command.name
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Insert", "F&ormat", "&View", "&Help"]
    window.open_path(sample_file)
    assert all(window.command_actions[c.name].isEnabled() for c in table if c.needs)
    assert window.toolbar_actions["bold"].toolTip() == "Bold (Ctrl+B)"
