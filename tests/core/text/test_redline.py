"""Word-level redlines between versions."""

from __future__ import annotations

from app.core.text.redline import diff_words, redline_html, word_changes


def test_diff_words_marks_insertions_and_deletions():
    old = "<p>Migration is a <em>human</em> story.</p>"
    new = "<p>Migration is above all a human story of rights.</p>"
    assert diff_words(old, new) == [("=", "Migration is"), ("+", "above all"),
                                    ("=", "a human"), ("-", "story."),
                                    ("+", "story of rights.")]
    assert word_changes(old, new) == (5, 1)


def test_redline_html_escapes_and_marks():
    html = redline_html("<p>a &lt;b&gt;</p>", "<p>a c</p>")
    assert '<del style="color:#b03a2e">&lt;b&gt;</del>' in html
    assert '<ins style="color:#1a7f37">c</ins>' in html
