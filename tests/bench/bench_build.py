"""Benchmark whole-document builds against WeasyPrint alone on the same HTML.

Run with `make bench` (or `python tests/bench/bench_build.py [--sizes 150 400]`). Not a
test. For generated agency-input documents of about 150 and 400 pages, in one run:
WeasyPrint alone (the document's HTML laid out and written in this process, warm), then
through app.core.render.build with warm workers and an empty cache: the first build
(no layout known: the workers paginate it in turns, app.core.render.relay), the full
build with the layout of a previous build known (every part rendered, in parallel), the
rebuild after a one-word edit in a middle chapter, and the unchanged re-export. Each is
given as seconds and as a ratio: WeasyPrint alone / the build (higher is faster). Peak
memory is the most a worker used in a fresh pool for the full build (built again for
that). Targets (issue 14, 2 cores): first and full build >= 1.6x, rebuild after an edit
>= 4x, re-export <= 0.3 s, pipeline overhead <= 5 %.

Then a compendium of 40 generated contributions (--compendium N; 0 skips it), the same
way against today's one-process compendium (app.core.render.compendium.render_compendium
in this process: WeasyPrint alone on the same work) through
app.core.render.compendiumbuild: the first build (no starts known: guessed, then
corrected), the full build with the starts of a previous build, the rebuild after a
one-word edit in the middle contribution and the unchanged re-export.
"""

from __future__ import annotations

import argparse
import copy
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.core.render.build import Built, build  # noqa: E402
from app.core.render.buildpool import BuildPool  # noqa: E402
from app.core.render.compendiumbuild import compendium_build  # noqa: E402
from tests.bench.generated import make_compendium, make_document  # noqa: E402

VARIANT = "pdf/ua-1"
SIZES = (150, 400)
CONTRIBUTIONS = 40


def alone(job: dict[str, Any]) -> tuple[float, int]:
    """Return the seconds WeasyPrint takes on the document's HTML in this process, and pages."""
    from app.core.io.interchange import document_from_dict
    from app.core.render.html import render_html
    from app.core.render.pdf import render_pdf

    html = render_html(document_from_dict(job))
    start = time.perf_counter()
    result = render_pdf(html, variant=VARIANT)
    return time.perf_counter() - start, result.page_count


def timed(job: dict[str, Any], cache: Path, pool: BuildPool) -> tuple[Built, float]:
    """Return a build (of a document or a compendium job) and its wall-clock seconds."""
    start = time.perf_counter()
    builder = compendium_build if "contributions" in job else build
    built = builder(job, VARIANT, cache_dir=cache, pool=pool)
    if built.outcome.error:
        raise SystemExit(f"build failed: {built.outcome.error}")
    return built, time.perf_counter() - start


def forget_parts(cache: Path) -> None:
    """Drop the cached PDFs, keeping the layouts."""
    for pdf in cache.rglob("*.pdf"):
        pdf.unlink()
        pdf.with_suffix(".json").unlink(missing_ok=True)


def edited(job: dict[str, Any]) -> dict[str, Any]:
    """Return job with one word added to a part of the middle chapter."""
    changed = copy.deepcopy(job)
    part = changed["sections"][len(changed["sections"]) // 2]["sections"][0]
    part["body"] = part["body"].replace("<p>", "<p>Edited ", 1)
    return changed


def alone_compendium(job: dict[str, Any]) -> tuple[float, int]:
    """Return the seconds today's one-process compendium takes in this process, and pages."""
    from app.core.render.compendium import render_compendium

    start = time.perf_counter()
    result = render_compendium(job, VARIANT)
    return time.perf_counter() - start, result.page_count


def edited_compendium(job: dict[str, Any]) -> dict[str, Any]:
    """Return a compendium job with one word added to its middle contribution."""
    changed = copy.deepcopy(job)
    items = changed["contributions"]
    items[len(items) // 2]["document"] = edited(items[len(items) // 2]["document"])
    return changed


def measure(size: int, pool: BuildPool, compendium: bool = False) -> dict[str, Any]:
    """Return the figures of one generated document (or compendium of size contributions)."""
    job = make_compendium(size) if compendium else make_document(size)
    base, pages = alone_compendium(job) if compendium else alone(job)
    change = edited_compendium if compendium else edited
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        first, first_s = timed(job, cache, pool)
        forget_parts(cache)
        full, full_s = timed(job, cache, pool)
        forget_parts(cache)
        fresh = BuildPool(pool.workers)
        try:
            memory, _ = timed(job, cache, fresh)
        finally:
            fresh.close()
        edit, edit_s = timed(change(job), cache, pool)
        again, again_s = timed(change(job), cache, pool)
    return {"size": size, "kind": "compendium" if compendium else "document", "pages": pages,
            "alone_s": base, "first_s": first_s,
            "full_s": full_s, "full_parts": full.parts, "edit_s": edit_s,
            "edit_rendered": edit.rendered, "edit_parts": edit.parts, "again_s": again_s,
            "again_rendered": again.rendered, "overhead": full.parent_s / base,
            "worker_mb": memory.peak_rss / 2**20, "one_process_mb": first.peak_rss / 2**20}


def report(rows: list[dict[str, Any]], workers: int) -> None:
    """Print the figures side by side, ratios against WeasyPrint alone."""
    print(f"\nWhole-document builds, {os.cpu_count()} cores, {workers} workers, "
          f"variant {VARIANT} (ratio = WeasyPrint alone / build; higher is faster)")
    print(f"{'':>14} {'pages':>5} {'alone':>7} {'first':>13} {'full':>13} {'after edit':>17} "
          f"{'re-export':>10} {'overhead':>8} {'MB/worker':>9} {'MB first':>9}")
    for r in rows:
        base = r["alone_s"]
        name = f"{r['size']} contrib." if r["kind"] == "compendium" else "document"
        print(f"{name:>14} {r['pages']:>5} {base:>6.2f}s"
              f" {r['first_s']:>6.2f}s {base / r['first_s']:>4.2f}x"
              f" {r['full_s']:>6.2f}s {base / r['full_s']:>4.2f}x"
              f" {r['edit_s']:>6.2f}s {base / r['edit_s']:>4.1f}x"
              f" {r['edit_rendered']:>2}/{r['edit_parts']:<2}"
              f" {r['again_s']:>9.3f}s {100 * r['overhead']:>7.1f}%"
              f" {r['worker_mb']:>9.0f} {r['one_process_mb']:>9.0f}")
    print("first: no layout known (paginated in turns); full: layout known, every "
          "part rendered;\nafter edit: parts rendered/parts; overhead: CPU of the "
          "building process / WeasyPrint alone;\nMB/worker: peak RSS of a fresh worker "
          "in the full build; MB first: the most a worker used in the first build.\n"
          "compendium: alone is today's one-process compendium in this process; first: no "
          "starts known\n(guessed, parts whose start was wrong rendered again); MB first: "
          "the most a worker used in it.")
    print(f"bench process peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10}"
          f" MB; load average at the end: {os.getloadavg()[0]:.2f} (other processes slow the"
          " parallel builds more than WeasyPrint alone)")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=list(SIZES))
    parser.add_argument("--compendium", type=int, default=CONTRIBUTIONS, metavar="N",
                        help="contributions of the compendium measured (0: none)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    alone(make_document(5))  # import and warm WeasyPrint here too
    pool = BuildPool(args.workers)
    pool.start()
    try:
        with tempfile.TemporaryDirectory() as folder:  # warm every worker: a first build
            timed(make_document(30), Path(folder), pool)
        rows = [measure(size, pool) for size in args.sizes]
        if args.compendium > 0:
            alone_compendium(make_compendium(3))  # warm the other templates and the front
            rows.append(measure(args.compendium, pool, compendium=True))
    finally:
        pool.close()
    report(rows, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
