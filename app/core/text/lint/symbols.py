"""Document symbols: the generic pattern, and the General Assembly's where it applies."""

from __future__ import annotations

import re

from app.core.text.lint.finding import Hit
from app.core.text.lint.pieces import PROSE, Setting

# From the reference (section 4), with special and emergency special sessions (S-27, ES-10)
GENERIC = re.compile(
    r"^[A-Z]{1,6}(?:/(?:[A-Z][A-Za-z]*(?:\.\d+)?|E?S-\d{1,2}|\d{1,4}))*"
    r"(?:/(?:Rev|Add|Corr|Amend)\.\d+)*(?:/Summary)?\*?$"
)
GA = re.compile(
    r"^A/(?:(?:C\.[1-6]|AC\.\d+|CN\.\d+|CONF\.\d+|HRC|INF|BUR|RES)/)?(?:[3-9]\d|\d{3})/"
    r"(?:L\.)?\d+(?:/(?:Rev|Add|Corr)\.\d+)*\*?$"
)
# GA symbols in the session form: A/68/190, A/RES/67/172, A/C.3/67/L.40, A/INF/76/1
_SESSION_FORM = re.compile(r"^A/(?:(?:C\.\d+|RES|INF|BUR)/)?\d{2,3}(?:/|$)")
_CANDIDATE = re.compile(r"(?<![\w/.\-])[A-Z]{1,6}(?:/[A-Za-z0-9.*\-]*)+")
_SUFFIX = re.compile(r"/(rev|add|corr|amend)\.?\s?(\d+)", re.IGNORECASE)
_NOT_SYMBOLS = ("UN/",)  # DESA's own paper symbols: UN/POP/MIG-11CM/2013/3


def symbols(text: str, setting: Setting = PROSE) -> list[Hit]:
    """Find document symbols that are not well formed (A/RES/67, A/68/190/Rev1, A/C.7/…)."""
    hits = []
    for match in _CANDIDATE.finditer(text):
        symbol = match.group(0).rstrip(".")
        if not any(c.isdigit() for c in symbol) or symbol.startswith(_NOT_SYMBOLS):
            continue
        problem = symbol_problem(symbol)
        if problem:
            fixed = _repaired(symbol)
            end = match.start() + len(symbol)
            hits.append(Hit(match.start(), end, f"{symbol}: {problem}", fixed))
    return hits


def symbol_problem(symbol: str) -> str | None:
    """Return what is wrong with a document symbol, or None when it is well formed."""
    if not GENERIC.match(symbol):
        return "not a well-formed document symbol"
    if _SESSION_FORM.match(symbol) and not GA.match(symbol):
        return "not a well-formed General Assembly symbol"
    return None


def _repaired(symbol: str) -> str | None:
    """Return symbol with its Rev., Add., Corr. or Amend. part mended, if that makes it valid."""
    fixed = _SUFFIX.sub(lambda m: f"/{m.group(1).capitalize()}.{m.group(2)}", symbol)
    fixed = fixed.rstrip("/")
    if fixed != symbol and symbol_problem(fixed) is None:
        return fixed
    return None
