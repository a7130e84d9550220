"""Review comments: anchored ranges survive edits, replies, resolve/reopen, merge as a union."""

from __future__ import annotations

import pytest

from app.core.document.service import RapporteurFile
from app.core.errors import ValidationError
from app.core.sharing.copying import copy_file
from app.core.sharing.filemerge import merge_files
from app.core.text import comments


@pytest.fixture
def section(rfile):
    doc = rfile.add_document(title="T")
    return rfile.add_section(doc.id, heading="H",
                             body="<p>Migration is a human story of rights.</p>")


def test_comment_anchors_to_the_selected_text(rfile, section):
    note = comments.add(rfile, section.id, 15, 26, "Too vague?")
    assert note.quote == "human story"
    assert (note.author, note.resolved) == ("Maria", False)


def test_anchor_survives_edits_around_it(rfile, section):
    note = comments.add(rfile, section.id, 15, 26, "Too vague?")
    rfile.update_section(section.id, body="<p>Above all, migration is a <em>human story</em> "
                                          "of rights and of work.</p>")
    [again] = comments.for_section(rfile, section.id)
    text = comments.section_text(rfile.section(section.id).body)
    assert text[again.start:again.end] == "human story"
    assert again.id == note.id


def test_anchor_lost_when_the_text_is_gone(rfile, section):
    comments.add(rfile, section.id, 15, 26, "Too vague?")
    rfile.update_section(section.id, body="<p>Rewritten entirely.</p>")
    [again] = comments.for_section(rfile, section.id)
    assert again.start is None


def test_replies_and_resolve_reopen(rfile, section):
    note = comments.add(rfile, section.id, 0, 9, "Capitalise?")
    answer = comments.reply(rfile, note.id, "It is already.")
    assert answer.parent_id == note.id
    assert comments.set_resolved(rfile, note.id, True).resolved
    assert not comments.set_resolved(rfile, note.id, False).resolved
    assert [c.body for c in comments.for_section(rfile, section.id)] == [
        "Capitalise?", "It is already."]


def test_empty_comment_and_bad_range_refused(rfile, section):
    with pytest.raises(ValidationError):
        comments.add(rfile, section.id, 0, 5, "  ")
    with pytest.raises(ValidationError):
        comments.add(rfile, section.id, 5, 500, "x")


def test_comments_merge_as_a_union_and_resolving_merges(tmp_path, rfile, section):
    mine = rfile.path
    note = comments.add(rfile, section.id, 0, 9, "Maria asks")
    rfile.close()
    theirs = copy_file(mine, tmp_path / "jean.rapporteur")
    with RapporteurFile.open(theirs, author="Jean") as jean:
        comments.reply(jean, note.id, "Jean answers")
        comments.set_resolved(jean, note.id, True)
    with RapporteurFile.open(mine, author="Maria") as maria:
        comments.add(maria, section.id, 15, 26, "Maria again")
    summary = merge_files(mine, theirs)
    assert summary.comments_added == 1
    with RapporteurFile.open(mine, readonly=True) as merged:
        rows = comments.for_section(merged, section.id)
    assert sorted(c.body for c in rows) == ["Jean answers", "Maria again", "Maria asks"]
    assert next(c for c in rows if c.id == note.id).resolved
    assert merge_files(mine, theirs).comments_added == 0
