"""Collecting contributions: added once, updated by merge, never duplicated, bad ones skipped."""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path

from collect_helpers import ILO_FR, digest, edit_first_section, snapshot

from app.core.compile.collect import source_files
from app.core.compile.graft import HEADS_KEY
from app.core.document.service import RapporteurFile


def test_three_contributions_from_three_entities(report_file, sources, collect_into):
    report = collect_into(report_file, sources.ohchr, sources.unhcr, sources.ilo)
    assert [r.line() for r in report.results] == [
        "ohchr.rapporteur: 1 added", "unhcr.md: 1 added", "oit.json: 1 added"]
    assert report.exit_code == 0
    state = snapshot(report_file)
    assert state["entities"] == ["", "OHCHR", "OIT", "UNHCR"]  # "" is the report itself
    rows = {r["entity"]: r for r in state["sources"]}
    assert rows["OHCHR"]["sha256"] == digest(sources.ohchr)
    assert rows["OHCHR"]["origin"] == rows["OHCHR"]["document_id"]
    assert rows["OIT"]["origin"] == ILO_FR["documents"][0]["id"] == rows["OIT"]["document_id"]
    assert rows["UNHCR"]["origin"] == "unhcr/contribution of unhcr"
    assert {r["name"] for r in state["sources"]} == {"ohchr.rapporteur", "unhcr.md", "oit.json"}
    assert rows["UNHCR"]["collected"].endswith("Z")
    ilo = state["docs"]["OIT"]
    assert ilo.language == "fr"
    assert "travail décent" in ilo.all_sections()[0].body


def test_collecting_again_changes_nothing(report_file, sources, collect_into):
    collect_into(report_file, sources.folder)
    before = digest(report_file)
    report = collect_into(report_file, sources.folder)
    assert [r.line().split(": ")[1] for r in report.results] == ["1 unchanged"] * 3
    assert digest(report_file) == before


def test_a_folder_is_searched_recursively(report_file, sources, collect_into, tmp_path):
    deeper = sources.folder / "2026" / "late"
    deeper.mkdir(parents=True)
    sources.ilo.rename(deeper / "oit.json")
    (sources.folder / "notes.txt").write_text("not a contribution")
    found = [p.name for p, problem in source_files([sources.folder], report_file)]
    assert sorted(found) == ["ohchr.rapporteur", "oit.json", "unhcr.md"]
    collect_into(report_file, sources.folder)
    assert snapshot(report_file)["entities"] == ["", "OHCHR", "OIT", "UNHCR"]


def test_a_revised_rapporteur_file_updates_the_same_document(report_file, sources,
                                                            collect_into):
    collect_into(report_file, sources.ohchr)
    first = snapshot(report_file)
    edit_first_section(sources.ohchr, "guidance", "practical guidance")
    report = collect_into(report_file, sources.ohchr)
    assert report.results[0].line() == "ohchr.rapporteur: 1 updated"
    after = snapshot(report_file)
    assert after["entities"] == first["entities"]
    assert after["docs"]["OHCHR"].id == first["docs"]["OHCHR"].id
    assert "practical guidance" in after["docs"]["OHCHR"].all_sections()[0].body
    assert after["revisions"] > first["revisions"]
    assert len(after["sources"]) == 2


def test_a_revised_markdown_file_updates_the_same_document(report_file, sources,
                                                           collect_into):
    collect_into(report_file, sources.unhcr)
    first = snapshot(report_file)["docs"]["UNHCR"]
    text = sources.unhcr.read_text().replace("remained scarce", "remained very scarce")
    sources.unhcr.write_text(text + "\n## Outlook\n\nMore places are pledged for 2027.\n")
    report = collect_into(report_file, sources.unhcr)
    assert report.results[0].line() == "unhcr.md: 1 updated"
    after = snapshot(report_file)
    doc = after["docs"]["UNHCR"]
    assert after["entities"].count("UNHCR") == 1
    assert doc.id == first.id
    assert [s.id for s in doc.all_sections()][:2] == [s.id for s in first.all_sections()]
    assert "very scarce" in doc.all_sections()[0].body
    assert [s.heading for s in doc.all_sections()] == ["Protection", "Partnerships", "Outlook"]


def test_the_compiler_s_edits_survive_a_newer_version(report_file, sources, collect_into):
    collect_into(report_file, sources.unhcr)
    _edit_unhcr(report_file, "durable solutions", "durable solutions (edited by the compiler)")
    sources.unhcr.write_text(sources.unhcr.read_text().replace("inclusion", "full inclusion"))
    report = collect_into(report_file, sources.unhcr)
    assert report.exit_code == 0
    doc = snapshot(report_file)["docs"]["UNHCR"]
    protection, partnerships = doc.all_sections()
    assert "(edited by the compiler)" in protection.body
    assert "full inclusion" in partnerships.body


def test_same_paragraph_edited_on_both_sides_is_a_conflict_kept(report_file, sources,
                                                                collect_into):
    collect_into(report_file, sources.unhcr)
    _edit_unhcr(report_file, "remained scarce", "remained scarce, said the compiler")
    sources.unhcr.write_text(sources.unhcr.read_text().replace("remained scarce",
                                                                "remained very scarce"))
    report = collect_into(report_file, sources.unhcr)
    assert report.exit_code == 3
    assert report.results[0].line() == "unhcr.md: 1 updated, 1 with conflicts"
    state = snapshot(report_file)
    [conflict] = state["conflicts"]
    assert "said the compiler" in json.dumps(conflict["ours"])
    assert "very scarce" in json.dumps(conflict["theirs"])
    assert state["entities"].count("UNHCR") == 1
    again = collect_into(report_file, sources.unhcr)
    assert again.exit_code == 3
    assert len(snapshot(report_file)["conflicts"]) == 1


def _edit_unhcr(path: Path, old: str, new: str) -> None:
    """The compiler edits UNHCR's contribution in the report file."""
    from app.core.compile.contributions import entity_of

    with RapporteurFile.open(path, author="Compiler") as rfile:
        doc = next(d for d in rfile.documents() if entity_of(d) == "UNHCR")
        sec = next(s for s in doc.all_sections() if old in s.body)
        rfile.update_section(sec.id, body=sec.body.replace(old, new))


def test_a_bad_source_is_skipped_and_the_others_collected(report_file, sources, collect_into):
    bad = sources.folder / "broken.rapporteur"
    bad.write_bytes(os.urandom(4096))
    kept = digest(bad)
    report = collect_into(report_file, sources.folder)
    assert report.exit_code == 2
    lines = {r.path.name: r.line() for r in report.results}
    assert lines["broken.rapporteur"].startswith("broken.rapporteur: skipped: ")
    assert "not a Rapporteur file" in lines["broken.rapporteur"]
    assert snapshot(report_file)["entities"] == ["", "OHCHR", "OIT", "UNHCR"]
    assert digest(bad) == kept


def test_malformed_text_sources_are_skipped_one_by_one(report_file, sources, collect_into,
                                                       tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    missing = tmp_path / "gone.md"
    report = collect_into(report_file, broken, missing, sources.unhcr, report_file)
    lines = [r.line() for r in report.results]
    assert lines[0].startswith("broken.json: skipped: broken.json: not valid JSON")
    assert lines[1] == "gone.md: skipped: no such file or folder"
    assert lines[2] == "unhcr.md: 1 added"
    assert lines[3] == "report.rapporteur: skipped: a file cannot be collected into itself"


def test_a_colleague_s_full_copy_brings_only_its_contributions(report_file, sources,
                                                               collect_into, tmp_path):
    collect_into(report_file, sources.ohchr)
    from app.core.sharing.copying import copy_file

    theirs = copy_file(report_file, tmp_path / "copy.rapporteur")
    with RapporteurFile.open(theirs, author="Jean") as rfile:
        report_doc = next(d for d in rfile.documents() if d.template == "sg-report")
        rfile.update_document(report_doc.id, title="Changed by Jean")
    report = collect_into(report_file, theirs)
    assert report.results[0].line() == "copy.rapporteur: 1 unchanged"
    titles = [d.title for d in snapshot(report_file)["docs"].values()]
    assert "Changed by Jean" not in titles


def test_heads_of_the_last_collected_version_are_kept(report_file, sources, collect_into):
    collect_into(report_file, sources.unhcr)
    with RapporteurFile.open(report_file, readonly=True) as rfile:
        doc_id = snapshot(report_file)["docs"]["UNHCR"].id
        heads = json.loads(rfile.repo.get_meta(HEADS_KEY + doc_id) or "{}")
        assert rfile.repo.revision(heads["document"]) is not None


def test_a_word_document_is_collected(report_file, tmp_path, collect_into):
    helper = Path(__file__).resolve().parents[1] / "io" / "test_docx.py"
    spec = importlib.util.spec_from_file_location("docx_helpers", helper)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    data = module.docx([module.para(module.run("Input of UNODC"), style="Title"),
                        module.para(module.run("Trafficking"), style="Heading1"),
                        module.para(module.run("Cases rose in the region."))])
    source = tmp_path / "unodc.docx"
    source.write_bytes(data)
    report = collect_into(report_file, source)
    assert report.results[0].line() == "unodc.docx: 1 added"
    assert snapshot(report_file)["sources"][0]["origin"] == "file/unodc"
    assert collect_into(report_file, source).results[0].line() == "unodc.docx: 1 unchanged"


def test_a_source_with_one_bad_document_changes_nothing(report_file, sources, collect_into,
                                                       tmp_path):
    data = json.loads(sources.ilo.read_text())
    bad = json.loads(json.dumps(data["documents"][0]))
    bad["id"], bad["fields"] = "another", {"no such field": "x"}
    bad["sections"][0]["id"] = "another-section"
    data["documents"].append(bad)
    mixed = tmp_path / "mixed.json"
    mixed.write_text(json.dumps(data))
    before = digest(report_file)
    report = collect_into(report_file, mixed)
    assert report.exit_code == 2
    assert "unknown field" in report.results[0].line()
    assert digest(report_file) == before


def test_a_json_export_of_the_file_itself_updates_in_place(report_file, sources, collect_into,
                                                          tmp_path):
    from app.core.io.interchange import export_file

    collect_into(report_file, sources.unhcr)
    with RapporteurFile.open(report_file, readonly=True) as rfile:
        data = export_file(rfile)
    data["documents"] = [d for d in data["documents"] if d["template"] == "agency-input"]
    section = data["documents"][0]["sections"][1]
    section["body"] = section["body"].replace("inclusion", "inclusion and jobs")
    dump = tmp_path / "unhcr-edited.json"
    dump.write_text(json.dumps(data))
    report = collect_into(report_file, dump)
    assert report.results[0].line() == "unhcr-edited.json: 1 updated"
    state = snapshot(report_file)
    assert state["conflicts"] == []
    assert "inclusion and jobs" in state["docs"]["UNHCR"].all_sections()[1].body
    assert state["entities"].count("UNHCR") == 1


def test_a_document_never_collected_keeps_the_compiler_s_edits(report_file, tmp_path,
                                                                collect_into):
    from app.core.io.interchange import export_file

    with RapporteurFile.open(report_file, author="Compiler") as rfile:
        doc = rfile.add_document(title="WFP input", template="agency-input",
                                 fields={"entity": "WFP"})
        section = rfile.add_section(doc.id, heading="Food", body="<p>Rations were cut.</p>")
        data = export_file(rfile)
        rfile.update_section(section.id, body="<p>Rations were cut by half in May.</p>")
    data["documents"] = [d for d in data["documents"] if d["id"] == doc.id]
    data["documents"][0]["sections"][0]["body"] = "<p>Rations were cut in April.</p>"
    dump = tmp_path / "wfp.json"
    dump.write_text(json.dumps(data))
    collect_into(report_file, dump)
    state = snapshot(report_file)
    assert "cut by half in May" in state["docs"]["WFP"].all_sections()[0].body
    assert len(state["conflicts"]) == 1  # theirs is kept beside it, not lost either
