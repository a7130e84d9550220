"""The state of pulled paragraphs: current, edited, source changed, removed."""

from __future__ import annotations

from compile_helpers import WATER_1, WATER_2, build

from app.core.compile.provenance import as_json, provenance, redline_text, source_changed
from app.core.compile.pull import pull


def _one(rfile):
    [item] = provenance(rfile)
    return item


def test_a_fresh_pull_is_current(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 1)
    item = _one(rfile)
    assert (item.state, item.report_paragraph, item.source_paragraph) == ("current", 1, 1)
    assert (item.entity, item.source_title, item.source_heading) == (
        "FAO", "FAO input", "Dry season")


def test_editing_the_pulled_paragraph_keeps_the_link(rfile):
    ids = build(rfile)
    [row] = pull(rfile, ids.water_chapter, ids.fao_water, 2)
    # As the editor writes it back: new text, the anchor on the paragraph, one more paragraph.
    rfile.update_section(ids.water_chapter, body=(
        "<p>Before it.</p>"
        f'<p data-pull="{row.id}">Villages share a rota for the <em>pumps</em>.</p>'))
    item = _one(rfile)
    assert item.state == "edited"
    assert item.report_paragraph == 2
    assert item.pull.id == row.id


def test_a_changed_source_is_flagged_with_its_redline(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 2)
    rfile.update_section(ids.fao_water, body=WATER_1 + (
        "<p>Villages now share a weekly rota for the solar borehole pumps.</p>"))
    item = _one(rfile)
    assert item.state == "source changed"
    assert redline_text(item.redline) == (
        "Villages now share a {+weekly+} rota for the {+solar+} borehole pumps.")
    assert source_changed(rfile) == [item]


def test_a_source_paragraph_that_only_moved_is_still_current(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 2)
    rfile.update_section(ids.fao_water, body="<p>New first words here.</p>" + WATER_1
                         + WATER_2)
    item = _one(rfile)
    assert (item.state, item.source_paragraph) == ("current", 3)


def test_edited_and_source_changed_together(rfile):
    ids = build(rfile)
    [row] = pull(rfile, ids.water_chapter, ids.fao_water, 1)
    rfile.update_section(ids.water_chapter, body=f'<p data-pull="{row.id}">Cisterns.</p>')
    rfile.update_section(ids.fao_water, body=WATER_1.replace("three", "four") + WATER_2)
    item = _one(rfile)
    assert item.flags == ("edited", "source changed")
    assert "[-three-] {+four+}" in redline_text(item.redline)


def test_deleting_the_paragraph_marks_it_removed(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 1)
    rfile.update_section(ids.water_chapter, body="<p>Rewritten from scratch.</p>")
    assert _one(rfile).state == "removed"
    assert _one(rfile).report_paragraph is None


def test_deleting_the_source_section_changes_the_source(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 1)
    rfile.delete_section(ids.fao_water)
    item = _one(rfile)
    assert item.state == "source changed"
    assert item.source_paragraph is None
    assert redline_text(item.redline).startswith("[-Cisterns")


def test_provenance_json_fields(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 2)
    changed = "<p>Villages share a rota for the pumps.</p>"
    rfile.update_section(ids.fao_water, body=WATER_1 + changed)
    data = as_json(_one(rfile))
    assert data["state"] == "source changed"
    assert data["flags"] == ["source changed"]
    assert data["report"] == {"document_id": ids.report, "title": "Rural resilience",
                              "section_id": ids.water_chapter, "heading": "Water",
                              "paragraph": 1}
    assert data["source"]["entity"] == "FAO"
    assert data["source"]["paragraph"] == 2
    assert data["source"]["paragraph_now"] == 2
    assert data["source"]["revision_id"]
    assert data["pulled_text"] == data["source_text"] == WATER_2
    assert data["redline"] == "Villages [-now-] share a rota for the [-borehole-] pumps."
    assert data["source_now"] == changed


def test_provenance_of_one_report_only(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 1)
    assert len(provenance(rfile, ids.report)) == 1
    assert provenance(rfile, ids.fao) == []
