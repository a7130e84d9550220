"""The Comments panel lists author, quote and text, and marks the chosen comment's anchor."""

from __future__ import annotations

from PySide6.QtGui import QFont, QTextCursor

from app.ui.commentpanel import CHOSEN, CHOSEN_TEXT, elided_lines


def _comment_on(window, start: int, end: int, text: str) -> None:
    cursor = window.editor.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.comments.text.setText(text)
    window.comments.add_button.click()


def _chosen(window):
    return [s for s in window.editor.extraSelections() if s.format.background().color() == CHOSEN]


def test_selecting_a_comment_marks_exactly_its_anchor(window, sample_file, qtbot):
    window.open_path(sample_file)
    text = window.editor.toPlainText()
    second = text.index("Office", text.index("Office") + 1)  # not the first "Office"
    _comment_on(window, second, second + len("Office"), "Which office? " + "Name it. " * 30)
    tree = window.comments.tree
    item = tree.topLevelItem(0)
    assert "Which office? Name it." in item.text(0)
    assert "Maria" in item.text(0)
    assert _chosen(window) == [], "only marked faintly until chosen"
    assert len(window.editor.extraSelections()) == 1
    window.editor.setMaximumHeight(60)
    bar = window.editor.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    anchor = QTextCursor(window.editor.document())
    anchor.setPosition(second)
    shown = window.editor.viewport().rect()
    bar.setValue(0 if shown.contains(window.editor.cursorRect(anchor)) else bar.maximum())
    assert not shown.contains(window.editor.cursorRect(anchor))
    item.setSelected(True)
    [mark] = _chosen(window)
    assert mark.cursor.selectionStart() == second
    assert mark.cursor.selectedText() == "Office"
    assert mark.format.foreground().color() == CHOSEN_TEXT, "dark text on amber, any theme"
    assert window.editor.viewport().rect().contains(window.editor.cursorRect(mark.cursor))
    assert window.editor.textCursor().selectionStart() == second, "the caret stays put"


def test_replies_show_under_their_comment_and_mark_its_anchor(window, sample_file):
    window.open_path(sample_file)
    _comment_on(window, 4, 18, "Spell it out once?")
    tree = window.comments.tree
    tree.topLevelItem(0).setSelected(True)
    window.comments.text.setText("Done in paragraph 1.")
    window.comments.reply_button.click()
    root = tree.topLevelItem(0)
    assert root.childCount() == 1
    assert "Done in paragraph 1." in root.child(0).text(0)
    root.child(0).setSelected(True)
    [mark] = _chosen(window)
    assert mark.cursor.selectedText() == "United Nations"


def test_rows_show_author_quote_and_two_lines_of_text(window, sample_file):
    window.open_path(sample_file)
    _comment_on(window, 4, 18, "Short.")
    _comment_on(window, 19, 25, "Long " * 80)
    tree = window.comments.tree
    line = tree.fontMetrics().lineSpacing()
    short, long = (tree.visualItemRect(tree.topLevelItem(i)).height() for i in (0, 1))
    assert 3 * line <= short < 4 * line, "author, quote, one line"
    assert 4 * line <= long < 5 * line, "author, quote, two lines at most"


def test_elided_lines_keeps_two_lines_and_marks_the_cut() -> None:
    font = QFont()
    lines = elided_lines("word " * 200, font, 200)
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert elided_lines("Short.", font, 200) == ["Short."]
