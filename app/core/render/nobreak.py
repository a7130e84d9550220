"""Keep UN document symbols and day ranges on one line in every template.

Pango may break "A/C.3/67/L.40/Rev.1" after a slash or a full stop, and
"21-22 February" at its hyphen. keep_together() wraps each symbol and each range
in <span class="nobr"> (white-space: nowrap in templates/_shared/base.css), in
the text of the page's <body> only: never inside a tag, an attribute, or the text
of <style>, <script> or <title>. The spans hold text only, so counts of footnotes
and paragraphs, and the extracted text of the PDF, are unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NOBR_OPEN = '<span class="nobr">'
NOBR_CLOSE = "</span>"

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
)
_SPACE = "[ \u00a0]"
_DASH = "[-\u2010\u2011\u2013]"

# The generic symbol of the editorial reference, without anchors, with at least one
# /-separated part; it must not sit inside a word, a path or a URL. A resolution of
# the Security Council keeps its year: "S/RES/2250 (2015)".
_SYMBOL = (
    r"(?<![\w/.:@\-])"
    r"[A-Z]{1,6}(?:/(?:[A-Z][A-Za-z]*(?:\.\d+)?|\d{1,4}))+"
    r"(?:/(?:Rev|Add|Corr|Amend)\.\d+)*(?:/Summary)?\*?"
    r"(?P<year>" + _SPACE + r"\(\d{4}\))?"
    r"(?![\w/])"
)
# "21-22 February", "21–22 February 2026", "30 June–2 July 2026".
_RANGE = (
    r"(?<![\w/.])"
    r"\d{1,2}(?:" + _SPACE + f"(?:{_MONTHS}))?" + _SPACE + "?" + _DASH + _SPACE + "?"
    r"\d{1,2}" + _SPACE + f"+(?:{_MONTHS})" + r"(?:" + _SPACE + r"+\d{4})?"
    r"(?![\w/])"
)
_KEEP = re.compile(f"(?P<symbol>{_SYMBOL})|(?P<range>{_RANGE})")
_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_RAW_TEXT = frozenset({"style", "script", "title", "textarea"})
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")


def keep_together(html: str) -> str:
    """Return html with symbols and day ranges in its body text wrapped in nobr spans.

    A whole page is processed from its <body> tag on; a fragment without one, whole.
    """
    return text_nodes(html, wrap, skip_after=NOBR_OPEN)


def text_nodes(html: str, change: Callable[[str], str], skip_after: str | None = None
               ) -> str:
    """Return html with change applied to each text node of its body (or of the fragment).

    Text inside raw-text elements (style, script…) and right after the tag skip_after
    is left alone.
    """
    body = _BODY.search(html)
    start = body.end() if body else 0
    out: list[str] = [html[:start]]
    raw: str | None = None
    position = start
    previous = ""
    for token in _TOKEN.finditer(html, start):
        text = html[position:token.start()]
        out.append(text if raw or previous == skip_after else change(text))
        tag = token.group()
        out.append(tag)
        raw = _raw_state(tag, raw)
        previous = tag
        position = token.end()
    tail = html[position:]
    out.append(tail if raw or previous == skip_after else change(tail))
    return "".join(out)


def _raw_state(tag: str, raw: str | None) -> str | None:
    """Return the raw-text element we are in after tag (None when in ordinary text)."""
    match = _TAG_NAME.match(tag)
    if match is None:
        return raw
    name = match.group(1).lower()
    if raw is not None:
        return None if tag.startswith("</") and name == raw else raw
    if name in _RAW_TEXT and not tag.startswith("</") and not tag.rstrip(">").endswith("/"):
        return name
    return None


def wrap(text: str) -> str:
    """Return one text node (HTML-escaped text, no tags) with its matches wrapped."""
    if "/" not in text and not any(month in text for month in _MONTHS.split("|")):
        return text
    return _KEEP.sub(_span, text)


def _span(match: re.Match[str]) -> str:
    """Return a match wrapped in a nobr span; a symbol without a digit stays as it is."""
    found, after = match.group(), ""
    if match.group("symbol") is not None:
        if not any(char.isdigit() for char in found):
            return found
        year = match.group("year") or ""
        if year and "/RES/" not in found:
            found, after = found[: -len(year)], year
    return f"{NOBR_OPEN}{found}{NOBR_CLOSE}{after}"
