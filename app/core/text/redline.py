"""Word-level differences between two versions of a section, for history and redlines."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from app.core.render.html import plain_text

_WORD = re.compile(r"\S+")
# Explicit text and background colours keep marks readable on light and dark palettes.
INSERTED = "background-color:#d4f4dd; color:#0b4f1f; text-decoration:underline"
DELETED = "background-color:#fbdcdc; color:#8a1c12; text-decoration:line-through"


def words(body: str) -> list[str]:
    """Return the words of a body's text (footnotes included)."""
    return _WORD.findall(plain_text(body))


def diff_words(old: str, new: str) -> list[tuple[str, str]]:
    """Return (op, text) runs turning old's words into new's: op is =, + or -."""
    before, after = words(old), words(new)
    runs: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("=", " ".join(before[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(after[j1:j2])))
    return runs


def word_changes(old: str, new: str) -> tuple[int, int]:
    """Return how many words were added and removed between two bodies."""
    added = removed = 0
    for op, text in diff_words(old, new):
        count = len(text.split())
        if op == "+":
            added += count
        elif op == "-":
            removed += count
    return added, removed


def redline_html(old: str, new: str, *, highlight: bool = False) -> str:
    """Return the change as HTML with insertions and deletions marked, as in Word."""
    # Qt's rich text ignores ins/del, so highlighted marks are styled spans.
    parts = []
    for op, text in diff_words(old, new):
        escaped = html.escape(text)
        if op == "+":
            parts.append(f'<span style="{INSERTED}">{escaped}</span>' if highlight
                         else f'<ins style="color:#1a7f37">{escaped}</ins>')
        elif op == "-":
            parts.append(f'<span style="{DELETED}">{escaped}</span>' if highlight
                         else f'<del style="color:#b03a2e">{escaped}</del>')
        else:
            parts.append(escaped)
    return " ".join(parts)


def redline_blocks(old: Sequence[str], new: Sequence[str]) -> str:
    """Return highlighted redline paragraphs of new blocks against old ones."""
    if len(old) == len(new):
        pairs = list(zip(old, new, strict=True))
    else:
        pairs = [("".join(old), "".join(new))]
    return "".join(f"<p>{redline_html(a, b, highlight=True)}</p>" for a, b in pairs)
