"""Spell checking in core: spans per language, what is skipped, suggestions, user words."""

from __future__ import annotations

import time

import pytest

from app.core.document.service import RapporteurFile
from app.core.errors import ValidationError
from app.core.text.spelling import (
    DICTIONARY_KEY,
    Speller,
    add_to_file_dictionary,
    load_file_dictionary,
    parse_words,
)


@pytest.fixture(scope="module")
def speller() -> Speller:
    """Return one speller for the module (dictionaries load once)."""
    return Speller()


def words(text: str, spans: list[tuple[int, int]]) -> list[str]:
    """Return the text of each span."""
    return [text[start:start + length] for start, length in spans]


def test_english_spans(speller):
    text = "This is a mispeled word in the goverment's report."
    assert words(text, speller.misspelled(text, "en")) == ["mispeled", "goverment's"]
    assert speller.misspelled(text, "en")[0] == (10, 8)
    text = "Don't forget the States' and the Committee\u2019s \u201cviews\u201d (para. 4)."
    assert speller.misspelled(text, "en") == []


def test_british_and_regional_tags(speller):
    text = "The programme's centre analysed the organisation of labour, colour and behaviour."
    for tag in ("en", "en-GB", "en_US", "EN"):
        assert speller.misspelled(text, tag) == []


def test_french_accents_and_elisions(speller):
    text = "L'Assemblée générale réaffirme qu'il faut protéger l'homme aujourd'hui, c'est-à-dire"
    assert speller.misspelled(text, "fr") == []
    text = "Le gouvernment doit agir à l'échelle régionalle."
    assert words(text, speller.misspelled(text, "fr")) == ["gouvernment", "régionalle"]


def test_spanish_inflected_forms(speller):
    text = ("La Asamblea General, recordando sus resoluciones anteriores sobre los derechos "
            "humanos, insta a los Estados a adoptar medidas eficaces. El gobierrno actúa.")
    assert words(text, speller.misspelled(text, "es")) == ["gobierrno"]


RUSSIAN = (
    "Генеральная Ассамблея, ссылаясь на свои предыдущие резолюции о защите прав "
    "мигрантов, настоятельно призывает государства-члены обеспечить эффективное "
    "осуществление международных договоров. Управление Верховного комиссара отмечает, "
    "что социально-экономическое положение трудящихся-мигрантов и членов их семей "
    "по-прежнему вызывает обеспокоенность. В докладе, представленном Совету по правам "
    "человека, подчёркивается необходимость учета мнений пострадавших женщин и детей, "
    "а также создания национальных механизмов наблюдения за выполнением рекомендаций."
)


def test_russian_formal_text_is_checked_in_every_inflected_form(speller):
    assert speller.has_dictionary("ru-RU")
    assert speller.misspelled(RUSSIAN, "ru") == []
    text = "Правительсво долно представить доклад о положении мигрантов."
    assert words(text, speller.misspelled(text, "ru")) == ["Правительсво", "долно"]


def test_russian_yo_names_and_suggestions(speller):
    assert speller.misspelled("учет учёт её ее объединённых объединенных", "ru") == []
    assert words("Москва и москва", speller.misspelled("Москва и москва", "ru")) == ["москва"]
    assert "должно" in speller.suggestions("долно", "ru")[:3]
    assert speller.suggestions("Правительсво", "ru")[0] == "Правительство"


def test_arabic_spans_and_vowel_marks(speller):
    text = "تقرير الأمين العام عن حقوق الإنسان والأمم المتحدة تقررير"
    assert words(text, speller.misspelled(text, "ar")) == ["تقررير"]
    assert speller.misspelled("تَقْرِير", "ar") == []  # harakat are not spelling
    assert speller.misspelled("وبلدانها للأمم", "ar") == []  # clitics and pronoun suffixes


def test_hyphenated_words_checked_by_part(speller):
    text = "A well-known, long-term and wel-knwn approach"
    assert words(text, speller.misspelled(text, "en")) == ["wel", "knwn"]


def test_skips_acronyms_symbols_numbers_urls(speller):
    text = ("OHCHR and UNDESA's staff cited A/C.3/67/L.40/Rev.1 (see E/CN.6/2020/L.1), "
            "COVID-19, 2024, 3rd, G77, 1.5, https://www.ohchr.org/en/xyzzq, "
            "undocs.org/qwzx, help@un.org, McKinsey and the iPhone\ufffc.")
    assert speller.misspelled(text, "en") == []


def test_footnote_marker_separates_words(speller):
    text = "States\ufffcparties and mispeled\ufffc"
    assert words(text, speller.misspelled(text, "en")) == ["mispeled"]


def test_languages_without_dictionary_are_not_checked(speller):
    assert speller.misspelled("秘书长的报告 qwzx", "zh") == []
    assert speller.misspelled("qwzx", "") == []
    assert not speller.has_dictionary("zh-Hans")
    assert speller.has_dictionary("fr-CA")
    assert speller.suggestions("qwzx", "zh") == []


def test_suggestions(speller):
    assert speller.suggestions("goverment", "en")[0] == "government"
    assert "misspelled" in speller.suggestions("mispeled", "en")
    assert speller.suggestions("Goverment", "en")[0] == "Government"
    assert "gouvernement" in speller.suggestions("gouvernment", "fr")
    assert len(speller.suggestions("mispeled", "en", limit=2)) == 2


def test_add_word_and_ignore():
    speller = Speller()
    assert speller.misspelled("Guterres said", "en") == [(0, 8)]
    assert not speller.known("Guterres")
    speller.add_word("Guterres")
    assert speller.known("Guterres")
    assert speller.misspelled("Guterres said", "en") == []
    speller.ignore("Rapporteurship")
    assert speller.misspelled("Rapporteurship", "en") == []
    speller.set_user_words(["Bachelet"])
    assert not speller.known("Guterres")
    assert not speller.known("Rapporteurship")
    assert speller.known("Bachelet")


def test_file_dictionary_round_trip(tmp_path):
    path = tmp_path / "t.rapporteur"
    rfile = RapporteurFile.create(path)
    assert load_file_dictionary(rfile) == set()
    add_to_file_dictionary(rfile, "Guterres")
    add_to_file_dictionary(rfile, "Bachelet")
    assert add_to_file_dictionary(rfile, "Guterres") == {"Bachelet", "Guterres"}
    rfile.close()
    with RapporteurFile.open(path) as reopened:
        assert load_file_dictionary(reopened) == {"Bachelet", "Guterres"}
        assert reopened.repo.get_meta(DICTIONARY_KEY) == '["Bachelet", "Guterres"]'


def test_file_dictionary_refuses_bad_words(rfile):
    for bad in ("", "two words", "x" * 200, "tab\there"):
        with pytest.raises(ValidationError):
            add_to_file_dictionary(rfile, bad)
    assert load_file_dictionary(rfile) == set()


@pytest.mark.parametrize("raw", [
    "not json", "{}", '"word"', "42", "null", "[1, 2]", "[" * 10000, '{"a": ["b"]}',
])
def test_malformed_stored_dictionary_is_empty(rfile, raw):
    with rfile.transaction():
        rfile.repo.set_meta(DICTIONARY_KEY, raw)
    assert load_file_dictionary(rfile) == set()
    assert add_to_file_dictionary(rfile, "Guterres") == {"Guterres"}


def test_parse_keeps_valid_words_only():
    assert parse_words('["ok", 3, "two words", "", "fine"]') == {"ok", "fine"}


def test_checking_is_fast_enough_to_type(speller):
    paragraph = " ".join(["The Committee recalled its general comment and the report's"
                          " recommendations on A/HRC/55/1, urging States to mispeled act."] * 20)
    assert len(paragraph.split()) >= 300
    speller.misspelled(paragraph, "en")
    runs = 20
    start = time.perf_counter()
    for _ in range(runs):
        speller.misspelled(paragraph, "en")
    assert (time.perf_counter() - start) / runs < 0.05  # a few ms here; generous for CI
