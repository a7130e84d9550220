"""The job number line at the foot of page 1 of a UN document: "13-40848 (E)    200813".

The job number with its language letter, then the processing date as DDMMYY. A job
number typed with its date (Geneva documents may carry two) keeps what was typed;
otherwise the date is the document's own, and a date that names no single day (a
range, a translated date) gives none.
"""

from __future__ import annotations

import re

from app.core.render.terms import parse_date

_TYPED_DATES = re.compile(r"(?:\s+\d{6})+$")


def job_line(job_number: str, date: str = "") -> list[str]:
    """Return the parts of page 1's job number line: the job number, then its DDMMYY dates."""
    text = " ".join(str(job_number).split())
    if not text:
        return []
    typed = _TYPED_DATES.search(text)
    if typed:
        return [text[:typed.start()], *typed.group().split()]
    return [text, day] if (day := processing_date(date)) else [text]


def processing_date(date: str) -> str:
    """Return a document date as DDMMYY ("25 July 2013" -> "250713"), or "" when unusable."""
    day = parse_date(str(date))
    return day.strftime("%d%m%y") if day else ""
