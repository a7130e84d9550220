"""In a worker: lay out a part (or a whole document), check its cut, write its pages.

The blocks of <main> (app.core.render.parts) are found in WeasyPrint's element tree and
on each page's boxes. A page is a clean top when its first block did not start on the
page before and no footnote of an earlier block runs onto it. A part is checked by its
lookahead: the first block after it must start a clean top, and nothing of the part may
follow; the pages from there on, and the blank lead pages, are dropped.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import resource
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.render.html import RenderedHtml

SCALE = 0.75  # PDF points per CSS pixel
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LAYING_OUT = "Step 5 - Creating layout - Page"  # WeasyPrint's progress log, once a page
REPORT_S = 0.2


@dataclass(frozen=True)
class Blocks:
    """The blocks of a laid-out page's <main>: each element's index and footnote owners."""

    main: Any
    index: dict[int, int]
    owners: dict[int, int]

    @property
    def count(self) -> int:
        """Return the number of blocks."""
        return len(self.index)


def _local(tag: Any) -> str:
    """Return an element's tag without its namespace."""
    return str(tag).rsplit("}", 1)[-1].lower()


def find_blocks(root: Any) -> Blocks:
    """Return the blocks of the <main> under root (an HTML element)."""
    main = next((el for el in root.iter() if _local(el.tag) == "main"), None)
    index: dict[int, int] = {}
    owners: dict[int, int] = {}
    if main is None:
        return Blocks(None, index, owners)
    for child in main:
        tag = _local(child.tag)
        elements = [child] if tag in _HEADINGS else \
            list(child) if tag == "div" and "body" in (child.get("class") or "").split() else []
        for element in elements:
            number = index.setdefault(id(element), len(index))
            for inner in element.iter():
                if "footnote" in (inner.get("class") or "").split():
                    owners[id(inner)] = number
    return Blocks(main, index, owners)


def page_blocks(page: Any, blocks: Blocks) -> tuple[list[int], list[int]]:
    """Return the blocks a page shows, in order, and the owners of its footnotes."""
    found: list[int] = []
    notes: list[int] = []
    stack = list(reversed(page._page_box.children))
    while stack:
        box = stack.pop()
        element = getattr(box, "element", None)
        number = blocks.index.get(id(element)) if element is not None else None
        if number is not None and getattr(box, "element_tag", "").find("::") < 0:
            if not found or found[-1] != number:
                found.append(number)
            continue
        owner = blocks.owners.get(id(element)) if element is not None else None
        if owner is not None and type(box).__name__ != "InlineBox":
            notes.append(owner)
            continue
        if type(box).__name__ in ("LineBox", "TextBox", "MarginBox"):
            continue
        stack.extend(reversed(getattr(box, "children", None) or []))
    return found, notes


def clean_tops(shown: list[tuple[list[int], list[int]]]) -> dict[int, int]:
    """Return each block that starts a clean top, and the page it starts."""
    tops: dict[int, int] = {}
    for page in range(1, len(shown)):
        found, notes = shown[page]
        if not found:
            continue
        first = found[0]
        if first in shown[page - 1][0] or any(owner < first for owner in notes):
            continue
        tops[first] = page
    return tops


def rendered_from(html: dict[str, Any]) -> RenderedHtml:
    """Return the RenderedHtml a job carries as fields (partplan.html_fields)."""
    return RenderedHtml(html["html"], tuple(html["warnings"]), html["base_url"],
                        Path(html["own_folder"]) if html.get("own_folder") else None)


def _laid_out(html: dict[str, Any], variant: str | None) -> tuple[Any, list[str], Blocks]:
    """Return html (RenderedHtml fields) laid out, its warnings and its blocks."""
    from app.core.render.pdf import layout

    document, warnings = layout(rendered_from(html), variant=variant)
    root = document.pages[0]._page_box.children[0].element if document.pages else None
    return document, warnings, find_blocks(root) if root is not None else Blocks(None, {}, {})


def render_part(job: dict[str, Any]) -> dict[str, Any]:
    """Render one part; return its PDF and facts, or {"ok": False, "why": ...}."""
    started = time.perf_counter()
    try:
        return {**_render_part(job), "seconds": time.perf_counter() - started}
    finally:
        gc.collect()  # a layout leaves its boxes in cycles: free them before the next part


def _render_part(job: dict[str, Any]) -> dict[str, Any]:
    """Render one part (see render_part)."""
    document, warnings, blocks = _laid_out(job["html"], job["variant"])
    if blocks.count != job["blocks"]:
        return {"ok": False, "why": f"{blocks.count} blocks laid out, {job['blocks']} planned"}
    shown = [page_blocks(page, blocks) for page in document.pages]
    lead, own = job["lead"], job["own"]
    if any(found for found, _ in shown[:lead]) or \
            (lead and (len(shown) <= lead or shown[lead][0][:1] != [0])):
        return {"ok": False, "why": "the lead pages did not hold"}
    stop = _stop(shown, own) if own < blocks.count else len(shown)
    if stop is None:
        return {"ok": False, "why": "the cut after the part is not at a page top"}
    return written(document, range(lead, stop), shown, warnings, job)


def _stop(shown: list[tuple[list[int], list[int]]], own: int) -> int | None:
    """Return the page where the lookahead starts if it starts a clean top, else None."""
    stop = next((page for page, (found, _) in enumerate(shown) if own in found), None)
    if stop is None or stop == 0 or shown[stop][0][0] != own or own in shown[stop - 1][0]:
        return None
    later = [b for found, notes in shown[stop:] for b in (*found, *notes)]
    return stop if all(block >= own for block in later) else None


def written(document: Any, kept: range, shown: list[tuple[list[int], list[int]]],
            warnings: list[str], job: dict[str, Any], first: int = 0) -> dict[str, Any]:
    """Return the kept pages written as PDF, with the facts the join needs.

    first is the block the part starts with (its clean tops are counted from it).
    """
    from app.core.render.pdf import fold_missing_glyphs, write_pages
    from app.core.render.tagging import id_prefix

    pages = [document.pages[i] for i in kept]
    id_prefix(job["prefix"])
    try:
        pdf, logged = write_pages(document, pages, job["variant"])
    finally:
        id_prefix("")
    tops = {block - first: page - kept.start for block, page in clean_tops(shown).items()
            if kept.start < page < kept.stop}
    return {"ok": True, "pdf": pdf, "pages": len(pages),
            "warnings": fold_missing_glyphs([*warnings, *logged]),
            "bookmarks": [bookmarks_of(page) for page in pages],
            "tops": sorted(tops.items()), "rss": peak_rss()}


def bookmarks_of(page: Any) -> list[list[Any]]:
    """Return a page's bookmarks with their points in PDF coordinates."""
    return [[level, label, x * SCALE, (page.height - y) * SCALE, state]
            for level, label, (x, y), state in page.bookmarks]


def reset_peak() -> None:
    """Count this process's peak memory afresh from now (Linux), so that peak_rss gives a
    job's peak in a worker that has done others; elsewhere peak_rss keeps the process's."""
    with contextlib.suppress(OSError), \
            open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
        refs.write("5")  # resets VmHWM to the current RSS


def peak_rss() -> int:
    """Return this process's peak memory in bytes.

    Linux's VmHWM where there is one: ru_maxrss keeps the peak of the process that
    spawned this one, across exec.
    """
    from app.core.render.limits import memory_of

    return memory_of("VmHWM") or int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) * 1024


class _PageCounter(logging.Handler):
    """Writes the page WeasyPrint is laying out to a file, a few times a second."""

    def __init__(self, path: str) -> None:
        super().__init__(logging.INFO)
        self.path, self.written = path, 0.0

    def emit(self, record: logging.LogRecord) -> None:
        page = record.args[0] if isinstance(record.args, tuple) and record.args else None
        if not str(record.msg).startswith(_LAYING_OUT) or not isinstance(page, int):
            return
        now = time.monotonic()
        if now - self.written >= REPORT_S:
            self.written = now
            with contextlib.suppress(OSError):
                Path(self.path).write_text(str(page), "ascii")


@contextlib.contextmanager
def pages_reported(path: str | None) -> Iterator[None]:
    """Report the pages laid out so far to path (if any) while the block runs."""
    if not path:
        yield
        return
    logger = logging.getLogger("weasyprint.progress")
    handler, level, propagate = _PageCounter(path), logger.level, logger.propagate
    logger.setLevel(logging.INFO)
    logger.propagate = False  # not a warning for the log that captured_log collects
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def pages_laid_out(path: Path) -> int:
    """Return the pages a worker reported laid out in path (0 before the first)."""
    try:
        return int(path.read_text("ascii") or 0)
    except (OSError, ValueError):
        return 0


def layout_whole(job: dict[str, Any]) -> dict[str, Any]:
    """Lay out a whole document once, find its clean tops, write its parts as planned.

    job holds "document" (interchange form), "variant" and "size" (pages per part); the
    parts are planned here, from the layout, as app.core.render.build plans them.
    """
    from app.core.io.interchange import document_from_dict
    from app.core.render import partplan
    from app.core.render.html import render_html
    from app.core.render.parts import layout_of
    from app.core.render.worker import job_annotations

    model = document_from_dict(job["document"])
    plan = layout_of(model)
    rendered = render_html(model, extra_context=job_annotations(job["document"]))
    with pages_reported(job.get("pages_file")):
        document, warnings, blocks = _laid_out(partplan.html_fields(rendered), job["variant"])
    shown = [page_blocks(page, blocks) for page in document.pages]
    total = len(document.pages)
    tops = clean_tops(shown) if blocks.count == len(plan.blocks) else {}
    specs = partplan.plan_parts(plan, tops, total, job["size"])
    out, extra = [], partplan.extra_context(job["document"])
    for number, spec in enumerate(specs):
        part = partplan.part_job(plan, spec, job["variant"], extra)
        stop = specs[number + 1].page if number + 1 < len(specs) else total
        result = written(document, range(spec.page, stop), shown,
                         warnings if number == 0 else [], part, spec.start)
        out.append({**result, "key": part["key"]})
    return {"parts": out, "tops": sorted(tops.items()), "total": total, "rss": peak_rss()}


def remember_tops(model: Any, pages: list[Any], cache_dir: Path | None = None) -> bool:
    """Save the clean page tops of a whole layout as the last build's; return whether saved.

    The window lays out the whole document in the background for the preview's page
    offsets; with its page tops kept, the next export is cut into parts at once
    instead of being laid out in one process first (the parts still check their cuts).
    """
    from app.core.render.buildcache import BuildCache
    from app.core.render.parts import layout_of, top_row
    from app.paths import user_cache_dir

    plan = layout_of(model)
    root = pages[0]._page_box.children[0].element if pages else None
    blocks = find_blocks(root) if root is not None else Blocks(None, {}, {})
    if not blocks.count or blocks.count != len(plan.blocks):
        return False
    tops = clean_tops([page_blocks(page, blocks) for page in pages])
    rows = [top_row(plan, block, page) for block, page in sorted(tops.items())]
    BuildCache(cache_dir or user_cache_dir()).save_layout(
        model.id, {"total": len(pages), "tops": rows})
    return True
