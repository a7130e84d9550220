"""A document cut into parts at page tops: its blocks, the cuts, each part's HTML.

A block is what the templates put in <main> one after another: a section's heading,
or one top-level element of its body. A cut before a block is exact only where the
one-process layout starts a new page with that block (no paragraph, and no footnote,
running on from the page before): then the pages before and after it do not depend on
each other. A part is rendered alone with its counters preset, as a section preview
is, after blank lead pages that put its first page on the right side of the spread
(and off `@page :first`), followed by a few lookahead blocks that must start a new
page for the cut after it to hold (app.core.render.partjob checks).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

from app.core.document.model import Document, Section
from app.core.render.bidi import direction
from app.core.render.html import RenderedHtml, render_html
from app.core.render.preview import HEADING_DEPTHS, count_markup, prefix_footnotes
from app.core.text import sanitize

LOOKAHEAD = 3  # blocks after a part: a heading keeps with what follows it
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)([^>]*)>")
_VOID = frozenset({"br", "hr", "img", "wbr", "col", "meta", "link", "input", "source"})
_BODY = re.compile(r"<body[^>]*>")
# The part's first page follows the lead pages' forced break, where margins are kept;
# in the whole document it followed an unforced break, which drops them. In a
# right-to-left document every break is forced (WeasyPrint 70 counts a named page,
# base.css's `page: rtl`, as forcing), so margins stay at the cut there too.
_CUT_STYLE = ("<style>main, main > :first-child, main > :first-child > :first-child "
              "{ margin-break: discard; }</style>")
_LEAD = '<div style="break-after: page"></div>'


@dataclass(frozen=True)
class Block:
    """One block: section index in reading order, and child (-1 for its heading)."""

    section: int
    child: int
    cuttable: bool


@dataclass(frozen=True)
class Unit:
    """A section in reading order, its depth and its body cut into top-level elements."""

    section: Section
    depth: int
    segments: tuple[str, ...]
    splittable: bool


@dataclass(frozen=True)
class Layout:
    """A document ready to cut: its sections in reading order and its blocks."""

    document: Document
    units: tuple[Unit, ...]
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class PartSpec:
    """A part to render: blocks [start, end) plus lookahead, its first page and the total."""

    start: int
    end: int
    page: int  # pages before the part
    total_pages: int


def split_body(body: str) -> tuple[tuple[str, ...], bool]:
    """Return a clean body's top-level elements and whether only whitespace lies between."""
    segments: list[str] = []
    depth, begin, clean, last = 0, -1, True, 0
    for match in _TAG.finditer(body):
        closing, tag = match.group(1), match.group(2).lower()
        if depth == 0 and not closing:
            clean = clean and not body[last:match.start()].strip()
            begin = match.start()
        void = tag in _VOID or match.group(3).rstrip().endswith("/")
        depth += 0 if void else (-1 if closing else 1)
        if depth <= 0 and begin >= 0 and (closing or void):
            segments.append(body[begin:match.end()])
            depth, begin, last = 0, -1, match.end()
    clean = clean and not body[last:].strip() and depth == 0
    return tuple(segments), clean


def layout_of(document: Document) -> Layout:
    """Return the document's sections in reading order and its blocks."""
    units, blocks = [], []
    for index, (section, depth) in enumerate(_walk(document.sections, 0)):
        body = sanitize.clean(section.body) if section.body.strip() else ""
        segments, clean = split_body(body)
        units.append(Unit(section, depth, segments, clean))
        if section.heading.strip():
            blocks.append(Block(index, -1, True))
        blocks += [Block(index, child, clean) for child in range(len(segments))]
    return Layout(document, tuple(units), tuple(blocks))


def _walk(sections: list[Section], depth: int) -> Iterator[tuple[Section, int]]:
    """Yield each section with its depth, in reading order."""
    for section in sections:
        yield section, depth
        yield from _walk(section.children, depth + 1)


def part_document(layout: Layout, start: int, end: int) -> Document:
    """Return the document holding blocks [start, end), ancestors kept as empty sections."""
    chosen: dict[int, list[int]] = {}
    for block in layout.blocks[start:end]:
        chosen.setdefault(block.section, []).append(block.child)
    flat = []
    for index, children in chosen.items():
        unit = layout.units[index]
        body = "".join(unit.segments[c] for c in children if c >= 0)
        heading = unit.section.heading if -1 in children else ""
        flat.append((replace(unit.section, heading=heading, body=body, children=[]),
                     unit.depth))
    return replace(layout.document, sections=_tree(flat))


def _tree(flat: list[tuple[Section, int]]) -> list[Section]:
    """Return sections given in reading order with depths as a tree (gaps filled empty)."""
    root: list[Section] = []
    levels: list[list[Section]] = [root]
    for section, depth in flat:
        while len(levels) <= depth:
            filler = Section(f"part-filler-{len(levels)}")
            levels[-1].append(filler)
            levels.append(filler.children)
        del levels[depth + 1:]
        levels[depth].append(section)
        levels.append(section.children)
    return root


def counters_before(layout: Layout, start: int) -> dict[str, Any]:
    """Return the footnote, paragraph and heading counters before block start."""
    footnotes = prefix_footnotes(layout.document) if start else 0  # the masthead has them
    paragraphs = 0
    headings = [0] * (HEADING_DEPTHS + 1)
    for block in layout.blocks[:start]:
        unit = layout.units[block.section]
        if block.child < 0:
            if unit.depth < HEADING_DEPTHS:
                headings[unit.depth] += 1
                headings[unit.depth + 1] = 0
            continue
        notes, paras = _segment_counts(unit.segments[block.child])
        footnotes, paragraphs = footnotes + notes, paragraphs + paras
    return {"footnote": footnotes, "paragraph": paragraphs,
            "headings": headings[:HEADING_DEPTHS]}


@lru_cache(maxsize=65536)
def _segment_counts(segment: str) -> tuple[int, int]:
    """Return (footnotes, numbered paragraphs) of one block: each part counts all before it."""
    return count_markup(segment)


def lead_pages(page: int) -> int:
    """Return the blank pages before a part starting after page pages (0 for the first)."""
    if page <= 0:
        return 0
    return 2 if page % 2 == 0 else 1


def part_source(layout: Layout, spec: PartSpec, extra_context: dict[str, Any] | None = None
                ) -> tuple[Document, dict[str, Any], int]:
    """Return what a part is rendered from: its document, template context and lead pages."""
    last = spec.end >= len(layout.blocks)
    stop = len(layout.blocks) if last else min(spec.end + LOOKAHEAD, len(layout.blocks))
    lead = lead_pages(spec.page)
    context = {**(extra_context or {}),
               "section_preview": {**counters_before(layout, spec.start),
                                   "page": spec.page - lead, "total_pages": spec.total_pages},
               "build_part": {"masthead": spec.start == 0, "end": last}}
    return part_document(layout, spec.start, stop), context, lead


def fingerprint(document: Document, context: dict[str, Any], lead: int) -> str:
    """Return, as text, everything of a part's source its HTML depends on."""
    sections = [[section.heading, section.body, depth]
                for section, depth in _walk(document.sections, 0)]
    return json.dumps([document.title, document.language, document.template, document.fields,
                       sections, context, lead], sort_keys=True, default=str)


def part_html(layout: Layout, spec: PartSpec, extra_context: dict[str, Any] | None = None
              ) -> tuple[RenderedHtml, int]:
    """Return a part's HTML (lookahead included) and its lead pages."""
    document, context, lead = part_source(layout, spec, extra_context)
    rendered = render_html(document, extra_context=context, warn=False)
    if lead:
        style = "" if direction(document.language) == "rtl" else _CUT_STYLE
        html = rendered.html.replace("</head>", style + "</head>", 1)
        found = _BODY.search(html)
        if found is None:
            raise ValueError("the template's page has no <body>")
        html = html[:found.end()] + _LEAD * lead + html[found.end():]
        rendered = replace(rendered, html=html)
    return rendered, lead


def choose_cuts(tops: dict[int, int], blocks: int, pages: int, size: int) -> list[int]:
    """Return the blocks starting each part after the first: page tops about size pages apart.

    tops maps a cuttable block to the page it starts, as a build laid it out.
    """
    cuts, last_page = [], 0
    for block in sorted(tops):
        page = tops[block]
        if 0 < block < blocks and page >= last_page + size and pages - page >= size // 2:
            cuts.append(block)
            last_page = page
    return cuts


def top_row(layout: Layout, block: int, page: int) -> list[Any]:
    """Return a page top as saved: section id, child, page."""
    found = layout.blocks[block]
    return [layout.units[found.section].section.id, found.child, page]


def saved_tops(layout: Layout, known: dict[str, Any]) -> dict[int, int]:
    """Return the saved page tops that are still cuttable blocks of the layout."""
    where = {(layout.units[b.section].section.id, b.child): index
             for index, b in enumerate(layout.blocks) if b.cuttable}
    tops: dict[int, int] = {}
    for row in known.get("tops") or []:
        try:
            section, child, page = str(row[0]), int(row[1]), int(row[2])
        except (TypeError, ValueError, IndexError):
            continue
        if (section, child) in where:
            tops[where[(section, child)]] = page
    return tops
