"""The compendium's front speaks the compendium's language; contributions keep theirs."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdf
import pytest

from app.core.compile.compendium import cover_of
from app.core.document.service import RapporteurFile
from app.core.render import compendium
from app.core.render.jobs import compendium_job

ENGLISH_WORDS = ("United Nations", "Contents", "Compendium", "Eighty", "Item", "agenda")
FRENCH_TEXT = "Les migrations relient les pays d’origine, de transit et de destination."
ARABIC_TEXT = "تربط الهجرة الدولية بين بلدان المنشأ والعبور والمقصد."


def _build(path: Path, report_language: str | None) -> Path:
    """Create a file: a report in report_language (None: no report), two contributions."""
    with RapporteurFile.create(path, author="Tester") as rfile:
        if report_language:
            rfile.add_document(title="Migrations et développement", template="sg-report",
                               language=report_language, fields={
                                   "symbol": "A/81/123", "session": "81",
                                   "agenda_item": "19 (c)"})
        for entity, language, text in (("OIM", "fr", FRENCH_TEXT), ("ESCWA", "ar", ARABIC_TEXT),
                                        ("HCR", "fr", FRENCH_TEXT)):
            doc = rfile.add_document(title=f"Contribution {entity}", template="agency-input",
                                     language=language, fields={"entity": entity})
            rfile.add_section(doc.id, heading="Introduction", body=f"<p>{text}</p>")
    return path


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], pypdf.PdfReader]:
    """Return the job and PDF of a compendium whose report is in French."""
    path = _build(tmp_path_factory.mktemp("fr") / "fr.rapporteur", "fr")
    with RapporteurFile.open(path, readonly=True) as rfile:
        job = compendium_job(rfile, path)
    return job, pypdf.PdfReader(io.BytesIO(compendium.render_compendium(job).pdf))


def test_a_french_compendium_has_no_english_boilerplate(
        french: tuple[dict[str, Any], pypdf.PdfReader]) -> None:
    job, reader = french
    cover, contents = (page.extract_text() for page in reader.pages[:2])
    for word in ENGLISH_WORDS:
        assert word not in cover + contents, word
    assert "Nations Unies" in cover
    assert "Recueil des contributions" in cover
    assert "Quatre-vingt-unième session" in cover
    assert "Point 19 c) de l’ordre du jour provisoire" in cover
    assert "Contributions\u00a0: 3" in cover
    assert contents.startswith("Table des matières")
    assert reader.outline[0].title == "Table des matières"
    assert job["cover"]["language"] == "fr"


def test_each_contribution_keeps_its_own_language(
        french: tuple[dict[str, Any], pypdf.PdfReader]) -> None:
    job, reader = french
    assert [item["document"]["language"] for item in job["contributions"]] == ["ar", "fr", "fr"]
    arabic = next(page.extract_text() for page in reader.pages[2:]
                  if "ESCWA" in page.extract_text())
    assert "مساهمة في تقرير الأمين العام" in arabic


def test_without_a_report_the_front_takes_the_contributions_usual_language(
        tmp_path: Path) -> None:
    path = _build(tmp_path / "plain.rapporteur", None)
    with RapporteurFile.open(path, readonly=True) as rfile:
        cover = cover_of(rfile, path)
    assert (cover.language, cover.title, cover.subtitle) == (
        "fr", "Recueil des contributions", "plain.rapporteur")


def test_an_arabic_front_is_right_to_left_and_arabic(tmp_path: Path) -> None:
    path = _build(tmp_path / "ar.rapporteur", "ar")
    with RapporteurFile.open(path, readonly=True) as rfile:
        job = compendium_job(rfile, path)
    html = compendium.front_page(job, None).html
    assert '<html lang="ar" dir="rtl">' in html
    for words in ("الأمم المتحدة", "مجموعة المساهمات", "المحتويات", "الدورة الحادية والثمانون"):
        assert words in html, words
    for word in ENGLISH_WORDS:
        assert word not in html, word


def test_contents_titles_line_up_whatever_their_direction(
        french: tuple[dict[str, Any], pypdf.PdfReader]) -> None:
    import pdfplumber

    job, reader = french
    out = io.BytesIO()
    writer = pypdf.PdfWriter()
    writer.add_page(reader.pages[1])
    writer.write(out)
    with pdfplumber.open(io.BytesIO(out.getvalue())) as opened:
        lines = opened.pages[0].extract_text_lines()
    titles = [line["x0"] for line in lines if line["text"].startswith("Contribution ")]
    assert len(titles) == 3
    assert max(titles) - min(titles) < 1  # the Arabic contribution's title too
