"""Three-way merge, pure: paragraphs of a body, scalar fields, tags and the outline."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

_BLOCK_TAGS = ("p", "h3", "h4", "h5", "ul", "ol", "blockquote", "table")
_TAG = re.compile(r"<(/?)([a-z0-9]+)\b[^>]*>")


def paragraphs(body: str) -> list[str]:
    """Split a canonical body into its top-level blocks (stray inline text is a block)."""
    blocks: list[str] = []
    depth, start, pos = 0, 0, 0
    for match in _TAG.finditer(body):
        closing, name = match.group(1) == "/", match.group(2)
        if name not in _BLOCK_TAGS:
            continue
        if not closing:
            if depth == 0 and match.start() > start:
                blocks.append(body[start:match.start()])
            if depth == 0:
                start = match.start()
            depth += 1
        else:
            depth = max(0, depth - 1)
            if depth == 0:
                blocks.append(body[start:match.end()])
                start = match.end()
        pos = match.end()
    if body[start:].strip() or (start < len(body) and pos <= start):
        tail = body[start:]
        if tail:
            blocks.append(tail)
    return [b for b in blocks if b]


@dataclass(frozen=True)
class Chunk:
    """A stretch of a three-way merge: agreed lines, or a conflict with both sides."""

    merged: tuple[str, ...] = ()
    ours: tuple[str, ...] = ()
    theirs: tuple[str, ...] = ()
    base: tuple[str, ...] = ()
    conflict: bool = False


def merge3(base: Sequence[str], ours: Sequence[str], theirs: Sequence[str]) -> list[Chunk]:
    """Merge two edits of base item by item; only overlapping changes conflict."""
    hunks = sorted(_hunks(base, ours, "ours") + _hunks(base, theirs, "theirs"))
    chunks: list[Chunk] = []
    cursor = 0
    for start, end, group in _groups(hunks):
        if start > cursor:
            chunks.append(Chunk(merged=tuple(base[cursor:start])))
        chunks.append(_decide(base, start, end, group))
        cursor = end
    if cursor < len(base):
        chunks.append(Chunk(merged=tuple(base[cursor:])))
    return [c for c in chunks if c.conflict or c.merged]


_Hunk = tuple[int, int, str, tuple[str, ...]]


def _hunks(base: Sequence[str], other: Sequence[str], side: str) -> list[_Hunk]:
    """Return one side's changes as (base start, base end, side, replacement)."""
    matcher = SequenceMatcher(None, list(base), list(other), autojunk=False)
    return [(i1, i2, side, tuple(other[j1:j2]))
            for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"]


def _overlap(a: _Hunk, b: _Hunk) -> bool:
    """Return whether two changes touch the same items (or insert at the same place)."""
    (a1, a2, _, _), (b1, b2, _, _) = a, b
    if a1 == a2 and b1 == b2:
        return a1 == b1
    if a1 == a2:
        return b1 < a1 < b2
    if b1 == b2:
        return a1 < b1 < a2
    return max(a1, b1) < min(a2, b2)


def _groups(hunks: list[_Hunk]) -> list[tuple[int, int, list[_Hunk]]]:
    """Cluster changes that overlap into (start, end, changes) groups, in order."""
    groups: list[tuple[int, int, list[_Hunk]]] = []
    for hunk in hunks:
        if groups and any(_overlap(hunk, other) for other in groups[-1][2]):
            start, end, members = groups[-1]
            groups[-1] = (min(start, hunk[0]), max(end, hunk[1]), [*members, hunk])
        else:
            groups.append((hunk[0], hunk[1], [hunk]))
    return groups


def _decide(base: Sequence[str], start: int, end: int, group: list[_Hunk]) -> Chunk:
    """Apply a group of changes: one side's, an identical pair, or a conflict."""
    ours = _apply(base, start, end, [h for h in group if h[2] == "ours"])
    theirs = _apply(base, start, end, [h for h in group if h[2] == "theirs"])
    original = tuple(base[start:end])
    if ours in (original, theirs):
        return Chunk(merged=theirs)
    if theirs == original:
        return Chunk(merged=ours)
    return Chunk(ours=ours, theirs=theirs, base=original, conflict=True)


def _apply(base: Sequence[str], start: int, end: int, hunks: list[_Hunk]) -> tuple[str, ...]:
    """Return base[start:end] with one side's changes applied."""
    out: list[str] = []
    cursor = start
    for h1, h2, _side, replacement in sorted(hunks):
        out.extend(base[cursor:h1])
        out.extend(replacement)
        cursor = h2
    out.extend(base[cursor:end])
    return tuple(out)


def merge_body(base: str | None, ours: str, theirs: str) -> tuple[str, list[Chunk]]:
    """Merge two edits of a body paragraph by paragraph; return the body and conflicts."""
    if ours == theirs:
        return ours, []
    if base is None:
        chunk = Chunk(ours=tuple(paragraphs(ours)), theirs=tuple(paragraphs(theirs)),
                      conflict=True)
        return ours, [chunk]
    chunks = merge3(paragraphs(base), paragraphs(ours), paragraphs(theirs))
    conflicts = [c for c in chunks if c.conflict]
    merged = "".join("".join(c.ours if c.conflict else c.merged) for c in chunks)
    return merged, conflicts


def merge_value(base: Any, ours: Any, theirs: Any) -> tuple[Any, bool]:
    """Three-way merge of one value; return (result, conflicted) — ours kept on conflict."""
    if ours == theirs or theirs == base:
        return ours, False
    if ours == base:
        return theirs, False
    return ours, True


def merge_tags(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """Merge tag lists as sets: additions from either side, removals from either side."""
    removed = (set(base) - set(ours)) | (set(base) - set(theirs))
    result = [t for t in ours if t not in removed]
    result += [t for t in theirs if t not in result and t not in removed]
    return result


Outline = list[tuple[str, str | None]]


def merge_outline(base: Outline, ours: Outline, theirs: Outline) -> tuple[Outline, bool]:
    """Merge the order and nesting of sections; return it and whether both reordered.

    The side that reordered the sections they share gives the tree (ours if both did, and
    the caller notes it); sections only on the other side join their parent there, after
    their previous sibling there. Parents always come before their children.
    """
    common = {sid for sid, _ in ours} & {sid for sid, _ in theirs} & {sid for sid, _ in base}
    ours_moved = _shape(ours, common) != _shape(base, common)
    theirs_moved = _shape(theirs, common) != _shape(base, common)
    primary, secondary = (theirs, ours) if theirs_moved and not ours_moved else (ours, theirs)
    return _insert_missing(primary, secondary), ours_moved and theirs_moved


def _shape(outline: Outline, keep: set[str]) -> list[tuple[str, str | None]]:
    """Return the order and parents of the kept sections."""
    return [(sid, parent) for sid, parent in outline if sid in keep]


def _insert_missing(primary: Outline, secondary: Outline) -> Outline:
    """Add the sections only in secondary to primary's tree, among their siblings there."""
    tree = _children(primary)
    placed = {sid for kids in tree.values() for sid in kids}
    there = _children(secondary)
    for sid, parent in _walk(there, None):
        if sid not in placed:
            siblings = tree.setdefault(parent if parent in placed else None, [])
            siblings.insert(_slot(siblings, sid, there[parent]), sid)
            placed.add(sid)
    return _walk(tree, None)


def _children(outline: Outline) -> dict[str | None, list[str]]:
    """Return each parent's children in order; a parent not listed before its child is None."""
    tree: dict[str | None, list[str]] = {}
    seen: set[str] = set()
    for sid, parent in outline:
        if sid not in seen:
            tree.setdefault(parent if parent in seen else None, []).append(sid)
            seen.add(sid)
    return tree


def _slot(siblings: list[str], sid: str, there: list[str]) -> int:
    """Return sid's place among siblings: after its previous sibling there, else before its next."""
    index = there.index(sid)
    before = [s for s in there[:index] if s in siblings]
    if before:
        return siblings.index(before[-1]) + 1
    after = next((s for s in there[index + 1:] if s in siblings), None)
    return siblings.index(after) if after is not None else len(siblings)


def _walk(tree: dict[str | None, list[str]], parent: str | None) -> Outline:
    """Return the outline below parent in reading order: each section, then its subtree."""
    out: Outline = []
    for sid in tree.get(parent, []):
        out.append((sid, parent))
        out.extend(_walk(tree, sid))
    return out
