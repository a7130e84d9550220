"""A first build laid out in turns: workers take over one another's pagination.

No page top is known before a document's first layout, so it cannot be cut into parts
(app.core.render.parts) yet. Instead every worker builds the whole document's boxes,
from the HTML the building process renders once (offer), and they paginate it in turns:
a worker lays out pages from the state the turn before handed on, and as soon as
another worker is free (and MIN_TURN pages are laid out), it hands its state on at the
next page that carries nothing over (no footnote or float left for the next page) as a
file in the build's folder, and writes its pages while the other paginates. Pagination
is the one part of the work that cannot be shared; so it never waits, and the pages left
to write when it ends are a few. The first turn's worker starts on the boxes of the
document's first third (a lead) while the others build the whole document's.
The page total is known only at the end, so each page's furniture (running heads,
"2/22") is laid out last, written apart and laid over the page as an artifact
(app.core.render.join.lay_over). Each turn is written in pieces cut where the next
build cuts its parts (partplan.plan_parts); a part of that build is the pieces from one of
its cuts to the next (app.core.render.relayparts), so that build takes them from the cache.

A worker lets go of the boxes its pagination has passed and shares the styles WeasyPrint
would compute again and again (app.core.render.leanlayout), to stay small.

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
from app.core.render.leanlayout import (
    drop_element_styles,
    forget_before,
    shared_page_styles,
    shared_pseudo_styles,
)

POLL_S = 0.002
LEAD_MARGIN = 12  # blocks a lead lays out past the last page top it may hand on at
MIN_TURN = 3  # pages a turn lays out at least: each is written as PDFs of its own
_BLANK_STATE = {"content_changed": False, "pages_wanted": False, "anchors": [],
                "content_lookups": []}


class RelayStopped(RenderError):
    """The build was stopped, or another worker failed."""


class _OutOfReach(Exception):
    """A lead's pagination passed the blocks it may hand on at."""


def begin(folder: Path) -> None:
    """Lay out the first turn's start (the document's top) in a build's folder."""
    _put(folder / "turn-0.pkl", None)


def offer(folder: Path, html: dict[str, Any]) -> None:
    """Give a relay's workers the whole document's HTML (relayparts.html_of)."""
    _put(folder / "whole.pkl", html)


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

    def __init__(self, html: dict[str, Any], job: dict[str, Any], lead: int = 0) -> None:
        """Build the boxes of html (RenderedHtml fields: with lead, of the document's
        first lead blocks only)."""
        from app.core.render.partjob import find_blocks, rendered_from
        from app.core.render.pdf import layout

        self.reach = lead - LEAD_MARGIN if lead else None  # a lead hands on before this block
        self.hand_from = lead // 2 if lead else None  # a lead hands on at the next cut from here
        self.part_pages = int(job["size"])
        self.last_cut = 0  # the page where the last part (of partplan.plan_parts) began
        self.cuts: list[int] = []  # the parts the turn paginated begin on these pages
        self.opens = True  # whether the next build cuts a part where this turn began
        with _boxes_only() as found, shared_pseudo_styles():
            self.document, self.warnings = layout(rendered_from(html), variant=job["variant"])
        self.html, self.root, self.context = found["html"], found["root"], found["context"]
        drop_element_styles(self.context, self.html.etree_element)
        self.blocks = find_blocks(self.root.element)
        self.bookmarked: set[tuple[str, int]] = set()

    def paginate(self, start: Any, folder: Path) -> tuple[list[Any], Any]:
        """Lay out pages from start until another worker is free to go on (a lead: also
        until the next build's first cut past hand_from); return them and the state to
        hand on (None at the document's end)."""
        from weasyprint.layout.page import remake_page

        context, first = self.context, self._resume(start)
        pages: list[Any] = []
        index = first
        self.cuts = []
        while True:
            page, resume_at = remake_page(index, context, self.root, self.html)
            forget_before(self.root, resume_at)
            pages.append(page)
            index += 1
            _report(folder / "pages", index)
            block, clean = self._resume_block(resume_at)
            if clean and index >= self.last_cut + self.part_pages:  # as choose_cuts cuts
                self.cuts.append(index)
                self.last_cut = index
            if self.reach is not None and (block is None or block >= self.reach):
                raise _OutOfReach  # a lead's last blocks may lay out otherwise than in full
            if resume_at is None and not context.reported_footnotes:
                self._record(first, pages)
                return pages, None
            if self._hands_on(block, index, len(pages), folder):
                self._record(first, pages)
                return pages, (index, copy.deepcopy(context.page_maker[index]), self._strings(),
                               self.last_cut)

    def _hands_on(self, block: int | None, index: int, count: int, folder: Path) -> bool:
        """Return whether a turn of count pages ends before page index, which resumes in
        block: nothing carried over but the page_maker's state, and somebody to take it."""
        context = self.context
        if block is None or context.reported_footnotes or context.broken_out_of_flow:
            return False
        if self.hand_from is not None and block >= self.hand_from and self.cuts[-1:] == [index]:
            return True  # a lead's last chance to hand on, where the next build cuts
        return count >= MIN_TURN and _idle(folder)

    def _resume(self, start: Any) -> int:
        """Set the pagination to start where start says; return the first page's index."""
        self.opens = True
        if start is None:
            return 0
        first, entry, strings, self.last_cut = start
        self.opens = self.last_cut == int(first)
        first = int(first)
        makers = self.context.page_maker
        del makers[first:]
        while len(makers) < first:
            makers.append((None, None, None, None, copy.deepcopy(_BLANK_STATE)))
        makers.append(entry)
        forget_before(self.root, entry[0])
        for name, value in strings.items():
            self.context.string_set[name].setdefault(first, [value])
        return first

    def _resume_block(self, resume_at: Any) -> tuple[int | None, bool]:
        """Return the block the next page resumes in (None at the end, or if not found),
        and whether the page starts with that block, nothing carried from the one before."""
        context = self.context
        box, skip = self.root, resume_at
        while isinstance(skip, dict) and len(skip) == 1:
            (key, skip), = skip.items()
            children = getattr(box, "children", None) or []
            if not isinstance(key, int) or key >= len(children):
                return None, False
            box = children[key]
            element = getattr(box, "element", None)
            block = self.blocks.index.get(id(element))
            if block is not None and "::" not in getattr(box, "element_tag", "::"):
                clean = (skip is None and not context.reported_footnotes
                         and not context.broken_out_of_flow)
                return block, clean
        if skip is None and box is not self.root:  # at the start of a box around blocks
            while getattr(box, "children", None):
                box = box.children[0]
                block = self.blocks.index.get(id(getattr(box, "element", None)))
                if block is not None:
                    return block, False
        return None, False

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

    def body(self, chunk: _Chunk, variant: str | None, prefix: str) -> list[bytes]:
        """Return a turn's pages written without their furniture, a PDF for each part of
        it that partplan.plan_parts would plan (chunk.facts["subs"]: their first pages)."""
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
        end = chunk.first + len(pages)
        subs = sorted({chunk.first, *(c for c in chunk.facts["cuts"] if chunk.first < c < end)})
        pdfs, logged = [], []
        for number, (start, stop) in enumerate(zip(subs, [*subs[1:], end], strict=True)):
            id_prefix(f"{prefix}{number}-")
            try:
                pdf, notes_logged = write_pages(
                    self.document, pages[start - chunk.first:stop - chunk.first], variant)
            finally:
                id_prefix("")
            pdfs.append(pdf)
            logged += notes_logged
        chunk.facts.update(bookmarks=[bookmarks_of(page) for page in pages], written=logged,
                           subs=subs)
        for box in chunk.boxes:
            box.children = ()  # the furniture needs the page, not its content
        return pdfs

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

    job holds "lead_html" (the HTML of the document's first "lead" blocks, or None; the
    whole document's comes with offer), "variant", "size" (pages per part of the
    next build, at least), "folder" (the build's), "prefix" (for the PDFs' IDs),
    "deadline" (seconds), "lead" (blocks, or 0) and "slot" (the worker's number).
    """
    folder = Path(job["folder"])
    try:
        with shared_page_styles():
            return _relay(job, folder, time.monotonic() + float(job["deadline"]))
    except BaseException:
        stop(folder)
        raise


def _relay(job: dict[str, Any], folder: Path, deadline: float) -> dict[str, Any]:
    """Run a worker's turns (see relay)."""
    from app.core.render.join import lay_over
    from app.core.render.partjob import peak_rss

    groups: list[tuple[_Layout, list[_Chunk], list[bytes]]] = []
    lead, turn = int(job.get("lead") or 0), int(job.get("slot") or 0) and 1
    if lead and turn == 0:
        _claim(folder, 0, deadline)  # the first turn is slot 0's: it starts at once
        first = _Layout(job["lead_html"], job, lead)
        chunk = _lead_turn(first, job, folder)
        if chunk is not None:
            groups.append((first, [chunk], first.body(chunk, job["variant"], f"{job['prefix']}0-")))
            turn = 1
    whole = _Layout(_wait_for(folder / "whole.pkl", deadline), job)
    groups.append((whole, [], []))
    if lead and turn == 0:  # the lead fell short: the first turn from the whole boxes
        turn = _take(whole, job, folder, (0, None), groups[-1])
    while (claimed := _claim(folder, turn, deadline)) is not None:
        turn = _take(whole, job, folder, claimed, groups[-1])
    total = int(_get(folder / "end.pkl")["total"])
    out: list[dict[str, Any]] = []
    for layout, chunks, bodies in groups:
        if chunks:
            pdfs = iter(lay_over(bodies, layout.furniture(chunks, total)))
            out += [part for chunk in chunks for part in _parts_of(chunk, pdfs, whole.warnings)]
    return {"chunks": out, "total": total, "blocks": whole.blocks.count, "rss": peak_rss()}


def _parts_of(chunk: _Chunk, pdfs: Iterator[bytes], warnings: list[str]
              ) -> list[dict[str, Any]]:
    """Return a turn's parts as the build joins them (the document's warnings on the first)."""
    subs = chunk.facts["subs"]
    end = chunk.first + len(chunk.boxes)
    out = []
    for number, (start, stop) in enumerate(zip(subs, [*subs[1:], end], strict=True)):
        shown = slice(start - chunk.first, stop - chunk.first)
        noted = [*(warnings if chunk.turn == 0 else []), *chunk.facts["paginated"],
                 *chunk.facts["written"]] if number == 0 else []
        out.append({"turn": chunk.turn, "sub": number, "first": start, "pages": stop - start,
                    "opens": number > 0 or chunk.facts["opens"],
                    "pdf": next(pdfs), "shown": chunk.shown[shown],
                    "bookmarks": chunk.facts["bookmarks"][shown], "warnings": noted})
    return out


def _take(whole: _Layout, job: dict[str, Any], folder: Path, claimed: tuple[int, Any],
          group: tuple[_Layout, list[_Chunk], list[bytes]]) -> int:
    """Paginate a claimed turn, hand the next one on, write its pages into group; return
    the turn to wait for next."""
    from app.core.render.pdf import captured_log

    turn, start = claimed
    with captured_log() as logged:
        boxes, handoff = whole.paginate(start, folder)
    chunk = _Chunk(turn, start[0] if start else 0, boxes, [],
                   {"paginated": logged, "cuts": whole.cuts[:], "opens": whole.opens})
    if handoff is None:
        _put(folder / "end.pkl", {"total": _page_after([chunk]), "turns": turn + 1})
    else:
        _put(folder / f"turn-{turn + 1}.pkl", handoff)
    group[2].extend(whole.body(chunk, job["variant"], f"{job['prefix']}{turn}-"))
    group[1].append(chunk)
    return turn + 1


def _lead_turn(lead: _Layout, job: dict[str, Any], folder: Path) -> _Chunk | None:
    """Paginate the first turn from a lead (the document's first blocks) and hand the
    next one on; None if it found no page top to hand on at within the lead's reach."""
    from app.core.render.pdf import captured_log

    try:
        with captured_log() as logged:
            boxes, handoff = lead.paginate(None, folder)
    except _OutOfReach:
        return None
    _put(folder / "turn-1.pkl", handoff)
    return _Chunk(0, 0, boxes, [], {"paginated": logged, "cuts": lead.cuts[:], "opens": True})


def _idle(folder: Path) -> bool:
    """Return whether a worker of the build waits for a turn."""
    return any(folder.glob("idle-*"))


def _page_after(chunks: list[_Chunk]) -> int:
    """Return the page after the last of chunks (the document's total at its end)."""
    return chunks[-1].first + len(chunks[-1].boxes)


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


def _wait_for(path: Path, deadline: float) -> Any:
    """Wait for the value the building process puts in path; return it."""
    while not path.exists():
        if (path.parent / "stop").exists() or time.monotonic() > deadline:
            raise RelayStopped("the build stopped before the relay began")
        time.sleep(POLL_S)
    return _get(path)


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
