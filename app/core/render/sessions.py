"""The session block in the document's language: "Sixty-eighth session", "Item 21 (e) …".

The session and agenda-item fields are free text. A value the app recognises (a
number such as "68" or "68th", or the English wording "Sixty-eighth session", "Item 21 (e)
of the provisional agenda") is written in the document's language; anything else is the
user's own text and printed as typed. Ordinals 1 to 99 are spelled by the small rule
sets below (Babel has no spell-out rules), tested in tests/core/render/test_terms.py:
French "Soixante-huitième session", Spanish "Sexagésimo octavo período de sesiones",
Russian "Шестьдесят восьмая сессия", Arabic "الدورة الثامنة والستون", Chinese
"第六十八届会议". Russian and Arabic ordinals are feminine, agreeing with "сессия" and
"الدورة"; Spanish drops the -o of "primero" and "tercero" before the noun.
"""

from __future__ import annotations

import re

from app.core.render.terms import base_language, terms_for

_EN_UNITS = ("", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
             "sixteenth", "seventeenth", "eighteenth", "nineteenth")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety")
_FR_UNITS = ("", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
             "onze", "douze", "treize", "quatorze", "quinze", "seize", "dix-sept", "dix-huit",
             "dix-neuf")
_FR_TENS = ("", "", "vingt", "trente", "quarante", "cinquante", "soixante")
_ES_UNITS = ("", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo",
             "octavo", "noveno")
_ES_TEENS = ("décimo", "undécimo", "duodécimo", "decimotercer", "decimocuarto", "decimoquinto",
             "decimosexto", "decimoséptimo", "decimoctavo", "decimonoveno")
_ES_TENS = ("", "", "vigésimo", "trigésimo", "cuadragésimo", "quincuagésimo", "sexagésimo",
            "septuagésimo", "octogésimo", "nonagésimo")
_RU_UNITS = ("", "первая", "вторая", "третья", "четвертая", "пятая", "шестая", "седьмая",
             "восьмая", "девятая", "десятая", "одиннадцатая", "двенадцатая", "тринадцатая",
             "четырнадцатая", "пятнадцатая", "шестнадцатая", "семнадцатая", "восемнадцатая",
             "девятнадцатая")
_RU_TENS = ("", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят",
            "восемьдесят", "девяносто")
_RU_ROUND = ("", "", "двадцатая", "тридцатая", "сороковая", "пятидесятая", "шестидесятая",
             "семидесятая", "восьмидесятая", "девяностая")
_AR_UNITS = ("", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة",
             "الثامنة", "التاسعة", "العاشرة")
_AR_TENS = ("", "", "العشرون", "الثلاثون", "الأربعون", "الخمسون", "الستون", "السبعون",
            "الثمانون", "التسعون")
_ZH_DIGITS = "〇一二三四五六七八九"

# Arabic lists its sub-items in abjad order: (أ), (ب), (ج), (د), (هـ)…
_ABJAD = ("أ", "ب", "ج", "د", "هـ", "و", "ز", "ح", "ط", "ي", "ك", "ل", "م", "ن", "س", "ع",
          "ف", "ص", "ق", "ر", "ش", "ت", "ث", "خ", "ذ", "ض")

_SESSION = re.compile(r"^(?:(\d{1,2})(?:st|nd|rd|th)?|([A-Za-z-]+))(?: session)?$", re.IGNORECASE)
_ITEM = re.compile(
    r"^(?:item\s+)?(?P<number>\d{1,3})(?:\s*\((?P<sub>[a-z])\))?"
    r"(?P<which>\s+of\s+the\s+(?:provisional\s+)?agenda)?$", re.IGNORECASE)


def english_ordinal(number: int) -> str:
    """Return an English ordinal in words, lower case ("sixty-eighth")."""
    if number < 20:
        return _EN_UNITS[number]
    tens, unit = divmod(number, 10)
    if unit == 0:
        return _EN_TENS[tens][:-1] + "ieth"
    return f"{_EN_TENS[tens]}-{_EN_UNITS[unit]}"


def _french_cardinal(number: int) -> str:
    """Return a French cardinal below 100 in the traditional spelling."""
    if number < 20:
        return _FR_UNITS[number]
    tens, unit = divmod(number, 10)
    if tens in (7, 9):
        base = "soixante" if tens == 7 else "quatre-vingt"
        joint = " et " if number == 71 else "-"
        return base + joint + _FR_UNITS[10 + unit]
    base = "quatre-vingt" if tens == 8 else _FR_TENS[tens]
    if unit == 0:
        return base + ("s" if tens == 8 else "")
    return base + (" et un" if unit == 1 and tens != 8 else "-" + _FR_UNITS[unit])


def french_ordinal(number: int) -> str:
    """Return a French feminine ordinal ("première", "soixante et onzième")."""
    if number == 1:
        return "première"
    cardinal = _french_cardinal(number)
    if cardinal.endswith("vingts"):
        cardinal = cardinal[:-1]
    if cardinal.endswith("cinq"):
        return cardinal + "uième"
    if cardinal.endswith("neuf"):
        return cardinal[:-1] + "vième"
    return cardinal.removesuffix("e") + "ième"


def spanish_ordinal(number: int) -> str:
    """Return a Spanish masculine ordinal before a noun ("sexagésimo octavo", "tercer")."""
    if number < 10:
        return _ES_UNITS[number]
    if number < 20:
        return _ES_TEENS[number - 10]
    tens, unit = divmod(number, 10)
    return _ES_TENS[tens] + (f" {_ES_UNITS[unit]}" if unit else "")


def russian_ordinal(number: int) -> str:
    """Return a Russian feminine ordinal ("шестьдесят восьмая")."""
    if number < 20:
        return _RU_UNITS[number]
    tens, unit = divmod(number, 10)
    return _RU_ROUND[tens] if unit == 0 else f"{_RU_TENS[tens]} {_RU_UNITS[unit]}"


def arabic_ordinal(number: int) -> str:
    """Return an Arabic feminine ordinal ("الثامنة والستون", "الحادية عشرة")."""
    if number <= 10:
        return _AR_UNITS[number]
    tens, unit = divmod(number, 10)
    first = "الحادية" if unit == 1 else _AR_UNITS[unit]
    if tens == 1:
        return f"{first} عشرة"
    return _AR_TENS[tens] if unit == 0 else f"{first} و{_AR_TENS[tens]}"


def chinese_number(number: int) -> str:
    """Return a number below 100 in Chinese characters ("六十八", "十一")."""
    tens, unit = divmod(number, 10)
    written = ("" if tens < 2 else _ZH_DIGITS[tens]) + ("十" if tens else "")
    return written + (_ZH_DIGITS[unit] if unit else "")


_ORDINALS = {
    "en": english_ordinal,
    "fr": french_ordinal,
    "es": spanish_ordinal,
    "ru": russian_ordinal,
    "ar": arabic_ordinal,
    "zh": chinese_number,
}
_ENGLISH_WORDS = {english_ordinal(number): number for number in range(1, 100)}


def session_number(text: str) -> int | None:
    """Return the session a recognised value names ("68", "68th", "Sixty-eighth session")."""
    match = _SESSION.match((text or "").strip())
    if match is None:
        return None
    number = int(match.group(1)) if match.group(1) else _ENGLISH_WORDS.get(
        match.group(2).lower())
    return number if number and 0 < number < 100 else None


def session_name(number: int, language: str) -> str:
    """Return "Sixty-eighth session" in a language's UN wording."""
    base = base_language(language)
    ordinal = _ORDINALS.get(base, english_ordinal)(number)
    name = terms_for(language)["session"].format(ordinal=ordinal)
    return name[:1].upper() + name[1:]


def un_session(value: str, language: str) -> str:
    """Return a session field in the document's language, or as typed if not recognised."""
    number = session_number(value)
    return value if number is None else session_name(number, language)


def un_agenda_item(value: str, language: str) -> str:
    """Return an agenda-item field ("Item 21 (e) of the provisional agenda", "21 (e)") in
    the document's language; a bare number counts as an item of the provisional agenda.
    Text the app does not recognise is the user's own and returned as typed."""
    match = _ITEM.match((value or "").strip())
    if match is None:
        return value
    which = match.group("which") or " provisional"
    key = "item_provisional" if "provisional" in which.lower() else "item_agenda"
    item = match.group("number") + _sub_item(match.group("sub"), base_language(language))
    return terms_for(language)[key].format(item=item)


def _sub_item(letter: str | None, base: str) -> str:
    """Return a sub-item letter as the language writes it after the item number."""
    if not letter:
        return ""
    letter = letter.lower()
    if base in ("fr", "es"):
        return f" {letter})"
    if base == "ar":
        return f" ({_ABJAD[ord(letter) - ord('a')]})"
    if base in ("zh", "ru"):
        return f"({letter})"
    return f" ({letter})"
