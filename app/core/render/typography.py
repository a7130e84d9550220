"""No-break spaces where French (and Spanish) typography puts them, at render time.

French sets a no-break space before ":" (U+00A0) and a narrow one (U+202F) before
";", "!" and "?", inside « », before "%" and between the digit groups of 1 000 000;
a missing space is added ("Pourquoi?" gives "Pourquoi ?"), an ordinary one is made
unbreakable, so "«" never ends a line and ":", "»" or "%" never starts one. Spanish
keeps its punctuation tight but groups digits (1 000) and keeps "3,1 %" whole with a
narrow no-break space where the author typed a space. Russian groups digits the same
way, takes «ёлочки» for quotation marks (straight quotes and “ ” typed by the author
become « », the inner „ “ stay), and keeps "№ 5" and the word before a dash "—" on one
line.

space_punctuation() rewrites the text of the page's body only (textnodes.py): never a
tag, an attribute, or the text of <style>, <script> or <title>. A colon, semicolon or
mark followed by a letter, a digit or "/" is left alone (URLs, times, "A/RES/…").
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable

from app.core.render.terms import base_language
from app.core.render.textnodes import map_body_text

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = "[ \u00a0\u202f]"
# A run of : ; ! ? after a word (not after a space or another mark), not followed by a
# word character or "/"; the spaces typed before it are replaced.
_MARKS = re.compile(r"(?<![\s;:!?«(\[])" + _SPACES + r"*(?P<marks>[;:!?]+)(?![\w/])")
_OPEN_QUOTE = re.compile("«" + _SPACES + "*")
_CLOSE_QUOTE = re.compile(_SPACES + "*»")
_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?:" + _SPACES + r"\d{3})+(?!\d)")
_PERCENT = re.compile(r"(?<=\d)" + _SPACES + "?%")
_TYPED_PERCENT = re.compile(r"(?<=\d)" + _SPACES + "%")
_STRAIGHT_QUOTE = re.compile('"')
_DASH = re.compile(r"(?<=\S) (?=[—–] )")
_NUMBER_SIGN = re.compile("№" + _SPACES + r"*(?=\d)")
_INLINE_END = re.compile(r"^</(?:em|strong|i|b|span|a|sup|sub|abbr|cite|q|u|s)\s*>$",
                         re.IGNORECASE)


def space_punctuation(page: str, language: str) -> str:
    """Return an HTML page (or fragment) with the no-break spaces of its language."""
    base = base_language(language)
    if base == "fr":
        return map_body_text(page, _french_node)
    if base == "es":
        return map_body_text(page, _spanish_node)
    if base == "ru":
        return map_body_text(page, _russian_node)
    return page


def _french_node(text: str, previous: str) -> str:
    """Return one text node with French spacing (at its start only after an inline end)."""
    return _rewrite(text, lambda plain: french(plain, at_start=bool(_INLINE_END.match(previous))))


def _spanish_node(text: str, previous: str) -> str:
    """Return one text node with Spanish digit grouping."""
    return _rewrite(text, spanish)


def _russian_node(text: str, previous: str) -> str:
    """Return one text node with Russian quotation marks and no-break spaces."""
    return _rewrite(text, lambda plain: russian(plain, after_inline=bool(
        _INLINE_END.match(previous))))


def _rewrite(text: str, change: Callable[[str], str]) -> str:
    """Apply change to the plain text of an escaped text node; keep the node if unchanged."""
    plain = html_lib.unescape(text)
    changed = change(plain)
    return text if changed == plain else html_lib.escape(changed, quote=False)


def french(text: str, at_start: bool = True) -> str:
    """Return plain French text with its no-break spaces."""
    text = _MARKS.sub(lambda m: _before_marks(m, at_start), text)
    text = _OPEN_QUOTE.sub("«" + NNBSP, text)
    text = _CLOSE_QUOTE.sub(NNBSP + "»", text)
    text = _GROUPS.sub(lambda m: re.sub(_SPACES, NNBSP, m.group()), text)
    return _PERCENT.sub(NNBSP + "%", text)


def _before_marks(match: re.Match[str], at_start: bool) -> str:
    """Return the space a run of marks takes, then the marks."""
    marks = match.group("marks")
    if match.start() == 0 and not at_start and match.group() == marks:
        return marks  # a node opening with a mark after a block start: nothing to join
    return (NBSP if marks[0] == ":" else NNBSP) + marks


def spanish(text: str) -> str:
    """Return plain Spanish text with its digit groups and typed "3,1 %" unbreakable."""
    text = _GROUPS.sub(lambda m: re.sub(_SPACES, NNBSP, m.group()), text)
    return _TYPED_PERCENT.sub(NNBSP + "%", text)


def russian(text: str, after_inline: bool = False) -> str:
    """Return plain Russian text with « » quotes, grouped digits and no-break spaces.

    A straight quote opens at the start of the text or after a space or opening
    bracket (closes at the start when the text follows an inline element's end).
    """
    text = _GROUPS.sub(lambda m: re.sub(_SPACES, NNBSP, m.group()), text)
    text = _TYPED_PERCENT.sub(NNBSP + "%", text)
    text = _NUMBER_SIGN.sub("№" + NBSP, text)
    text = _DASH.sub(NBSP, text)
    if "„" not in text:
        text = text.replace("“", "«")
    text = text.replace("”", "»")
    return _STRAIGHT_QUOTE.sub(lambda m: _russian_quote(text, m.start(), after_inline), text)


def _russian_quote(text: str, at: int, after_inline: bool) -> str:
    """Return the guillemet a straight quote at position at stands for."""
    if at == 0:
        return "»" if after_inline else "«"
    return "«" if text[at - 1] in " \u00a0\u202f([{«—–-\n" else "»"
