"""The compendium: every contribution in one PDF, cover, exact contents, outline, numbering."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pypdf
import pytest

from app.core.compile.compendium import GENERIC_TITLE, cover_of, ordered_contributions
from app.core.document.service import RapporteurFile
from app.core.errors import RenderError
from app.core.render import compendium
from app.core.render.jobs import compendium_job
from app.core.render.pdf import PdfResult
from tests.core.render.compendium_sample import (
    CONTRIBUTIONS,
    ILO,
    IOM,
    REPORT_TITLE,
    SESSION,
    SYMBOL,
    UNHCR,
    build,
)

ORDER = [ILO, UNHCR, IOM]  # by entity name
TITLES = {entity: title for entity, _, _, title, _ in CONTRIBUTIONS}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the sample file: a report and three contributions."""
    return build(tmp_path_factory.mktemp("compendium") / "migration.rapporteur")


@pytest.fixture(scope="module")
def job(sample: Path) -> dict[str, Any]:
    """Return the sample's compendium job."""
    with RapporteurFile.open(sample, readonly=True) as rfile:
        return compendium_job(rfile, sample)


@pytest.fixture(scope="module")
def result(job: dict[str, Any]) -> PdfResult:
    """Return the sample's compendium rendered (once per module)."""
    return compendium.render_compendium(job)


@pytest.fixture(scope="module")
def reader(result: PdfResult) -> pypdf.PdfReader:
    """Return the compendium PDF opened with pypdf."""
    return pypdf.PdfReader(io.BytesIO(result.pdf))


def _texts(reader: pypdf.PdfReader) -> list[str]:
    """Return each page's text."""
    return [page.extract_text() for page in reader.pages]


def _start_pages(texts: list[str]) -> dict[str, int]:
    """Return the page (from 1) where each contribution's title first appears after the front."""
    return {entity: next(n for n, text in enumerate(texts, start=1)
                         if n > 2 and TITLES[entity].upper() in text.upper())
            for entity in ORDER}


def test_contributions_are_ordered_by_entity_without_a_tracker(job: dict[str, Any]) -> None:
    assert [item["entity"] for item in job["contributions"]] == ORDER


def test_the_tracker_order_comes_first(tmp_path: Path) -> None:
    path = build(tmp_path / "tracked.rapporteur")
    with RapporteurFile.open(path) as rfile:
        ids = {d.title: d.id for d in rfile.documents()}
        report = next(d for d in rfile.documents() if d.template == "sg-report")
        with rfile.transaction():
            for position, entity in enumerate([IOM, UNHCR]):
                rfile.repo.insert_row("tracker", {
                    "id": f"t{position}", "report_id": report.id, "entity": entity,
                    "document_id": ids[TITLES[entity]], "position": position,
                    "created": "2026-01-01", "modified": "2026-01-01"})
        ordered = [d.title for d in ordered_contributions(rfile)]
    assert ordered == [TITLES[IOM], TITLES[UNHCR], TITLES[ILO]]


def test_the_cover_names_the_report_or_else_the_file(tmp_path: Path, sample: Path) -> None:
    with RapporteurFile.open(sample, readonly=True) as rfile:
        cover = cover_of(rfile, sample)
    assert (cover.title, cover.symbol, cover.session[0]) == (REPORT_TITLE, SYMBOL, SESSION)
    plain = build(tmp_path / "plain.rapporteur", report=False)
    with RapporteurFile.open(plain, readonly=True) as rfile:
        cover = cover_of(rfile, plain)
    assert (cover.title, cover.subtitle, cover.symbol) == (GENERIC_TITLE, plain.name, "")


def test_the_cover_and_contents_come_first(reader: pypdf.PdfReader) -> None:
    cover, contents = _texts(reader)[:2]
    for words in (SYMBOL, SESSION, REPORT_TITLE, "Compendium of contributions"):
        assert words in cover
    assert contents.startswith("Contents")


def test_the_contents_give_the_page_each_contribution_starts_on(
        reader: pypdf.PdfReader) -> None:
    texts = _texts(reader)
    starts = _start_pages(texts)
    for entity in ORDER:
        listed = re.search(re.escape(entity) + r"\s+" + re.escape(TITLES[entity]) + r"\s+(\d+)",
                           texts[1])
        assert listed is not None, entity
        assert int(listed.group(1)) == starts[entity]
    assert starts[ILO] == 3 < starts[UNHCR] < starts[IOM]


def test_each_contribution_starts_on_a_new_page_in_its_own_template(
        reader: pypdf.PdfReader) -> None:
    texts = _texts(reader)
    starts = _start_pages(texts)
    assert "COORDINATION MEETING" in texts[starts[ILO] - 1]  # meeting-paper masthead
    for entity in (UNHCR, IOM):
        first = texts[starts[entity] - 1]
        # agency-input's masthead, in the contribution's own language
        assert re.search(r"Input to the report of the Secretary-General|"
                         r"Contribution au rapport du Secrétaire\sgénéral", first)
        assert TITLES[entity] in first
    assert len(set(starts.values())) == 3


def test_page_numbers_run_on_in_the_footers(reader: pypdf.PdfReader,
                                            result: PdfResult) -> None:
    texts = _texts(reader)
    assert result.page_count == len(texts) > 6
    for number, text in enumerate(texts[1:], start=2):
        assert text.strip().splitlines()[-1].strip() == str(number), number
    assert not re.search(r"^\s*1\s*$", texts[0], re.M)  # the cover has no folio


def test_footnotes_restart_at_one_in_each_contribution(reader: pypdf.PdfReader) -> None:
    notes: dict[str, list[tuple[int, int]]] = {entity: [] for entity in ORDER}
    for text in _texts(reader):
        for mark, number, entity in re.findall(r"^(\d+) ?Note (\d+) of (.+)\.$", text, re.M):
            notes[entity].append((int(mark), int(number)))
    for entity in (ILO, UNHCR, IOM):
        assert notes[entity], entity
        assert notes[entity][0] == (1, 1)
        assert all(mark == number for mark, number in notes[entity])


def test_one_outline_entry_per_contribution_with_its_sections_under_it(
        reader: pypdf.PdfReader) -> None:
    outline = reader.outline
    tops = [(index, item) for index, item in enumerate(outline) if not isinstance(item, list)]
    assert [item.title for _, item in tops] == [
        "Contents", *(f"{entity} — {TITLES[entity]}" for entity in ORDER)]
    starts = _start_pages(_texts(reader))
    for entity, (index, item) in zip(ORDER, tops[1:], strict=True):
        assert reader.get_destination_page_number(item) + 1 == starts[entity]
        children = outline[index + 1]
        assert isinstance(children, list)
        headings = [h for e, _, _, _, sections in CONTRIBUTIONS if e == entity
                    for h, _ in sections]
        top_level = [child.title for child in children if not isinstance(child, list)]
        assert [re.sub(r"^[IVX]+\. ", "", title) for title in top_level] == headings


def test_the_contents_link_to_each_contribution(reader: pypdf.PdfReader) -> None:
    links = [annot.get_object() for annot in reader.pages[1].get("/Annots", [])]
    targets = {str(link["/Dest"]) for link in links if "/Dest" in link}
    assert targets == {f"contribution-{n}" for n in (1, 2, 3)}
    starts = _start_pages(_texts(reader))
    named = reader.named_destinations
    for n, entity in enumerate(ORDER, start=1):
        assert reader.get_destination_page_number(named[f"contribution-{n}"]) + 1 == \
            starts[entity]


def test_each_contribution_keeps_its_language_and_direction(
        job: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []
    real = compendium.layout

    def spy(html: Any, **kwargs: Any) -> Any:
        seen.append(html.html)
        return real(html, **kwargs)

    arabic = {**job["contributions"][0], "entity": "ESCWA", "title": "الهجرة"}
    arabic["document"] = {**arabic["document"], "language": "ar"}
    small = {**job, "contributions": [job["contributions"][2], arabic]}
    monkeypatch.setattr(compendium, "layout", spy)
    compendium.render_compendium(small)
    parts = [html for html in seen if "compendium.css" not in html]
    assert re.search(r'<html lang="fr" dir="ltr"', parts[0])
    assert re.search(r'<html lang="ar" dir="rtl"', parts[1])


def test_a_file_without_contributions_cannot_be_compiled(tmp_path: Path) -> None:
    path = tmp_path / "empty.rapporteur"
    with RapporteurFile.create(path) as rfile, pytest.raises(RenderError, match="no contribution"):
        compendium_job(rfile, path)


def test_the_worker_job_reports_failure_as_an_outcome() -> None:
    outcome = compendium.compendium_render_job({"cover": {}, "contributions": []})
    assert outcome.error
    assert not outcome.pdf
