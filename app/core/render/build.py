"""Whole-document builds at the speed of the machine: parts in parallel, cached, checked.

A document is cut where the last build started a new page with a block of its own
(app.core.render.parts, app.core.render.partplan), each part is rendered in a worker
process with the page, footnote, paragraph and heading numbers before it, and the parts
are joined (app.core.render.join). A part whose lookahead shows its cut no longer falls on a page
top is merged with the next; parts whose first page or the page total turned out
different are rendered again: a build is never shipped with a guessed number. The
first build of a document (no layout known) is paginated by the workers in turns
(app.core.render.relay), which finds the page tops; its turns that fall where the next
build will cut are cached as parts. With one worker, a DRAFT mark (repeated on every
page from the first) or a relay that fails, the first build is laid out in one process.
Parts, whole PDFs and layouts live in the build cache (app.core.render.buildcache).

Documents with merge conflicts or review notes shown, with links inside the document,
or in a user's own template are rendered in one process, as are tiny documents.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from app.core.document.model import Document
from app.core.errors import RenderError
from app.core.render.buildcache import BuildCache, pieces, whole_key
from app.core.render.buildpool import BuildPool
from app.core.render.limits import TIME_LIMIT
from app.core.render.partplan import extra_context, parallel_ok, part_job, plan_parts, with_html
from app.core.render.parts import (
    Layout,
    PartSpec,
    saved_tops,
    top_row,
)
from app.core.render.worker import RenderOutcome, failure, job_annotations

PART_PAGES = 6  # pages per part: small enough that an edit re-renders little
ROUNDS = 6
POLL_S = 0.05

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class _Stopped(Exception):
    """The build was cancelled."""


class _TimedOut(Exception):
    """The build took longer than it may."""


class _Unsettled(Exception):
    """The parts did not settle on their cuts and numbers: build in one process."""


@dataclass(frozen=True)
class Built:
    """A built document: the PDF, its page count and warnings, and how it was built."""

    outcome: RenderOutcome
    rendered: int  # parts rendered (0: all from the cache)
    parts: int
    peak_rss: int  # bytes, the most any worker used
    parent_s: float = 0.0  # CPU seconds of this process: planning, cache, join


def build_document(job: dict[str, Any], variant: str | None = None, *,
                   cache_dir: Path | None = None, workers: int | None = None,
                   progress: Progress | None = None, cancelled: Cancelled | None = None,
                   use_cache: bool = True, pool: BuildPool | None = None) -> RenderOutcome:
    """Render a document job (app.core.render.jobs) to one PDF; never raises.

    progress(done_pages, expected_pages) is called as parts finish; cancelled() is
    polled while workers render (a cancelled build returns a cancelled outcome). A pool
    given stays warm for the next build.
    """
    return build(job, variant, cache_dir=cache_dir, workers=workers, progress=progress,
                 cancelled=cancelled, use_cache=use_cache, pool=pool).outcome


def build(job: dict[str, Any], variant: str | None = None, *, cache_dir: Path | None = None,
          workers: int | None = None, progress: Progress | None = None,
          cancelled: Cancelled | None = None, use_cache: bool = True,
          pool: BuildPool | None = None, part_pages: int = PART_PAGES,
          timeout: float = TIME_LIMIT) -> Built:
    """Render a document job to one PDF and say how; never raises.

    A pool given stays warm for the next build; without one, workers are started
    for this build and stopped after it. Without use_cache no part or PDF is taken
    from the cache (the layout of the last build still guides the cuts).
    """
    runner = _Build(job, variant, open_cache(cache_dir), use_cache, pool or BuildPool(workers),
                    progress, cancelled or (lambda: False))
    runner.part_pages = max(1, part_pages)
    return run_build(runner, own=pool is None, timeout=timeout)


def open_cache(cache_dir: Path | None) -> BuildCache:
    """Return the build cache in cache_dir (default: the user's cache folder)."""
    from app.paths import user_cache_dir

    return BuildCache(cache_dir or user_cache_dir())


def run_build(runner: BuildRun, *, own: bool, timeout: float) -> Built:
    """Run a build and say how; never raises (own: stop the runner's workers after it)."""
    runner.deadline = time.monotonic() + timeout
    started = time.process_time()
    try:
        return replace(runner.run(), parent_s=time.process_time() - started)
    except _Stopped:
        runner.pool.close(kill=True)
        return Built(RenderOutcome(error="the render was cancelled", cancelled=True), 0, 0, 0)
    except _TimedOut:
        runner.pool.close(kill=True)
        return Built(RenderOutcome(
            error=f"rendering stopped: it took longer than {timeout:.0f} s"), 0, 0, 0)
    except Exception as exc:  # noqa: BLE001 - reported as the outcome, like a worker's
        return Built(failure(exc), 0, 0, 0)
    finally:
        if own:
            runner.pool.close()
        else:
            runner.pool.recycle()

class BuildRun:
    """One build's cache, worker processes, progress and cancel; run() builds."""

    def __init__(self, job: dict[str, Any], variant: str | None, cache: BuildCache,
                 use_cache: bool, pool: BuildPool, progress: Progress | None,
                 cancelled: Cancelled) -> None:
        self.job, self.variant, self.cache, self.use_cache = job, variant, cache, use_cache
        self.pool, self.progress, self.cancelled = pool, progress, cancelled
        self.rendered = 0
        self.rss = 0
        self.done_pages = 0
        self.expected = 0
        self.part_pages = PART_PAGES
        self.deadline = float("inf")
        self.notes: list[str] | None = None  # the document's HTML warnings, once found

    def run(self) -> Built:
        """Build; each kind of build says how."""
        raise NotImplementedError

    def cached(self, key: str) -> Built | None:
        """Return the whole PDF of key from the cache, or None."""
        hit = self.cache.get(key) if self.use_cache else None
        if hit is None:
            return None
        pdf, facts = hit
        if not isinstance(pdf, bytes):
            return None
        self._report(facts["pages"], facts["pages"])
        return Built(RenderOutcome(pdf, facts["pages"], tuple(facts["warnings"])),
                     0, int(facts.get("parts", 1)), 0)

    def store(self, key: str, built: Built) -> Built:
        """Cache a successful build's whole PDF under key; return the build."""
        outcome = built.outcome
        if not outcome.error:
            self.cache.put(key, outcome.pdf, {"pages": outcome.page_count,
                                              "warnings": list(outcome.warnings),
                                              "parts": built.parts})
            self.cache.prune()
        return built

    def _keep(self, key: str, part: dict[str, Any]) -> None:
        """Cache a rendered part."""
        facts = {k: v for k, v in part.items() if k not in ("pdf", "key")}
        self.cache.put(key, part["pdf"], facts)

    def _submit(self, function: Callable[..., Any], *args: Any) -> Future[Any]:
        """Run function in a worker."""
        return self.pool.submit(function, *args)

    def _wait(self, futures: list[Future[Any]], tick: Callable[[], None] | None = None
              ) -> set[Future[Any]]:
        """Return the futures done soonest, checking for cancel (and calling tick) meanwhile."""
        while True:
            if tick is not None:
                tick()
            if self.cancelled():
                raise _Stopped
            if time.monotonic() > self.deadline:
                raise _TimedOut
            done, _ = wait(futures, timeout=POLL_S, return_when=FIRST_COMPLETED)
            if done:
                return done

    def _wait_one(self, future: Future[Any], tick: Callable[[], None] | None = None) -> Any:
        """Return a future's result, checking for cancel meanwhile."""
        self._wait([future], tick)
        return future.result()

    def _laid_out(self, pages: int) -> None:
        """Report the pages a first build has laid out, of a total not known yet."""
        if pages > self.done_pages:
            self.done_pages = pages
            self._report(pages, 0)

    def _count(self, pages: int) -> None:
        """Count pages done and report progress."""
        self.done_pages += pages
        self._report(self.done_pages, max(self.expected, self.done_pages))

    def _report(self, done: int, expected: int) -> None:
        """Tell the progress callback."""
        if self.progress is not None:
            self.progress(done, expected)


class _Build(BuildRun):
    """One document build: its parts cut at page tops."""

    def run(self) -> Built:
        """Build the document, from the cache where it can."""
        from app.core.io.interchange import document_from_dict

        key = whole_key(self.job, self.variant)
        hit = self.cached(key)
        if hit is not None:
            return hit
        document = document_from_dict(self.job)
        parallel = parallel_ok(self.job, document)
        return self.store(key, self._in_parts(document) if parallel else self._one_process())

    # the ways to build

    def _one_process(self) -> Built:
        """Render the whole document in one worker process."""
        from app.core.render.worker import render_job

        outcome: RenderOutcome = self._wait_one(self._submit(render_job, self.job, self.variant))
        self.rendered += 1
        self._report(outcome.page_count, outcome.page_count)
        return Built(outcome, 1, 1, self.rss)

    def _in_parts(self, document: Document) -> Built:
        """Build in parts: cut where the last build had page tops, else lay out once."""
        from app.core.render.parts import layout_of

        layout = layout_of(document)
        known = self.cache.layout(document.id) or {}
        tops = saved_tops(layout, known)
        self.pool.start()
        if not tops:
            return self._first(document, layout)
        try:
            specs, parts = self._settle(layout, plan_parts(
                layout, tops, int(known.get("total", 0)), self.part_pages))
        except _Unsettled:
            return self._first(document, layout)
        return self._finish(document, layout, specs, parts)

    def _first(self, document: Document, layout: Layout) -> Built:
        """Lay out a document no build has laid out: in turns if it can, else at once."""
        if self.pool.workers > 1 and not extra_context(self.job)["draft"]:
            try:
                return self._relayed(document, layout)
            except (_Stopped, _TimedOut):
                raise
            except Exception:  # noqa: BLE001 - a failed relay is built again at once
                self.pool.close(kill=True)
        return self._at_once(document, layout)

    def _relayed(self, document: Document, layout: Layout) -> Built:
        """Paginate in turns across the workers (app.core.render.relay), cache, join."""
        import secrets
        import tempfile

        from app.core.render import relay, relayparts
        from app.core.render.partjob import pages_laid_out

        self.done_pages = 0
        with tempfile.TemporaryDirectory(prefix="rapporteur-relay-") as name:
            folder = Path(name)
            relay.begin(folder)
            lead, annotations = relayparts.lead_blocks(layout), job_annotations(self.job)
            job = {"variant": self.variant, "size": self.part_pages, "folder": name,
                   "prefix": f"r{secrets.token_hex(4)}-", "lead": lead,
                   "lead_html": relayparts.html_of(layout, annotations, lead) if lead else None,
                   "deadline": max(1.0, self.deadline - time.monotonic())}
            futures = [self._submit(relay.relay, {**job, "slot": slot})
                       for slot in range(self.pool.workers)]
            try:
                relay.offer(folder, relayparts.html_of(layout, annotations))
                self._prepare(document, layout)
                while not all(future.done() for future in futures):
                    self._wait([f for f in futures if not f.done()],
                               lambda: self._laid_out(pages_laid_out(folder / "pages")))
                results = [future.result() for future in futures]
            except BaseException:
                relay.stop(folder)  # the others stop at their next turn; the pool is killed
                raise
        chunks = relayparts.in_order(results, len(layout.blocks))
        self.rss = max(self.rss, *(int(result["rss"]) for result in results))
        specs, parts = relayparts.as_parts(layout, chunks)
        self.rendered += len(specs)
        planned = set(plan_parts(layout, relayparts.tops_of(chunks), specs[-1].total_pages,
                                 self.part_pages))
        extra = extra_context(self.job)
        for spec, part in zip(specs, parts, strict=True):
            if spec in planned:  # the next build cuts there too: keep it for that build
                self._keep(part_job(layout, spec, self.variant, extra)["key"], part)
        self._report(specs[-1].total_pages, specs[-1].total_pages)
        return self._finish(document, layout, specs, parts)

    def _prepare(self, document: Document, layout: Layout) -> None:
        """While the workers lay out, find what the join needs: warnings, counters."""
        import pikepdf  # noqa: F401 - loaded now, not when the join waits for it

        from app.core.render.html import html_warnings
        from app.core.render.parts import counters_before

        self.notes = html_warnings(document)
        counters_before(layout, 1)  # the masthead's footnotes, worked out once

    def _at_once(self, document: Document, layout: Layout) -> Built:
        """Lay out the whole document in one worker, cache its parts, join them."""
        import tempfile

        from app.core.render.partjob import layout_whole, pages_laid_out

        self.done_pages = 0
        with tempfile.TemporaryDirectory(prefix="rapporteur-build-") as folder:
            counted = Path(folder) / "pages"
            found = self._wait_one(self._submit(layout_whole, {
                "document": self.job, "variant": self.variant, "size": self.part_pages,
                "pages_file": str(counted)}), lambda: self._laid_out(pages_laid_out(counted)))
        self.rendered += 1
        self.rss = max(self.rss, found["rss"])
        total = found["total"]
        tops = {int(block): int(page) for block, page in found["tops"]}
        specs = plan_parts(layout, tops, total, self.part_pages)
        if len(specs) != len(found["parts"]):
            raise RenderError("the first build planned its parts differently")
        for part in found["parts"]:
            self._keep(part["key"], part)
        self._report(total, total)
        return self._finish(document, layout, specs, found["parts"])

    def _settle(self, layout: Layout, specs: list[PartSpec]
                ) -> tuple[list[PartSpec], list[dict[str, Any]]]:
        """Render parts until every cut holds and every number is right."""
        results: dict[str, dict[str, Any]] = {}
        extra = extra_context(self.job)
        for _ in range(ROUNDS):
            jobs = [part_job(layout, spec, self.variant, extra) for spec in specs]
            self._render(layout, specs, jobs, results)
            bad = [k for k, job in enumerate(jobs) if not results[job["key"]]["ok"]]
            if bad:
                specs = _merged(specs, bad)
                continue
            pages = [int(results[job["key"]]["pages"]) for job in jobs]
            starts = [sum(pages[:k]) for k in range(len(pages))]
            total = sum(pages)
            if all(s.page == start and s.total_pages == total
                   for s, start in zip(specs, starts, strict=True)):
                return specs, [results[job["key"]] for job in jobs]
            specs = [replace(s, page=start, total_pages=total)
                     for s, start in zip(specs, starts, strict=True)]
        raise _Unsettled

    def _render(self, layout: Layout, specs: list[PartSpec], jobs: list[dict[str, Any]],
                results: dict[str, dict[str, Any]]) -> None:
        """Fill results with each job's part: from the cache, or rendered in the workers."""
        from app.core.render.partjob import render_part

        self.expected = max(self.expected, int(jobs[-1].get("total", 0)) if jobs else 0)
        self._report(self.done_pages, self.expected)  # the total is known before any part
        pending: dict[Future[Any], str] = {}
        extra = extra_context(self.job)
        after = [*(spec.page for spec in specs[1:]), specs[-1].total_pages] if specs else []
        pages = [end - spec.page for spec, end in zip(specs, after, strict=True)]
        longest_first = sorted(zip(pages, specs, jobs, strict=True), key=lambda item: -item[0])
        for _, spec, job in longest_first:  # the longest parts first: no long one last
            key = job["key"]
            if key in results:
                continue
            hit = self.cache.get(key) if self.use_cache else None
            if hit is not None:
                results[key] = {**hit[1], "pdf": hit[0], "ok": True}
                self._count(int(hit[1]["pages"]))
            else:
                pending[self._submit(render_part, with_html(job, layout, spec, extra))] = key
        while pending:
            done = self._wait(list(pending))
            for future in done:
                part = future.result()
                key = pending.pop(future)
                results[key] = part
                self.rendered += 1
                if part["ok"]:
                    self.rss = max(self.rss, int(part["rss"]))
                    self._keep(key, part)
                    self._count(int(part["pages"]))

    def _finish(self, document: Document, layout: Layout, specs: list[PartSpec],
                parts: list[dict[str, Any]]) -> Built:
        """Join the parts, remember the layout, return the outcome."""
        from app.core.render.html import html_warnings
        from app.core.render.join import join_parts
        from app.core.render.pdf import fold_missing_glyphs
        from app.core.render.worker import _with_manifest, with_page_limit

        pdfs = [pdf for part in parts for pdf in pieces(part["pdf"])]
        bookmarks = [page for part in parts for page in part["bookmarks"]]
        pdf = pdfs[0] if len(pdfs) == 1 else join_parts(pdfs, bookmarks)
        total = sum(int(part["pages"]) for part in parts)
        notes = self.notes if self.notes is not None else html_warnings(document)
        warnings = fold_missing_glyphs([*notes, *(w for part in parts for w in part["warnings"])])
        checked = with_page_limit(tuple(dict.fromkeys(warnings)), total, document.template)
        self._remember(document, layout, specs, parts)
        outcome = RenderOutcome(_with_manifest(pdf, self.job), total, checked)
        return Built(outcome, self.rendered, len(parts), self.rss)

    # helpers

    def _remember(self, document: Document, layout: Layout, specs: list[PartSpec],
                  parts: list[dict[str, Any]]) -> None:
        """Save where the pages of this build start, by section and block."""
        rows: list[list[Any]] = []
        page = 0
        for spec, part in zip(specs, parts, strict=True):
            if spec.start:
                rows.append(top_row(layout, spec.start, page))
            rows += [top_row(layout, spec.start + int(b), page + int(p)) for b, p in part["tops"]]
            page += int(part["pages"])
        self.cache.save_layout(document.id, {"total": page, "tops": rows})


def _merged(specs: list[PartSpec], bad: list[int]) -> list[PartSpec]:
    """Return specs with each bad part merged into the part after it."""
    out = list(specs)
    for k in sorted(bad, reverse=True):
        if k + 1 >= len(out):
            raise _Unsettled
        out[k:k + 2] = [replace(out[k], end=out[k + 1].end)]
    return out
