"""Numbers: under 10 in words, figures from 10, "per cent", 0 before a decimal point, commas."""

from __future__ import annotations

import re

from app.core.text.lint.finding import Hit
from app.core.text.lint.pieces import PROSE, Setting, sentence_start

WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

# a word before a figure that makes it a label or reference, not a count
LABELS = frozenset({
    "article", "articles", "art.", "arts.", "paragraph", "paragraphs", "para.", "paras.",
    "chapter", "chapters", "chap.", "section", "sections", "sect.", "annex", "annexes", "appendix",
    "table", "tables", "figure", "figures", "fig.", "box", "no.", "nos.", "number", "item",
    "items", "rule", "rules", "page", "pages", "p.", "pp.", "principle", "principles", "goal",
    "goals", "target", "targets", "indicator", "indicators", "recommendation", "recommendations",
    "step", "phase", "level", "levels", "round", "option", "class", "grade", "category",
    "resolution", "decision", "session", "volume", "vol.", "part", "protocol", "tier", "cluster",
    "objective", "outcome", "output", "module", "stage", "priority", "pillar", "line", "footnote",
    "note", "notes", "component", "report", "version", "room", "group", "region", "zone",
    "district", "scenario", "case", "cases",
})
# a word after a figure that makes it a measurement, money, a proportion or an age
UNITS = frozenset({
    "km", "km2", "m", "m2", "m3", "cm", "mm", "kg", "g", "mg", "t", "ha", "l", "ml", "kwh", "kw",
    "mw", "gw", "tw", "°c", "°f", "%", "mph", "kph", "metres", "meters", "kilometres",
    "kilometers", "kilograms", "grams", "tonnes", "tons", "litres", "liters", "hectares",
    "degrees", "miles", "inches", "feet", "million", "billion", "trillion", "bn", "a.m.", "p.m.",
    "h", "usd", "eur", "chf", "gbp", "dollars", "euros", "francs", "pounds", "per", "percent",
})
AGE_BEFORE = frozenset({"aged", "age", "ages", "under-", "over-"})
MONEY_BEFORE = ("$", "€", "£", "¥", "US$", "USD", "EUR", "CHF", "GBP")

_DIGIT = re.compile(r"(?<![\w.,/:\-–$€£¥#+'’])([1-9])(?![\w%°/]|[.,:]\d|[\-–]\d)")
_BIG_WORD = re.compile(
    rf"\b({'|'.join(TEENS)}|(?:{'|'.join(TENS[2:])})(?:-(?:{'|'.join(WORDS[1:])}))?)\b"
    r"(?![-‐]\w)"
)
_PERCENT = re.compile(r"(?<=\d)\s?%|\bpercent\b")
_DECIMAL = re.compile(r"(?<![\w.,])\.(?=\d)")
_THOUSANDS = re.compile(r"(?<![\w.,/\-–#])\d{5,}(?![\w/\-–]|[.,]\d)")
_RANGE_BEFORE = re.compile(r"\d[\d,.]*\s*(?:to|and|or|of|in|out of|,|[-–])\s*(?:the\s+)?$")
_RANGE_AFTER = re.compile(r"^\s*(?:to|and|or|of|in|out of|,|[-–])\s*(?:the\s+)?\d")
_WORD_BEFORE = re.compile(r"(\S+)\s*$")
_WORD_AFTER = re.compile(r"^\s*(\S+)")


def small_figures(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find figures under 10 in running English text that should be words ("3 States")."""
    if not setting.english or setting.table or setting.part == "field":
        return []
    hits = []
    for match in _DIGIT.finditer(text):
        start, end = match.span()
        if setting.in_sup(start) or _exempt(text, start, end):
            continue
        word = WORDS[int(match.group(1))]
        if sentence_start(text, start):
            word = word.capitalize()
        hits.append(Hit(start, end, f"numbers under 10 are written in words: {word}", word))
    return hits


def _exempt(text: str, start: int, end: int) -> bool:
    """Return whether the figure at start is a label, date, measurement, range or number."""
    before, after = text[:start], text[end:]
    previous = _WORD_BEFORE.search(before)
    following = _WORD_AFTER.search(after)
    prev_word = previous.group(1) if previous else ""
    next_word = following.group(1).rstrip(".,;:)") if following else ""
    if before.rstrip().endswith(("(", "[")) or before.endswith(MONEY_BEFORE):
        return True
    if not before.strip() and after[:1] in (".", ")"):
        return True  # a paragraph or item number
    if prev_word.lower() in LABELS or prev_word.lower() in AGE_BEFORE or prev_word in MONEY_BEFORE:
        return True
    if prev_word.strip("(") in MONTHS or next_word in MONTHS:
        return True  # a date
    if _named(prev_word, text, previous.start(1) if previous else 0):
        return True  # "Goal 5", "SDG 8", "Article 3": part of a name
    lowered = after.lower().lstrip()
    raw_next = following.group(1).lower() if following else ""
    ages = ("years old", "years of age", "-year-old", "year-old")
    if next_word.lower() in UNITS or raw_next in UNITS or lowered.startswith(ages):
        return True
    return bool(_RANGE_BEFORE.search(before) or _RANGE_AFTER.search(after))


def _named(word: str, text: str, position: int) -> bool:
    """Return whether word is capitalised mid-sentence (or an acronym): the figure labels it."""
    core = word.strip("(“\"'")
    if len(core) < 2 or not core[0].isupper():
        return False
    return core.isupper() or not sentence_start(text, position)


def big_words(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find numbers from 10 written in words in running English text ("eleven countries")."""
    if not setting.english or setting.table or setting.part == "field":
        return []
    hits = []
    for match in _BIG_WORD.finditer(text):
        figure = str(_value(match.group(1)))
        hits.append(Hit(match.start(), match.end(),
                        f"numbers from 10 are written in figures: {figure}", figure))
    return hits


def _value(words: str) -> int:
    """Return the value of a cardinal from ten to ninety-nine."""
    if words in TEENS:
        return 10 + TEENS.index(words)
    tens, _, unit = words.partition("-")
    return TENS.index(tens) * 10 + (WORDS.index(unit) if unit else 0)


def per_cent(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find "%" and "percent" in running English text: "per cent" (tables keep %)."""
    if not setting.english or setting.table or setting.part == "field":
        return []
    return [Hit(m.start(), m.end(), 'write "per cent" in text', " per cent"
                if m.group(0).endswith("%") else "per cent") for m in _PERCENT.finditer(text)]


def decimal_zero(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find decimals without a 0 before the point (".85")."""
    if not setting.english:
        return []
    return [Hit(m.start(), m.end(), "a decimal takes a 0 before the point", "0.")
            for m in _DECIMAL.finditer(text)]


def thousands(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find figures of five digits or more without commas for thousands ("12000")."""
    if not setting.english or setting.part == "field":
        return []
    hits = []
    for match in _THOUSANDS.finditer(text):
        previous = _WORD_BEFORE.search(text[:match.start()])
        if previous and previous.group(1).lower() in LABELS or setting.in_sup(match.start()):
            continue
        figure = f"{int(match.group(0)):,}"
        hits.append(Hit(match.start(), match.end(), f"commas for thousands: {figure}", figure))
    return hits
