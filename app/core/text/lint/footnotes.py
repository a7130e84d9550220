"""Footnote calls: after punctuation in English, before it in French, Spanish and Russian."""

from __future__ import annotations

import html
import re

from app.core.text.lint.finding import Hit

NOTE_OPEN = '<span class="footnote">'
_SPAN = re.compile(r"<span\b[^>]*>|</span>")
_TAG = re.compile(r"<[^>]*>")
# The same marks as the renderer's (app/core/render/notecalls.py), which moves calls itself.
_AFTER = {"en": re.compile("[.,;:!?\"'\u2019\u201d]+")}
_BEFORE = {code: re.compile(r"[.,;:]+$") for code in ("fr", "es", "ru")}


def note_groups(body: str) -> list[tuple[int, int]]:
    """Return the (start, end) of each run of adjacent footnote spans in a raw body."""
    groups: list[tuple[int, int]] = []
    position = body.find(NOTE_OPEN)
    while position >= 0:
        end = _span_end(body, position)
        if groups and groups[-1][1] == position:
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((position, end))
        position = body.find(NOTE_OPEN, end)
    return groups


def _span_end(body: str, start: int) -> int:
    """Return the offset just after the span that opens at start."""
    depth = 0
    for match in _SPAN.finditer(body, start):
        depth += -1 if match.group(0) == "</span>" else 1
        if depth == 0:
            return match.end()
    return len(body)


def footnote_calls(body: str, language: str = "en") -> list[Hit]:
    """Find footnote calls on the wrong side of punctuation (offsets into the raw body)."""
    primary = language.split("-")[0].lower()
    hits = []
    for start, end in note_groups(body):
        notes = body[start:end]
        if primary in _AFTER:
            match = _AFTER[primary].match(body, end)
            if match:
                punct = match.group(0)
                fix = None if body[:start].endswith(tuple(punct[0])) else punct + notes
                hits.append(Hit(start, match.end(), "in English the footnote call goes after "
                                f"the punctuation: “{punct}” first", fix))
        elif primary in _BEFORE:
            found = _BEFORE[primary].search(body[:start])
            if found and not body[:start].endswith("etc."):
                punct = found.group(0)
                hits.append(Hit(found.start(), end, "the footnote call goes before the "
                                f"punctuation in this language: “{punct}” after it",
                                notes + punct))
    return hits


def shown(body: str, start: int, end: int) -> str:
    """Return a readable excerpt of a raw stretch: the text before it and [note] for notes."""
    before = _readable(body[:start])[-30:]
    return (before + _readable(body[start:end])).strip()


def _readable(fragment: str) -> str:
    """Return a fragment's text with each footnote shown as [note]."""
    out, position = [], 0
    for start, end in note_groups(fragment):
        out += [fragment[position:start], "[note]" * body_notes(fragment[start:end])]
        position = end
    out.append(fragment[position:])
    return html.unescape(_TAG.sub("", "".join(out)))


def body_notes(group: str) -> int:
    """Return how many footnotes a group of adjacent footnote spans holds."""
    return max(1, group.count(NOTE_OPEN))
