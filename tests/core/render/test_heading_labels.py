"""Heading labels in each language's UN form, measured in the PDF: Arabic chapters
"أولا -", sections "ألف -", subdivisions (أ) (ب) hanging in the right-hand indent;
Chinese chapters "一."; Russian a) b) with the Roman and Latin chapter and section labels."""

from __future__ import annotations

import io
import re
from functools import cache
from typing import Any

import pdfplumber
import pytest

from app.core.render.html import render_html
from app.core.render.pdf import render_pdf
from tests.core.render.language_samples import TEXT, sample

NUMBERED = ("sg-report", "agency-input")
COLUMN_RIGHT = 612 - 60 - 63  # Letter width - page margin - body column indent
MIRROR = str.maketrans("()", ")(")  # a PDF may hold a mirrored parenthesis as its mirror


@cache
def _pdf(template: str, language: str) -> bytes:
    """Return the PDF of a language sample (rendered once per session)."""
    return render_pdf(render_html(sample(template, language))).pdf


def _chars(template: str, language: str) -> list[dict[str, Any]]:
    """Return every character of every page, with its page number."""
    with pdfplumber.open(io.BytesIO(_pdf(template, language))) as document:
        return [{**char, "page": n} for n, page in enumerate(document.pages)
                for char in page.chars]


def _lines(template: str, language: str) -> list[str]:
    """Return every line of text, spaces squeezed."""
    with pdfplumber.open(io.BytesIO(_pdf(template, language))) as document:
        return [re.sub(r"\s+", " ", line["text"]).strip() for page in document.pages
                for line in page.extract_text_lines()]


def _logical(chars: list[dict[str, Any]]) -> str:
    """Return right-to-left characters in reading order, without spaces."""
    return "".join(c["text"] for c in sorted(chars, key=lambda c: c["x0"])).replace(" ", "")[::-1]


def _arabic_heading(template: str, heading: str) -> tuple[str, str]:
    """Return the label hanging in the right-hand indent of a heading, and its text."""
    chars = _chars(template, "ar")
    for char in chars:
        if char["size"] < 9.5 or "Bold" not in char["fontname"]:
            continue
        row = [c for c in chars if c["page"] == char["page"]
               and abs(c["bottom"] - char["bottom"]) < 6 and c["x0"] > 300]
        text = _logical([c for c in row if c["x1"] <= COLUMN_RIGHT + 1])
        if text == heading.replace(" ", ""):
            return _logical([c for c in row if c["x0"] >= COLUMN_RIGHT - 1]), text
    raise AssertionError(f"no heading {heading}")


@pytest.mark.parametrize("template", NUMBERED)
def test_arabic_headings_are_labelled_the_uns_way(template: str) -> None:
    heads = TEXT["ar"]["headings"]
    labels = ("أولا-", "ثانيا-", "ألف-", "1-", "(أ)", "(ب)", "باء-")
    for label, heading in zip(labels, heads, strict=True):
        # The label sits in the indent, right of the column the heading text ends on.
        assert _arabic_heading(template, heading)[0] in (label, label.translate(MIRROR)), heading


@pytest.mark.parametrize("template", NUMBERED)
def test_arabic_documents_print_no_roman_or_latin_labels(template: str) -> None:
    found = "".join(c["text"] for c in _chars(template, "ar"))
    assert not re.search(r"\bI\.|\bII\.|\(a\)|\bA\.", found)


@pytest.mark.parametrize("template", NUMBERED)
def test_chinese_chapters_take_chinese_numerals(template: str) -> None:
    found = [line.replace(" ", "") for line in _lines(template, "zh")]
    heads = TEXT["zh"]["headings"]
    assert f"一.{heads[0]}" in found
    assert f"二.{heads[1]}" in found
    assert f"A.{heads[2]}" in found
    assert f"(a){heads[4]}" in found
    assert not any(line.startswith("I.") for line in found)


@pytest.mark.parametrize("template", NUMBERED)
def test_russian_labels(template: str) -> None:
    found = _lines(template, "ru")
    heads = TEXT["ru"]["headings"]
    for label in (f"I. {heads[0]}", f"II. {heads[1]}", f"A. {heads[2]}", f"1. {heads[3]}",
                  f"a) {heads[4]}", f"b) {heads[5]}"):
        assert label in found, label
    assert not any(line.startswith("(a)") for line in found)
