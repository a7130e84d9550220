"""The Markdown writer (io.mdwrite): safe spellings of the body subset, and footnotes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.io.markdown import parse_markdown
from app.core.io.mdwrite import Notes, body_markdown, heading_markdown
from app.core.text.sanitize import clean


@pytest.mark.parametrize(
    ("body", "markdown"),
    [
        ("<p>Hello <strong>world</strong></p>", "Hello **world**"),
        ("<p>Hello <em>world</em></p>", "Hello *world*"),
        ("<p>a*b*c</p>", "a\\*b\\*c"),  # would be emphasis
        ("<p>1. not a list</p>", "1\\. not a list"),  # would be a list
        ("<p># not a heading</p>", "\\# not a heading"),  # would be a heading
        ("<p> lead</p>", "&#32;lead"),  # Markdown would eat the space
        ("<p>a<br>b</p>", "a<br>b"),
        ("<ul><li>a</li><li>b</li></ul>", "- a\n- b"),
        ("<table><tr><td>x</td></tr></table>", "<table><tr><td>x</td></tr></table>"),
        ("<p>x<sup>2</sup></p>", "x<sup>2</sup>"),  # no Markdown for it: inline HTML
    ],
)
def test_safe_spellings(body, markdown):
    assert body_markdown(body, Notes()) == markdown


def test_footnotes_are_numbered_through_the_document_and_taken_once():
    notes = Notes()
    first = body_markdown('<p>x<span class="footnote">one</span></p>', notes)
    second = body_markdown('<p>y<span class="footnote">two</span></p>', notes)
    assert (first, second) == ("x[^1]", "y[^2]")
    assert notes.take() == "[^1]: one\n[^2]: two"
    assert notes.take() == ""
    assert notes.count == 2


def test_headings_are_escaped_not_formatted():
    assert heading_markdown("plain") == "plain"
    assert heading_markdown("# *x*") == "# \\*x\\*"


WORDS = st.sampled_from(["a", "b*c", "_d_", "1.", "#", "[e]", "<f>", "&amp;", "g\\", "`h`",
                         "- i", "> j", "| k |", "~~l~~", "m  n"])
runs = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
inline = st.one_of(runs, runs.map(lambda t: f"<strong>{t}</strong>"),
                   runs.map(lambda t: f"<em>{t}</em>"), runs.map(lambda t: f"<u>{t}</u>"))
paragraph = st.lists(inline, min_size=1, max_size=4).map(lambda r: f"<p>{' '.join(r)}</p>")


@settings(max_examples=200, deadline=None)
@given(st.lists(paragraph, min_size=1, max_size=4).map(lambda ps: clean("".join(ps)))
       .filter(lambda body: "<p></p>" not in body))
def test_bodies_read_back_as_written(body):
    """(The Markdown export drops empty paragraphs by design: see test_markdown.)"""
    notes = Notes()
    text = "---\ntitle: T\n---\n\n## S\n\n" + body_markdown(body, notes) + "\n"
    section = parse_markdown(text, new_id=lambda: "id").document.sections[0]
    assert section.body == body


def _read_back(body: str) -> str:
    """Return body written as Markdown and read back."""
    text = "---\ntitle: T\n---\n\n## S\n\n" + body_markdown(body, Notes()) + "\n"
    return parse_markdown(text, new_id=lambda: "id").document.sections[0].body


@pytest.mark.parametrize("body", [
    '<p lang="ar" dir="rtl">تؤكد المفوضية أن الهجرة قوة دافعة.</p><p>English after.</p>',
    '<blockquote lang="ar" dir="rtl"><p>نص مقتبس.</p></blockquote>',
    '<blockquote><p lang="fr">Citation.</p><p dir="rtl">نص</p></blockquote>',
    '<ul><li lang="ar" dir="rtl">بند أول</li><li>two</li></ul>',
    '<ol dir="rtl"><li>واحد</li><li lang="en" dir="ltr">two</li></ol>',
    '<p>x</p><h4 lang="ar" dir="rtl">عنوان فرعي</h4><p dir="rtl">نص</p>',
    '<ul><li><p lang="ar">فقرة أولى</p><p>second</p></li></ul>',
    "<p>{lang=ar} is text, not attributes</p>",
])
def test_lang_and_dir_survive_a_round_trip(body):
    """Every block keeps its lang and dir through export and import ({lang dir} lines)."""
    assert _read_back(clean(body)) == clean(body)


def test_lang_and_dir_are_written_as_attribute_lines():
    """The Markdown stays readable: one {lang dir} line before the block it belongs to."""
    body = '<p lang="ar" dir="rtl">نص</p><ul><li dir="rtl">بند</li></ul>'
    assert body_markdown(body, Notes()) == (
        '{lang="ar" dir="rtl"}\nنص\n\n- {dir="rtl"}\n  بند')
