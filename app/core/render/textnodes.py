"""Rewrite the text of a page's body, never a tag, an attribute or raw text.

The render-time transforms (nobreak.py, typography.py) change words, not markup:
map_body_text() hands them each text node of the page's <body> (HTML-escaped text,
no tags), outside <style>, <script>, <title> and <textarea>, with the tag before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_TOKEN = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_RAW_TEXT = frozenset({"style", "script", "title", "textarea"})
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")

TextFunction = Callable[[str, str], str]  # (text, the tag before it) -> new text


def map_body_text(html: str, function: TextFunction) -> str:
    """Return html with function applied to every text node of its body.

    A whole page is processed from its <body> tag on; a fragment without one, whole.
    """
    body = _BODY.search(html)
    start = body.end() if body else 0
    return html[:start] + _map_text(html[start:], function)


def _map_text(html: str, function: TextFunction) -> str:
    """Apply function to the text between tags, outside raw-text elements."""
    out: list[str] = []
    raw: str | None = None
    position = 0
    previous = ""
    for token in _TOKEN.finditer(html):
        text = html[position:token.start()]
        out.append(text if raw or not text else function(text, previous))
        tag = token.group()
        out.append(tag)
        raw = _raw_state(tag, raw)
        previous = tag
        position = token.end()
    tail = html[position:]
    out.append(tail if raw or not tail else function(tail, previous))
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
