"""A compendium built in parallel parts is the compendium laid out in one process.

Compared with app.core.render.compendium.render_compendium: page count, the text of
every page, the outline (titles, nesting, pages), the tag tree, and the contents' links
resolving to the page each contribution starts on; then the build cache, an edit,
a wrong saved start, cancel.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import pikepdf
import pypdf
import pytest

from app.core.document.service import RapporteurFile
from app.core.render.build import Built
from app.core.render.buildpool import BuildPool
from app.core.render.compendium import render_compendium
from app.core.render.compendiumbuild import compendium_build
from app.core.render.jobs import compendium_job
from app.core.render.pdf import ARCHIVE_VARIANT, DEFAULT_VARIANT
from tests.core.render.compendium_sample import build
from tests.core.render.test_build import assert_same


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Return a compendium job: agency-input in English and French, a meeting paper, and
    an agency input in Arabic (right to left)."""
    path = build(tmp_path_factory.mktemp("compendiumbuild") / "migration.rapporteur")
    with RapporteurFile.open(path, readonly=True) as rfile:
        found = compendium_job(rfile, path)
    arabic = copy.deepcopy(found["contributions"][1])
    arabic.update(entity="ESCWA", title="الهجرة")
    arabic["document"].update(language="ar", id="escwa")
    found["contributions"].append(arabic)
    return found


@pytest.fixture(scope="module")
def one(job: dict[str, Any]) -> bytes:
    """Return the compendium laid out in one process."""
    return render_compendium(job, DEFAULT_VARIANT).pdf


def _build(job: dict[str, Any], cache: Path, pool: BuildPool, **options: Any) -> Built:
    """Return a compendium build that succeeded."""
    built = compendium_build(job, DEFAULT_VARIANT, cache_dir=cache, pool=pool, **options)
    assert not built.outcome.error
    return built


def _links(pdf: bytes) -> dict[str, int]:
    """Return the page (from 0) each link of the contents leads to, by its target."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    named = reader.named_destinations
    found: dict[str, int] = {}
    for page in reader.pages[:2]:
        for annotation in page.get("/Annots", []):
            target = str(annotation.get_object().get("/Dest", ""))
            if target:
                found[target] = reader.get_destination_page_number(named[target])
    return found


def _languages(pdf: bytes) -> list[tuple[str, str]]:
    """Return the structure elements that carry their own language: type and /Lang."""
    found: list[tuple[str, str]] = []

    def walk(node: Any) -> None:
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if "/Lang" in kid:
                    found.append((str(kid.S), str(kid.Lang)))
                walk(kid)

    document = pikepdf.open(io.BytesIO(pdf))
    walk(document.Root.StructTreeRoot)
    return found


def _layout_file(cache: Path) -> Path:
    """Return the saved layout of the one compendium built."""
    found = list(cache.rglob("layout-*.json"))
    assert len(found) == 1
    return found[0]


def _forget_parts(cache: Path) -> None:
    """Drop every cached PDF, keep the layouts."""
    for pdf in cache.rglob("*.pdf"):
        pdf.unlink()
        pdf.with_suffix(".json").unlink()


def _built_once(job: dict[str, Any], cache: Path, pool: BuildPool) -> None:
    """Build job, then again with only its true parts cached (none of a first guess)."""
    _build(job, cache, pool)
    _forget_parts(cache)
    _build(job, cache, pool)


def test_the_parallel_compendium_is_the_one_process_compendium(job, one, tmp_path, pool):
    first = _build(job, tmp_path, pool)  # no layout known: starts guessed, then corrected
    assert first.parts == 1 + len(job["contributions"])
    assert first.outcome.page_count == len(pypdf.PdfReader(io.BytesIO(one)).pages)
    assert_same(one, first.outcome.pdf)
    links = _links(first.outcome.pdf)
    assert links == _links(one)
    assert sorted(links) == [f"contribution-{n}" for n in range(1, 5)]
    assert sorted(links.values()) == list(links.values())
    assert ("/H1", "fr") in _languages(first.outcome.pdf)
    assert _languages(first.outcome.pdf) == _languages(one)
    _forget_parts(tmp_path)
    known = _build(job, tmp_path, pool)  # the starts of the last build
    assert known.rendered == known.parts
    assert_same(one, known.outcome.pdf)


def test_an_unchanged_compendium_comes_from_the_cache(job, tmp_path, pool):
    first = _build(job, tmp_path, pool)
    seen: list[tuple[int, int]] = []
    again = _build(job, tmp_path, pool, progress=lambda d, e: seen.append((d, e)))
    assert again.rendered == 0
    assert again.outcome.pdf == first.outcome.pdf
    assert seen[-1] == (first.outcome.page_count, first.outcome.page_count)
    fresh = _build(job, tmp_path, pool, use_cache=False)
    assert fresh.rendered == fresh.parts
    assert_same(first.outcome.pdf, fresh.outcome.pdf)


def test_an_edit_renders_that_contribution_again_and_no_other(job, tmp_path, pool):
    _built_once(job, tmp_path, pool)
    edited = copy.deepcopy(job)
    section = edited["contributions"][1]["document"]["sections"][0]
    section["body"] = section["body"].replace("<p>", "<p>Edited ", 1)
    again = _build(edited, tmp_path, pool)
    assert again.rendered == 1  # same pages: no start moved, the contents are as they were
    assert_same(render_compendium(edited, DEFAULT_VARIANT).pdf, again.outcome.pdf)


def test_a_longer_contribution_moves_the_starts_after_it(job, tmp_path, pool):
    _built_once(job, tmp_path, pool)
    longer = copy.deepcopy(job)
    section = longer["contributions"][1]["document"]["sections"][0]
    section["body"] = section["body"] * 4
    again = _build(longer, tmp_path, pool)
    assert again.rendered == 4  # the one edited, the two after it, the contents
    one = render_compendium(longer, DEFAULT_VARIANT).pdf
    assert_same(one, again.outcome.pdf)
    assert _links(again.outcome.pdf) == _links(one)


def test_a_wrong_saved_start_is_rendered_again_never_shipped(job, one, tmp_path, pool):
    _build(job, tmp_path, pool)
    layout = _layout_file(tmp_path)
    data = json.loads(layout.read_text())
    first = job["contributions"][0]["document"]["id"]
    data["pages"][first] += 1
    layout.write_text(json.dumps(data))
    _forget_parts(tmp_path)
    stale = _build(job, tmp_path, pool)
    assert stale.rendered > stale.parts  # the later parts and the front, then again
    assert_same(one, stale.outcome.pdf)
    assert _links(stale.outcome.pdf) == _links(one)


def test_a_compendium_build_can_be_cancelled(job, tmp_path):
    stopped = compendium_build(job, DEFAULT_VARIANT, cache_dir=tmp_path, pool=BuildPool(1),
                               cancelled=lambda: True)
    assert stopped.outcome.cancelled
    assert stopped.outcome.error


def test_the_archive_variant_and_an_empty_compendium_are_refused(job, tmp_path, pool):
    archived = compendium_build(job, ARCHIVE_VARIANT, cache_dir=tmp_path, pool=pool)
    assert "archive" in archived.outcome.error
    empty = compendium_build({**job, "contributions": []}, DEFAULT_VARIANT,
                             cache_dir=tmp_path, pool=pool)
    assert "no contribution" in empty.outcome.error
    assert not empty.outcome.pdf
