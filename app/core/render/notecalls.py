"""Footnote calls on the side of punctuation the document's language wants.

English puts the call after punctuation ("rights.¹"), French and Spanish before it
("droits¹."), and so does Russian, by the Russian typesetting rule (the call before
. , ; : and after ? ! … and closing quotes; inferred, not checked against a UN Russian
document). Authors type it either way, so render_html() moves it. In English, a
call placed right before . , ; : ! ? or a closing quote moves after the whole run of
them; in French, Spanish and Russian, a call placed right after . , ; : moves before them,
with the spaces among them (French sets one before ":" and ";"). A call is a
footnote, <span class="footnote">, whose content may hold inline markup and spans of
its own; calls that follow one another move together. A closing parenthesis is left
alone: a call inside one belongs to the words in it. Nothing moves where it would
double a mark ("etc.¹." stays) or take the full stop of "etc." (as the lint rule
footnote-call in app/core/text/lint/footnotes.py).

Only text is moved, from one side of the footnotes to the other: no character is lost
or added, and the text outside the footnotes keeps its order.
"""

from __future__ import annotations

import html as html_lib
import re

_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z](?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_CLASS = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SPAN_START = re.compile(r"<span\b", re.IGNORECASE)
_SPAN_END = re.compile(r"</span\b", re.IGNORECASE)
# One character of HTML text: a character reference or a single character.
_UNIT = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.DOTALL)

AFTER_PUNCTUATION = frozenset(".,;:!?\"'\u2019\u201d")  # English: the call follows these
BEFORE_PUNCTUATION = frozenset(".,;:")  # French and Spanish: the call precedes these
_ABBREVIATION = re.compile(r"\betc\.$")  # its full stop is not the sentence's
_MOVED_BEFORE = BEFORE_PUNCTUATION | frozenset(" \u00a0\u202f")
_CALL_BEFORE = frozenset({"fr", "es", "ru"})


def move_note_calls(page: str, language: str) -> str:
    """Return an HTML page (or fragment) with its footnote calls placed for language."""
    base = (language or "").split("-")[0].lower()
    if base != "en" and base not in _CALL_BEFORE or "footnote" not in page:
        return page
    body = _BODY.search(page)
    start = body.end() if body else 0
    pieces, tags = _pieces(page[start:])
    for first, last in reversed(_note_groups(pieces, tags)):
        if base == "en":
            _move_punctuation_before(pieces, tags, first, last)
        else:
            _move_punctuation_after(pieces, tags, first, last)
    return page[:start] + "".join(pieces)


def _pieces(html: str) -> tuple[list[str], list[bool]]:
    """Return html cut into tags and texts, and for each piece whether it is a tag."""
    pieces: list[str] = []
    tags: list[bool] = []
    position = 0
    for match in _TAG.finditer(html):
        if match.start() > position:
            pieces.append(html[position:match.start()])
            tags.append(False)
        pieces.append(match.group())
        tags.append(True)
        position = match.end()
    if position < len(html):
        pieces.append(html[position:])
        tags.append(False)
    return pieces, tags


def _note_groups(pieces: list[str], tags: list[bool]) -> list[tuple[int, int]]:
    """Return (first start tag, last end tag) of each run of adjacent footnotes."""
    groups: list[tuple[int, int]] = []
    index = 0
    while index < len(pieces):
        end = _note_end(pieces, tags, index) if _is_note_start(pieces[index], tags[index]) else None
        if end is None:
            index += 1
            continue
        if groups and groups[-1][1] == index - 1:
            groups[-1] = (groups[-1][0], end)
        else:
            groups.append((index, end))
        index = end + 1
    return groups


def _is_note_start(piece: str, is_tag: bool) -> bool:
    """Return whether a piece is the start tag of a footnote."""
    if not is_tag or not _SPAN_START.match(piece) or piece.rstrip(">").endswith("/"):
        return False
    found = _CLASS.search(piece)
    return found is not None and "footnote" in "".join(found.groups("")).split()


def _note_end(pieces: list[str], tags: list[bool], start: int) -> int | None:
    """Return the index of the </span> closing the footnote opened at start, or None."""
    depth = 0
    for index in range(start, len(pieces)):
        if not tags[index]:
            continue
        if _SPAN_START.match(pieces[index]) and not pieces[index].rstrip(">").endswith("/"):
            depth += 1
        elif _SPAN_END.match(pieces[index]):
            depth -= 1
            if depth == 0:
                return index
    return None


def _move_punctuation_before(pieces: list[str], tags: list[bool], first: int, last: int) -> None:
    """Move the punctuation right after footnotes first..last to right before them."""
    after = last + 1
    if after >= len(pieces) or tags[after]:
        return
    units = _UNIT.findall(pieces[after])
    count = 0
    while count < len(units) and html_lib.unescape(units[count]) in AFTER_PUNCTUATION:
        count += 1
    if count and not _ends_with(pieces, tags, first, html_lib.unescape(units[0])):
        moved = "".join(units[:count])
        pieces[after] = pieces[after][len(moved):]
        _append_before(pieces, tags, first, moved)


def _ends_with(pieces: list[str], tags: list[bool], index: int, mark: str) -> bool:
    """Return whether the text right before pieces[index] ends with mark ("etc." before ".")."""
    if index == 0 or tags[index - 1]:
        return False
    units = _UNIT.findall(pieces[index - 1])
    return bool(units) and html_lib.unescape(units[-1]) == mark


def _append_before(pieces: list[str], tags: list[bool], index: int, text: str) -> None:
    """Add text at the end of the text before pieces[index] (a new piece after a tag)."""
    if index > 0 and not tags[index - 1]:
        pieces[index - 1] += text
    else:
        pieces.insert(index, text)
        tags.insert(index, False)


def _move_punctuation_after(pieces: list[str], tags: list[bool], first: int, last: int) -> None:
    """Move the punctuation (and a space before it) right before footnotes to after them."""
    before = first - 1
    if before < 0 or tags[before]:
        return
    units = _UNIT.findall(pieces[before])
    if not units or html_lib.unescape(units[-1]) not in BEFORE_PUNCTUATION:
        return
    if _ABBREVIATION.search(pieces[before]):
        return
    count = 0  # the marks, and the space French sets before ":" and ";"
    while count < len(units) and html_lib.unescape(units[-1 - count]) in _MOVED_BEFORE:
        count += 1
    moved = "".join(units[-count:])
    pieces[before] = pieces[before][:-len(moved)]
    if last + 1 < len(pieces) and not tags[last + 1]:
        pieces[last + 1] = moved + pieces[last + 1]
    else:
        pieces.insert(last + 1, moved)
        tags.insert(last + 1, False)
