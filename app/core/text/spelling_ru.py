"""Russian words: pymorphy3's OpenCorpora dictionary, with one-edit suggestions.

pyspellchecker's Russian list (about 20,000 forms) misses most inflected forms of a
formal text; OpenCorpora lists every form of about 400,000 words (measured on a UN-style
text: 2 correct words in 401 underlined, every one of 24 typos found). "е" matches "ё"
(учет, учёт). A lower-case word known only as a name (москва) is a typo. Suggestions are
the known words one edit away (spelling.py ranks them by frequency).
The dictionary data is CC BY-SA 3.0 (OpenCorpora), shipped unmodified.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

ALPHABET = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_NAMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})
_EDIT_RANK = {"swap": 0, "del": 1, "ins": 2, "sub": 3}  # likelier slips first


@cache
def analyzer() -> Any:
    """Return the morphological analyser (about 0.2 s to load), or None if not installed."""
    try:
        import pymorphy3
    except ImportError:
        return None
    try:
        return pymorphy3.MorphAnalyzer(lang="ru")
    except (OSError, ValueError):
        return None


def available() -> bool:
    """Return whether Russian words can be checked."""
    return analyzer() is not None


@lru_cache(maxsize=200_000)
def known(word: str, capitalised: bool = False) -> bool:
    """Return whether a lower-case word is a Russian word form (a name only if capitalised)."""
    morph = analyzer()
    if morph is None:
        return True
    dictionary = morph.dictionary
    # similar_items is the dictionary lookup parse() uses, without building parses
    forms = dictionary.words.similar_items(word, morph.char_substitutes)
    if not forms:
        return False
    return capitalised or any(
        not dictionary.build_tag_info(paradigm, index).grammemes & _NAMES
        for _, records in forms for paradigm, index in records)


def corrections(word: str) -> list[str]:
    """Return the known words one edit from a lower-case word, likelier slips first."""
    found: dict[str, str] = {}
    for kind, candidate in _edits(word):
        if candidate != word and candidate not in found and known(candidate):
            found[candidate] = kind
    return sorted(found, key=lambda candidate: (_EDIT_RANK[found[candidate]], candidate))


def _edits(word: str) -> Iterator[tuple[str, str]]:
    """Yield (kind, word) for every deletion, swap, insertion and substitution of a letter."""
    for i in range(len(word) + 1):
        head, tail = word[:i], word[i:]
        if tail:
            yield "del", head + tail[1:]
            yield from (("sub", head + c + tail[1:]) for c in ALPHABET if c != tail[0])
        if len(tail) > 1:
            yield "swap", head + tail[1] + tail[0] + tail[2:]
        yield from (("ins", head + c + tail) for c in ALPHABET)
