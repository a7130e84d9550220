"""The fixed words of UN document templates, one complete table per official language.

Templates print "United Nations", "Distr.:", "Original:", "Summary", the organs, the
subtitle choices, the agency-input and session-block phrases from here rather than
spelling them in their HTML. Every table has every key (tests/core/render/test_terms.py);
a language without a table (and an unknown key) falls back to English.

Sources: the masthead table of the UN format reference (../shared/reference) and UN
documents found with the search tool: French A/53/250 ("Distr. générale", "Français",
"Original: anglais"), Spanish A/59/100 and A/63/959 ("Distr. general", "Español",
"Original: inglés", "Tema 110 del programa"), Russian A/69/972 ("Distr.: General",
"6 July 2015", "Russian", "Original: English" in English, then "Шестьдесят девятая
сессия", "Пункт 118 повестки дня", "Доклад Генерального секретаря", "Резюме"). Russian,
Arabic and Chinese documents keep the distribution block in English with the document's
language named in it; for Arabic and Chinese this is inferred from the Russian one and
the reference. The agency-input phrase ("Input to the report of the Secretary-General
on") and the Arabic and Chinese session and agenda phrasing are our translations in the
UN's terminology, not copied from a document.

Dates: Babel (CLDR) month names and patterns; Russian adds "года" as UN Russian texts
do; French writes the first of the month "1er"; Arabic writes both month names, Levantine
and Egyptian ("25 تموز/يوليه 2013"), as UN Arabic documents do, with the UN's "يونيه"
and "يوليه" where CLDR has "يونيو" and "يوليو".
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from types import MappingProxyType

from babel.dates import format_date as babel_date
from babel.dates import get_month_names

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)

# The distribution block of Russian, Arabic and Chinese documents stays in English.
_ENGLISH_BLOCK = {
    "distr": "Distr.:",
    "original": "Original:",
    "General": "General",
    "Limited": "Limited",
    "Restricted": "Restricted",
    "English": "English",
    "French": "French",
    "Spanish": "Spanish",
    "Russian": "Russian",
    "Arabic": "Arabic",
    "Chinese": "Chinese",
    "block_language": "en",  # the language of the date in the distribution block
}

_TABLES: dict[str, dict[str, str]] = {
    "en": {
        **_ENGLISH_BLOCK,
        "language_line": "",  # English documents leave that line blank
        "united_nations": "United Nations",
        "summary": "Summary",
        "advance_unedited": "Advance unedited version",
        "draft": "DRAFT",
        # The compendium's front (render/compendium.py).
        "compendium": "Compendium of contributions",
        "contents": "Contents",
        "contribution_count": "Contributions: {count}",
        "untitled": "Untitled",
        # Organs (the value stored in the `organ` field is the English name).
        "General Assembly": "General Assembly",
        "Economic and Social Council": "Economic and Social Council",
        "Security Council": "Security Council",
        "Human Rights Council": "Human Rights Council",
        # Subtitles (the field stores the English wording).
        "Report of the Secretary-General": "Report of the Secretary-General",
        "Note by the Secretary-General": "Note by the Secretary-General",
        "Note by the Secretariat": "Note by the Secretariat",
        "input_to_report": "Input to the report of the Secretary-General on {title}",
        "mandate": "Mandate:",
        "session": "{ordinal} session",
        "item_provisional": "Item {item} of the provisional agenda",
        "item_agenda": "Item {item} of the agenda",
    },
    "fr": {
        "distr": "Distr.",
        "original": "Original :",
        "General": "générale",
        "Limited": "limitée",
        "Restricted": "restreinte",
        "English": "anglais",
        "French": "français",
        "Spanish": "espagnol",
        "Russian": "russe",
        "Arabic": "arabe",
        "Chinese": "chinois",
        "block_language": "fr",
        "language_line": "Français",
        "united_nations": "Nations Unies",
        "summary": "Résumé",
        "advance_unedited": "Version préliminaire non éditée",
        "draft": "PROJET",
        "compendium": "Recueil des contributions",
        "contents": "Table des matières",
        "contribution_count": "Contributions : {count}",
        "untitled": "Sans titre",
        "General Assembly": "Assemblée générale",
        "Economic and Social Council": "Conseil économique et social",
        "Security Council": "Conseil de sécurité",
        "Human Rights Council": "Conseil des droits de l’homme",
        "Report of the Secretary-General": "Rapport du Secrétaire général",
        "Note by the Secretary-General": "Note du Secrétaire général",
        "Note by the Secretariat": "Note du Secrétariat",
        # "sur" would need the title with its articles ("sur les migrations…"); "intitulé
        # « … »" takes it as written, as the Russian "на тему «…»" does.
        "input_to_report": "Contribution au rapport du Secrétaire général intitulé « {title} »",
        "mandate": "Mandat :",
        "session": "{ordinal} session",
        "item_provisional": "Point {item} de l’ordre du jour provisoire",
        "item_agenda": "Point {item} de l’ordre du jour",
    },
    "es": {
        "distr": "Distr.",
        "original": "Original:",
        "General": "general",
        "Limited": "limitada",
        "Restricted": "reservada",
        "English": "inglés",
        "French": "francés",
        "Spanish": "español",
        "Russian": "ruso",
        "Arabic": "árabe",
        "Chinese": "chino",
        "block_language": "es",
        "language_line": "Español",
        "united_nations": "Naciones Unidas",
        "summary": "Resumen",
        "advance_unedited": "Versión anticipada no editada",
        "draft": "BORRADOR",
        "compendium": "Compilación de contribuciones",
        "contents": "Índice",
        "contribution_count": "Contribuciones: {count}",
        "untitled": "Sin título",
        "General Assembly": "Asamblea General",
        "Economic and Social Council": "Consejo Económico y Social",
        "Security Council": "Consejo de Seguridad",
        "Human Rights Council": "Consejo de Derechos Humanos",
        "Report of the Secretary-General": "Informe del Secretario General",
        "Note by the Secretary-General": "Nota del Secretario General",
        "Note by the Secretariat": "Nota de la Secretaría",
        "input_to_report": "Contribución al informe del Secretario General titulado “{title}”",
        "mandate": "Mandato:",
        "session": "{ordinal} período de sesiones",
        "item_provisional": "Tema {item} del programa provisional",
        "item_agenda": "Tema {item} del programa",
    },
    "ru": {
        **_ENGLISH_BLOCK,
        "language_line": "Russian",
        "united_nations": "Организация Объединенных Наций",
        "summary": "Резюме",
        "advance_unedited": "Предварительный неотредактированный вариант",
        "draft": "ПРОЕКТ",
        "compendium": "Сборник материалов",
        "contents": "Содержание",
        "contribution_count": "Число материалов: {count}",
        "untitled": "Без названия",
        "General Assembly": "Генеральная Ассамблея",
        "Economic and Social Council": "Экономический и Социальный Совет",
        "Security Council": "Совет Безопасности",
        "Human Rights Council": "Совет по правам человека",
        "Report of the Secretary-General": "Доклад Генерального секретаря",
        "Note by the Secretary-General": "Записка Генерального секретаря",
        "Note by the Secretariat": "Записка Секретариата",
        # "о" would need the title in the prepositional case; "на тему «…»" takes it as is.
        "input_to_report": "Материалы для доклада Генерального секретаря на тему «{title}»",
        "mandate": "Мандат:",
        "session": "{ordinal} сессия",
        "item_provisional": "Пункт {item} предварительной повестки дня",
        "item_agenda": "Пункт {item} повестки дня",
    },
    "ar": {
        **_ENGLISH_BLOCK,
        "language_line": "Arabic",
        "united_nations": "الأمم المتحدة",
        "summary": "موجز",
        "advance_unedited": "نسخة مسبقة غير محررة",
        "draft": "مسودة",
        "compendium": "مجموعة المساهمات",
        "contents": "المحتويات",
        "contribution_count": "عدد المساهمات: {count}",
        "untitled": "بدون عنوان",
        "General Assembly": "الجمعية العامة",
        "Economic and Social Council": "المجلس الاقتصادي والاجتماعي",
        "Security Council": "مجلس الأمن",
        "Human Rights Council": "مجلس حقوق الإنسان",
        "Report of the Secretary-General": "تقرير الأمين العام",
        "Note by the Secretary-General": "مذكرة من الأمين العام",
        "Note by the Secretariat": "مذكرة من الأمانة العامة",
        "input_to_report": "مساهمة في تقرير الأمين العام عن {title}",
        "mandate": "الولاية:",
        "session": "الدورة {ordinal}",
        "item_provisional": "البند {item} من جدول الأعمال المؤقت",
        "item_agenda": "البند {item} من جدول الأعمال",
    },
    "zh": {
        **_ENGLISH_BLOCK,
        "language_line": "Chinese",
        "united_nations": "联合国",
        "summary": "摘要",
        "advance_unedited": "未经编辑的预发本",
        "draft": "草稿",
        "compendium": "材料汇编",
        "contents": "目录",
        "contribution_count": "材料数：{count}",
        "untitled": "无标题",
        "General Assembly": "大会",
        "Economic and Social Council": "经济及社会理事会",
        "Security Council": "安全理事会",
        "Human Rights Council": "人权理事会",
        "Report of the Secretary-General": "秘书长的报告",
        "Note by the Secretary-General": "秘书长的说明",
        "Note by the Secretariat": "秘书处的说明",
        "input_to_report": "为秘书长关于{title}的报告提供的材料",
        "mandate": "任务授权：",
        "session": "第{ordinal}届会议",
        "item_provisional": "临时议程项目{item}",
        "item_agenda": "议程项目{item}",
    },
}

# Babel date patterns: the UN writes no weekday, no comma and no ordinal.
_PATTERNS = {
    "en": "d MMMM y",
    "fr": "d MMMM y",
    "es": "d 'de' MMMM 'de' y",
    "ru": "d MMMM y 'года'",
    "zh": "y年M月d日",
}
_UN_ARABIC_MONTHS = {"يونيو": "يونيه", "يوليو": "يوليه"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ENGLISH_DATE = re.compile(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$")


def base_language(language: str) -> str:
    """Return the primary subtag of a language tag, lower case ("fr-CH" gives "fr")."""
    return (language or "en").split("-")[0].split("_")[0].lower()


def terms_for(language: str) -> Mapping[str, str]:
    """Return the fixed words for a language tag ("fr-CH" uses "fr"), English filling gaps."""
    return MappingProxyType({**_TABLES["en"], **_TABLES.get(base_language(language), {})})


def term(language: str, key: str) -> str:
    """Return one fixed word in a language; an unknown key is returned as it is."""
    return terms_for(language).get(key, key)


def tables() -> Mapping[str, Mapping[str, str]]:
    """Return every language's own table (without the English fallback)."""
    return MappingProxyType({code: MappingProxyType(table) for code, table in _TABLES.items()})


def format_date(value: str, language: str) -> str:
    """Return a date written the UN way in a language ("25 July 2013", "25 juillet 2013").

    Accepts an ISO date (2013-07-25) or an English one (25 July 2013); anything else
    (a range such as "4–15 November 2019", a date already translated) is returned as it is.
    """
    text = (value or "").strip()
    date = parse_date(text)
    return text if date is None else write_date(date, language)


def write_date(date: datetime.date, language: str) -> str:
    """Return a date in a language's UN form, through Babel."""
    base = base_language(language)
    if base == "ar":
        return f"{date.day} {_arabic_month(date.month)} {date.year}"
    written = babel_date(date, _PATTERNS.get(base, _PATTERNS["en"]),
                         locale=base if base in _PATTERNS else "en")
    if base == "fr" and date.day == 1:
        written = "1er" + written[1:]
    return written


def _arabic_month(month: int) -> str:
    """Return the UN's two Arabic names of a month, Levantine then Egyptian."""
    levantine = get_month_names("wide", locale="ar_SY")[month]
    egyptian = get_month_names("wide", locale="ar_EG")[month]
    return f"{levantine}/{_UN_ARABIC_MONTHS.get(egyptian, egyptian)}"


def parse_date(value: str) -> datetime.date | None:
    """Return the date an ISO or English date string names, or None."""
    text = (value or "").strip()
    try:
        if match := _ISO_DATE.match(text):
            return datetime.date(*(int(part) for part in match.groups()))
        if (match := _ENGLISH_DATE.match(text)) and match.group(2) in ENGLISH_MONTHS:
            month = ENGLISH_MONTHS.index(match.group(2)) + 1
            return datetime.date(int(match.group(3)), month, int(match.group(1)))
    except ValueError:
        return None
    return None
