"""A first build laid out in turns: workers take over one another's pagination.

No page top is known before a document's first layout, so it cannot be cut into parts
(app.core.render.parts) yet. Instead every worker builds the whole document's boxes and
they paginate it in turns: a worker lays out pages from the state the turn before handed
on, until a page starts with a block of its own (a clean top, where parts are cut) at
least `size` pages on. It hands that state on as a file in the build's folder, and
writes its pages while another worker paginates the next turn (when no other worker is
free to take it, it paginates one more turn itself first). The page total is known
only at the end, so each page's furniture (running heads, "2/22") is laid out last,
written apart and laid over the page as an artifact (app.core.render.join.lay_over).

This drives WeasyPrint 70's own pagination (weasyprint.layout.page.remake_page) from
states it keeps in `context.page_maker`; WeasyPrint is pinned in pyproject.toml, and a
relay that fails is built again in one process (app.core.render.build).
"""

from __future__ import annotations

import contextlib
import copy
import os
import pickle
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.errors import RenderError

POLL_S = 0.002
_BLANK_STATE = {"content_changed": False, "pages_wanted": False, "anchors": [],
                "content_lookups": []}


class RelayStopped(RenderError):
    """The build was stopped, or another worker failed."""


def begin(folder: Path) -> None:
    """Lay out the first turn's start (the document's top) in a build's folder."""
    _put(folder / "turn-0.pkl", None)


def stop(folder: Path) -> None:
    """Tell every worker of a relay to stop."""
    with contextlib.suppress(OSError):
        (folder / "stop").write_text("stop", "ascii")


@dataclass
class _Chunk:
    """One turn's pages: where they start, their boxes and what they show."""

    turn: int
    first: int  # index of its first page in the document
    boxes: list[Any]
    shown: list[tuple[list[int], list[int]]]
    facts: dict[str, Any] = field(default_factory=dict)


class _Layout:
    """The whole document's boxes in this worker, paginated a turn at a time."""

    def __init__(self, job: dict[str, Any]) -> None:
        from app.core.io.interchange import document_from_dict
        from app.core.render.build import html_fields
        from app.core.render.html import render_html
        from app.core.render.partjob import find_blocks
        from app.core.render.pdf import layout
        from app.core.render.worker import job_annotations

        model = document_from_dict(job["document"])
        rendered = render_html(model, extra_context=job_annotations(job["document"]))
        with _boxes_only() as found:
            self.document, self.warnings = layout(
                _fields(html_fields(rendered)), variant=job["variant"])
        self.html, self.root, self.context = found["html"], found["root"], found["context"]
        self.blocks = find_blocks(self.root.element)
        self.bookmarked: set[tuple[str, int]] = set()

    def paginate(self, start: Any, size: int, report: Path) -> tuple[list[Any], Any]:
        """Lay out pages from start until a clean top size pages on; return them and the
        state to hand on (None at the document's end)."""
        from weasyprint.layout.page import remake_page

        context, first = self.context, self._resume(start)
        pages: list[Any] = []
        index = first
        while True:
            page, resume_at = remake_page(index, context, self.root, self.html)
            pages.append(page)
            index += 1
            _report(report, index)
            if resume_at is None and not context.reported_footnotes:
                self._record(first, pages)
                return pages, None
            if len(pages) >= size and self._clean(resume_at):
                self._record(first, pages)
                return pages, (index, copy.deepcopy(context.page_maker[index]), self._strings())

    def _resume(self, start: Any) -> int:
        """Set the pagination to start where start says; return the first page's index."""
        if start is None:
            return 0
        first, entry, strings = start
        first = int(first)
        makers = self.context.page_maker
        del makers[first:]
        while len(makers) < first:
            makers.append((None, None, None, None, copy.deepcopy(_BLANK_STATE)))
        makers.append(entry)
        for name, value in strings.items():
            self.context.string_set[name].setdefault(first, [value])
        return first

    def _clean(self, resume_at: Any) -> bool:
        """Return whether the next page starts with a block of its own, nothing carried."""
        context = self.context
        if resume_at is None or context.reported_footnotes or context.broken_out_of_flow:
            return False
        box, skip = self.root, resume_at
        while isinstance(skip, dict) and len(skip) == 1:
            (key, skip), = skip.items()
            children = getattr(box, "children", None) or []
            if not isinstance(key, int) or key >= len(children):
                return False
            box = children[key]
            if skip is None:
                element = getattr(box, "element", None)
                return (id(element) in self.blocks.index
                        and "::" not in getattr(box, "element_tag", "::"))
        return False

    def _record(self, first: int, pages: list[Any]) -> None:
        """Record the named strings set on pages, and keep one bookmark per element,
        as WeasyPrint's layout_document does once all pages are made."""
        store = self.context.string_set
        for offset, page in enumerate(pages):
            for child in page.descendants():
                if child.bookmark_label:
                    tag = child.element_tag
                    seen = (tag.rsplit("::", 1)[-1] if "::" in tag else "", id(child.element))
                    if seen in self.bookmarked:
                        child.bookmark_label = ""
                    self.bookmarked.add(seen)
                if child.string_set and child.string_set != "none":
                    for name, text in child.string_set:
                        store[name][first + offset + 1].append(text)

    def _strings(self) -> dict[str, str]:
        """Return the last value of each named string so far."""
        last: dict[str, str] = {}
        for name, by_page in self.context.string_set.items():
            values = [value for number in sorted(by_page) for value in by_page[number]]
            if values:
                last[name] = values[-1]
        return last

    def body(self, chunk: _Chunk, variant: str | None, prefix: str) -> bytes:
        """Return a turn's pages written without their furniture."""
        from weasyprint.document import Page
        from weasyprint.layout.background import layout_backgrounds

        from app.core.render.partjob import bookmarks_of, page_blocks
        from app.core.render.pdf import write_pages
        from app.core.render.tagging import id_prefix

        pages = []
        for box in chunk.boxes:
            root, notes, note_area = box.children
            box.children = tuple(child for child in (root, notes, note_area)
                                 if child is root or child.children)
            layout_backgrounds(box, self.context.get_image_from_uri)
            pages.append(Page(box))
        chunk.shown = [page_blocks(page, self.blocks) for page in pages]
        id_prefix(prefix)
        try:
            pdf, logged = write_pages(self.document, pages, variant)
        finally:
            id_prefix("")
        chunk.facts.update(bookmarks=[bookmarks_of(page) for page in pages], written=logged)
        for box in chunk.boxes:
            box.children = ()  # the furniture needs the page, not its content
        return pdf

    def furniture(self, chunks: list[_Chunk], total: int) -> bytes:
        """Return the page furniture of turns, laid out with the page total, as one PDF."""
        from weasyprint.document import Page
        from weasyprint.layout.background import layout_box_backgrounds
        from weasyprint.layout.page import make_margin_boxes

        from app.core.render.pdf import write_pages

        context, pages = self.context, []
        for chunk in chunks:
            for offset, box in enumerate(chunk.boxes):
                context.current_page = chunk.first + offset + 1
                state = context.page_maker[context.current_page][3]
                state[1]["pages"] = [total]
                box.children = tuple(make_margin_boxes(context, box, state))
                for margin in box.children:
                    layout_box_backgrounds(box, margin, context.get_image_from_uri)
                box.background = box.canvas_background = None  # the body has drawn them
                pages.append(Page(box))
        pdf, _ = write_pages(self.document, pages, None)
        return pdf


def relay(job: dict[str, Any]) -> dict[str, Any]:
    """In a worker: take turns at a document's pagination; return the turns it laid out.

    job holds "document" (interchange form), "variant", "size" (pages per turn, at
    least), "folder" (the build's), "prefix" (for the PDFs' IDs) and "deadline" (seconds).
    """
    folder = Path(job["folder"])
    try:
        return _relay(job, folder, time.monotonic() + float(job["deadline"]))
    except BaseException:
        stop(folder)
        raise


def _relay(job: dict[str, Any], folder: Path, deadline: float) -> dict[str, Any]:
    """Run a worker's turns (see relay)."""
    from app.core.render.join import lay_over
    from app.core.render.partjob import peak_rss

    done: list[_Chunk] = []
    bodies: list[bytes] = []
    whole = _Layout(job)
    turn = 0
    while (claimed := _claim(folder, turn, deadline)) is not None:
        for chunk in _turns(whole, job, folder, *claimed):
            bodies.append(whole.body(chunk, job["variant"], f"{job['prefix']}{chunk.turn}-"))
            chunk.facts["warnings"] = [*(whole.warnings if chunk.turn == 0 else []),
                                       *chunk.facts["paginated"], *chunk.facts["written"]]
            done.append(chunk)
            turn = chunk.turn + 1
    total = int(_get(folder / "end.pkl")["total"])
    if not done:
        return {"chunks": [], "total": total, "blocks": whole.blocks.count, "rss": peak_rss()}
    furniture = whole.furniture(done, total)
    pdfs = lay_over(bodies, furniture)
    out = [{"turn": chunk.turn, "first": chunk.first, "pages": len(chunk.boxes), "pdf": pdf,
            "shown": chunk.shown, "bookmarks": chunk.facts["bookmarks"],
            "warnings": chunk.facts["warnings"]}
           for chunk, pdf in zip(done, pdfs, strict=True)]
    return {"chunks": out, "total": total, "blocks": whole.blocks.count, "rss": peak_rss()}


def _turns(whole: _Layout, job: dict[str, Any], folder: Path, turn: int, start: Any
           ) -> list[_Chunk]:
    """Paginate a turn from its start and hand the next one on; if no other worker is
    free to take it, go on with it here first (once: its pages still wait to be written).
    Return the turns paginated."""
    from app.core.render.pdf import captured_log

    pending: list[_Chunk] = []
    while True:
        with captured_log() as logged:
            boxes, handoff = whole.paginate(start, int(job["size"]), folder / "pages")
        pending.append(_Chunk(turn, start[0] if start else 0, boxes, [], {"paginated": logged}))
        if handoff is None:
            _put(folder / "end.pkl", {"total": _page_after(pending), "turns": turn + 1})
            return pending
        if len(pending) > 1 or any(folder.glob("idle-*")):
            _put(folder / f"turn-{turn + 1}.pkl", handoff)
            return pending
        (folder / f"turn-{turn + 1}.taken").touch()  # nobody free: this worker goes on
        turn, start = turn + 1, handoff


def _page_after(chunks: list[_Chunk]) -> int:
    """Return the page after the last of chunks (the document's total at its end)."""
    return chunks[-1].first + len(chunks[-1].boxes)


def in_order(results: list[dict[str, Any]], blocks: int) -> list[dict[str, Any]]:
    """Return the turns the workers laid out, in order; ValueError if they do not join up
    or did not lay out the blocks the build planned."""
    if any(int(result["blocks"]) != blocks for result in results):
        raise ValueError("the relay laid out other blocks than the build planned")
    chunks = sorted((chunk for result in results for chunk in result["chunks"]),
                    key=lambda chunk: int(chunk["turn"]))
    page = 0
    for number, chunk in enumerate(chunks):
        if chunk["turn"] != number or chunk["first"] != page:
            raise ValueError("the turns of the relay do not join up")
        page += int(chunk["pages"])
    totals = {int(result["total"]) for result in results}
    if not chunks or totals != {page}:
        raise ValueError("the turns of the relay do not make the whole document")
    return chunks


def tops_of(chunks: list[dict[str, Any]]) -> dict[int, int]:
    """Return the clean page tops of the whole layout the turns make."""
    from app.core.render.partjob import clean_tops

    return clean_tops([page for chunk in chunks for page in chunk["shown"]])


def as_parts(layout: Any, chunks: list[dict[str, Any]]) -> tuple[list[Any], list[dict[str, Any]]]:
    """Return the turns as the parts of a build: their specs and their facts."""
    from app.core.render.parts import PartSpec

    tops = tops_of(chunks)
    total = sum(int(chunk["pages"]) for chunk in chunks)
    starts = [0]
    for chunk in chunks[1:]:
        block = next((b for b, page in tops.items() if page == chunk["first"]), None)
        if block is None:
            raise ValueError("a turn of the relay does not start at a clean page top")
        starts.append(block)
    ends = [*starts[1:], len(layout.blocks)]
    specs, parts = [], []
    for chunk, start, end in zip(chunks, starts, ends, strict=True):
        first, stop = int(chunk["first"]), int(chunk["first"]) + int(chunk["pages"])
        specs.append(PartSpec(start, end, first, total))
        parts.append({"ok": True, "pdf": chunk["pdf"], "pages": chunk["pages"],
                      "warnings": chunk["warnings"], "bookmarks": chunk["bookmarks"],
                      "tops": sorted((block - start, page - first)
                                     for block, page in tops.items() if first < page < stop),
                      "rss": 0})
    return specs, parts


def _claim(folder: Path, turn: int, deadline: float) -> tuple[int, Any] | None:
    """Wait for the next turn nobody has taken from turn on; None once the document ends.

    While it waits, the worker is marked idle (a file named after its process).
    """
    idle = folder / f"idle-{os.getpid()}"
    try:
        return _wait_turn(folder, turn, deadline, idle)
    finally:
        with contextlib.suppress(OSError):
            idle.unlink()


def _wait_turn(folder: Path, turn: int, deadline: float, idle: Path
               ) -> tuple[int, Any] | None:
    """Wait for a turn (see _claim), marked idle meanwhile."""
    while True:
        if (folder / "stop").exists() or not folder.is_dir():
            raise RelayStopped("another worker of the build stopped")
        end = folder / "end.pkl"
        if end.exists() and turn >= int(_get(end)["turns"]):
            return None
        waiting, taken = folder / f"turn-{turn}.pkl", folder / f"turn-{turn}.taken"
        try:
            os.rename(waiting, taken)
        except OSError:
            if taken.exists():
                turn += 1
                continue
        else:
            return turn, _get(taken)
        if time.monotonic() > deadline:
            raise RelayStopped("a turn of the build never came")
        if not idle.exists():
            idle.touch()
        time.sleep(POLL_S)


def _put(path: Path, value: Any) -> None:
    """Write value to path at once (readers never see half of it)."""
    partial = path.with_suffix(".part")
    partial.write_bytes(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(partial, path)


def _get(path: Path) -> Any:
    """Return the value in path (written by a worker of this build)."""
    return pickle.loads(path.read_bytes())  # noqa: S301 - our own build folder


def _report(path: Path, pages: int) -> None:
    """Tell the build how many pages are laid out."""
    with contextlib.suppress(OSError):
        path.write_text(str(pages), "ascii")


def _fields(html: dict[str, Any]) -> Any:
    """Return rendered HTML from its worker fields."""
    from app.core.render.html import RenderedHtml

    return RenderedHtml(html["html"], tuple(html["warnings"]), html["base_url"],
                        Path(html["own_folder"]) if html.get("own_folder") else None)


@contextlib.contextmanager
def _boxes_only() -> Iterator[dict[str, Any]]:
    """While the block runs, WeasyPrint builds a document's boxes and lays out no page."""
    import weasyprint.document as module
    from weasyprint.layout import initialize_page_maker

    found: dict[str, Any] = {}
    original = module.layout_document

    def keep(html: Any, root_box: Any, context: Any, max_loops: int = 8) -> Iterator[Any]:
        initialize_page_maker(context, root_box)
        context.rendered_notes = []
        found.update(html=html, root=root_box, context=context)
        return iter(())

    module.layout_document = keep
    try:
        yield found
    finally:
        module.layout_document = original
