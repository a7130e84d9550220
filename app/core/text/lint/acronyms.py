"""Acronyms: an entity's full name is given once, with the acronym in parentheses, before use."""

from __future__ import annotations

import re
from collections.abc import Iterable

from app.core.text.lint.context import Context, found
from app.core.text.lint.finding import Finding, Hit
from app.core.text.lint.pieces import Piece

_ACRONYM = re.compile(r"(?<![\w/.\-&])([A-Z][A-Z&]*[A-Z])(?:s|'s|’s)?(?![\w/\-&]|\.\d)")
_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_OPENS = re.compile(r"\(\s*(?:the\s+|hereinafter\s+)?[\"“]?$")
_CLOSES = re.compile(r"^(?:s|'s|’s)?[\"”]?\s*\)")
SKIPPED = frozenset({"UN"})  # "United Nations" has its own rule: never abbreviated


def acronym_uses(text: str) -> list[tuple[int, int, str, bool]]:
    """Return (start, end, acronym, defines) for each acronym; defines: "(ACR)" after a name."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 12 and sum(c.isupper() for c in letters) > 0.6 * len(letters):
        return []  # text in capitals (a shouted heading): its words are not acronyms
    uses = []
    for match in _ACRONYM.finditer(text):
        name = match.group(1)
        if name in SKIPPED or _ROMAN.match(name):
            continue
        defines = bool(_OPENS.search(text[:match.start()]) and
                       _CLOSES.match(text[match.end(1):]) and match.start() > 1)
        uses.append((match.start(1), match.end(1), name, defines))
    return uses


def undefined_acronyms(pieces: Iterable[Piece]) -> list[tuple[Piece, Hit]]:
    """Return the first use of each acronym used before (or without) its full name."""
    first: dict[str, tuple[Piece, int, int]] = {}
    defined: set[str] = set()
    for piece in pieces:
        for start, end, name, defines in acronym_uses(piece.text):
            if defines:
                defined.add(name)
            elif name not in defined and name not in first:
                first[name] = (piece, start, end)
    out = []
    for name, (piece, start, end) in first.items():
        if name in defined:
            message = (f"{name} is used before its full name is given: spell it out at its "
                       f"first use, followed by ({name})")
        else:
            message = (f"{name} is never introduced: write the full name once, followed by "
                       f"({name})")
        out.append((piece, Hit(start, end, message)))
    return out


def acronyms(context: Context) -> list[Finding]:
    """Findings for acronyms used before their full name is given."""
    return [found("acronym", context.document, piece, hit)
            for piece, hit in undefined_acronyms(context.pieces)]
