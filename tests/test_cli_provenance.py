"""The themes, plan, pull and provenance commands: output, exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json

import pytest
from compile_helpers import WATER_1, build

from app.cli import main
from app.core.document.service import RapporteurFile


@pytest.fixture
def sample(tmp_path):
    """Return the path of a closed sample file and its ids."""
    path = tmp_path / "c.rapporteur"
    with RapporteurFile.create(path, author="Maria") as rfile:
        ids = build(rfile)
    return path, ids


def test_themes_prints_and_sets(sample, capsys):
    path, ids = sample
    assert main(["themes", str(path), ids.water_chapter]) == 0
    assert capsys.readouterr().out == "water\ndrought\n"
    assert main(["themes", str(path), ids.water_chapter, "Wells", "wells", "rain"]) == 0
    assert capsys.readouterr().out == "Wells\nrain\n"
    assert main(["themes", str(path), ids.water_chapter, "--clear"]) == 0
    assert main(["themes", str(path), ids.water_chapter]) == 0
    assert capsys.readouterr().out == ""


def test_plan_lists_chapters_then_the_unmatched(sample, capsys):
    path, ids = sample
    assert main(["plan", str(path), "--report", ids.report]) == 0
    out = capsys.readouterr().out
    assert "Water (water, drought)\n  FAO › Dry season  [tag drought]" in out
    assert "UNICEF › Pumps  [word water]" in out
    assert "Introduction (no themes)\n  (nothing matches)" in out
    assert out.split("Matching no chapter:\n")[1].startswith("  FAO › Administration")
    assert main(["plan", str(path), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [m["section_id"] for m in data["unmatched"]] == [ids.fao_office]


def test_pull_then_provenance_text_and_json(sample, capsys):
    path, ids = sample
    assert main(["pull", str(path), "--into", ids.water_chapter, "--from", ids.fao_water,
                 "--paragraph", "1"]) == 0
    assert capsys.readouterr().out.startswith("pulled ¶1 as ")
    with RapporteurFile.open(path) as rfile:
        rfile.update_section(ids.fao_water, body=WATER_1.replace("three", "four"))
    assert main(["provenance", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("source changed: Water ¶1 ← FAO: FAO input › Dry season ¶1\n")
    assert "Cisterns were repaired in [-three-] {+four+} districts" in out
    assert main(["provenance", str(path), "--document", ids.report, "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["state"] == "source changed"
    assert row["source"]["entity"] == "FAO"


@pytest.mark.parametrize(("args", "message"), [
    (["pull", "{file}", "--into", "{water}", "--from", "{fao_water}", "--paragraph", "9"],
     "paragraphs 1 to 2, not 9"),
    (["pull", "{file}", "--into", "{water}", "--from", "{fao_water}", "--paragraph", "x"],
     "invalid int value"),
    (["pull", "{file}", "--into", "{water}"], "required"),
    (["plan", "{file}", "--report", "{fao}"], "not a report"),
    (["themes", "{file}", "{fao_water}", "x"], "not in a report"),
    (["themes", "{file}", "{water}", "x", "--clear"], "not both"),
    (["provenance", "{file}", "--document", "nope"], "no document"),
])
def test_bad_input_is_one_line_exit_2_and_leaves_the_file(sample, capsys, args, message):
    path, ids = sample
    names = {"file": str(path), "water": ids.water_chapter, "fao_water": ids.fao_water,
             "fao": ids.fao}
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert main([a.format(**names) for a in args]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
