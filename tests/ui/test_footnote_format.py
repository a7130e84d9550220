"""The footnote popup formats like the main editor: keys and toolbar, stored, in the PDF."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor
from ui_helpers import first_section, stored

from app.core.render.pdf import write_document_pdf
from app.ui.editor.footnotes import FootnoteDialog

CTRL = Qt.KeyboardModifier.ControlModifier


def _select_word(dialog: FootnoteDialog, word: str) -> None:
    """Select the first occurrence of word in the popup's editor."""
    cursor = dialog.editor.document().find(word)
    assert cursor.hasSelection()
    dialog.editor.setTextCursor(cursor)


def _add_footnote(window, qtbot, text: str, keys: list[tuple[str, Qt.Key, Qt.KeyboardModifier]]):
    """Insert a footnote after the first word, type text, format words with real keys."""
    def drive() -> None:
        dialog = next(w for w in window.findChildren(FootnoteDialog) if w.isVisible())
        qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
        qtbot.keyClicks(dialog.editor, text)
        for word, key, modifiers in keys:
            _select_word(dialog, word)
            qtbot.keyClick(dialog.editor, key, modifiers)
        dialog.accept()

    window.editor.moveCursor(QTextCursor.MoveOperation.EndOfWord)
    QTimer.singleShot(0, drive)
    window.command_actions["footnote"].trigger()
    window.control.flush()


def test_ctrl_i_in_footnote_popup_is_stored_and_printed_italic(window, sample_file, qtbot,
                                                               tmp_path):
    window.open_path(sample_file)
    _add_footnote(window, qtbot, "See Mabo v Queensland for details.",
                  [("Mabo", Qt.Key.Key_I, CTRL)])
    body = first_section(sample_file).body
    assert '<p>The<span class="footnote">See <em>Mabo</em> v Queensland for details.</span>' \
        in body
    with stored(sample_file) as rfile:
        document = rfile.documents()[0]
    out = tmp_path / "note.pdf"
    write_document_pdf(document, out)
    fonts: dict[str, set[str]] = {}

    def visit(text, _cm, _tm, font, _size) -> None:
        if font is not None:
            name = str(font["/BaseFont"]).split("+")[-1].replace("-", "")
            fonts.setdefault(name, set()).update(text.split())

    PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text(visitor_text=visit)
    assert "Mabo" in fonts.get("LiberationSerifItalic", set())
    assert "Queensland" in fonts["LiberationSerif"]
    assert "Queensland" not in fonts["LiberationSerifItalic"]


def test_bold_underline_and_scripts_keys_in_footnote_popup(window, sample_file, qtbot):
    window.open_path(sample_file)
    shift_ctrl = CTRL | Qt.KeyboardModifier.ShiftModifier
    _add_footnote(window, qtbot, "Bold under high low.", [
        ("Bold", Qt.Key.Key_B, CTRL), ("under", Qt.Key.Key_U, CTRL),
        ("high", Qt.Key.Key_Equal, shift_ctrl), ("low", Qt.Key.Key_Equal, CTRL)])
    body = first_section(sample_file).body
    assert ('<span class="footnote"><strong>Bold</strong> <u>under</u> <sup>high</sup> '
            '<sub>low</sub>.</span>') in body


def test_footnote_popup_toolbar_buttons_and_state(window, sample_file, qtbot):
    window.open_path(sample_file)
    dialog = FootnoteDialog(window, 1, "A <em>titled</em> note.")
    qtbot.addWidget(dialog)
    names = [a.objectName() for a in dialog.actions()]
    assert names == ["bold", "italic", "underline", "superscript", "subscript"]
    italic = dialog.actions()[1]
    _select_word(dialog, "titled")
    assert italic.isChecked()
    _select_word(dialog, "note")
    assert not italic.isChecked()
    dialog.actions()[0].trigger()
    assert dialog.html() == "A <em>titled</em> <strong>note</strong>."
