"""The text of a body as runs that formatting does not interrupt, and replacing in them.

A run is the text between block boundaries (paragraphs, list items, cells, line breaks)
and footnote edges; bold, italic, links and language spans do not break it, so a word
split by formatting is still one word. Tags are never touched.
"""

from __future__ import annotations

import html
import re

_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"<(/?)([A-Za-z0-9]+)")
_INLINE = frozenset({"strong", "b", "em", "i", "u", "sup", "sub", "a"})


def _runs(parts: list[str]) -> list[list[int]]:
    """Return the indexes of the non-empty text parts of each run, in order."""
    runs: list[list[int]] = [[]]
    spans: list[bool] = []  # open spans: True for a footnote
    for index, part in enumerate(parts):
        if index % 2 == 0:
            if part:
                runs[-1].append(index)
            continue
        match = _NAME.match(part)
        closing, name = (match.group(1), match.group(2).lower()) if match else ("", "")
        if name == "span":
            footnote = spans.pop() if closing and spans else 'class="footnote"' in part
            if not closing:
                spans.append(footnote)
            inline = not footnote
        else:
            inline = name in _INLINE
        if not inline and runs[-1]:
            runs.append([])
    return [run for run in runs if run]


def texts(body: str) -> list[str]:
    """Return the plain text of each run of a body."""
    parts = _TAG.split(body)
    return ["".join(html.unescape(parts[i]) for i in run) for run in _runs(parts)]


def count(body: str, pattern: re.Pattern[str]) -> int:
    """Return how often pattern matches the text of a body."""
    return sum(len(pattern.findall(text)) for text in texts(body))


def replace(body: str, pattern: re.Pattern[str], replacement: str) -> tuple[str, int]:
    """Replace pattern in the text of a body (tags untouched); return it and the count."""
    parts = _TAG.split(body)
    total = 0
    for run in _runs(parts):
        plain = [html.unescape(parts[i]) for i in run]
        joined = "".join(plain)
        matches = [(m.start(), m.end()) for m in pattern.finditer(joined)]
        if not matches:
            continue
        total += len(matches)
        start = 0
        for index, text in zip(run, plain, strict=True):
            new = _spliced(joined, start, start + len(text), matches, replacement)
            if new != text:
                parts[index] = html.escape(new, quote=False)
            start += len(text)
    return "".join(parts), total


def _spliced(joined: str, start: int, end: int, matches: list[tuple[int, int]],
             replacement: str) -> str:
    """Return joined[start:end] with matches cut out; a match's replacement goes where it began."""
    out, pos = [], start
    for m_start, m_end in matches:
        if m_end <= start or m_start >= end:
            continue
        out.append(joined[pos:max(m_start, start)])
        if m_start >= start:
            out.append(replacement)
        pos = min(m_end, end)
    out.append(joined[pos:end])
    return "".join(out)
