"""The runner: headings, acronyms, the word limit, findings in reading order, and fixes."""

from __future__ import annotations

from app.core.document.model import Document, Section
from app.core.text.lint import RULES, apply_fix, lint_document, word_limit
from app.core.text.lint.acronyms import acronym_uses
from app.core.text.lint.headings import lone_subheadings

ACCESSIBILITY = ("language", "heading-level", "empty-heading", "table-header")


def rules(findings):
    return [f.rule for f in findings]


def test_every_rule_has_an_id_and_a_one_line_description():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert all(rule.description and "\n" not in rule.description for rule in RULES)
    assert all((rule.text is None) != (rule.document is None) for rule in RULES)


def test_lone_subheadings():
    assert lone_subheadings([3, 3]) == []
    assert lone_subheadings([3]) == [0]
    assert lone_subheadings([3, 4, 3, 4, 4]) == [1]
    assert lone_subheadings([3, 4, 5, 5, 3]) == [1]


def test_a_section_with_one_subsection_is_a_finding():
    child = Section("b", heading="Data gaps")
    doc = Document("d", sections=[Section("a", heading="Trends", children=[child]),
                                  Section("c", heading="Two", children=[Section("e"),
                                                                        Section("f")])])
    [finding] = [f for f in lint_document(doc) if f.rule == "single-subheading"]
    assert (finding.section_id, finding.field, finding.excerpt) == ("b", "heading", "Data gaps")


def test_a_lone_heading_in_a_body_is_a_finding_but_a_table_title_is_not():
    table = "<table><tr><td>x</td></tr></table>"
    editorial = [rule for rule in RULES if rule.id not in ACCESSIBILITY]
    lone = Document("d", sections=[Section("a", body="<h3>Only</h3><p>Text.</p>")])
    assert rules(lint_document(lone, rules=editorial)) == ["single-subheading"]
    caption = Document("d", sections=[Section("a", body=f"<p>Text.</p><h4>Table</h4>{table}")])
    assert lint_document(caption, rules=editorial) == []


def test_acronym_uses_and_definitions():
    uses = acronym_uses("The Office (OHCHR) and OHCHR's partners, A/HRC/WG.6/34/ITA/3, Part II")
    assert [(name, defines) for _s, _e, name, defines in uses] == [("OHCHR", True),
                                                                    ("OHCHR", False)]
    assert acronym_uses("THE MEETING ON INTERNATIONAL MIGRATION") == []


def test_acronyms_used_before_or_without_their_full_name():
    doc = Document("d", title="Report", fields={"author": "Office of the High Commissioner "
                                                          "for Human Rights (OHCHR)"},
                   sections=[Section("a", heading="OHCHR's work", body=(
                       "<p>The GMG met. The Global Migration Group (GMG) agreed with IOM; "
                       "the European Union (EU) and the EU.</p>"))])
    found = [f for f in lint_document(doc) if f.rule == "acronym"]
    assert [(f.target, f.message.split(" is ")[1][:4]) for f in found] == [
        ("GMG", "used"), ("IOM", "neve")]


def test_word_limit():
    body = "<p>" + "word " * 10_701 + "</p>"
    contribution = Document("d", template="meeting-paper", sections=[Section("a", body=body)])
    assert word_limit(contribution, None) == 10_700
    assert "word-limit" in rules(lint_document(contribution))
    report = Document("r", template="sg-report", sections=[Section("a", body=body)])
    assert word_limit(report, None) == 8_500
    short = Document("s", template="meeting-paper", sections=[Section("a", body="<p>a b</p>")])
    assert "word-limit" not in rules(lint_document(short))


def test_findings_come_in_reading_order_with_fields_first():
    doc = Document("d", title="A title", template="meeting-paper",
                   fields={"dates": "21-22 February 2013"},
                   sections=[Section("a", heading="One", body="<p>We saw 3  cases.</p>")])
    assert rules(lint_document(doc)) == ["date-range", "small-number", "double-space"]


def test_report_mode_is_the_sg_report_template():
    body = "<p>At its 67<sup>th</sup> session the Assembly met.</p>"
    paper = Document("d", template="meeting-paper", sections=[Section("a", body=body)])
    report = Document("d", template="sg-report", sections=[Section("a", body=body)])
    assert "session" not in rules(lint_document(paper))
    [finding] = [f for f in lint_document(report) if f.rule == "session"]
    assert (finding.target, finding.fix) == ("67th", "sixty-seventh")


def test_apply_fix_writes_a_body_fix_through_the_file(rfile):
    doc = rfile.add_document(title="T", template="meeting-paper")
    sec = rfile.add_section(doc.id, heading="H", body="<p>We <em>saw</em> 3 cases; the UN "
                            "System.</p>")
    findings = lint_document(rfile.document(doc.id))
    small = next(f for f in findings if f.rule == "small-number")
    assert apply_fix(rfile, small)
    assert rfile.section(sec.id).body == "<p>We <em>saw</em> three cases; the UN System.</p>"
    un = next(f for f in findings if f.rule == "united-nations")
    assert apply_fix(rfile, un) is False  # the first fix moved it: check again, then fix
    un = next(f for f in lint_document(rfile.document(doc.id)) if f.rule == "united-nations")
    assert apply_fix(rfile, un)
    assert rfile.section(sec.id).body == (
        "<p>We <em>saw</em> three cases; the United Nations system.</p>")


def test_apply_fix_writes_a_session_across_a_superscript(rfile):
    doc = rfile.add_document(title="T", template="meeting-paper")
    sec = rfile.add_section(doc.id, heading="H", body="<p>At its 67<sup>th</sup> session</p>")
    document = rfile.document(doc.id)
    document.template = "sg-report"  # report mode, whether or not that template is installed
    [finding] = [f for f in lint_document(document) if f.rule == "session"]
    assert apply_fix(rfile, finding)
    assert rfile.section(sec.id).body == "<p>At its sixty-seventh session</p>"


def test_apply_fix_refuses_when_the_text_changed(rfile):
    doc = rfile.add_document(title="T", template="meeting-paper")
    sec = rfile.add_section(doc.id, heading="H", body="<p>We saw 3 cases.</p>")
    [finding] = [f for f in lint_document(rfile.document(doc.id)) if f.rule == "small-number"]
    rfile.update_section(sec.id, body="<p>We saw 7 cases.</p>")
    before = rfile.revisions(sec.id)
    assert apply_fix(rfile, finding) is False
    assert rfile.section(sec.id).body == "<p>We saw 7 cases.</p>"
    assert rfile.revisions(sec.id) == before


def test_apply_fix_to_a_field_a_raw_footnote_and_a_missing_section(rfile):
    doc = rfile.add_document(title="T", template="meeting-paper",
                             fields={"meeting": "M", "author": "A", "dates": "21-22 May 2013"})
    note = '<span class="footnote">A/68/190.</span>'
    sec = rfile.add_section(doc.id, heading="H", body=f"<p>As noted{note}. Then</p>")
    findings = lint_document(rfile.document(doc.id))
    dates = next(f for f in findings if f.rule == "date-range")
    call = next(f for f in findings if f.rule == "footnote-call")
    assert apply_fix(rfile, dates)
    assert apply_fix(rfile, call)
    assert rfile.document(doc.id).fields["dates"] == "21–22 May 2013"
    assert rfile.section(sec.id).body == f"<p>As noted.{note} Then</p>"
    assert apply_fix(rfile, call) is False  # already fixed: the text no longer matches
    rfile.delete_section(sec.id)
    assert apply_fix(rfile, call) is False  # the section is gone
