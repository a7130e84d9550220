"""Contributions and reports in a file, and the entity of each contribution."""

from __future__ import annotations

import pytest

from app.core.compile.contributions import contributions, entity_of, is_report, reports
from app.core.document.model import Document
from app.core.document.templates import load_template


def _doc(template: str, **fields: str) -> Document:
    return Document(id=template, title="T", template=template, fields=dict(fields))


def test_the_manifests_say_what_kind_each_template_is():
    assert load_template("sg-report").kind == "report"
    assert load_template("agency-input").entity_field == "entity"
    assert load_template("meeting-paper").entity_field == "author"
    assert load_template("sg-report").entity_field is None


def test_reports_and_contributions_are_told_apart():
    docs = [_doc("sg-report"), _doc("agency-input"), _doc("meeting-paper"), _doc("gone")]
    assert [d.template for d in reports(docs)] == ["sg-report"]
    assert [d.template for d in contributions(docs)] == ["agency-input", "meeting-paper", "gone"]
    assert not is_report(_doc("gone"))


@pytest.mark.parametrize(("template", "fields", "entity"), [
    ("agency-input", {"entity": " OHCHR "}, "OHCHR"),
    ("meeting-paper", {"author": "UNHCR"}, "UNHCR"),
    ("sg-report", {"entity": "ignored"}, ""),
    ("agency-input", {}, ""),
])
def test_the_entity_comes_from_the_template_s_field(template, fields, entity):
    assert entity_of(_doc(template, **fields)) == entity
