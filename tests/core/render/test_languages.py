"""Each template in each of the six languages: the PDF uses only bundled, embedded fonts,
misses no glyph, extracts its text in reading order, carries the language's own fixed
words and no English boilerplate; French lines never start with : ; ! ? % » nor end
with «; French and Spanish label subdivisions a) and b); French text is hyphenated."""

from __future__ import annotations

import io
import re
from functools import cache

import pdfplumber
import pypdf
import pytest

from app.core.render.html import render_html
from app.core.render.pdf import render_pdf
from tests.core.render.language_samples import LANGUAGES, TEMPLATES, TEXT, sample

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
# English words of the templates and of their defaults.
BOILERPLATE = (
    "Input to the report", "Mandate", "Summary", "Report of the Secretary-General",
    "Note by the", "United Nations", "General Assembly", "Population Division",
    "Department of Economic", "New York", "The views expressed", "provisional agenda",
    "Item 21", "Sixty-eighth", "Advance unedited",
)
# Russian, Arabic and Chinese documents print the distribution block in English, as the
# UN does (A/69/972 in Russian: "Distr.: General / 6 July 2015 / Russian / Original:
# English"); French and Spanish ones translate it.
ENGLISH_BLOCK = {"ru": "Russian", "ar": "Arabic", "zh": "Chinese"}
SPACES = re.compile("[ \u00a0\u202f]+")


@cache
def pdf(template: str, language: str) -> bytes:
    """Return the PDF of the sample document (rendered once per session)."""
    return render_pdf(render_html(sample(template, language))).pdf


def text(template: str, language: str) -> str:
    """Return the PDF's text, no-break spaces as spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf(template, language)))
    found = "\n".join(page.extract_text() for page in reader.pages)
    return SPACES.sub(" ", found).replace("\x00", "")  # NULs: a CJK font without ToUnicode


def lines(template: str, language: str) -> list[str]:
    """Return every line of the PDF's text, as pdfplumber groups the characters."""
    with pdfplumber.open(io.BytesIO(pdf(template, language))) as document:
        return [line["text"] for page in document.pages for line in page.extract_text_lines()]


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != "en"])
@pytest.mark.parametrize("template", TEMPLATES)
def test_no_english_boilerplate(template: str, language: str) -> None:
    found = text(template, language)
    if language in ENGLISH_BLOCK and template == "sg-report":
        block = ("Distr.: General", ENGLISH_BLOCK[language], "Original: English")
        rows = found.splitlines()
        assert all(row in rows for row in block)
        date = next(row for row in rows if "July" in row)
        assert sorted(date.split()) == ["2013", "25", "July"]  # Arabic extracts it RTL
        found = "\n".join(row for row in rows if row not in (*block, date))
    for words in (*BOILERPLATE, "Distr.:", "Original: English", *MONTHS):
        if not (words == "New York" and language == "fr"):  # French for New York
            assert words not in found, words
    assert not re.search(r"\bsession\b", found) or language == "fr"


@pytest.mark.parametrize("template", TEMPLATES)
def test_english_keeps_its_words(template: str) -> None:
    found = re.sub(r"(?<=\w) ?\n(?=\w)", " ", text(template, "en"))
    expected = {
        "meeting-paper": ("Population Division", "New York, 21-22 February 2013",
                          "The views expressed in this paper"),
        "agency-input": ("Input to the report of the Secretary-General on International",
                         "Mandate: A/RES/67/219", "Sixty-eighth session",
                         "Item 21 (e) of the provisional agenda", "25 July 2013"),
        "sg-report": ("United Nations", "General Assembly", "Distr.: General 25 July 2013",
                      "Original: English", "Sixty-eighth session", "Summary",
                      "Report of the Secretary-General"),
    }[template]
    for words in expected:
        assert words in found, words


@pytest.mark.parametrize(("template", "words"), [
    ("sg-report", ("Nations Unies", "Assemblée générale", "Distr. générale", "25 juillet 2013",
                   "Français", "Original : anglais", "Soixante-huitième session",
                   "Point 21 e) de l’ordre du jour provisoire", "Rapport du Secrétaire général",
                   "Résumé")),
    ("agency-input", ("Contribution au rapport du Secrétaire général intitulé « Migrations",
                      "Mandat : A/RES/67/219", "25 juillet 2013", "Soixante-huitième session")),
    ("meeting-paper", ("Division de la population", "Département des affaires économiques",
                       "New York, 21-22 février 2013", "Les opinions exprimées")),
])
def test_french_words(template: str, words: tuple[str, ...]) -> None:
    found = text(template, "fr").replace("\n", " ")
    for word in words:
        assert word in found, word


@pytest.mark.parametrize(("template", "words"), [
    ("sg-report", ("Naciones Unidas", "Asamblea General", "Distr. general",
                   "25 de julio de 2013", "Español", "Original: inglés",
                   "Sexagésimo octavo período de sesiones", "Tema 21 e) del programa",
                   "Informe del Secretario General", "Resumen")),
    ("agency-input", ("Contribución al informe del Secretario General titulado “Migración",
                      "25 de julio de 2013")),
    ("meeting-paper", ("División de Población", "Nueva York, 21 y 22 de febrero de 2013",
                       "Las opiniones expresadas")),
])
def test_spanish_words(template: str, words: tuple[str, ...]) -> None:
    found = text(template, "es").replace("\n", " ")
    for word in words:
        assert word in found, word


def test_russian_words() -> None:
    found = text("sg-report", "ru").replace("\n", " ")
    for word in ("Организация Объединенных Наций", "Генеральная Ассамблея",
                 "Шестьдесят восьмая сессия", "Пункт 21(e) предварительной повестки дня",
                 "Доклад Генерального секретаря", "Резюме"):
        assert word in found, word
    assert "25 июля 2013 года" in text("agency-input", "ru")


@pytest.mark.parametrize("template", TEMPLATES)
def test_french_lines_never_start_or_end_with_a_detached_mark(template: str) -> None:
    found = lines(template, "fr")
    assert len(found) > 30
    for line in found:
        assert not re.match(r"^[:;!?%»]", line.strip()), line
        assert not line.strip().endswith("«"), line


@pytest.mark.parametrize(("language", "labels"), [
    ("fr", ("a) Ateliers régionaux", "b) Cours en ligne")),
    ("es", ("a) Talleres regionales", "b) Cursos en línea")),
    ("en", ("(a) Regional workshops", "(b) Online courses")),
])
@pytest.mark.parametrize("template", ["sg-report", "agency-input"])
def test_subdivision_labels(template: str, language: str, labels: tuple[str, ...]) -> None:
    found = [re.sub(r"\s+", " ", line).strip() for line in lines(template, language)]
    for label in labels:
        assert label in found, label
    assert not any(line.startswith("(a)") for line in found) or language == "en"


def test_french_text_is_hyphenated() -> None:
    source = " ".join(TEXT["fr"]["paragraphs"])
    broken = [line.strip() for line in lines("sg-report", "fr")]
    hyphenated = [
        (line, after) for line, after in zip(broken, broken[1:], strict=False)
        if re.search(r"\w[-\u2010]$", line)
        and (line.split()[-1][:-1] + after.split()[0]) in source  # a word cut, not a compound
    ]
    assert hyphenated


BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")  # poppler marks embeddings
BUNDLED_FAMILIES = ("Liberation-Serif", "UN-Serif-SC", "Noto-Naskh-Arabic")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("template", TEMPLATES)
def test_bundled_fonts_only_no_missing_glyph_and_text_in_reading_order(
        template: str, language: str, pdf_fonts) -> None:
    fonts = pdf_fonts(pdf(template, language))
    assert fonts
    for name, embedded in fonts:
        assert embedded, name
        assert name.split("+", 1)[-1].startswith(BUNDLED_FAMILIES), name
    result = render_pdf(render_html(sample(template, language)))
    assert not [w for w in result.warnings if "no bundled font" in w or "missing" in w]
    found = SPACES.sub(" ", BIDI_CONTROLS.sub("", _poppler_text(pdf(template, language))))
    first = TEXT[language]["paragraphs"][0]
    words = [w.strip("،,.;:") for w in first.split()[:6]] if language != "zh" \
        else [first[:6], first[6:12]]
    at = 0
    for word in words:  # each in turn, after the one before: logical order
        at = found.find(word, at)
        assert at >= 0, (word, found[:400])


def _poppler_text(data: bytes) -> str:
    """Return the text poppler extracts (logical order for right-to-left text)."""
    import subprocess

    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True,
                          check=True).stdout.decode("utf-8")
