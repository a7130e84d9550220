"""Dates, header ranges and sessions."""

from __future__ import annotations

import pytest

from app.core.text.lint.dates import date_format, date_range, ordinal_words, sessions
from app.core.text.lint.pieces import PROSE, Setting

HEADER = Setting(part="field")
REPORT = Setting(report=True)


def fixes(rule, text, setting=PROSE):
    return [(text[h.start:h.end], h.fix) for h in rule(text, setting)]


@pytest.mark.parametrize(("text", "fixed"), [
    ("on July 25, 2013 the", "25 July 2013"), ("on July 25 2013", "25 July 2013"),
    ("on 25th July 2013", "25 July 2013"), ("the 25th of July", "25 July"),
    ("on 25 July, 2013", "25 July 2013"), ("by March 3rd", "3 March"),
])
def test_date_format_hits(text, fixed):
    assert [fix for _text, fix in fixes(date_format, text)] == [fixed]


@pytest.mark.parametrize("text", [
    "On 18 December 2012, the", "in February 2012 decision", "in May 2012, the",
    "25 July 2013", "in the 1990s", "le 25 juillet 2013",
])
def test_date_format_non_hits(text):
    assert date_format(text) == []


def test_date_ranges_in_headers_take_an_en_dash():
    assert fixes(date_range, "21-22 February 2013", HEADER) == [("21-22", "21–22")]
    assert fixes(date_range, "Programme 2012-2013", Setting(part="heading")) == [
        ("2012-2013", "2012–2013")]
    assert date_range("21–22 February 2013", HEADER) == []
    assert date_range("13-40848 (E)", HEADER) == []
    assert date_range("UN/POP/MIG-11CM/2013/3", HEADER) == []
    assert date_range("from 21-22 February 2013", Setting()) == []  # running text: not a header


def test_sessions_in_report_mode():
    assert fixes(sessions, "At its 67th session the", REPORT) == [("67th", "sixty-seventh")]
    assert fixes(sessions, "68th session", REPORT) == [("68th", "Sixty-eighth")]
    assert fixes(sessions, "the 21st special session", REPORT) == [("21st", "twenty-first")]
    assert sessions("At its 67th session", Setting()) == []  # a contribution keeps it
    assert sessions("the sixty-seventh session", REPORT) == []
    assert sessions("the 67th meeting", REPORT) == []


def test_ordinal_words():
    assert [ordinal_words(n) for n in (1, 12, 20, 67, 80, 99, 100)] == [
        "first", "twelfth", "twentieth", "sixty-seventh", "eightieth", "ninety-ninth", None]
