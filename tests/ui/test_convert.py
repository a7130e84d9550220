"""The converter between the body subset and QTextDocument: exact round trips."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from app.core.text.sanitize import clean
from app.ui.editor.convert import load_html, to_html
from app.ui.editor.formats import FOOTNOTE_HTML, FOOTNOTE_OBJECT, OBJECT_CHAR

CASES = [
    "<p>Hello <strong>bold</strong>, <em>italic</em>, 67<sup>th</sup>, H<sub>2</sub>O, "
    "<u>under</u></p>",
    '<p>Text &amp; &lt;tags&gt;<span class="footnote">A <em>note</em>.</span> after</p>',
    '<h3>Sub-heading</h3><h4>Lower</h4><h5>Lowest</h5><p lang="fr" dir="rtl">x<br>y</p>',
    "<ul><li>a</li><li>b</li></ul><ol><li>one</li></ol><p>after</p>",
    "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>",
    "<blockquote><p>q1</p><p>q2</p></blockquote><p>z</p>",
    '<p><a href="https://un.org/x?a=1&amp;b=2">link</a> <span lang="ar">نص عربي</span></p>',
    "<table><tbody><tr><th>h</th><th>i</th></tr><tr><td>a</td><td><em>b</em></td></tr>"
    "</tbody></table><p>t</p>",
    '<p><em>text<span class="footnote">n</span>more</em></p>',
    "<p>a&nbsp;b  c</p>",
    "<p>Доклад 秘书长 تقرير</p>",
    '<p data-pull="0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f" lang="fr">tiré</p><p>after</p>',
    "",
]


@pytest.mark.parametrize("body", CASES)
def test_round_trip_is_exact(qapp, body):
    assert clean(body) == body
    doc = QTextDocument()
    load_html(doc, body)
    assert to_html(doc) == body


def test_footnote_is_one_object_with_its_html(qapp):
    doc = QTextDocument()
    load_html(doc, '<p>Call<span class="footnote">The <em>text</em>.</span> here</p>')
    text = doc.toPlainText()
    assert text.count(OBJECT_CHAR) == 1
    block = doc.firstBlock()
    notes = [r.format.stringProperty(FOOTNOTE_HTML) for r in block.textFormats()
             if r.format.objectType() == FOOTNOTE_OBJECT]
    assert notes == ["The <em>text</em>."]


def test_fixture_and_sample_bodies_round_trip(qapp, ohchr_markdown):
    from app.core.io.markdown import parse_markdown

    doc = parse_markdown(ohchr_markdown.read_text()).document
    bodies = [s.body for s in doc.all_sections()]
    from pathlib import Path

    sample = Path(__file__).resolve().parents[2] / "resources" / "samples" / "contribution.md"
    bodies += [s.body for s in parse_markdown(sample.read_text()).document.all_sections()]
    for body in bodies:
        qdoc = QTextDocument()
        load_html(qdoc, body)
        assert to_html(qdoc) == body


WORDS = st.sampled_from(["word", "mot", "слово", "كلمة", "词", "a&amp;b", "&lt;x&gt;", "  ", "67"])
INLINE = st.recursive(
    WORDS,
    lambda inner: st.tuples(st.sampled_from(["strong", "em", "u", "sup", "sub"]), inner).map(
        lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"),
    max_leaves=4,
)
PARA = st.lists(INLINE, min_size=1, max_size=4).map(lambda parts: "<p>" + " ".join(parts)
                                                    + "</p>")


@settings(max_examples=60, deadline=None)
@given(st.lists(PARA, min_size=1, max_size=4))
def test_canonical_form_is_a_fixpoint(qapp, paragraphs):
    body = clean("".join(paragraphs))
    doc = QTextDocument()
    load_html(doc, body)
    once = to_html(doc)
    assert clean(once) == once
    again = QTextDocument()
    load_html(again, once)
    assert to_html(again) == once


PULL = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"


@pytest.mark.parametrize(("move", "expected"), [
    (QTextCursor.MoveOperation.End,
     f'<p data-pull="{PULL}">Pulled text.</p><p>Typed after.</p>'),
    (QTextCursor.MoveOperation.Start,
     f'<p>Typed after.</p><p data-pull="{PULL}">Pulled text.</p>'),
])
def test_a_pull_anchor_stays_with_its_text_when_a_paragraph_is_added(qapp, move, expected):
    doc = QTextDocument()
    load_html(doc, f'<p data-pull="{PULL}">Pulled text.</p>')
    cursor = QTextCursor(doc)
    cursor.movePosition(move)
    cursor.insertBlock()
    if move == QTextCursor.MoveOperation.Start:
        cursor.movePosition(QTextCursor.MoveOperation.Start)
    cursor.insertText("Typed after.")
    assert to_html(doc) == expected
    assert clean(expected) == expected


def test_editing_a_pulled_paragraph_keeps_its_anchor(qapp):
    doc = QTextDocument()
    load_html(doc, f'<p data-pull="{PULL}">Pulled text.</p>')
    cursor = QTextCursor(doc)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
    cursor.movePosition(QTextCursor.MoveOperation.Left)
    cursor.insertText(", edited")
    assert to_html(doc) == f'<p data-pull="{PULL}">Pulled text, edited.</p>'
