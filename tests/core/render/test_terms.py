"""Fixed words, dates, sessions and agenda items in the six official languages; the
language-keyed field defaults; French and Spanish no-break spaces."""

from __future__ import annotations

import datetime

import pytest

from app.core.document.templates import list_templates, load_template
from app.core.render.html import render_html, usable_fields
from app.core.render.sessions import session_name, un_agenda_item, un_session
from app.core.render.terms import LANGUAGES, format_date, tables, terms_for, write_date
from app.core.render.typography import NBSP, NNBSP, french, space_punctuation, spanish
from tests.core.render.conftest import make_meeting_doc

# tables


def test_every_key_is_in_all_six_languages() -> None:
    own = tables()
    assert sorted(own) == sorted(LANGUAGES)
    keys = set(own["en"])
    for language in LANGUAGES:
        assert set(own[language]) == keys, language
        assert all(isinstance(value, str) for value in own[language].values())


def test_other_languages_translate_everything_but_the_english_block() -> None:
    english = tables()["en"]
    kept = {"distr", "original", "General", "Limited", "Restricted", "English", "French",
            "Spanish", "Russian", "Arabic", "Chinese", "block_language"}
    for language in ("fr", "es"):
        same = {key for key, value in tables()[language].items() if value == english[key]}
        assert same <= {"session", "original"}, (language, same)
    for language in ("ru", "ar", "zh"):
        own = tables()[language]
        assert {key for key in own if own[key] == english[key]} == kept
        assert own["language_line"] == {"ru": "Russian", "ar": "Arabic", "zh": "Chinese"}[language]


@pytest.mark.parametrize(("language", "words"), [
    ("fr", ("Nations Unies", "Assemblée générale", "Distr.", "générale", "Original :",
            "anglais", "Français", "Rapport du Secrétaire général", "Résumé")),
    ("es", ("Naciones Unidas", "Asamblea General", "Distr.", "general", "Original:", "inglés",
            "Español", "Informe del Secretario General", "Resumen")),
    ("ru", ("Организация Объединенных Наций", "Генеральная Ассамблея", "Distr.:", "General",
            "Доклад Генерального секретаря", "Резюме")),
    ("ar", ("الأمم المتحدة", "الجمعية العامة", "تقرير الأمين العام", "موجز")),
    ("zh", ("联合国", "大会", "秘书长的报告", "摘要")),
])
def test_masthead_words_are_the_uns(language: str, words: tuple[str, ...]) -> None:
    values = set(terms_for(language).values())
    for word in words:
        assert word in values, word


# dates

@pytest.mark.parametrize(("language", "written"), [
    ("en", "25 July 2013"),
    ("fr", "25 juillet 2013"),
    ("es", "25 de julio de 2013"),
    ("ru", "25 июля 2013 года"),
    ("zh", "2013年7月25日"),
    ("ar", "25 تموز/يوليه 2013"),
    ("fr-CA", "25 juillet 2013"),
])
def test_dates_per_language(language: str, written: str) -> None:
    assert format_date("2013-07-25", language) == written
    assert format_date("25 July 2013", language) == written


def test_date_details() -> None:
    assert format_date("2013-06-01", "fr") == "1er juin 2013"
    assert format_date("2013-02-01", "es") == "1 de febrero de 2013"
    assert write_date(datetime.date(2026, 1, 9), "ar") == "9 كانون الثاني/يناير 2026"
    assert write_date(datetime.date(2026, 6, 9), "ar") == "9 حزيران/يونيه 2026"
    assert format_date("4–15 November 2019", "fr") == "4–15 November 2019"  # as typed


def test_every_month_has_a_name_in_every_language() -> None:
    for language in LANGUAGES:
        names = {write_date(datetime.date(2013, month, 10), language) for month in range(1, 13)}
        assert len(names) == 12, language


# sessions and agenda items

@pytest.mark.parametrize(("number", "language", "name"), [
    (68, "en", "Sixty-eighth session"),
    (68, "fr", "Soixante-huitième session"),
    (68, "es", "Sexagésimo octavo período de sesiones"),
    (68, "ru", "Шестьдесят восьмая сессия"),
    (68, "ar", "الدورة الثامنة والستون"),
    (68, "zh", "第六十八届会议"),
    (69, "ru", "Шестьдесят девятая сессия"),  # A/69/972
    (53, "es", "Quincuagésimo tercer período de sesiones"),  # A/53/100
    (53, "fr", "Cinquante-troisième session"),  # A/53/250
    (1, "fr", "Première session"),
    (71, "fr", "Soixante et onzième session"),
    (80, "fr", "Quatre-vingtième session"),
    (81, "fr", "Quatre-vingt-unième session"),
    (95, "fr", "Quatre-vingt-quinzième session"),
    (21, "fr", "Vingt et unième session"),
    (59, "fr", "Cinquante-neuvième session"),
    (59, "es", "Quincuagésimo noveno período de sesiones"),
    (13, "es", "Decimotercer período de sesiones"),
    (80, "en", "Eightieth session"),
    (40, "ru", "Сороковая сессия"),
    (12, "ar", "الدورة الثانية عشرة"),
    (11, "ar", "الدورة الحادية عشرة"),
    (20, "ar", "الدورة العشرون"),
    (10, "zh", "第十届会议"),
    (11, "zh", "第十一届会议"),
])
def test_session_names(number: int, language: str, name: str) -> None:
    assert session_name(number, language) == name


@pytest.mark.parametrize("typed", ["Sixty-eighth session", "68", "68th", "sixty-eighth"])
def test_recognised_sessions_are_translated(typed: str) -> None:
    assert un_session(typed, "fr") == "Soixante-huitième session"


@pytest.mark.parametrize("typed", ["Soixante-huitième session", "Resumed session", "", "100"])
def test_other_sessions_stay_as_typed(typed: str) -> None:
    assert un_session(typed, "fr") == typed


@pytest.mark.parametrize(("language", "written"), [
    ("en", "Item 21 (e) of the provisional agenda"),
    ("fr", "Point 21 e) de l’ordre du jour provisoire"),
    ("es", "Tema 21 e) del programa provisional"),
    ("ru", "Пункт 21(e) предварительной повестки дня"),
    ("ar", "البند 21 (هـ) من جدول الأعمال المؤقت"),
    ("zh", "临时议程项目21(e)"),
])
def test_agenda_items(language: str, written: str) -> None:
    assert un_agenda_item("Item 21 (e) of the provisional agenda", language) == written
    assert un_agenda_item("21 (e)", language) == written


def test_agenda_item_forms() -> None:
    assert un_agenda_item("Item 118 of the agenda", "ru") == "Пункт 118 повестки дня"
    assert un_agenda_item("Tema 110 del programa", "es") == "Tema 110 del programa"
    assert un_agenda_item("", "fr") == ""


# field defaults in the document's language

def test_language_keyed_defaults_cover_the_six_languages() -> None:
    for template in list_templates():
        for spec in template.fields:
            if spec.defaults:
                assert sorted(dict(spec.defaults)) == sorted(LANGUAGES), spec.name
                assert spec.default_for("en") == spec.default


def test_an_unchanged_default_follows_the_language() -> None:
    template = load_template("meeting-paper")
    english = {"venue": "New York", "organizer": list(template.field("organizer").default)}
    fields = usable_fields(template, english, "es")
    assert fields["venue"] == "Nueva York"
    assert fields["organizer"][0] == "División de Población"
    assert fields["title_footnote"].startswith("Las opiniones expresadas")
    assert usable_fields(template, {"venue": "Nueva York"}, "ru")["venue"] == "Нью-Йорк"


def test_a_users_own_text_is_never_replaced() -> None:
    template = load_template("meeting-paper")
    own = {"venue": "Ginebra", "organizer": ["Mi oficina"], "title_footnote": "Mi nota."}
    assert usable_fields(template, own, "es") == {**usable_fields(template, {}, "es"), **own}


def test_meeting_paper_defaults_render_in_french() -> None:
    doc = make_meeting_doc()
    doc.language = "fr"
    doc.fields = {**doc.fields, "organizer": ["Population Division",
                                              "Department of Economic and Social Affairs",
                                              "United Nations Secretariat"]}
    html = render_html(doc).html
    assert "Division de la population" in html
    assert "Population Division" not in html
    assert "Les opinions exprimées" in html


# French and Spanish spacing

@pytest.mark.parametrize(("typed", "set_"), [
    ("Pourquoi? Parce que: voilà; enfin!", f"Pourquoi{NNBSP}? Parce que{NBSP}: voilà{NNBSP}; "
                                           f"enfin{NNBSP}!"),
    ("Pourquoi ? Parce que : voilà", f"Pourquoi{NNBSP}? Parce que{NBSP}: voilà"),
    ("il a dit «bonjour» puis « salut »", f"il a dit «{NNBSP}bonjour{NNBSP}» puis "
                                          f"«{NNBSP}salut{NNBSP}»"),
    ("1 000 000 personnes, soit 3,1% et 4 %", f"1{NNBSP}000{NNBSP}000 personnes, soit "
                                              f"3,1{NNBSP}% et 4{NNBSP}%"),
    ("voir http://un.org/a?b=1 à 10:30", "voir http://un.org/a?b=1 à 10:30"),
    ("en 2013 et 2014", "en 2013 et 2014"),
    ("quoi ?!", f"quoi{NNBSP}?!"),
])
def test_french_spaces(typed: str, set_: str) -> None:
    assert french(typed) == set_


def test_spanish_groups_digits_and_keeps_its_punctuation_tight() -> None:
    assert spanish("¿Cuántos? 1 000 personas: el 3,1 % y 4%") == (
        f"¿Cuántos? 1{NNBSP}000 personas: el 3,1{NNBSP}% y 4%")


def test_spacing_touches_text_only() -> None:
    page = ('<html><head><title>a: b</title><style>p:first-child{}</style></head><body>'
            '<p class="x: y" title="a ; b">Texte <em>mot</em>: suite &amp; fin; oui</p>'
            "<p>: non</p></body></html>")
    spaced = space_punctuation(page, "fr")
    assert spaced.startswith('<html><head><title>a: b</title><style>p:first-child{}</style>')
    assert '<p class="x: y" title="a ; b">' in spaced
    assert f"<em>mot</em>{NBSP}: suite &amp; fin{NNBSP}; oui" in spaced
    assert "<p>: non</p>" in spaced
    assert space_punctuation(page, "en") == page
