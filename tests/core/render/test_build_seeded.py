"""The window's background build keeps its page tops: the next export is cut at once."""

from __future__ import annotations

import json

from app.core.io.interchange import document_from_dict
from app.core.render.build import build
from app.core.render.partjob import remember_tops
from app.core.render.pdf import DEFAULT_VARIANT, render_pdf_with_pages
from app.core.render.preview import full_build
from app.core.render.worker import render_job
from tests.bench.generated import make_document
from tests.core.render.test_build import assert_same


def test_an_export_after_the_background_build_is_built_in_parts_at_once(tmp_path, pool,
                                                                         monkeypatch):
    job = make_document(30, seed=21)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    background = full_build(document_from_dict(job), keep_tops=True)
    [saved] = list(tmp_path.rglob("layout-*.json"))
    layout = json.loads(saved.read_text())
    assert layout["total"] == background.page_count
    assert len(layout["tops"]) > 3
    built = build(job, DEFAULT_VARIANT, pool=pool, part_pages=4)
    assert not built.outcome.error
    assert built.parts > 2
    assert built.rendered == built.parts  # each part once: no whole layout first
    assert_same(render_job(job, DEFAULT_VARIANT).pdf, built.outcome.pdf)


def test_a_layout_that_is_not_this_document_is_not_kept(tmp_path):
    model = document_from_dict(make_document(6, seed=22))
    other = document_from_dict(make_document(12, seed=23))
    from app.core.render.html import render_html

    _, pages = render_pdf_with_pages(render_html(other))
    assert not remember_tops(model, pages, tmp_path)
    assert not list(tmp_path.rglob("layout-*.json"))
    _, own = render_pdf_with_pages(render_html(model))
    assert remember_tops(model, own, tmp_path)


def test_a_first_build_reports_the_pages_it_has_laid_out(tmp_path, pool):
    seen: list[tuple[int, int]] = []
    built = build(make_document(40, seed=24), DEFAULT_VARIANT, cache_dir=tmp_path, pool=pool,
                  progress=lambda done, expected: seen.append((done, expected)))
    assert built.rendered == built.parts > 1  # paginated in turns: no page tops were known
    counted = [done for done, expected in seen if expected == 0]
    assert counted
    assert counted == sorted(counted)
    assert counted[0] > 0
    assert counted[-1] <= built.outcome.page_count
    assert seen[-1] == (built.outcome.page_count, built.outcome.page_count)
