"""Dates ("25 July 2013", en dash ranges in headers) and sessions ("sixty-seventh session")."""

from __future__ import annotations

import re

from app.core.text.lint.finding import Hit
from app.core.text.lint.numbers import MONTHS, TENS
from app.core.text.lint.pieces import PROSE, Setting, sentence_start

_M = "|".join(MONTHS)
_ORD = r"(?:st|nd|rd|th)"
_MONTH_FIRST = re.compile(rf"\b({_M})\s+([0-3]?\d){_ORD}?\b(?:,?\s+((?:1[89]|20)\d\d)\b)?")
_ORDINAL_DAY = re.compile(rf"\b([0-3]?\d){_ORD}\s+(?:of\s+)?({_M})\b(?:,?\s+((?:1[89]|20)\d\d)\b)?")
_COMMA_YEAR = re.compile(rf"\b([0-3]?\d)\s+({_M}),\s+((?:1[89]|20)\d\d)\b")
_DAY_RANGE = re.compile(r"(?<![\w/\-–])([0-3]?\d)\s*[-‐‑—]\s*([0-3]?\d)(?=\s+[^\W\d_])")
_YEAR_RANGE = re.compile(r"(?<![\w/\-–])((?:19|20)\d\d)\s*[-‐‑—]\s*((?:19|20)\d\d)(?![\w/])")
_SESSION = re.compile(r"(?<![\w/.])(\d{1,3})(?:st|nd|rd|th)"
                      r"(?=\s+(?:regular\s+|special\s+|emergency\s+special\s+|resumed\s+)?session)")
ORDINALS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
            "ninth")
TEEN_ORDINALS = ("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
                 "sixteenth", "seventeenth", "eighteenth", "nineteenth")


def date_format(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find English dates not written "25 July 2013" (no ordinal, no comma, day first)."""
    if not setting.english:
        return []
    hits: list[Hit] = []
    for pattern in (_MONTH_FIRST, _ORDINAL_DAY, _COMMA_YEAR):
        for match in pattern.finditer(text):
            day, month, year = _parts(match, pattern)
            if not 1 <= int(day) <= 31 or any(h.start < match.end() and match.start() < h.end
                                              for h in hits):
                continue
            fixed = f"{int(day)} {month}" + (f" {year}" if year else "")
            if fixed != match.group(0):
                hits.append(Hit(match.start(), match.end(),
                                f"dates are written day month year: {fixed}", fixed))
    return sorted(hits, key=lambda h: h.start)


def _parts(match: re.Match[str], pattern: re.Pattern[str]) -> tuple[str, str, str | None]:
    """Return the day, month and year of a date match."""
    if pattern is _MONTH_FIRST:
        return match.group(2), match.group(1), match.group(3)
    return match.group(1), match.group(2), match.group(3)


def date_range(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find day and year ranges with a hyphen in titles, headings and header fields."""
    if not setting.header:
        return []
    hits = []
    for pattern in (_DAY_RANGE, _YEAR_RANGE):
        for match in pattern.finditer(text):
            first, second = match.group(1), match.group(2)
            if pattern is _DAY_RANGE and not (1 <= int(first) < int(second) <= 31):
                continue
            fixed = f"{first}–{second}"
            hits.append(Hit(match.start(), match.end(),
                            f"ranges in headers take an en dash: {fixed}", fixed))
    return sorted(hits, key=lambda h: h.start)


def sessions(text: str, setting: Setting = PROSE) -> list[Hit]:
    """In report mode, find sessions in figures ("67th session"): spelled out."""
    if not (setting.report and setting.english):
        return []
    hits = []
    for match in _SESSION.finditer(text):
        words = ordinal_words(int(match.group(1)))
        if words and sentence_start(text, match.start()):
            words = words.capitalize()
        message = f"sessions are spelled out: {words}" if words else \
            "sessions are spelled out"
        hits.append(Hit(match.start(), match.end(), message, words))
    return hits


def ordinal_words(number: int) -> str | None:
    """Return the English ordinal in words for 1-99 ("sixty-seventh"), else None."""
    if not 1 <= number <= 99:
        return None
    if number < 10:
        return ORDINALS[number]
    if number < 20:
        return TEEN_ORDINALS[number - 10]
    tens, unit = divmod(number, 10)
    if unit == 0:
        return TENS[tens][:-1] + "ieth"
    return f"{TENS[tens]}-{ORDINALS[unit]}"
