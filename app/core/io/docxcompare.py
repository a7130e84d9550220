"""Compare two readings of a document section by section: the rows of proposals.

Sections are paired by heading (where headings differ, by the likeness of their
bodies), so a changed heading, an added or a
deleted section and a changed title each become a proposal like a changed paragraph.
A proposal's `kind` is how it was made (tracked, untracked) and, for anything other
than a section body, what it changes: `tracked heading`, `untracked section-added`...

Section-level proposals hold whole sections as HTML: the heading as <h1> (top level)
or <h2 data-depth="N"> (nested N deep) followed by the body (whose own headings are h3
to h5).
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from difflib import SequenceMatcher

from app.core.document.model import Document, Section
from app.core.io.htmltree import Element, parse_fragment, serialize, text_of

UNTRACKED = "untracked"
TRACKED = "tracked"
BODY, HEADING, TITLE, TITLE_NOTE = "", "heading", "title", "title-note"
ADDED, DELETED = "section-added", "section-deleted"
TARGETS = (BODY, HEADING, TITLE, TITLE_NOTE, ADDED, DELETED)
_ALIKE = 0.5  # bodies this alike pair two sections whose headings differ

Row = dict[str, object]


def blocks(body: str) -> list[str]:
    """Return the top-level blocks of a body as HTML strings."""
    return [serialize([n]) for n in parse_fragment(body)
            if isinstance(n, Element) or n.strip()]


def kind_of(how: str, target: str) -> str:
    """Return the stored kind: how the change was made, then what it changes."""
    return f"{how} {target}" if target else how


def split_kind(kind: str) -> tuple[str, str]:
    """Return (how, target) of a stored kind."""
    how, _, target = kind.partition(" ")
    return how, target


def section_html(heading: str, body: str, depth: int) -> str:
    """Return a whole section as HTML: its heading as h1 or h2 (with its depth), its body."""
    text = html.escape(heading, quote=False)
    if depth <= 1:
        return f"<h1>{text}</h1>{body}"
    return f'<h2 data-depth="{depth}">{text}</h2>{body}'


def sections_of(markup: str) -> list[tuple[int, str, str]]:
    """Return the (depth, heading, body) of each section in section-level HTML."""
    out: list[tuple[int, str, str]] = []
    for node in parse_fragment(markup):
        if isinstance(node, Element) and node.tag in ("h1", "h2"):
            out.append((_depth(node), text_of(node.children), ""))
        elif out and (isinstance(node, Element) or node.strip()):
            depth, heading, body = out[-1]
            out[-1] = (depth, heading, body + serialize([node]))
    return out


def _depth(heading: Element) -> int:
    """Return the depth a section heading of section-level HTML gives (h2: 2 or data-depth)."""
    if heading.tag == "h1":
        return 1
    given = heading.get("data-depth") or ""
    return max(2, int(given)) if given.isdigit() else 2


def plain(text: str) -> str:
    """Return text as one escaped paragraph (a heading, a title as a proposal)."""
    return f"<p>{html.escape(text, quote=False)}</p>"


def unplain(markup: str) -> str:
    """Return the text of a paragraph made by plain."""
    return text_of(parse_fragment(markup))


@dataclass(frozen=True)
class Reading:
    """One reading of the document: its sections in order with depth, title and fields."""

    document: Document
    sections: list[Section]
    depths: list[int]

    @classmethod
    def of(cls, document: Document) -> Reading:
        """Return the reading of a parsed document."""
        pairs: list[tuple[Section, int]] = []

        def walk(items: list[Section], depth: int) -> None:
            for item in items:
                pairs.append((item, depth))
                walk(item.children, depth + 1)

        walk(document.sections, 1)
        return cls(document, [s for s, _ in pairs], [d for _, d in pairs])


def pair_sections(ours: list[Section], theirs: list[Section]) -> list[tuple[int, int]]:
    """Pair sections by heading; among runs of changed headings, by alike bodies
    (a section whose heading and body both changed reads as deleted and added)."""
    matcher = SequenceMatcher(None, [s.heading for s in ours], [s.heading for s in theirs],
                              autojunk=False)
    pairs: list[tuple[int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs += [(i1 + n, j1 + n) for n in range(i2 - i1)]
        elif op == "replace":
            start = j1
            for i in range(i1, i2):
                scores = [(_alike(ours[i].body, theirs[j].body), j) for j in range(start, j2)]
                score, best = max(scores, default=(0.0, -1))
                if score >= _ALIKE:
                    pairs.append((i, best))
                    start = best + 1
    return pairs


def _alike(a: str, b: str) -> float:
    """Return how alike two bodies are (0 to 1), by their words."""
    if not a.strip() and not b.strip():
        return 1.0
    return SequenceMatcher(None, text_of(parse_fragment(a)).split(),
                           text_of(parse_fragment(b)).split(), autojunk=False).ratio()


@dataclass
class Compare:
    """How one reading became another, as proposal rows by one author."""

    how: str
    author: str
    made: str | None

    def row(self, target: str, section_id: str, before: str, after: str, *,
            position: int = 0, context: str = "") -> Row:
        """Return one proposal row."""
        return {"section_id": section_id, "kind": kind_of(self.how, target),
                "position": position, "before": before, "after": after,
                "context": context, "author": self.author, "made": self.made}

    def document_rows(self, base: Document, old: Document, new: Document) -> list[Row]:
        """Return the title and title footnote changes (base: what is stored)."""
        rows: list[Row] = []
        if " ".join(old.title.split()) != " ".join(new.title.split()):
            rows.append(self.row(TITLE, "", plain(base.title), plain(new.title)))
        note_old = str(old.fields.get("title_footnote") or "")
        note_new = str(new.fields.get("title_footnote") or "")
        if " ".join(note_old.split()) != " ".join(note_new.split()):
            rows.append(self.row(TITLE_NOTE, "",
                                 plain(str(base.fields.get("title_footnote") or "")),
                                 plain(note_new)))
        return rows

    def structure_rows(self, ids: list[str], stored: list[Section], old: Reading,
                       new: Reading, pairs: list[tuple[int, int]]) -> list[Row]:
        """Return heading changes, deleted sections and runs of added sections.

        ids[i] is the stored section of old's section i ('' for none); stored[i] is its
        stored state (what a deletion removes).
        """
        rows: list[Row] = []
        paired = dict(pairs)
        for i, j in pairs:
            if ids[i] and old.sections[i].heading != new.sections[j].heading:
                rows.append(self.row(HEADING, ids[i], plain(stored[i].heading),
                                     plain(new.sections[j].heading)))
        for i, section_id in enumerate(ids):
            if section_id and i not in paired:
                rows.append(self.row(DELETED, section_id,
                                     section_html(stored[i].heading, stored[i].body,
                                                  old.depths[i]), ""))
        rows += self._added(ids, new, pairs)
        return rows

    def _added(self, ids: list[str], new: Reading, pairs: list[tuple[int, int]]
               ) -> list[Row]:
        """Return a row per run of sections of new with no counterpart, placed after
        the stored section before them ('' at the start)."""
        back = {j: i for i, j in pairs}
        rows: list[Row] = []
        anchor, run = "", ""
        for j, section in enumerate([*new.sections, None]):
            if section is not None and j not in back:
                run += section_html(section.heading, section.body, new.depths[j])
                continue
            if run:
                rows.append(self.row(ADDED, anchor, "", run))
                run = ""
            if section is not None and ids[back[j]]:
                anchor = ids[back[j]]
        return rows
