"""Accessibility rules: document language, heading levels, empty headings, table headers."""

from __future__ import annotations

from app.core.document.model import Document, Section
from app.core.text.lint import RULES, lint_document

ACCESSIBILITY = [r for r in RULES if r.id in ("language", "heading-level", "empty-heading",
                                                 "table-header")]
TABLE = "<table><thead><tr><th>Year</th></tr></thead><tr><td>2013</td></tr></table>"


def found(doc):
    return [(f.rule, f.section_id, f.field, f.excerpt) for f in lint_document(
        doc, rules=ACCESSIBILITY)]


def test_a_well_made_document_has_no_finding():
    doc = Document("d", language="fr", sections=[
        Section("a", heading="Introduction", body=f"<h3>Chiffres</h3>{TABLE}", children=[
            Section("b", heading="Contexte", body="<p>Texte.</p><h4>Détail</h4>")])])
    assert found(doc) == []


def test_a_document_without_a_language():
    assert found(Document("d", language="")) == [("language", None, "", "(none)")]
    assert [f[0] for f in found(Document("d", language="english please"))] == ["language"]


def test_a_body_heading_that_skips_a_level():
    doc = Document("d", sections=[Section("a", heading="Trends", body="<h4>Deep</h4><p>x</p>")])
    [(rule, section, field, excerpt)] = found(doc)
    assert (rule, section, field, excerpt) == ("heading-level", "a", "body", "Deep")
    [finding] = lint_document(doc, rules=ACCESSIBILITY)
    assert "skip level 3" in finding.message
    assert finding.target == "<h4>Deep</h4>"
    assert finding.where.raw


def test_a_subsection_under_a_section_without_heading_skips_h2():
    doc = Document("d", sections=[Section("a", children=[Section("b", heading="Under")])])
    assert found(doc) == [("heading-level", "b", "heading", "Under")]


def test_going_back_up_any_number_of_levels_is_fine():
    doc = Document("d", sections=[
        Section("a", heading="One", children=[
            Section("b", heading="Two", children=[Section("c", heading="Three")])]),
        Section("d", heading="Four", body="<h3>Sub</h3>")])
    assert found(doc) == []


def test_empty_headings_in_the_outline_and_in_a_body():
    doc = Document("d", sections=[
        Section("a", heading="  ", body='<h3><span class="footnote">Note.</span></h3>'),
    ])
    assert [(f[0], f[2]) for f in found(doc)] == [
        ("empty-heading", "heading"), ("heading-level", "body"), ("empty-heading", "body")]


def test_a_table_without_header_cells():
    plain = "<p>Before.</p><table><tr><td>Cell text</td><td>2</td></tr></table>"
    doc = Document("d", sections=[Section("a", heading="Data", body=plain + TABLE)])
    [(rule, section, field, excerpt)] = found(doc)
    assert (rule, section, field) == ("table-header", "a", "body")
    assert "Cell text" in excerpt


def test_the_rules_run_in_rapporteur_lint(tmp_path, capsys):
    from app.cli import main
    from app.core.document.service import RapporteurFile

    path = tmp_path / "a.rapporteur"
    with RapporteurFile.create(path, author="T") as rfile:
        doc = rfile.add_document(title="Tables", template="agency-input")
        rfile.add_section(doc.id, heading="Data",
                          body="<table><tr><td>Cell text</td></tr></table><h5>Deep</h5>")
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert "table-header Tables › Data: a table without a header row" in out
    assert "heading-level Tables › Data" in out
