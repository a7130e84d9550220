"""Spell checking: pyspellchecker dictionaries per language, the user's words, and the file's.

Words are checked one at a time with every answer cached, so a paragraph can be checked on
each keystroke. What is never checked: numbers and words with digits, ALL-CAPS acronyms,
mixed-case names (iPhone, McKinsey), UN document symbols (A/C.3/67/L.40/Rev.1), URLs, e-mail
addresses, and languages pyspellchecker has no dictionary for (zh, for one).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from spellchecker import SpellChecker

from app.core.errors import ValidationError
from app.core.text import spelling_ru

if TYPE_CHECKING:
    from app.core.document.service import RapporteurFile

DICTIONARY_KEY = "dictionary"  # meta key: the file's added words, a sorted JSON list
MAX_WORD = 100
_FAR_SEARCH_MAX = 12  # two-edit suggestions take ~0.5 s; longer words get one-edit ones only

# BCP 47 primary subtag -> dictionary. Russian words are looked up in pymorphy3's
# dictionary (spelling_ru): pyspellchecker's Russian list (about 20,000 word forms)
# underlines about one correct word in five of formal text; its frequencies still rank
# the Russian suggestions.
CODES = {code: code for code in ("en", "fr", "es", "ar", "ru", "de", "it", "pt", "nl", "fa")}
_MORPHOLOGY = {"ru": spelling_ru}

_APOS = "'\u2019\u02bc"
_HYPHENS = "\\-\u2010\u2011"
_CHAR = r"[\w\u00ad\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]"
_PART = re.compile(rf"{_CHAR}+(?:[{_APOS}]{_CHAR}+)*")
_TOKEN = re.compile(rf"{_PART.pattern}(?:[{_HYPHENS}]{_PART.pattern})*")
_CHUNK = re.compile(r"\S+")
_IGNORED_MARKS = re.compile("[\u00ad\u0640\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_EDGE = "()[]{}<>\"'\u2018\u2019\u201c\u201d\u00ab\u00bb,.;:!?\u2026\ufffc"
_SYMBOL = re.compile(r"[A-Z][A-Z0-9.]*(?:/[\w.()*\-]+)+")
_DOMAIN = re.compile(r"(?:[\w-]+\.)+(?:org|int|com|net|edu|gov|info|ch|uk|io)(?:/\S*)?", re.I)
_ELISIONS = {"l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu"}


class Speller:
    """Checks words against the dictionary of their language and the user's own words.

    Dictionaries, and the answer for each word, are loaded and cached once for all spellers.
    """

    def __init__(self) -> None:
        self._user: set[str] = set()
        self._user_folded: set[str] = set()
        self._ignored: set[str] = set()

    # languages

    @staticmethod
    def code(language: str) -> str | None:
        """Return the pyspellchecker dictionary for a BCP 47 tag (en-GB -> en), or None."""
        return CODES.get(language.strip().replace("_", "-").split("-")[0].lower())

    def has_dictionary(self, language: str) -> bool:
        """Return whether words in language can be checked (loads its dictionary)."""
        code = self.code(language)
        return code is not None and _available(code)

    # checking

    def misspelled(self, text: str, language: str) -> list[tuple[int, int]]:
        """Return (start, length) of each misspelled word in text."""
        code = self.code(language)
        if code is None or not _available(code):
            return []
        spans: list[tuple[int, int]] = []
        for chunk in _CHUNK.finditer(text):
            if _skipped_chunk(chunk.group()):
                continue
            for token in _TOKEN.finditer(chunk.group()):
                start = chunk.start() + token.start()
                spans.extend((start + s, n) for s, n in self._check_token(token.group(), code))
        return spans

    def _check_token(self, token: str, code: str) -> Iterator[tuple[int, int]]:
        """Yield the misspelled parts of one token (a hyphenated word's parts apart)."""
        if any(c.isdigit() or c == "_" for c in token) or self._accepts(token, code):
            return
        for part in _PART.finditer(token):
            if not self._part_ok(part.group(), code):
                yield part.start(), len(part.group())

    def _part_ok(self, part: str, code: str) -> bool:
        """Return whether one word (maybe with apostrophes: l'homme, OHCHR's) is right."""
        if _exempt(part) or self._accepts(part, code):
            return True
        pieces = re.split(f"[{_APOS}]", part)
        if len(pieces) == 1:
            return False
        *clitics, last = pieces
        if len(pieces) == 2 and last.lower() == "s":
            return _exempt(clitics[0]) or self._accepts(clitics[0], code)
        return (_exempt(last) or self._accepts(last, code)) and all(
            c.lower() in _ELISIONS or self._accepts(c + "'", code) for c in clitics)

    def _accepts(self, word: str, code: str) -> bool:
        """Return whether word is one of the user's or in the dictionary for code."""
        key = normalise(word)
        return self.known(key) or _in_dictionary(key.lower(), code, key[:1].isupper())

    def suggestions(self, word: str, language: str, limit: int = 6) -> list[str]:
        """Return up to limit corrections for word, likeliest first, in word's case."""
        code = self.code(language)
        if code is None or not word or len(word) > MAX_WORD:
            return []
        found = _corrections(normalise(word).lower(), code)
        return [_match_case(w, word) for w in found[:limit]]

    # the user's words

    def known(self, word: str) -> bool:
        """Return whether word was added to the user's dictionary or ignored."""
        key = normalise(word)
        return key in self._user or key.lower() in self._user_folded or key in self._ignored

    def add_word(self, word: str) -> None:
        """Add word to the user's dictionary."""
        key = normalise(word)
        self._user.add(key)
        self._user_folded.add(key.lower())

    def set_user_words(self, words: Iterable[str]) -> None:
        """Replace the user's dictionary (a file was opened); forget ignored words."""
        self._user, self._user_folded, self._ignored = set(), set(), set()
        for word in words:
            self.add_word(word)

    def ignore(self, word: str) -> None:
        """Accept word until set_user_words is next called (not saved anywhere)."""
        self._ignored.add(normalise(word))


# dictionaries, shared and cached


@cache
def _checker(code: str) -> SpellChecker | None:
    """Return the dictionary for code, loaded on first use (about 0.3 s); None if missing."""
    try:
        checker = SpellChecker(language=code)
    except (ValueError, OSError):
        return None
    if code == "en":
        checker.word_frequency.load_words(british_spellings(checker.word_frequency.dictionary))
    return checker


def _available(code: str) -> bool:
    """Return whether the dictionary for code can be loaded."""
    morphology = _MORPHOLOGY.get(code)
    if morphology is not None:
        return bool(morphology.available()) and _checker(code) is not None
    return _checker(code) is not None


@lru_cache(maxsize=200_000)
def _in_dictionary(word: str, code: str, capitalised: bool = False) -> bool:
    """Return whether a lower-case word, or a form of it the language allows, is known.

    capitalised: the word was written with a capital (where names count as words).
    """
    morphology = _MORPHOLOGY.get(code)
    if morphology is not None:
        return bool(morphology.known(word, capitalised))
    checker = _checker(code)
    if checker is None:
        return True
    words = checker.word_frequency.dictionary
    if word in words:
        return True
    rule = _FORMS.get(code)
    if rule is None:
        return False
    forms, key = rule
    if key is None:
        return any(form in words for form in forms(word))
    index = _index(code)
    return any(key(form) in index for form in forms(word))


@cache
def _index(code: str) -> frozenset[str]:
    """Return the dictionary for code by the key its forms are compared with."""
    checker = _checker(code)
    rule = _FORMS.get(code)
    if checker is None or rule is None or rule[1] is None:
        return frozenset()
    key = rule[1]
    return frozenset(key(w) for w in checker.word_frequency.dictionary)


@lru_cache(maxsize=1024)
def _corrections(word: str, code: str) -> tuple[str, ...]:
    """Return the known words one edit (else two) from a lower-case word, likeliest first."""
    checker = _checker(code)
    if checker is None:
        return ()
    frequency = checker.word_frequency
    morphology = _MORPHOLOGY.get(code)
    if morphology is not None:
        return tuple(sorted(morphology.corrections(word), key=lambda w: -(
            frequency[w] or frequency[w.replace("ё", "е")])))
    found = checker.known(checker.edit_distance_1(word))
    if not found and len(word) <= _FAR_SEARCH_MAX:
        found = checker.candidates(word) or set()
    found.discard(word)
    return tuple(sorted(found, key=lambda w: (-checker.word_frequency[w], w)))


# the file's dictionary


def load_file_dictionary(rfile: RapporteurFile) -> set[str]:
    """Return the words added to the file's dictionary; empty if none or malformed."""
    return parse_words(rfile.repo.get_meta(DICTIONARY_KEY))


def add_to_file_dictionary(rfile: RapporteurFile, word: str) -> set[str]:
    """Add word to the file's dictionary in one transaction; return the words now there."""
    key = normalise(word)
    if not valid_word(key):
        raise ValidationError(f"cannot add {word[:40]!r} to the dictionary")
    with rfile.transaction():
        words = load_file_dictionary(rfile) | {key}
        rfile.repo.set_meta(DICTIONARY_KEY, json.dumps(sorted(words), ensure_ascii=False))
    return words


def parse_words(raw: str | None) -> set[str]:
    """Return the valid words of a stored JSON list; empty for anything malformed."""
    if not raw:
        return set()
    try:
        value = json.loads(raw)
    except (ValueError, RecursionError):
        return set()
    if not isinstance(value, list):
        return set()
    words = {normalise(w) for w in value if isinstance(w, str)}
    return {w for w in words if valid_word(w)}


def valid_word(word: str) -> bool:
    """Return whether word can go in a dictionary: one short word, no spaces or controls."""
    return 0 < len(word) <= MAX_WORD and all(unicodedata.category(c)[0] not in "CZ" for c in word)


# words


def normalise(word: str) -> str:
    """Return word in NFC, straight apostrophes, without soft hyphens or Arabic vowel marks."""
    word = unicodedata.normalize("NFC", word.strip())
    return _IGNORED_MARKS.sub("", word).replace("\u2019", "'").replace("\u02bc", "'")


def _exempt(word: str) -> bool:
    """Return whether a word is never checked: one letter, an acronym or mixed case."""
    return len(word) < 2 or word.isupper() or any(c.isupper() for c in word[1:])


def _skipped_chunk(chunk: str) -> bool:
    """Return whether a space-delimited chunk is a URL, address or document symbol."""
    if "://" in chunk or "@" in chunk or "\\" in chunk or chunk.startswith(("#", "www.")):
        return True
    bare = chunk.strip(_EDGE)
    return bool(_SYMBOL.fullmatch(bare) or _DOMAIN.fullmatch(bare))


def _fold(word: str) -> str:
    """Return word without accents (Spanish plurals move them: jóvenes, resolución)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _match_case(suggestion: str, word: str) -> str:
    """Return suggestion capitalised like word."""
    if word[:1].isupper() and not suggestion[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


# inflected forms the dictionaries lack

# (endings, what replaces them in the dictionary form)
_ES_RULES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("es", "s"), ("",)),  # plurals
    (("ces",), ("z",)),
    (("a", "as"), ("o",)),  # feminine
    (("mente",), ("", "o")),  # adverbs
    (("ando", "ado", "ada", "ados", "adas", "aba", "aban", "aron", "ó", "ara", "aran"), ("ar",)),
    (("iendo", "yendo", "ido", "ida", "idos", "idas", "ía", "ían", "ieron", "ió", "iera",
      "ieran", "imos"), ("er", "ir")),
    (("o", "a", "as", "an", "amos", "e", "es", "en", "emos"), ("ar", "er", "ir")),
    (("á", "án", "é", "emos", "ía", "ían"), ("",)),  # future and conditional
)
_ES_CLITICS = ("los", "las", "les", "lo", "la", "le", "se", "nos")
_AR_PREFIXES = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
_AR_SUFFIXES = ("هما", "كما", "هم", "هن", "كم", "كن", "نا", "ها", "ه", "ك", "ي")


def _spanish_forms(word: str) -> Iterator[str]:
    """Yield the dictionary forms a Spanish plural, feminine or verb form may come from."""
    for endings, replacements in _ES_RULES:
        for ending in endings:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                yield from (word[: -len(ending)] + r for r in replacements)
    for clitic in _ES_CLITICS:
        stem = _fold(word[: -len(clitic)])
        if word.endswith(clitic) and stem.endswith(("ar", "er", "ir", "ando", "iendo")):
            yield stem


def _arabic_forms(word: str) -> Iterator[str]:
    """Yield word without proclitics (wa-, bi-, li-...) or pronoun suffixes: وبلدانها -> بلدان."""
    stems = [word]
    for prefix in _AR_PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix):]
            stems.append("ا" + rest if prefix.endswith("ل") and rest.startswith("ل") else rest)
    for stem in stems:  # lil- is li- + al-: للأمم -> الأمم
        yield stem
        for suffix in _AR_SUFFIXES:
            if stem.endswith(suffix) and len(stem) > len(suffix) + 2:
                base = stem[: -len(suffix)]
                yield base
                if base.endswith("ت"):
                    yield base[:-1] + "ة"  # ta marbuta before a suffix: حكومتها -> حكومة


def _russian_stem(word: str) -> str:
    """Return a rough stem of a Russian word (ё as е), to accept forms the dictionary lacks."""
    word = word.replace("ё", "е")
    if word.endswith(("ся", "сь")) and len(word) > 5:
        word = word[:-2]
    for ending in _RU_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


_RU_ENDING_TEXT = """
а я о е ы и у ю ь й ая яя ое ее ые ие ый ий ой ую юю ого его ому ему ым им ых их ыми ими ом ем
ам ям ах ях ами ями ов ев ей ть ет ют ут ит ат ят ешь ишь ете ите ла ло ли л
"""
_RU_ENDINGS = sorted(set(_RU_ENDING_TEXT.split()), key=len, reverse=True)

# language -> (forms a word may come from, key to compare them by: None for the word itself)
_FORMS: dict[str, tuple[Callable[[str], Iterable[str]], Callable[[str], str] | None]] = {
    "es": (_spanish_forms, _fold),  # plurals move accents: jóvenes, resoluciones
    "ar": (_arabic_forms, None),
    "ru": (lambda word: (word,), _russian_stem),  # the Russian list is 20,000 forms only
}


# British (Oxford) spellings, as the UN writes them, which the English dictionary lacks

_OUR = ("color", "honor", "labor", "behavior", "favor", "neighbor", "harbor", "humor", "rumor",
        "vapor", "vigor", "endeavor", "flavor", "odor", "armor", "savior", "tumor", "rigor")
_OUR_ENDINGS = ("", "s", "ed", "ing", "ful", "less", "able", "ably", "ite", "ites", "er", "ers",
                "ist", "ists", "al", "ally", "ism", "hood", "hoods")
_RE = ("center", "theater", "meter", "liter", "fiber", "caliber", "somber", "specter",
       "saber", "luster", "meager", "kilometer", "millimeter", "centimeter")
_ISE = re.compile(r"^(\w{3,}[iy])z(e|es|ed|ing|er|ers|ation|ations|ational|able)$")
BRITISH = """
programme programmes programmed programming defence defences offence offences licence licences
pretence practise practised practises practising travelled travelling traveller travellers
cancelled cancelling cancellation labelled labelling modelled modelling counselled counselling
counsellor counsellors fuelled fuelling signalled signalling totalled totalling levelled
levelling channelled channelling marshalled equalled jewellery enrolment enrolments fulfil
fulfils fulfilment instalment instalments skilful wilful judgement judgements ageing grey
cheque cheques tyre tyres aluminium manoeuvre manoeuvres paediatric paediatrics
orthopaedic anaemia haemorrhage diarrhoea oestrogen foetus foetal encyclopaedia whilst
amongst learnt spelt dreamt catalogue catalogues dialogue dialogues analogue sceptic
sceptical scepticism mould storey storeys draught draughts pyjamas aeroplane aeroplanes
"""


def british_spellings(words: Collection[str]) -> set[str]:
    """Return the British forms of the American words given, and the usual others."""
    found = set(BRITISH.split())
    found.update(_ISE.sub(r"\1s\2", w) for w in words if "z" in w and _ISE.search(w))
    for us in _OUR:
        uk = us[:-2] + "our"
        found.update(uk + end for end in _OUR_ENDINGS if us + end in words)
    for us in _RE:
        uk = us[:-2] + "re"
        found.update((uk, uk + "s", uk + "d", uk[:-1] + "ing"))
    return found
