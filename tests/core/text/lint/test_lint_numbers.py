"""Numbers: under 10 in words, from 10 in figures, per cent, 0 before the point, commas."""

from __future__ import annotations

import pytest

from app.core.text.lint.numbers import big_words, decimal_zero, per_cent, small_figures, thousands
from app.core.text.lint.pieces import PROSE, Setting


def fixes(rule, text, setting=PROSE):
    return [(text[h.start:h.end], h.fix) for h in rule(text, setting)]


@pytest.mark.parametrize(("text", "expected"), [
    ("We visited 3 countries.", [("3", "three")]),
    ("5 States signed the Convention.", [("5", "Five")]),
    ("In 3 countries the law changed.", [("3", "three")]),
    ("for 2 years", [("2", "two")]),
])
def test_small_figures_hits(text, expected):
    assert fixes(small_figures, text) == expected


@pytest.mark.parametrize("text", [
    "article 3 of the Convention", "General Comments No. 2 on", "round table session 3.1",
    "from 5 to 12 cases", "between 4 and 11 per year", "3 in 10 migrants", "5 km inland",
    "3.5 million people", "in 2013", "children aged 5", "a 5-year-old girl", "(3) the",
    "1. The Office", "Goal 5 of the Agenda", "SDG 8", "on 5 July", "July 5", "5% of them",
    "US$ 5", "A/C.3/67/L.40/Rev.1", "post-2015", "at 3 p.m.", "page 7", "para. 4",
    "5 per cent", "67th", "1st",
])
def test_small_figures_non_hits(text):
    assert small_figures(text) == []


def test_small_figures_skip_tables_fields_superscripts_and_other_languages():
    assert small_figures("3 countries", Setting(table=True)) == []
    assert small_figures("3 countries", Setting(part="field")) == []
    assert small_figures("text 3 countries", Setting(sup=((5, 6),))) == []
    assert small_figures("dans 3 pays", Setting(language="fr")) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("consultations in eleven countries", [("eleven", "11")]),
    ("some twenty-five States", [("twenty-five", "25")]),
    ("ten per cent", [("ten", "10")]),
])
def test_big_words_hits(text, expected):
    assert fixes(big_words, text) == expected


@pytest.mark.parametrize("text", [
    "Eleven States voted.", "the twenty-first century", "the Group of Twenty",
    "the sixty-eighth session", "nine countries", "a ten-year plan", "tens of thousands",
])
def test_big_words_non_hits(text):
    assert big_words(text) == []


def test_per_cent():
    assert fixes(per_cent, "rose by 5% and 7 %") == [("%", " per cent"), (" %", " per cent")]
    assert fixes(per_cent, "15 percent") == [("percent", "per cent")]
    assert per_cent("15 per cent and a percentage") == []
    assert per_cent("15%", Setting(table=True)) == []


def test_decimal_zero():
    assert fixes(decimal_zero, "a ratio of .85 overall") == [(".", "0.")]
    assert decimal_zero("a ratio of 0.85, session 3.1, A/C.3/67 and WG.6") == []


def test_thousands():
    assert fixes(thousands, "12000 people") == [("12000", "12,000")]
    assert thousands("12,000 people in 2013, job 13-40848 (E), No. 12345") == []
