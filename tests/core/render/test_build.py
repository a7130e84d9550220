"""Parallel, cached builds give the very PDF a one-process build gives (app.core.render.build).

Compared: page count, the text of every page (page numbers and totals, footnote and
paragraph numbers, running heads), the outline (titles, nesting, pages) and the tag
tree (its elements by type, the document language, a parent-tree entry per page).
"""

from __future__ import annotations

import copy
import io
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from app.core.render import buildcache
from app.core.render.build import Built, build
from app.core.render.buildcache import BuildCache
from app.core.render.buildpool import BuildPool
from app.core.render.pdf import DEFAULT_VARIANT
from app.core.render.worker import render_job
from tests.bench.generated import make_document

REPO = Path(__file__).resolve().parents[3]
SAMPLE = REPO / "resources" / "samples" / "sg-report.rapporteur"


def _pages(pdf: bytes) -> list[str]:
    """Return the text of every page (poppler's pdftotext: pypdf takes 9 s for 150 pages)."""
    if shutil.which("pdftotext") is None:
        return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True,
                          check=True).stdout.decode("utf-8")
    return text.split("\f")


def _outline(pdf: bytes) -> list[tuple[int, str, int]]:
    """Return the outline as (depth, title, page)."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    out: list[tuple[int, str, int]] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                out.append((depth, item.title, reader.get_destination_page_number(item)))

    walk(reader.outline, 0)
    return out


def _tags(pdf: bytes) -> tuple[Counter[str], str, bool]:
    """Return the structure elements by type, the language, and whether every page's
    marked content has its parent-tree entry."""
    document = pikepdf.open(io.BytesIO(pdf))
    root = document.Root.StructTreeRoot
    found: Counter[str] = Counter()

    def walk(node: Any) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found[str(kid.S)] += 1
                walk(kid)

    walk(root)
    nums = list(root.ParentTree.Nums)
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    mapped = all(int(page.obj.StructParents) in keys for page in document.pages
                 if "/StructParents" in page.obj)
    return found, str(document.Root.Lang), mapped


def assert_same(expected: bytes, built: bytes, *, mirrored: bool = False) -> None:
    """Assert two PDFs are the same document, page by page, outline and tags.

    mirrored: a bracket reads as either bracket. WeasyPrint maps a glyph to one
    character per font, so the bracket glyph an Arabic run draws mirrored reads as
    whichever bracket used it first; a first build's page furniture has a font of its own.
    """
    def text(pdf: bytes) -> list[str]:
        pages = _pages(pdf)
        return [page.replace(")", "(") for page in pages] if mirrored else pages

    assert text(built) == text(expected)
    assert _outline(built) == _outline(expected)
    tags = _tags(built)
    assert tags == _tags(expected)
    assert tags[2]


def _build(job: dict[str, Any], cache: Path, pool: BuildPool, **options: Any) -> Built:
    """Return a build of job that succeeded."""
    built = build(job, DEFAULT_VARIANT, cache_dir=cache, pool=pool, **options)
    assert not built.outcome.error
    return built


def _forget_parts(cache: Path) -> None:
    """Drop every cached PDF (parts and whole documents), keep the layouts."""
    for pdf in cache.rglob("*.pdf"):
        pdf.unlink()
        pdf.with_suffix(".json").unlink()


def _layout_file(cache: Path) -> Path:
    """Return the saved layout of the one document built."""
    found = list(cache.rglob("layout-*.json"))
    assert len(found) == 1
    return found[0]


@pytest.fixture(scope="module")
def sample_job() -> dict[str, Any]:
    """Return the render job of the bundled sample report."""
    from app.core.document.service import RapporteurFile
    from app.core.render.jobs import document_job

    with RapporteurFile.open(SAMPLE, readonly=True) as rfile:
        return document_job(rfile, rfile.documents()[0])


def test_the_sample_report_in_parts_is_the_one_process_pdf(sample_job, tmp_path, pool):
    one = render_job(sample_job, DEFAULT_VARIANT)
    first = _build(sample_job, tmp_path, pool, part_pages=2)
    assert first.parts > 1
    assert_same(one.pdf, first.outcome.pdf)
    _forget_parts(tmp_path)
    parallel = _build(sample_job, tmp_path, pool, part_pages=2)
    assert parallel.rendered >= parallel.parts > 1
    assert_same(one.pdf, parallel.outcome.pdf)
    assert parallel.outcome.page_count == one.page_count
    assert parallel.outcome.warnings == one.warnings


@pytest.mark.parametrize("template", ["agency-input", "sg-report", "meeting-paper"])
def test_each_template_in_parts_is_the_one_process_pdf(template, tmp_path, pool):
    job = {**make_document(24, seed=3), "template": template}
    one = render_job(job, DEFAULT_VARIANT)
    _build(job, tmp_path, pool, part_pages=4)
    _forget_parts(tmp_path)
    parallel = _build(job, tmp_path, pool, part_pages=4)
    assert parallel.parts > 2
    assert_same(one.pdf, parallel.outcome.pdf)


def test_a_150_page_document_in_turns_then_in_parts_is_the_one_process_pdf(tmp_path, pool):
    job = make_document(150)
    one = render_job(job, DEFAULT_VARIANT)
    first = _build(job, tmp_path, pool)
    assert first.outcome.page_count == one.page_count >= 140
    assert first.rendered == first.parts >= 10  # paginated in turns, not in one process
    assert_same(one.pdf, first.outcome.pdf)
    _forget_parts(tmp_path)
    parallel = _build(job, tmp_path, pool)
    assert parallel.rendered >= parallel.parts >= 5
    assert_same(one.pdf, parallel.outcome.pdf)


def _edited(job: dict[str, Any], chapter: int) -> dict[str, Any]:
    """Return job with one word added to the first part of a chapter."""
    changed = copy.deepcopy(job)
    part = changed["sections"][chapter]["sections"][0]
    part["body"] = part["body"].replace("<p>", "<p>Edited ", 1)
    return changed


def test_after_an_edit_only_the_parts_that_changed_are_rendered(tmp_path, pool):
    job = make_document(40, seed=5)
    first = _build(job, tmp_path, pool, part_pages=4)
    edited = _edited(job, len(job["sections"]) - 1)
    again = _build(edited, tmp_path, pool, part_pages=4)
    assert 1 <= again.rendered < again.parts
    assert first.parts > 3
    assert_same(render_job(edited, DEFAULT_VARIANT).pdf, again.outcome.pdf)


def test_an_unchanged_document_comes_from_the_cache(tmp_path, pool):
    job = make_document(12, seed=7)
    first = _build(job, tmp_path, pool, part_pages=3)
    again = _build(job, tmp_path, pool, part_pages=3)
    assert again.rendered == 0
    assert again.outcome.pdf == first.outcome.pdf
    assert again.outcome.page_count == first.outcome.page_count
    fresh = _build(job, tmp_path, pool, part_pages=3, use_cache=False)
    assert fresh.rendered > 0
    assert_same(first.outcome.pdf, fresh.outcome.pdf)


def test_stale_page_numbers_are_rendered_again_never_shipped(tmp_path, pool):
    job = make_document(24, seed=9)
    _build(job, tmp_path, pool, part_pages=4)
    layout = _layout_file(tmp_path)
    data = json.loads(layout.read_text())
    data["total"] += 3
    data["tops"] = [[sid, child, page + 1] for sid, child, page in data["tops"]]
    layout.write_text(json.dumps(data))
    _forget_parts(tmp_path)
    stale = _build(job, tmp_path, pool, part_pages=4)
    assert stale.rendered > stale.parts  # rendered with the guess, then with the truth
    assert_same(render_job(job, DEFAULT_VARIANT).pdf, stale.outcome.pdf)


def test_a_cut_no_longer_at_a_page_top_is_merged_away(tmp_path, pool):
    job = make_document(24, seed=11)
    _build(job, tmp_path, pool, part_pages=4)
    layout = _layout_file(tmp_path)
    data = json.loads(layout.read_text())
    tops = data["tops"]
    data["tops"] = [[sid, child + 1, page] for sid, child, page in tops if child >= 0]
    layout.write_text(json.dumps(data))
    _forget_parts(tmp_path)
    moved = _build(job, tmp_path, pool, part_pages=4)
    assert_same(render_job(job, DEFAULT_VARIANT).pdf, moved.outcome.pdf)


def test_progress_is_reported_and_a_build_can_be_cancelled(tmp_path, pool):
    job = make_document(12, seed=13)
    seen: list[tuple[int, int]] = []
    done = _build(job, tmp_path, pool, part_pages=3, progress=lambda d, e: seen.append((d, e)))
    assert seen
    assert seen[-1] == (done.outcome.page_count, done.outcome.page_count)
    stopped = build(make_document(30, seed=14), DEFAULT_VARIANT, cache_dir=tmp_path,
                    pool=BuildPool(1), cancelled=lambda: True)
    assert stopped.outcome.cancelled
    assert stopped.outcome.error


def test_links_inside_the_document_build_in_one_process(tmp_path, pool):
    job = make_document(8, seed=15)
    job["sections"][0]["body"] += '<p>See <a href="#section-3">below</a>.</p>'
    built = _build(job, tmp_path, pool, part_pages=2)
    assert built.parts == 1
    assert built.rendered == 1
    assert _pages(built.outcome.pdf) == _pages(render_job(job, DEFAULT_VARIANT).pdf)


def test_the_cache_is_per_version_and_bounded(tmp_path, monkeypatch):
    old = BuildCache(tmp_path)
    old.put("a" * 64, b"%PDF old", {"pages": 1})
    monkeypatch.setattr(buildcache, "version_tag", lambda: "9.9-weasyprint99")
    new = BuildCache(tmp_path, limit=3000)
    assert not old.folder.exists()
    assert new.get("a" * 64) is None
    for number in range(5):
        new.put(f"{number:064d}", b"x" * 1000, {"pages": 1})
    new.prune()
    assert new.size() <= 3000
    assert new.get(f"{4:064d}") is not None
    assert new.get(f"{0:064d}") is None


def test_a_damaged_cache_entry_is_rendered_again(tmp_path, pool):
    job = make_document(8, seed=17)
    first = _build(job, tmp_path, pool, part_pages=2)
    for pdf in tmp_path.rglob("*.pdf"):
        pdf.write_bytes(b"%PDF damaged")
    again = _build(job, tmp_path, pool, part_pages=2)
    assert again.rendered > 0
    assert_same(first.outcome.pdf, again.outcome.pdf)


def test_render_builds_with_the_cache_and_prints_no_progress_when_piped(tmp_path, capsys):
    from app.cli import main

    target = tmp_path / "sample.rapporteur"
    shutil.copy(SAMPLE, target)
    out = tmp_path / "out.pdf"
    assert main(["render", str(target), "-o", str(out), "--jobs", "2"]) == 0
    first = out.read_bytes()
    assert main(["render", str(target), "-o", str(out), "--jobs", "1"]) == 0
    assert out.read_bytes() == first
    captured = capsys.readouterr()
    assert "rendering:" not in captured.err
    assert main(["render", str(target), "-o", str(out), "--jobs", "0"]) == 2



def _grown(job: dict[str, Any], times: int) -> dict[str, Any]:
    """Return job with its sections repeated, ids made unique."""
    def renamed(section: dict[str, Any], suffix: str) -> dict[str, Any]:
        return {**section, "id": f"{section['id']}-{suffix}",
                "sections": [renamed(s, suffix) for s in section.get("sections", [])]}

    return {**job, "sections": [renamed(s, str(n)) for n in range(times)
                                for s in job["sections"]]}


@pytest.mark.parametrize("template", ["agency-input", "sg-report"])
def test_right_to_left_documents_in_parts_are_the_one_process_pdf(template, tmp_path, pool):
    """In Arabic every page break counts as forced: margins stay at page tops."""
    from app.core.io.interchange import export_document
    from tests.core.render.arabic_sample import arabic_document

    job = _grown(export_document(arabic_document(template)), 4)
    one = render_job(job, DEFAULT_VARIANT).pdf
    first = _build(job, tmp_path, pool, part_pages=2)
    assert first.rendered == first.parts > 2  # in turns
    assert_same(one, first.outcome.pdf, mirrored=True)
    _forget_parts(tmp_path)
    parallel = _build(job, tmp_path, pool, part_pages=2)
    assert parallel.parts > 2
    assert parallel.rendered == parallel.parts
    assert_same(one, parallel.outcome.pdf)
