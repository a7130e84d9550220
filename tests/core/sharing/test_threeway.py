"""The pure three-way merge (sharing.threeway): properties over random edits of a base."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.sharing.threeway import (
    Chunk,
    merge3,
    merge_body,
    merge_outline,
    merge_tags,
    merge_value,
    paragraphs,
)

SETTINGS = settings(max_examples=300, deadline=None)
lines = st.lists(st.sampled_from("abcdef"), max_size=10)
blocks = st.lists(st.sampled_from(["<p>a</p>", "<p>b</p>", "<h4>c</h4>", "<ul><li>d</li></ul>",
                                   "<blockquote><p>e</p></blockquote>", "<p>f <em>g</em></p>"]),
                  max_size=6).map("".join)


def side(chunks: list[Chunk], which: str) -> list[str]:
    """Return the merge with every conflict settled for one side."""
    out: list[str] = []
    for chunk in chunks:
        out.extend(getattr(chunk, which) if chunk.conflict else chunk.merged)
    return out


def everything(chunks: list[Chunk]) -> set[str]:
    """Return every item the merge kept: agreed, and both sides of each conflict."""
    return {item for c in chunks for part in (c.merged, c.ours, c.theirs) for item in part}


@SETTINGS
@given(lines, lines)
def test_identical_sides_merge_to_themselves(base, x):
    chunks = merge3(base, x, x)
    assert not any(c.conflict for c in chunks)
    assert side(chunks, "ours") == x


@SETTINGS
@given(lines, lines)
def test_one_sided_edit_is_taken_whole(base, x):
    for chunks in (merge3(base, x, base), merge3(base, base, x)):
        assert not any(c.conflict for c in chunks)
        assert side(chunks, "ours") == x


@SETTINGS
@given(lines)
def test_nothing_changed_is_the_base(base):
    chunks = merge3(base, base, base)
    assert side(chunks, "ours") == base
    assert not any(c.conflict for c in chunks)


@SETTINGS
@given(lines, lines, lines)
def test_no_edit_of_either_side_is_lost(base, ours, theirs):
    kept = everything(merge3(base, ours, theirs))
    assert set(ours) - set(base) <= kept
    assert set(theirs) - set(base) <= kept


@SETTINGS
@given(lines, lines, lines)
def test_a_conflict_holds_both_sides_and_its_base(base, ours, theirs):
    for chunk in merge3(base, ours, theirs):
        if chunk.conflict:
            assert chunk.ours != chunk.theirs
            assert chunk.base != chunk.ours
            assert chunk.base != chunk.theirs
            assert not chunk.merged
        else:
            assert not chunk.ours
            assert not chunk.theirs


@SETTINGS
@given(lines, lines, lines)
def test_conflicts_are_symmetric(base, ours, theirs):
    there = merge3(base, ours, theirs)
    back = merge3(base, theirs, ours)
    assert [(c.base, c.ours, c.theirs) for c in there if c.conflict] == [
        (c.base, c.theirs, c.ours) for c in back if c.conflict]
    assert side(there, "ours") == side(back, "theirs")
    assert side(there, "theirs") == side(back, "ours")


@SETTINGS
@given(blocks)
def test_paragraphs_join_back_to_the_body(body):
    assert "".join(paragraphs(body)) == body


@SETTINGS
@given(blocks, blocks)
def test_body_edited_on_one_side_merges_cleanly(base, x):
    assert merge_body(base, x, base) == (x, [])
    assert merge_body(base, base, x) == (x, [])
    assert merge_body(base, x, x) == (x, [])


@SETTINGS
@given(blocks, blocks, blocks)
def test_body_conflict_keeps_ours_in_place_and_both_in_the_chunk(base, ours, theirs):
    merged, conflicts = merge_body(base, ours, theirs)
    for chunk in conflicts:
        assert "".join(chunk.ours) in merged
        assert chunk.ours != chunk.theirs


@given(blocks, blocks)
def test_body_without_a_base_conflicts_whole_unless_equal(ours, theirs):
    merged, conflicts = merge_body(None, ours, theirs)
    assert merged == ours
    assert (conflicts == []) == (ours == theirs)


@given(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3))
def test_merge_value(base, ours, theirs):
    value, clash = merge_value(base, ours, theirs)
    if ours == theirs or theirs == base:
        assert (value, clash) == (ours, False)
    elif ours == base:
        assert (value, clash) == (theirs, False)
    else:
        assert (value, clash) == (ours, True)


tags = st.lists(st.sampled_from("wxyz"), unique=True, max_size=4)


@given(tags, tags, tags)
def test_merge_tags_as_sets(base, ours, theirs):
    result = merge_tags(base, ours, theirs)
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    assert set(result) == (set(ours) | set(theirs)) - removed
    assert len(result) == len(set(result))
    assert merge_tags(base, ours, ours) == ours


def test_merge_outline_keeps_new_sections_of_both_sides():
    base = [("a", None), ("b", None)]
    ours = [("a", None), ("n", "a"), ("b", None)]
    theirs = [("b", None), ("a", None), ("t", None)]
    merged, both_moved = merge_outline(base, ours, theirs)
    assert merged == [("b", None), ("a", None), ("n", "a"), ("t", None)]  # theirs reordered
    assert not both_moved
    assert merge_outline(base, [("b", None), ("a", None)], [("b", "a"), ("a", None)])[1]


def test_merge_outline_puts_a_new_section_after_its_sibling_there():
    base = [("a", None), ("c", "a"), ("b", None)]
    ours = [("a", None), ("c", "a"), ("n", "a"), ("b", None)]
    theirs = [("b", None), ("a", None), ("c", "a")]
    merged, _ = merge_outline(base, ours, theirs)
    assert merged == [("b", None), ("a", None), ("c", "a"), ("n", "a")]


POOL = "abcdefg"


def as_stored(outline):
    """Return an outline as a file keeps it (set_outline, then outline): subtrees in order."""
    ids = {sid for sid, _ in outline}
    children = {}
    for sid, parent in outline:
        children.setdefault(parent if parent in ids else None, []).append(sid)
    out = []

    def walk(parent):
        for sid in children.get(parent, []):
            out.append((sid, parent))
            walk(sid)

    walk(None)
    return out


@st.composite
def outlines(draw):
    """Return a random outline of some of POOL, each section under an earlier one or none."""
    order = draw(st.lists(st.sampled_from(POOL), unique=True, max_size=len(POOL)))
    parents = [draw(st.sampled_from([None, *order[:i]])) for i in range(len(order))]
    return as_stored(list(zip(order, parents, strict=True)))


@st.composite
def edited(draw, base):
    """Return base with up to three sections added, deleted or moved (nesting too)."""
    pairs = list(base)
    for _ in range(draw(st.integers(0, 3))):
        sid = draw(st.sampled_from(POOL))
        pairs = [pair for pair in pairs if pair[0] != sid]
        if draw(st.booleans()):
            at = draw(st.integers(0, len(pairs)))
            pairs.insert(at, (sid, draw(st.sampled_from([None, *(s for s, _ in pairs[:at])]))))
    return as_stored(pairs)


@st.composite
def outline_edits(draw):
    """Return a base outline and two sides: unchanged, edited or unrelated."""
    base = draw(outlines())
    sides = st.one_of(st.just(base), edited(base), outlines())
    return base, draw(sides), draw(sides)


def ids(outline):
    return [sid for sid, _ in outline]


@SETTINGS
@given(outline_edits())
def test_merged_outline_keeps_every_section_once(edits):
    base, ours, theirs = edits
    merged, _ = merge_outline(base, ours, theirs)
    assert sorted(ids(merged)) == sorted({*ids(ours), *ids(theirs)})


@SETTINGS
@given(outline_edits())
def test_merged_outline_puts_parents_before_their_children(edits):
    merged, _ = merge_outline(*edits)
    for index, (_sid, parent) in enumerate(merged):
        assert parent is None or parent in ids(merged)[:index]


@SETTINGS
@given(outline_edits())
def test_merged_outline_is_stored_as_it_is(edits):
    merged, _ = merge_outline(*edits)
    assert as_stored(merged) == merged


@SETTINGS
@given(outline_edits())
def test_merged_outline_nests_one_sided_sections_as_their_side(edits):
    base, ours, theirs = edits
    merged = dict(merge_outline(base, ours, theirs)[0])
    only = [*(p for p in ours if p[0] not in ids(theirs)),
            *(p for p in theirs if p[0] not in ids(ours))]
    assert [(sid, merged[sid]) for sid, _ in only] == only


@SETTINGS
@given(outline_edits())
def test_merged_outline_takes_the_tree_of_the_side_that_changed_it(edits):
    base, ours, theirs = edits
    merged, both_moved = merge_outline(base, ours, theirs)
    if ours == base:
        assert [pair for pair in merged if pair[0] in ids(theirs)] == theirs
    if theirs == base or both_moved:
        assert [pair for pair in merged if pair[0] in ids(ours)] == ours
