"""Accessibility checks for the tagged PDF: language, heading levels, empty headings, tables.

The levels are those the PDF's tag tree gets: the title is H1, a section at depth d is
H(d + 2) (at most H6, as render/html.py writes it), a body's own headings keep their
level (h3-h5). A level may go up any amount but down only one at a time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

from app.core.document.model import Section
from app.core.text.lint.context import Context
from app.core.text.lint.finding import Finding, Where
from app.core.text.lint.footnotes import shown

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$")
_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
_TABLE = re.compile(r"<table\b[^>]*>(.*?)</table\s*>", re.S | re.I)
_NOTE = re.compile(r'<span\b[^>]*class="[^"]*\bfootnote\b[^"]*"[^>]*>.*?</span>', re.S)
_TAG = re.compile(r"<[^>]*>")
_CELL = re.compile(r"<td\b[^>]*>(.*?)</td\s*>", re.S | re.I)


def missing_language(context: Context) -> list[Finding]:
    """A finding when the document has no valid language (the PDF's /Lang)."""
    doc = context.document
    if _LANGUAGE.match(doc.language or ""):
        return []
    return [Finding("language", doc.id, None, "", doc.language or "(none)",
                    "the document has no valid language: screen readers cannot read it "
                    "aloud correctly (choose one in the document's properties)",
                    None, doc.language or "", Where(0, 0, len(doc.language or "")))]


def heading_levels(context: Context) -> list[Finding]:
    """Findings for headings that skip a level, going down, in reading order."""
    doc, out, previous = context.document, [], 1
    for section, depth in _walk(doc.sections, 0):
        if section.heading.strip():  # render/html.py drops a blank heading
            level = min(depth + 2, 6)
            if level > previous + 1:
                out.append(Finding(
                    "heading-level", doc.id, section.id, "heading", section.heading,
                    _skipped(level, previous), None, section.heading,
                    Where(0, 0, len(section.heading))))
            previous = level
        for match in _HEADING.finditer(section.body):
            level = int(match.group(1))
            if level > previous + 1:
                out.append(_raw("heading-level", context, section, match.start(), match.end(),
                                _skipped(level, previous)))
            previous = level
    return out


def empty_headings(context: Context) -> list[Finding]:
    """Findings for headings with no text (a footnote call alone is no text)."""
    doc, out = context.document, []
    for section in doc.all_sections():
        if section.heading and not section.heading.strip():
            out.append(Finding("empty-heading", doc.id, section.id, "heading", "(blank)",
                               "the section's heading is blank: the PDF shows none (write it or "
                               "clear it)",
                               None, section.heading, Where(0, 0, len(section.heading))))
        for match in _HEADING.finditer(section.body):
            if not _text(match.group(2)):
                out.append(_raw("empty-heading", context, section, match.start(), match.end(),
                                "a heading without text: screen readers announce an empty "
                                "heading (remove it or write it)"))
    return out


def table_headers(context: Context) -> list[Finding]:
    """Findings for tables without header cells (th): their cells are read without headers."""
    out = []
    for section in context.document.all_sections():
        for match in _TABLE.finditer(section.body):
            if not re.search(r"<th\b", match.group(1), re.I):
                out.append(_raw("table-header", context, section, match.start(), match.end(),
                                "a table without a header row: make its first row header "
                                "cells so each cell is read with its column's name"))
    return out


def _walk(sections: list[Section], depth: int) -> Iterator[tuple[Section, int]]:
    """Yield each section with its depth, in reading order."""
    for section in sections:
        yield section, depth
        yield from _walk(section.children, depth + 1)


def _skipped(level: int, previous: int) -> str:
    """Return the message for a heading at level after one at previous."""
    return (f"a level-{level} heading right after a level-{previous} one: the PDF's headings "
            f"skip level {previous + 1} (screen readers navigate by level)")


def _raw(rule: str, context: Context, section: Section, start: int, end: int, message: str
         ) -> Finding:
    """Return a finding on a stretch of a section's raw body HTML."""
    body = section.body
    excerpt = shown(body, start, end) or _first_cell(body[start:end]) or "(empty)"
    return Finding(rule, context.document.id, section.id, "body", excerpt[:80], message, None,
                   body[start:end], Where(0, start, end, raw=True))


def _text(fragment: str) -> str:
    """Return a fragment's text without its footnotes and tags."""
    return html.unescape(_TAG.sub("", _NOTE.sub("", fragment))).strip()


def _first_cell(table: str) -> str:
    """Return the text of a table's first data cell."""
    cell = _CELL.search(table)
    return _text(cell.group(1)) if cell else ""
