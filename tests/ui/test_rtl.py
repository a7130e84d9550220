"""Right-to-left paragraphs in the editor: laid out right to left, their language kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor, QTextDocument

from app.core.document.service import RapporteurFile
from app.core.io.importing import import_source
from app.core.text.spelling import Speller
from app.ui.editor.convert import load_html, to_html
from app.ui.editor.direction import set_default_direction
from app.ui.editor.spellcheck import attach

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
ARABIC = "تؤكد المفوضية أن الهجرة الدولية قوة دافعة للتنمية المستدامة."
ARABIC_MD = f"""---
title: الهجرة الدولية والتنمية
template: agency-input
language: ar
---

## مقدمة

{ARABIC}

English paragraph in an Arabic document.
"""


def directions(doc: QTextDocument) -> list[Qt.LayoutDirection]:
    """Return the layout direction of each block's format."""
    out = []
    block = doc.begin()
    while block.isValid():
        out.append(block.blockFormat().layoutDirection())
        block = block.next()
    return out


@pytest.mark.parametrize(("body", "expected"), [
    (f"<p>{ARABIC}</p><p>English.</p>", [RTL, LTR]),
    (f'<p lang="ar">2013</p><p dir="ltr">{ARABIC}</p>', [RTL, LTR]),
    (f'<ul><li>«{ARABIC}»</li></ul><h4 lang="en">Title</h4>', [RTL, LTR]),
    ("<p>2013</p>", [Qt.LayoutDirection.LayoutDirectionAuto]),
])
def test_blocks_take_the_direction_of_their_lang_or_first_letter(qapp, body, expected):
    """A block without dir is laid out by its lang, else by its first strong letter."""
    doc = QTextDocument()
    load_html(doc, body)
    assert directions(doc) == expected
    assert to_html(doc) == body  # only the layout changed: no dir written


def test_an_arabic_document_lays_out_empty_paragraphs_right_to_left(qapp):
    """Paragraphs with no strong letter yet (a new one) follow the document's language."""
    doc = QTextDocument()
    load_html(doc, "<p></p>")
    set_default_direction(doc, "ar")
    assert doc.begin().textDirection() == RTL
    set_default_direction(doc, "en")
    assert doc.defaultTextOption().textDirection() == Qt.LayoutDirection.LayoutDirectionAuto


@pytest.fixture
def arabic_file(tmp_path):
    """Return a file holding one Arabic document with an Arabic and an English paragraph."""
    path = tmp_path / "ar.rapporteur"
    source = tmp_path / "ar.md"
    source.write_text(ARABIC_MD, encoding="utf-8")
    with RapporteurFile.create(path, author="Maria") as rfile:
        import_source(rfile, source)
    return path


def test_arabic_paragraph_is_right_to_left_after_load(window, arabic_file):
    """The editor shows the Arabic paragraph right to left, the English one left to right."""
    window.open_path(arabic_file)
    doc = window.editor.document()
    assert directions(doc) == [RTL, LTR]
    assert doc.begin().textDirection() == RTL


def test_choosing_arabic_from_the_menu_sets_and_keeps_it(window, sample_file, qtbot):
    """Format ▸ Paragraph Language ▸ Arabic lays the paragraph out right to left, and it
    comes back so from the file."""
    window.open_path(sample_file)
    shown = window.control.section_id
    window.editor.moveCursor(QTextCursor.MoveOperation.Start)
    window.command_actions["lang_ar"].trigger()
    assert window.editor.textCursor().block().blockFormat().layoutDirection() == RTL
    assert window.control.flush()
    body = window.session.section(shown).body
    assert body.startswith('<p lang="ar" dir="rtl">')
    window.close_file()
    window.open_path(sample_file)
    window.control.show_section(shown)
    assert window.editor.document().begin().blockFormat().layoutDirection() == RTL


def test_spelling_is_checked_in_a_right_to_left_block(qapp):
    """An Arabic block laid out right to left still gets its misspelled words underlined."""
    doc = QTextDocument()
    load_html(doc, '<p lang="ar" dir="rtl">تؤكد المفوضيةة أن الهجرة قوة دافعة</p>')
    attach(doc, Speller(), "en").rehighlight()
    wavy = QTextCharFormat.UnderlineStyle.SpellCheckUnderline
    block = doc.begin()
    assert block.blockFormat().layoutDirection() == RTL
    found = [block.text()[r.start:r.start + r.length] for r in block.layout().formats()
             if r.format.underlineStyle() == wavy]
    assert found == ["المفوضيةة"]
