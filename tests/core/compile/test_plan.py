"""Planning a report: chapters' themes matched by tag and by whole words."""

from __future__ import annotations

import pytest
from compile_helpers import build

from app.core.compile.plan import make_plan, normal_themes, set_themes, theme_reasons
from app.core.document.model import Section
from app.core.errors import ValidationError


def test_plan_matches_by_tag_and_by_keyword_and_lists_the_rest(rfile):
    ids = build(rfile)
    plan = make_plan(rfile, ids.report)
    by_heading = {c.heading: c for c in plan.chapters}
    assert [c.heading for c in plan.chapters] == ["Introduction", "Water", "Education"]
    assert by_heading["Introduction"].matches == ()
    water = {m.section_id: m for m in by_heading["Water"].matches}
    assert water[ids.fao_water].reasons == ("tag drought",)
    assert water[ids.unicef_pumps].reasons == ("word water",)
    assert water[ids.unicef_pumps].label == "UNICEF › Pumps"
    assert [m.label for m in by_heading["Education"].matches] == ["UNICEF › Classrooms"]
    assert [m.section_id for m in plan.unmatched] == [ids.fao_office]


def test_the_only_report_is_planned_without_an_id(rfile):
    ids = build(rfile)
    assert make_plan(rfile).report.id == ids.report


def test_a_contribution_is_not_a_report(rfile):
    ids = build(rfile)
    with pytest.raises(ValidationError, match="not a report"):
        make_plan(rfile, ids.fao)


def test_keywords_are_whole_words_any_case_and_spacing():
    section = Section(id="s", heading="Watershed", body="<p>Climate\n  CHANGE hits.</p>")
    assert theme_reasons(["water", "climate change"], section) == ("word climate change",)


def test_themes_are_set_trimmed_and_once(rfile):
    ids = build(rfile)
    section = set_themes(rfile, ids.water_chapter, [" Water ", "water", "", "dry  spells"])
    assert section.tags == ["Water", "dry spells"]
    with pytest.raises(ValidationError, match="not in a report"):
        set_themes(rfile, ids.fao_water, ["x"])


def test_normal_themes_refuses_a_long_theme():
    with pytest.raises(ValidationError):
        normal_themes(["x" * 81])
