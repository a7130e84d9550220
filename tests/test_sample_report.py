"""The sample report of the Secretary-General imports and renders with its template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.io.markdown import parse_markdown
from app.core.render.html import count_words, render_html

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "resources" / "samples" / "sg-report.md"
SYMBOL = re.compile(
    r"[A-Z]{1,6}(?:/(?:[A-Z][A-Za-z]*(?:\.\d+)?|\d{1,4}))+(?:/(?:Rev|Add|Corr|Amend)\.\d+)*\*?")


@pytest.fixture(scope="module")
def report():
    if not (REPO / "templates" / "sg-report" / "manifest.toml").exists():
        pytest.skip("the sg-report template is not there yet")
    return parse_markdown(SOURCE.read_text(encoding="utf-8")).document


def test_report_has_three_chapters_each_with_a_and_b(report):
    assert report.template == "sg-report"
    assert len(report.sections) == 3
    assert all(len(chapter.children) == 2 for chapter in report.sections)
    assert not any(re.match(r"[IVX]+\.|[A-Z]\.", s.heading) for s in report.all_sections())


def test_report_has_twelve_footnotes_and_about_3500_words(report):
    bodies = "".join(section.body for section in report.all_sections())
    assert bodies.count('<span class="footnote">') == 12
    assert 3000 <= count_words(report) <= 4000


def test_report_fields_fit_the_template(report):
    assert SYMBOL.fullmatch(report.fields["symbol"])
    rendered = render_html(report)
    assert [w for w in rendered.warnings if "word" not in w] == []
    assert '<span class="nobr">21–22 February 2026</span>' in rendered.html
