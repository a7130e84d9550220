"""Spell checking in the editor: underlines that never reach the document, and the menu."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QContextMenuEvent, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QApplication, QMenu

from app.core.text.spelling import Speller
from app.ui.editor.convert import load_html, to_html
from app.ui.editor.editor import SectionEditor, new_document
from app.ui.editor.spellcheck import attach, highlighter_of, spelling_menu

WAVY = QTextCharFormat.UnderlineStyle.SpellCheckUnderline


@pytest.fixture(scope="module")
def speller() -> Speller:
    """Return one speller for the module (dictionaries load once)."""
    return Speller()


def underlined(doc: QTextDocument) -> list[str]:
    """Return the text under each spelling underline, in document order."""
    found = []
    block = doc.begin()
    while block.isValid():
        text = block.text()
        found += [text[r.start:r.start + r.length] for r in block.layout().formats()
                  if r.format.underlineStyle() == WAVY]
        block = block.next()
    return found


def checked(body: str, speller: Speller, language: str = "en") -> QTextDocument:
    """Return a document holding body, spell-checked."""
    doc = QTextDocument()
    load_html(doc, body)
    attach(doc, speller, language).rehighlight()
    return doc


def test_underlines_misspelled_word_only(qapp, speller):
    doc = QTextDocument()
    doc.setPlainText("This is a mispeled word")
    attach(doc, speller, "en").rehighlight()
    ranges = [r for r in doc.firstBlock().layout().formats() if r.format.underlineStyle() == WAVY]
    assert [(r.start, r.length) for r in ranges] == [(10, 8)]
    assert ranges[0].format.underlineColor().name() == "#ff0000"


def test_underlines_stay_out_of_the_document(qtbot, speller):
    body = ('<p>This is a <strong>mispeled</strong> word<span class="footnote">A nott.</span>'
            '</p><p lang="fr">Le gouvernment</p><ul><li>goverment</li></ul>')
    doc = QTextDocument()
    load_html(doc, body)
    changes = []
    doc.contentsChanged.connect(lambda: changes.append(1))
    doc.documentLayout()
    attach(doc, speller, "en")
    qtbot.wait(20)  # past Qt's own deferred first pass
    assert underlined(doc) == ["mispeled", "gouvernment", "goverment"]
    assert to_html(doc) == body
    block = doc.begin()
    while block.isValid():
        assert all(r.format.underlineStyle() != WAVY for r in block.textFormats())
        block = block.next()
    assert not doc.isModified()
    assert changes == []  # no autosave or preview for a re-highlight
    assert doc.availableUndoSteps() == 0
    highlighter_of(doc).rehighlight()
    assert not doc.isModified()
    assert changes == []


def test_paragraph_and_span_languages(qapp, speller):
    doc = checked('<p lang="fr">Le gouvernement et le gouvernment</p>'
                  '<p>The <span lang="fr">gouvernement</span> and goverment</p>'
                  '<p lang="zh">秘书长 goverment</p><p lang="en-GB">programme centre</p>', speller)
    assert underlined(doc) == ["gouvernment", "goverment"]


def test_russian_paragraph_is_checked_in_its_language(qapp, speller):
    doc = checked('<p lang="ru">Правительство долно представить доклад о положении '
                  "мигрантов и членов их семей.</p><p>The goverment</p>", speller)
    assert underlined(doc) == ["долно", "goverment"]


def test_russian_suggestions_in_the_menu(qtbot, speller):
    widget = shown_editor(qtbot, speller, '<p lang="ru">Доклад долно представить</p>')
    items = texts(spelling_menu(widget, point_at(widget, 9), lambda word: None))
    assert "должно" in items[:3]


def test_document_default_language(qapp, speller):
    doc = checked("<p>Le gouvernment et la goverment</p>", speller, "fr")
    assert underlined(doc) == ["gouvernment", "goverment"]
    highlighter_of(doc).set_default_language("zh")
    assert underlined(doc) == []


def test_set_enabled(qapp, speller):
    doc = checked("<p>A mispeled word</p>", speller)
    highlighter = highlighter_of(doc)
    highlighter.set_enabled(False)
    assert underlined(doc) == []
    highlighter.set_enabled(True)
    assert underlined(doc) == ["mispeled"]


def test_attach_twice_keeps_one_highlighter(qapp, speller):
    doc = QTextDocument()
    first = attach(doc, speller, "en")
    assert attach(doc, speller, "fr") is first
    assert first.default_language == "fr"


def test_highlights_as_you_type(qtbot, speller):
    doc = QTextDocument()
    doc.documentLayout()  # as when shown: Qt signals edits only to a laid-out document
    attach(doc, speller, "en")
    QTextCursor(doc).insertText("Typing a mispeled word")
    assert underlined(doc) == ["mispeled"]


# the context menu


@pytest.fixture
def editor(qtbot, speller):
    """Return a shown editor whose document says 'This is a mispeled word', spell-checked."""
    return shown_editor(qtbot, speller, "<p>This is a mispeled word</p>")


def shown_editor(qtbot, speller: Speller, body: str) -> SectionEditor:
    """Return a shown editor holding body, spell-checked (English by default)."""
    widget = SectionEditor()
    qtbot.addWidget(widget)
    doc = new_document(widget, body, widget.marker)
    widget.setDocument(doc)
    attach(doc, speller, "en").rehighlight()
    widget.resize(600, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def point_at(editor: SectionEditor, position: int) -> QPoint:
    """Return the viewport point of a document position."""
    cursor = QTextCursor(editor.document())
    cursor.setPosition(position)
    return editor.cursorRect(cursor).center()


def texts(menu: QMenu) -> list[str]:
    """Return the menu's action texts (separators as '-')."""
    return [a.text() if not a.isSeparator() else "-" for a in menu.actions()]


def test_menu_offers_suggestions_then_dictionary_then_standard(editor):
    menu = spelling_menu(editor, point_at(editor, 13), lambda word: None)
    items = texts(menu)
    cut = items.index("-")
    assert "misspelled" in items[:cut - 2]
    assert items[cut - 2:cut] == ["Add to Dictionary", "Ignore"]
    assert len(items[:cut - 2]) <= 6
    assert any("Copy" in text for text in items[cut:])
    assert menu.actions()[0].font().bold()


def test_menu_on_a_correct_word_is_the_standard_one(editor):
    menu = spelling_menu(editor, point_at(editor, 2), lambda word: None)
    assert "Ignore" not in texts(menu)
    assert texts(menu) == texts(editor.createStandardContextMenu())


def test_choosing_a_suggestion_replaces_the_word_in_one_undo_step(editor):
    menu = spelling_menu(editor, point_at(editor, 13), None)
    next(a for a in menu.actions() if a.text() == "misspelled").trigger()
    assert editor.toPlainText() == "This is a misspelled word"
    assert underlined(editor.document()) == []
    editor.document().undo()
    assert editor.toPlainText() == "This is a mispeled word"


def test_add_to_dictionary_calls_the_window_and_clears_underlines(editor):
    speller = Speller()
    attach(editor.document(), speller, "en")
    other = new_document(editor, "<p>Another mispeled one</p>", editor.marker)
    attach(other, speller, "en")
    assert underlined(other) == ["mispeled"]
    added = []
    menu = spelling_menu(editor, point_at(editor, 13), added.append)
    next(a for a in menu.actions() if a.text() == "Add to Dictionary").trigger()
    assert added == ["mispeled"]
    assert speller.known("mispeled")
    assert underlined(editor.document()) == []
    assert underlined(other) == []


def test_add_to_dictionary_is_off_without_a_callback(editor):
    menu = spelling_menu(editor, point_at(editor, 13), None)
    assert not next(a for a in menu.actions() if a.text() == "Add to Dictionary").isEnabled()


def test_ignore_clears_underlines_without_saving(editor):
    speller = Speller()
    attach(editor.document(), speller, "en").rehighlight()
    saved = []
    menu = spelling_menu(editor, point_at(editor, 13), saved.append)
    next(a for a in menu.actions() if a.text() == "Ignore").trigger()
    assert saved == []
    assert underlined(editor.document()) == []


def test_read_only_editor_offers_no_replacements(editor):
    editor.setReadOnly(True)
    assert "Ignore" not in texts(spelling_menu(editor, point_at(editor, 13), None))


def test_right_click_shows_the_spelling_menu(editor, qtbot):
    shown = []

    def close_menu() -> None:
        menu = QApplication.activePopupWidget()
        if menu is not None:
            shown.append(texts(menu))
            menu.close()

    QTimer.singleShot(50, close_menu)
    pos = point_at(editor, 13)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, editor.mapToGlobal(pos))
    QApplication.sendEvent(editor.viewport(), event)
    assert shown
    assert "misspelled" in shown[0]
