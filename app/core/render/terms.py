"""The fixed words of UN document templates, one table per language.

Templates print "United Nations", "Distr.:", "Original:", "Summary", the subtitle
choices and month names from here rather than spelling them in their HTML, so that
adding a language is adding a table. English is complete; any word a language's
table lacks (and any language without a table) falls back to English.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from types import MappingProxyType

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

_ENGLISH: dict[str, str] = {
    "united_nations": "United Nations",
    "distr": "Distr.:",
    "original": "Original:",
    "summary": "Summary",
    "advance_unedited": "Advance unedited version",
    # Organs (the value stored in the `organ` field is the English name).
    "General Assembly": "General Assembly",
    "Economic and Social Council": "Economic and Social Council",
    "Security Council": "Security Council",
    "Human Rights Council": "Human Rights Council",
    # Distribution.
    "General": "General",
    "Limited": "Limited",
    "Restricted": "Restricted",
    # Subtitles.
    "Report of the Secretary-General": "Report of the Secretary-General",
    "Note by the Secretary-General": "Note by the Secretary-General",
    "Note by the Secretariat": "Note by the Secretariat",
    # Languages, for "Original: English" (the field stores the English name).
    "English": "English",
    "French": "French",
    "Spanish": "Spanish",
    "Russian": "Russian",
    "Arabic": "Arabic",
    "Chinese": "Chinese",
    # Dates: "{day}", "{month}" and "{year}" fill the pattern.
    "date_pattern": "{day} {month} {year}",
    **{f"month_{number}": name for number, name in enumerate(ENGLISH_MONTHS, start=1)},
}

# Other languages add their tables here (see the masthead table in the UN format
# reference); words left out fall back to English.
_TABLES: dict[str, dict[str, str]] = {
    "en": _ENGLISH,
}

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ENGLISH_DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$")


def terms_for(language: str) -> Mapping[str, str]:
    """Return the fixed words for a language tag ("fr-CH" uses "fr"), English filling gaps."""
    base = (language or "en").split("-")[0].lower()
    return MappingProxyType({**_ENGLISH, **_TABLES.get(base, {})})


def term(language: str, key: str) -> str:
    """Return one fixed word in a language; an unknown key is returned as it is."""
    return terms_for(language).get(key, key)


def format_date(value: str, language: str) -> str:
    """Return a date written the UN way in a language ("25 July 2013": no comma, no ordinal).

    Accepts an ISO date (2013-07-25) or an English one (25 July 2013); anything else
    (a range such as "4–15 November 2019", a date already translated) is returned as it is.
    """
    text = (value or "").strip()
    date = parse_date(text)
    if date is None:
        return text
    words = terms_for(language)
    return words["date_pattern"].format(
        day=date.day, month=words[f"month_{date.month}"], year=date.year)


def parse_date(value: str) -> datetime.date | None:
    """Return the date an ISO or English date string names, or None."""
    text = (value or "").strip()
    try:
        if match := _ISO_DATE.match(text):
            return datetime.date(*(int(part) for part in match.groups()))
        if (match := _ENGLISH_DATE.match(text)) and match.group(2) in ENGLISH_MONTHS:
            month = ENGLISH_MONTHS.index(match.group(2)) + 1
            return datetime.date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None
    return None
