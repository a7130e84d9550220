"""Style: bullet items without semicolons, single spaces, "United Nations" in full."""

from __future__ import annotations

import re

from app.core.text.lint.finding import Hit
from app.core.text.lint.pieces import PROSE, Setting

_ITEM_END = re.compile(r"\s*;(?:\s*(?:and|or|et|ou|y|o))?\s*$")
_SPACES = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_UN = re.compile(r"(?<![\w/\-.])(?:U\.N\.|UN)(?![\w/\-&])")
_NAMES = (" Women",)  # entities whose name is "UN …"
_ACRONYM_AFTER = re.compile(r"^\s[A-Z]{2,}\b")
_SYSTEM_AFTER = re.compile(r"^\s[Ss]ystem\b")
_POSSESSIVE_AFTER = re.compile(r"^['’]s\b")


ITEM_END = Setting(item_end=True)


def bullet_semicolons(text: str, setting: Setting = ITEM_END) -> list[Hit]:
    """Find bullet items ending in a semicolon ("…; and"): no final punctuation or a full stop."""
    if not setting.item_end:
        return []
    match = _ITEM_END.search(text)
    if not match or not text[:match.start()].strip():
        return []
    return [Hit(match.start(), match.end(),
                "bullet items take no semicolon: no final punctuation, or a full stop", "")]


def double_spaces(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find two or more spaces between words."""
    return [Hit(m.start(), m.end(), "double space", " ") for m in _SPACES.finditer(text)]


def united_nations(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find "UN" and "U.N." for the United Nations in English (UN Women and UN-Habitat aside)."""
    if not setting.english:
        return []
    hits = []
    for match in _UN.finditer(text):
        start, end = match.span()
        after = text[end:]
        if after.startswith(_NAMES):
            continue
        fix: str | None = "United Nations"
        if _SYSTEM_AFTER.match(after):
            end, fix = end + 7, "United Nations system"
        elif _POSSESSIVE_AFTER.match(after):
            end, fix = end + 2, "United Nations" + after[0]
        elif _ACRONYM_AFTER.match(after):
            fix = None  # "UN DESA": the entity's own acronym, spelled out once, is the fix
        hits.append(Hit(start, end, 'never abbreviate "United Nations"', fix))
    return hits
