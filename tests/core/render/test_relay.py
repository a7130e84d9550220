"""A first build paginated in turns is the one-process PDF (app.core.render.relay, relayparts)."""

from __future__ import annotations

import io
import multiprocessing
import re
import shutil
import subprocess
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from app.core.render import relay, relayparts
from app.core.render.build import build
from app.core.render.buildpool import BuildPool
from app.core.render.join import join_parts, lay_over
from app.core.render.pdf import DEFAULT_VARIANT
from app.core.render.worker import render_job
from tests.bench.generated import make_document
from tests.core.render.test_build import _pages, assert_same


def _relay_job(job: dict[str, Any], folder: Path, size: int, lead: int = 0) -> dict[str, Any]:
    """Begin a relay of job in folder, as a build does; return its workers' job."""
    from app.core.io.interchange import document_from_dict
    from app.core.render.parts import layout_of
    from app.core.render.worker import job_annotations

    layout, annotations = layout_of(document_from_dict(job)), job_annotations(job)
    relay.begin(folder)
    relay.offer(folder, relayparts.html_of(layout, annotations))
    return {"variant": DEFAULT_VARIANT, "size": size, "folder": str(folder), "prefix": "t",
            "deadline": 300, "lead": lead,
            "lead_html": relayparts.html_of(layout, annotations, lead) if lead else None}


def _in_turns(job: dict[str, Any], folder: Path, size: int, lead: int = 0) -> dict[str, Any]:
    """Return the relay of job run in this process alone: it takes every turn itself."""
    return relay.relay({**_relay_job(job, folder, size, lead), "slot": 0})


def _gray(pdf: bytes, page: int) -> bytes:
    """Return one page rendered to gray pixels by poppler."""
    with tempfile.TemporaryDirectory() as folder:
        source, image = Path(folder) / "in.pdf", Path(folder) / "page"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "50", "-f", str(page), "-l", str(page), "-gray",
                        "-singlefile", str(source), str(image)], check=True)
        pixels = image.with_suffix(".pgm").read_bytes()
    assert pixels.startswith(b"P5")
    return pixels


@pytest.fixture(scope="module")
def relayed(tmp_path_factory) -> tuple[dict[str, Any], bytes, list[dict[str, Any]]]:
    """Return a 30-page document, its one-process PDF and its pieces, laid out by two
    workers in turns handed on at every page they may be: the other always seems free.
    (Two pages of it carry a footnote over to the next: no turn may end there.)"""
    job = make_document(30, seed=31)
    folder = tmp_path_factory.mktemp("relay")
    with pytest.MonkeyPatch.context() as patch:  # the workers are forked: patched too
        patch.setattr(relay, "_idle", lambda folder: True)
        patch.setattr(relay, "MIN_TURN", 1)
        relay_job = _relay_job(job, folder, 2)
        with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = [pool.submit(relay.relay, {**relay_job, "slot": slot}) for slot in (0, 1)]
            results = [future.result(timeout=300) for future in futures]
    assert all(result["chunks"] for result in results)  # both workers took turns
    chunks = relayparts.in_order(results, results[0]["blocks"])
    return job, render_job(job, DEFAULT_VARIANT).pdf, chunks


def _mid_text(chunks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return the pieces that begin a turn on a page that goes on with a block."""
    tops = set(relayparts.tops_of(chunks).values())
    return [chunk for chunk in chunks[1:] if chunk["sub"] == 0 and chunk["first"] not in tops]


def test_the_turns_joined_are_the_one_process_pdf(relayed):
    job, one, chunks = relayed
    turns: dict[int, int] = {}
    for chunk in chunks:
        turns[chunk["turn"]] = turns.get(chunk["turn"], 0) + chunk["pages"]
    assert len(turns) >= 20
    middle = _mid_text(chunks)
    assert middle  # turns handed on in the middle of a paragraph
    joined = join_parts([chunk["pdf"] for chunk in chunks],
                        [marks for chunk in chunks for marks in chunk["bookmarks"]])
    assert_same(one, joined)
    if shutil.which("pdftoppm"):
        for page in (1, 2, chunks[1]["first"] + 1, middle[0]["first"], middle[0]["first"] + 1,
                     len(_pages(one)) - 1):
            assert _gray(joined, page) == _gray(one, page), f"page {page} looks different"


def test_a_part_is_the_pieces_from_one_cut_of_the_next_build_to_the_next(relayed):
    from app.core.io.interchange import document_from_dict
    from app.core.render.buildcache import pieces
    from app.core.render.partplan import plan_parts
    from app.core.render.parts import layout_of

    job, one, chunks = relayed
    layout = layout_of(document_from_dict(job))
    specs, parts = relayparts.as_parts(layout, chunks)
    assert [spec.page for spec in specs] == [c["first"] for c in chunks if c["opens"]]
    assert len(specs) < len(chunks)
    assert any(isinstance(part["pdf"], list) for part in parts)  # a part in pieces
    assert [part["pages"] for part in parts] == \
        [sum(len(pikepdf.open(io.BytesIO(pdf)).pages) for pdf in pieces(part["pdf"]))
         for part in parts]
    planned = plan_parts(layout, relayparts.tops_of(chunks), specs[-1].total_pages, 2)
    assert specs[:-2] == planned[:len(specs) - 2]  # all but the end, where the plan merges
    joined = join_parts([pdf for part in parts for pdf in pieces(part["pdf"])],
                        [marks for part in parts for marks in part["bookmarks"]])
    assert_same(one, joined)


def test_a_part_in_pieces_comes_back_from_the_cache_in_pieces(tmp_path):
    from app.core.render.buildcache import BuildCache

    cache = BuildCache(tmp_path)
    cache.put("k", [b"%PDF-a", b"%PDF-bc"], {"pages": 3})
    cache.put("w", b"%PDF-whole", {"pages": 1})
    assert cache.get("k") == ([b"%PDF-a", b"%PDF-bc"], {"pages": 3, "size": 13})
    assert cache.get("w") == (b"%PDF-whole", {"pages": 1, "size": 10})
    meta = next(tmp_path.rglob("k.json"))
    meta.write_text(meta.read_text().replace("[6, 7]", "[6, 6]"))
    assert cache.get("k") is None  # pieces that do not add up: rendered again


def test_the_page_furniture_is_laid_over_as_an_artifact(relayed):
    _, one, chunks = relayed
    total = sum(chunk["pages"] for chunk in chunks)
    pdf = pikepdf.open(io.BytesIO(chunks[1]["pdf"]))
    page = pdf.pages[0]
    content = b"".join(part.read_bytes() for part in page.obj.Contents)
    found = re.search(rb"Q /Artifact BMC q (/Fur\S+) Do Q EMC\s*$", content)
    assert found is not None
    form = page.Resources.XObject[found.group(1).decode()]
    assert b"BDC" not in form.read_bytes()  # nothing tagged inside the artifact
    folio = f"{chunks[1]['first'] + 1}/{total}"
    assert folio in _pages(chunks[1]["pdf"])[0]
    assert folio in _pages(one)[chunks[1]["first"]]


def test_the_document_end_and_a_stop_end_the_wait_for_a_turn(tmp_path):
    relay.begin(tmp_path)
    assert relay._claim(tmp_path, 0, deadline=1e18) == (0, None)
    assert not (tmp_path / "turn-0.pkl").exists()
    relay._put(tmp_path / "turn-1.pkl", (3, "state", {}))
    (tmp_path / "turn-1.pkl").rename(tmp_path / "turn-1.taken")  # another worker took it
    relay._put(tmp_path / "end.pkl", {"total": 9, "turns": 2})
    assert relay._claim(tmp_path, 0, deadline=1e18) is None
    relay.stop(tmp_path)
    with pytest.raises(relay.RelayStopped):
        relay._claim(tmp_path, 5, deadline=1e18)
    with pytest.raises(relay.RelayStopped):
        relay._claim(tmp_path / "gone", 0, deadline=1e18)


def test_turns_that_do_not_join_up_are_refused():
    first = {"turn": 0, "sub": 0, "first": 0, "pages": 5}
    with pytest.raises(ValueError, match="join up"):
        relayparts.in_order([{"chunks": [first, {"turn": 1, "sub": 0, "first": 4, "pages": 3}],
                         "total": 8, "blocks": 10}], 10)
    with pytest.raises(ValueError, match="join up"):  # a turn missing
        relayparts.in_order([{"chunks": [first, {"turn": 2, "sub": 0, "first": 5, "pages": 3}],
                         "total": 8, "blocks": 10}], 10)
    with pytest.raises(ValueError, match="other blocks"):
        relayparts.in_order([{"chunks": [first], "total": 5, "blocks": 9}], 10)
    with pytest.raises(ValueError, match="whole document"):
        relayparts.in_order([{"chunks": [first], "total": 6, "blocks": 10}], 10)


def test_a_relay_that_fails_is_built_again_in_one_process(tmp_path, pool, monkeypatch):
    def broken(results: Any, blocks: int) -> Any:
        raise ValueError("the turns of the relay do not join up")

    monkeypatch.setattr(relayparts, "in_order", broken)
    job = make_document(16, seed=33)
    built = build(job, DEFAULT_VARIANT, cache_dir=tmp_path, pool=pool, part_pages=3)
    assert not built.outcome.error
    assert built.rendered == 1  # laid out in one process
    assert built.parts > 1
    assert_same(render_job(job, DEFAULT_VARIANT).pdf, built.outcome.pdf)


def test_drafts_and_single_workers_are_laid_out_in_one_process(tmp_path):
    """The DRAFT mark is fixed: WeasyPrint repeats it from the page that has it."""
    draft = {**make_document(10, seed=35), "annotations": {"draft": True}}
    alone = BuildPool(1)
    try:
        single = build(make_document(10, seed=35), DEFAULT_VARIANT, cache_dir=tmp_path / "a",
                       pool=alone, part_pages=2)
    finally:
        alone.close()
    two = BuildPool(2)
    try:
        marked = build(draft, DEFAULT_VARIANT, cache_dir=tmp_path / "b", pool=two, part_pages=2)
    finally:
        two.close()
    assert single.rendered == marked.rendered == 1
    assert_same(render_job(draft, DEFAULT_VARIANT).pdf, marked.outcome.pdf)


@pytest.mark.parametrize(("lead", "handed_on"), [(90, True), (14, False)])
def test_a_first_turn_from_the_documents_first_blocks_is_the_one_process_pdf(
        lead, handed_on, tmp_path, monkeypatch):
    """With a lead the first turn starts before the whole document's boxes are built; a
    lead too short for a page top to hand on at (14 blocks) is paginated again in full."""
    turns: list[Any] = []
    lead_turn = relay._lead_turn
    monkeypatch.setattr(relay, "_lead_turn", lambda *args: turns.append(lead_turn(*args))
                        or turns[-1])
    job = make_document(30, seed=37)
    result = _in_turns(job, tmp_path, 2, lead=lead)
    assert (turns[0] is not None) == handed_on
    chunks = relayparts.in_order([result], result["blocks"])
    assert chunks[0]["turn"] == 0
    assert len(chunks) >= 3
    joined = join_parts([chunk["pdf"] for chunk in chunks],
                        [marks for chunk in chunks for marks in chunk["bookmarks"]])
    assert_same(render_job(job, DEFAULT_VARIANT).pdf, joined)


def test_a_long_turn_is_written_as_the_parts_the_next_build_will_cut(tmp_path):
    """The lead's turn runs past several cuts: it is written as one PDF per part
    partplan.plan_parts plans, so the next build finds them in the cache."""
    from app.core.io.interchange import document_from_dict
    from app.core.render.partplan import plan_parts
    from app.core.render.parts import layout_of

    job = make_document(30, seed=37)
    result = _in_turns(job, tmp_path, 2, lead=120)
    chunks = relayparts.in_order([result], result["blocks"])
    assert sum(chunk["turn"] == 0 for chunk in chunks) >= 2  # the first turn, in parts
    layout = layout_of(document_from_dict(job))
    specs, _ = relayparts.as_parts(layout, chunks)
    planned = plan_parts(layout, relayparts.tops_of(chunks), specs[-1].total_pages, 2)
    assert specs[:-2] == planned[:len(specs) - 2]  # all but the end, where the plan merges


def test_furniture_that_does_not_match_the_bodies_page_for_page_is_refused(relayed):
    _, _, chunks = relayed
    one = chunks[0]["pdf"]
    two = next(chunk["pdf"] for chunk in chunks if chunk["pages"] != chunks[0]["pages"])
    with pytest.raises(ValueError, match="furniture"):
        lay_over([one], two)
