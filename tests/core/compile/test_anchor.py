"""The pull anchor survives the rest of the app: export, import, rendering, merging."""

from __future__ import annotations

import json

from compile_helpers import WATER_1, build

from app.core.compile.provenance import provenance
from app.core.compile.pull import pull
from app.core.document.service import RapporteurFile
from app.core.io.interchange import export_file
from app.core.io.markdown import to_markdown
from app.core.render.html import render_html
from app.core.sharing.copying import copy_file
from app.core.sharing.filemerge import merge_files


def test_markdown_and_rendering_ignore_the_anchor(rfile):
    ids = build(rfile)
    pull(rfile, ids.water_chapter, ids.fao_water, 1)
    report = rfile.document(ids.report)
    markdown = to_markdown(report)
    assert "data-pull" not in markdown
    assert "Cisterns were repaired in *three* districts" in markdown
    assert "Cisterns were repaired" in render_html(report).html


def test_json_export_then_import_keeps_the_anchor(rfile, tmp_path):
    ids = build(rfile)
    [row] = pull(rfile, ids.water_chapter, ids.fao_water, 1)
    dump = tmp_path / "dump.json"
    dump.write_text(json.dumps(export_file(rfile, ids.report)))
    from app.core.io.importing import import_source

    with RapporteurFile.create(tmp_path / "other.rapporteur") as other:
        import_source(other, dump, "json")
        assert f'data-pull="{row.id}"' in other.section(ids.water_chapter).body


def test_a_merge_brings_in_the_pull_and_keeps_the_anchor(tmp_path):
    ours_path, theirs_path = tmp_path / "ours.rapporteur", tmp_path / "theirs.rapporteur"
    with RapporteurFile.create(ours_path, author="Maria") as rfile:
        ids = build(rfile)
    copy_file(ours_path, theirs_path)
    with RapporteurFile.open(theirs_path, author="Jean") as theirs:
        [row] = pull(theirs, ids.water_chapter, ids.fao_water, 1)
    with RapporteurFile.open(ours_path, author="Maria") as ours:
        ours.update_section(ids.fao_water, body=WATER_1.replace("three", "five"))
    merge_files(ours_path, theirs_path)
    merge_files(ours_path, theirs_path)
    with RapporteurFile.open(ours_path, readonly=True) as merged:
        assert f'data-pull="{row.id}"' in merged.section(ids.water_chapter).body
        [item] = provenance(merged)
    assert item.pull == row
    assert item.state == "source changed"
