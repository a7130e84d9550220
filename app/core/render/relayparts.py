"""The turns of a first build (app.core.render.relay) as the parts of a build.

In the building process: how far the first turn's lead reaches, and the turns the
workers return checked, put in order and given the specs partplan.plan_parts would give.
"""

from __future__ import annotations

from typing import Any

from app.core.render.relay import LEAD_MARGIN

LEAD_MIN_BLOCKS = 120  # shorter documents start without a lead


def lead_blocks(layout: Any) -> int:
    """Return how many first blocks the first turn's worker lays out before the rest: a
    third of the text, so that it paginates while the others build the whole document's
    boxes (0: the document is too short for a lead)."""
    if len(layout.blocks) < LEAD_MIN_BLOCKS:
        return 0
    sizes = [len(_block_html(layout, block)) for block in layout.blocks]
    goal, seen = sum(sizes) / 3, 0
    for number, size in enumerate(sizes):
        seen += size
        if seen >= goal:
            return max(number + 1, 2 * LEAD_MARGIN)
    return 0


def html_of(layout: Any, annotations: dict[str, Any], lead: int = 0) -> dict[str, Any]:
    """Return the HTML a relay's workers lay out (as a job carries it): the whole
    document's, or with lead, its first lead blocks'."""
    from app.core.render.html import render_html
    from app.core.render.partplan import html_fields
    from app.core.render.parts import part_document

    document = part_document(layout, 0, lead) if lead else layout.document
    return html_fields(render_html(document, extra_context=annotations))


def _block_html(layout: Any, block: Any) -> str:
    """Return a block's HTML (a heading's text for a heading)."""
    unit = layout.units[block.section]
    return str(unit.section.heading if block.child < 0 else unit.segments[block.child])


def in_order(results: list[dict[str, Any]], blocks: int) -> list[dict[str, Any]]:
    """Return the turns the workers laid out, in order; ValueError if they do not join up
    or did not lay out the blocks the build planned."""
    if any(int(result["blocks"]) != blocks for result in results):
        raise ValueError("the relay laid out other blocks than the build planned")
    chunks = sorted((chunk for result in results for chunk in result["chunks"]),
                    key=lambda chunk: (int(chunk["turn"]), int(chunk["sub"])))
    page = 0
    for chunk in chunks:
        if chunk["first"] != page:
            raise ValueError("the turns of the relay do not join up")
        page += int(chunk["pages"])
    turns = [int(chunk["turn"]) for chunk in chunks]
    if turns and set(turns) != set(range(turns[-1] + 1)):
        raise ValueError("the turns of the relay do not join up")
    totals = {int(result["total"]) for result in results}
    if not chunks or totals != {page}:
        raise ValueError("the turns of the relay do not make the whole document")
    return chunks


def tops_of(chunks: list[dict[str, Any]]) -> dict[int, int]:
    """Return the clean page tops of the whole layout the turns make."""
    from app.core.render.partjob import clean_tops

    return clean_tops([page for chunk in chunks for page in chunk["shown"]])


def as_parts(layout: Any, chunks: list[dict[str, Any]]) -> tuple[list[Any], list[dict[str, Any]]]:
    """Return the turns as the parts of a build: their specs and their facts. A part
    begins where the next build cuts one; a turn that began elsewhere goes on the part
    before it, whose PDF is then a list of its pieces."""
    from app.core.render.parts import PartSpec

    tops = tops_of(chunks)
    total = sum(int(chunk["pages"]) for chunk in chunks)
    groups: list[list[dict[str, Any]]] = []
    for chunk in chunks:
        if groups and not chunk["opens"]:
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
    starts = [0]
    for group in groups[1:]:
        block = next((b for b, page in tops.items() if page == group[0]["first"]), None)
        if block is None:
            raise ValueError("a part of the relay does not start at a clean page top")
        starts.append(block)
    ends = [*starts[1:], len(layout.blocks)]
    specs, parts = [], []
    for group, start, end in zip(groups, starts, ends, strict=True):
        first = int(group[0]["first"])
        stop = first + sum(int(chunk["pages"]) for chunk in group)
        pdfs = [chunk["pdf"] for chunk in group]
        specs.append(PartSpec(start, end, first, total))
        parts.append({"ok": True, "pdf": pdfs[0] if len(pdfs) == 1 else pdfs,
                      "pages": stop - first,
                      "warnings": [w for chunk in group for w in chunk["warnings"]],
                      "bookmarks": [b for chunk in group for b in chunk["bookmarks"]],
                      "tops": sorted((block - start, page - first)
                                     for block, page in tops.items() if first < page < stop),
                      "rss": 0})
    return specs, parts
