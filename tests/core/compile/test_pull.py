"""Pulling contribution paragraphs into a report section, with their link."""

from __future__ import annotations

import pytest
from compile_helpers import WATER_1, WATER_2, build

from app.core.compile.pull import anchored, body_paragraphs, pull, with_anchor, without_anchor
from app.core.errors import NotFoundError, ValidationError
from app.core.storage.pulls import pull_rows


def test_pull_one_paragraph_to_the_end_of_a_report_section(rfile):
    ids = build(rfile)
    rfile.update_section(ids.water_chapter, body="<p>Our own words.</p>")
    source_revision = rfile.section(ids.fao_water).revision_id
    [row] = pull(rfile, ids.water_chapter, ids.fao_water, 2)
    body = rfile.section(ids.water_chapter).body
    assert body == f'<p>Our own words.</p><p data-pull="{row.id}">' + WATER_2[3:]
    assert anchored(body) == {row.id: (2, WATER_2)}
    stored = pull_rows(rfile.repo)
    assert stored == [row]
    assert (row.source_document_id, row.source_section_id, row.paragraph) == (
        ids.fao, ids.fao_water, 2)
    assert row.source_revision_id == source_revision
    assert row.source_text == row.pulled_text == WATER_2
    assert row.author == "Maria"


def test_pull_every_paragraph_when_none_is_named(rfile):
    ids = build(rfile)
    rows = pull(rfile, ids.water_chapter, ids.fao_water)
    assert [r.paragraph for r in rows] == [1, 2]
    paragraphs = body_paragraphs(rfile.section(ids.water_chapter).body)
    assert [without_anchor(p) for p in paragraphs] == [WATER_1, WATER_2]


@pytest.mark.parametrize(("into", "source", "number", "error", "message"), [
    ("water_chapter", "fao_water", 3, ValidationError, "paragraphs 1 to 2, not 3"),
    ("water_chapter", "fao_water", 0, ValidationError, "not 0"),
    ("fao_office", "fao_water", 1, ValidationError, "not in a report"),
    ("water_chapter", "intro", 1, ValidationError, "in a report, not a contribution"),
    ("water_chapter", "missing", 1, NotFoundError, "no section"),
])
def test_a_bad_pull_changes_nothing(rfile, into, source, number, error, message):
    ids = build(rfile)
    names = vars(ids)
    before = rfile.section(ids.water_chapter).body
    with pytest.raises(error, match=message):
        pull(rfile, names.get(into, into), names.get(source, source), number)
    assert rfile.section(ids.water_chapter).body == before
    assert pull_rows(rfile.repo) == []


def test_a_section_without_paragraphs_has_nothing_to_pull(rfile):
    ids = build(rfile)
    rfile.update_section(ids.fao_office, body="<ul><li>Only a list</li></ul>")
    with pytest.raises(ValidationError, match="no paragraph"):
        pull(rfile, ids.water_chapter, ids.fao_office)


def test_anchor_helpers_keep_other_attributes():
    pull_id = "0f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f"
    anchored_html = with_anchor('<p lang="fr">Bonjour</p>', pull_id)
    assert anchored_html == f'<p data-pull="{pull_id}" lang="fr">Bonjour</p>'
    assert without_anchor(anchored_html) == '<p lang="fr">Bonjour</p>'
