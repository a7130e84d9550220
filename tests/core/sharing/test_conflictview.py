"""Body conflicts shown paragraph by paragraph, and rebuilt whole after a choice."""

from __future__ import annotations

from app.core.sharing.conflictview import (
    conflicts_left,
    field_values_html,
    region_html,
    regions,
    resolve_body,
)
from app.core.text.redline import DELETED, INSERTED, redline_blocks

BASE = "<p>One.</p><p>Two old.</p><p>Three.</p><p>Four.</p><p>Five.</p>"
OURS = "<p>One.</p><p>Two mine.</p><p>Three.</p><p>Four.</p><p>Five.</p>"
THEIRS = "<p>One.</p><p>Two theirs.</p><p>Three.</p><p>Four.</p><p>Five, theirs.</p>"
MERGED = "<p>One.</p><p>Two mine.</p><p>Three.</p><p>Four.</p><p>Five, theirs.</p>"


def test_only_the_clashing_paragraph_with_one_of_context_each_side():
    [region] = regions(BASE, OURS, THEIRS)
    assert region.before == ("<p>Two old.</p>",)
    assert region.ours == ("<p>Two mine.</p>",)
    assert region.theirs == ("<p>Two theirs.</p>",)
    assert (region.context_before, region.context_after) == ("<p>One.</p>", "<p>Three.</p>")
    assert region.has_base


def test_without_an_ancestor_only_the_differing_paragraphs_clash():
    [region] = regions(None, "<p>A.</p><p>B.</p>", "<p>A.</p><p>C.</p>")
    assert (region.ours, region.theirs, region.has_base) == (("<p>B.</p>",), ("<p>C.</p>",),
                                                            False)
    assert region.context_before == "<p>A.</p>"
    assert region.context_after == ""


def test_choices_keep_the_edits_both_sides_agreed_on():
    assert resolve_body(MERGED, BASE, OURS, THEIRS, "mine") == MERGED
    theirs = resolve_body(MERGED, BASE, OURS, THEIRS, "theirs")
    assert theirs == THEIRS
    combined = resolve_body(MERGED, BASE, OURS, THEIRS, "combined", "<p>Two, both.</p>")
    assert combined == "<p>One.</p><p>Two, both.</p><p>Three.</p><p>Four.</p>" \
        "<p>Five, theirs.</p>"


def test_later_typing_is_kept_and_a_clash_with_it_keeps_both():
    typed = MERGED.replace("Four.", "Four, typed later.")
    assert resolve_body(typed, BASE, OURS, THEIRS, "theirs") == \
        THEIRS.replace("Four.", "Four, typed later.")
    retyped = MERGED.replace("Two mine.", "Two mine, retyped.")
    kept = resolve_body(retyped, BASE, OURS, THEIRS, "theirs")
    assert "Two mine, retyped." in kept
    assert "Two theirs." in kept


def test_redline_blocks_mark_changed_words_with_readable_colours():
    html = redline_blocks(["<p>Two old words.</p>"], ["<p>Two new words.</p>"])
    assert f'<span style="{DELETED}">old</span>' in html
    assert f'<span style="{INSERTED}">new</span>' in html
    assert html.startswith("<p>Two ")
    assert html.count("<p>") == 1


def test_count_line_singular_and_plural():
    assert conflicts_left(1) == "1 conflict left"
    assert conflicts_left(2) == "2 conflicts left"
    assert conflicts_left(0).startswith("No conflicts")


def test_region_html_greys_context_and_marks_each_side():
    [region] = regions(BASE, OURS, THEIRS)
    shown = region_html(region, ("Yours (Maria)", "Theirs (Jean)"))
    assert shown.index("One.") < shown.index("Yours (Maria)") < shown.index("Theirs (Jean)")
    assert f'<span style="{INSERTED}">mine.</span>' in shown
    assert f'<span style="{INSERTED}">theirs.</span>' in shown
    assert "Five" not in shown


def test_field_values_are_escaped_and_marked():
    row = {"field": "title", "base": "A <b>", "ours": "A <b> mine", "theirs": "B"}
    shown = field_values_html(row, ("Yours", "Theirs"))
    assert "&lt;b&gt;" in shown
    assert "<b>" not in shown.replace("<b>Yours</b>", "").replace("<b>Theirs</b>", "") \
        .replace("<b>Before both edits</b>", "")
    assert f'<span style="{INSERTED}">mine</span>' in shown
