"""Compendium builds in parallel: each contribution a part, cached, numbered exactly.

Each contribution is laid out in a worker (as app.core.render.compendium lays it out in
one process) with the pages before it, and so its starting page. The starts come from
the last build of the same compendium (kept in the build cache's layout store), or on
a first build from the page counts found so far and a guess for the rest; the front
(cover and contents) is laid out with the starts too. Once every part is back, a part
or front whose numbers turn out wrong is rendered again, until every number holds: the
PDF is never shipped with a guess. Parts are cached by their contribution, template,
variant and starting page, so an edit renders again only the contribution edited, those
whose start moved and the front if its numbers changed. The parts are joined with their
tags, outline and named destinations (app.core.render.join).
"""

from __future__ import annotations

import gc
import hashlib
import json
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from app.core.errors import RenderError
from app.core.render.build import (
    ROUNDS,
    BuildRun,
    Built,
    Cancelled,
    Progress,
    open_cache,
    run_build,
)
from app.core.render.buildcache import part_key, pieces, whole_key
from app.core.render.buildpool import BuildPool
from app.core.render.limits import TIME_LIMIT
from app.core.render.worker import RenderOutcome

FRONT = -1  # the front's slot among the parts
FRONT_GUESS = 2  # pages of a front never laid out: cover and contents
CHARS_PER_PAGE = 3000  # first guess of a contribution's pages from the size of its job


def build_compendium(job: dict[str, Any], variant: str | None = None, *,
                     cache_dir: Path | None = None, workers: int | None = None,
                     progress: Progress | None = None, cancelled: Cancelled | None = None,
                     use_cache: bool = True, pool: BuildPool | None = None) -> RenderOutcome:
    """Render a compendium job (app.core.render.jobs.compendium_job) to one PDF; never raises.

    progress(done_pages, expected_pages) is called as parts finish; cancelled() is
    polled while workers render (a cancelled build returns a cancelled outcome). A pool
    given stays warm for the next build.
    """
    return compendium_build(job, variant, cache_dir=cache_dir, workers=workers,
                            progress=progress, cancelled=cancelled, use_cache=use_cache,
                            pool=pool).outcome


def compendium_build(job: dict[str, Any], variant: str | None = None, *,
                     cache_dir: Path | None = None, workers: int | None = None,
                     progress: Progress | None = None, cancelled: Cancelled | None = None,
                     use_cache: bool = True, pool: BuildPool | None = None,
                     timeout: float = TIME_LIMIT) -> Built:
    """Render a compendium job to one PDF and say how; never raises (see build.build)."""
    from app.core.render.pdf import ARCHIVE_VARIANT

    if variant == ARCHIVE_VARIANT:
        message = "a compendium has no archive manifest: use pdf/ua-1 or none"
        return Built(RenderOutcome(error=message), 0, 0, 0)
    runner = _Compendium(job, variant, open_cache(cache_dir), use_cache,
                         pool or BuildPool(workers), progress, cancelled or (lambda: False))
    return run_build(runner, own=pool is None, timeout=timeout)


def render_contribution(job: dict[str, Any]) -> dict[str, Any]:
    """In a worker: lay out one contribution after job["before"] pages, write its PDF."""
    from app.core.render.compendium import contribution_layout
    from app.core.render.partjob import written

    started = time.perf_counter()
    try:
        part = contribution_layout(job["item"], job["index"], job["before"], job["variant"])
        pages = range(len(part.document.pages))
        return {**written(part.document, pages, [], list(part.warnings), job),
                "before": job["before"], "seconds": time.perf_counter() - started}
    finally:
        gc.collect()


def render_front(job: dict[str, Any]) -> dict[str, Any]:
    """In a worker: lay out the cover and contents with job["starts"], write its PDF.

    The contributions' anchors are named on its last page so its links are written;
    the join points them to the contributions.
    """
    from app.core.render.compendium import anchor, front_layout
    from app.core.render.partjob import written

    try:
        document, warnings = front_layout(job["job"], job["starts"], job["variant"])
        for index in range(1, len(job["starts"]) + 1):
            document.pages[-1].anchors.setdefault(anchor(index), (0, 0, 0, 0))
        pages = range(len(document.pages))
        return {**written(document, pages, [], warnings, job), "starts": job["starts"]}
    finally:
        gc.collect()


def compendium_id(job: dict[str, Any]) -> str:
    """Return the name the layout of a compendium is kept under: its documents' ids."""
    ids = sorted(str(item["document"].get("id")) for item in job["contributions"])
    return "compendium:" + hashlib.sha256("\n".join(ids).encode("utf-8")).hexdigest()


class _Compendium(BuildRun):
    """One compendium build: the front and each contribution a part."""

    def run(self) -> Built:
        """Build the compendium, from the cache where it can."""
        items = self.job["contributions"]
        if not items:
            raise RenderError("there is no contribution to compile")
        templates = [str(item["document"].get("template") or "") for item in items]
        key = whole_key(self.job, self.variant, templates)
        hit = self.cached(key)
        if hit is not None:
            return hit
        self.items: list[dict[str, Any]] = items
        self.sizes = [len(json.dumps(item, default=str)) for item in items]
        known = self.cache.layout(compendium_id(self.job)) or {}
        self.known: dict[str, int] = {str(k): int(v) for k, v in
                                      dict(known.get("pages") or {}).items()}
        self.front_guess = int(known.get("front") or FRONT_GUESS)
        self.results: dict[int, dict[str, Any]] = {}
        self.pool.start()
        return self.store(key, self._settle())

    def _settle(self) -> Built:
        """Render parts until every start and the contents hold, then join them."""
        for _ in range(ROUNDS):
            todo = [slot for slot in [FRONT, *range(len(self.items))] if not self._holds(slot)]
            if not todo:
                return self._joined()
            self.expected = self._before(len(self.items))
            self._round(todo)
        raise RenderError("the compendium's page numbers did not settle")

    def _round(self, todo: list[int]) -> None:
        """Render the slots of todo in order, as many at once as there are workers.

        Each part's start is worked out when it is sent, from the parts back by then.
        """
        pending: dict[Future[Any], tuple[int, str]] = {}
        while todo or pending:
            while todo and len(pending) < self.pool.workers:
                slot = todo.pop(0)
                function, job = self._job(slot)
                hit = self.cache.get(job["key"]) if self.use_cache else None
                if hit is not None:
                    self._done(slot, {**hit[1], "pdf": hit[0]})
                else:
                    pending[self._submit(function, job)] = slot, job["key"]
            if pending:
                for future in self._wait(list(pending)):
                    part = future.result()
                    slot, key = pending.pop(future)
                    self.rendered += 1
                    self.rss = max(self.rss, int(part["rss"]))
                    self._keep(key, part)
                    self._done(slot, part)

    def _done(self, slot: int, part: dict[str, Any]) -> None:
        """Keep a part that came back and count its pages."""
        self.results[slot] = part
        self._count(int(part["pages"]))

    def _job(self, slot: int) -> tuple[Any, dict[str, Any]]:
        """Return the worker function and job of a slot, numbered as now known."""
        from app.core.document.templates import load_template
        from app.paths import templates_dir

        if slot == FRONT:
            starts = [self._before(index) + 1 for index in range(len(self.items))]
            front = {"cover": self.job["cover"], "contributions": [
                {"entity": item.get("entity", ""), "title": item.get("title", ""),
                 "document": {"language": item["document"].get("language")}}
                for item in self.items]}
            source = json.dumps([front, starts], sort_keys=True, default=str)
            job: dict[str, Any] = {"job": front, "starts": starts}
            folder = templates_dir() / "_shared"
            function: Any = render_front
        else:
            item, before = self.items[slot], self._before(slot)
            source = json.dumps([item, slot + 1, before], sort_keys=True, default=str)
            job = {"item": item, "index": slot + 1, "before": before}
            folder = load_template(self._template(slot)).folder
            function = render_contribution
        key = part_key(source, folder, own=0, lookahead=0, variant=self.variant)
        return function, {**job, "variant": self.variant, "key": key,
                          "prefix": f"p{key[:10]}-"}

    def _holds(self, slot: int) -> bool:
        """Return whether a slot's part is back with the numbers it must have."""
        part = self.results.get(slot)
        if part is None or not all(index in self.results for index in range(len(self.items))):
            return False
        if slot == FRONT:
            return bool(part["starts"] == [self._before(i) + 1 for i in range(len(self.items))])
        return int(part["before"]) == self._before(slot)

    def _before(self, slot: int) -> int:
        """Return the pages before a contribution: known where back, else guessed."""
        front = self.results.get(FRONT)
        pages = int(front["pages"]) if front else self.front_guess
        return pages + sum(self._pages(index) for index in range(slot))

    def _pages(self, index: int) -> int:
        """Return a contribution's pages: as rendered, as last built, or guessed."""
        if index in self.results:
            return int(self.results[index]["pages"])
        saved = self.known.get(str(self.items[index]["document"].get("id")))
        if saved:
            return saved
        back = [i for i in self.results if i != FRONT]
        alike = [i for i in back if self._template(i) == self._template(index)] or back
        chars = sum(self.sizes[i] for i in alike)
        per_page = chars / sum(int(self.results[i]["pages"]) for i in alike) if alike \
            else CHARS_PER_PAGE
        return max(1, round(self.sizes[index] / max(per_page, 1.0)))

    def _template(self, index: int) -> str:
        """Return the template of a contribution."""
        return str(self.items[index]["document"].get("template") or "")

    def _joined(self) -> Built:
        """Join the front and the parts, remember their pages, return the outcome."""
        from app.core.render.join import join_parts
        from app.core.render.pdf import fold_missing_glyphs

        parts = [self.results[FRONT], *(self.results[i] for i in range(len(self.items)))]
        bookmarks = [page for part in parts for page in part["bookmarks"]]
        pdf = join_parts([p for part in parts for p in pieces(part["pdf"])], bookmarks, names=True)
        total = sum(int(part["pages"]) for part in parts)
        warnings = fold_missing_glyphs([w for part in parts for w in part["warnings"]])
        self.cache.save_layout(compendium_id(self.job), {
            "front": int(parts[0]["pages"]),
            "pages": {str(item["document"].get("id")): int(self.results[i]["pages"])
                      for i, item in enumerate(self.items)}})
        self._report(total, total)
        outcome = RenderOutcome(pdf, total, tuple(dict.fromkeys(warnings)))
        return Built(outcome, self.rendered, len(parts), self.rss)
