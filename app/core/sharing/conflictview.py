"""A body conflict as the user sees it: the clashing paragraphs, and the body after a choice."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from app.core.render.html import plain_text
from app.core.sharing.threeway import Chunk, merge3, paragraphs
from app.core.text.redline import DELETED, INSERTED, redline_blocks, redline_html


@dataclass(frozen=True)
class Region:
    """One clash inside a body: each side's paragraphs, the ancestor's, and their neighbours."""

    before: tuple[str, ...]
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    context_before: str = ""
    context_after: str = ""
    has_base: bool = True


def _two_way(ours: str, theirs: str) -> list[Chunk]:
    """Return the chunks of two bodies without a usable ancestor: each difference clashes."""
    mine, other = paragraphs(ours), paragraphs(theirs)
    chunks = []
    matcher = SequenceMatcher(None, mine, other, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            chunks.append(Chunk(merged=tuple(mine[i1:i2])))
        else:
            chunks.append(Chunk(ours=tuple(mine[i1:i2]), theirs=tuple(other[j1:j2]),
                                conflict=True))
    return chunks


def chunks(base: str | None, ours: str, theirs: str) -> list[Chunk]:
    """Return the agreed and clashing stretches of a body conflict."""
    if base is not None:
        merged = merge3(paragraphs(base), paragraphs(ours), paragraphs(theirs))
        if any(c.conflict for c in merged):
            return merged
    return _two_way(ours, theirs)


def regions(base: str | None, ours: str, theirs: str) -> list[Region]:
    """Return the clashing paragraphs of a body conflict, one paragraph of context each side."""
    parts = chunks(base, ours, theirs)
    has_base = any(c.base for c in parts if c.conflict)
    out = []
    for index, chunk in enumerate(parts):
        if not chunk.conflict:
            continue
        previous = parts[index - 1] if index else None
        following = parts[index + 1] if index + 1 < len(parts) else None
        out.append(Region(
            before=chunk.base, ours=chunk.ours, theirs=chunk.theirs, has_base=has_base,
            context_before=previous.merged[-1] if previous and previous.merged else "",
            context_after=following.merged[0] if following and following.merged else ""))
    return out


def _rebuilt(parts: list[Chunk], choice: str, combined: str) -> str:
    """Return the body with every clash replaced by mine, theirs or the combined text."""
    out: list[str] = []
    placed = False
    for chunk in parts:
        if not chunk.conflict:
            out.extend(chunk.merged)
        elif choice == "mine":
            out.extend(chunk.ours)
        elif choice == "theirs":
            out.extend(chunk.theirs)
        elif not placed:
            out.append(combined)
            placed = True
    return "".join(out)


def _closeness(a: str, b: str) -> float:
    """Return how alike two bodies are, paragraph by paragraph."""
    return SequenceMatcher(None, paragraphs(a), paragraphs(b), autojunk=False).ratio()


def _keep_both(start: str, current: str, resolved: str) -> str:
    """Merge later edits of the body with the resolution; where they clash keep both."""
    parts = merge3(paragraphs(start), paragraphs(current), paragraphs(resolved))
    return "".join("".join(c.ours + c.theirs if c.conflict else c.merged) for c in parts)


def resolve_body(current: str, base: str | None, ours: str, theirs: str, choice: str,
                 combined: str = "") -> str:
    """Return the whole body after a choice, keeping agreed edits and later typing."""
    parts = chunks(base, ours, theirs)
    resolved = _rebuilt(parts, choice, combined)
    starts: Sequence[str] = (_rebuilt(parts, "mine", ""), ours)
    if current in starts:
        return resolved
    start = max(starts, key=lambda body: _closeness(body, current))
    return _keep_both(start, current, resolved)


# What the Conflicts tab shows (HTML for a Qt text browser)

GREY = "color:#808080"
CONTEXT_WORDS = 25
FIELD_NAMES = {"body": "text", "heading": "heading", "status": "status", "tags": "tags",
               "word_budget": "word budget", "deleted": "deletion", "title": "title",
               "template": "template", "language": "language"}


def conflicts_left(count: int) -> str:
    """Return the count line: '1 conflict left', '2 conflicts left' or none."""
    if count == 0:
        return "No conflicts: everything merged cleanly."
    return f"{count} conflict left" if count == 1 else f"{count} conflicts left"


def field_label(field: str) -> str:
    """Return a conflicting field as the user knows it."""
    if field.startswith("fields."):
        return f"field “{field[len('fields.'):]}”"
    return FIELD_NAMES.get(field, field)


def _value_text(field: str, value: Any) -> str:
    """Return a non-text value as words."""
    if value is None:
        return "(none)"
    if field == "deleted":
        return "deleted" if value else "kept"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    return str(value)


def _context(block: str, last: bool) -> str:
    """Return a greyed neighbouring paragraph, cut to a few words."""
    found = plain_text(block).split()
    if not found:
        return ""
    if len(found) > CONTEXT_WORDS:
        found = ["…", *found[-CONTEXT_WORDS:]] if last else [*found[:CONTEXT_WORDS], "…"]
    return f'<p style="{GREY}">{html.escape(" ".join(found))}</p>'


def _label(title: str, note: str = "") -> str:
    """Return the small heading above one version."""
    extra = f' <span style="{GREY}">{html.escape(note)}</span>' if note else ""
    return f"<p style='margin-top:8px'><b>{html.escape(title)}</b>{extra}</p>"


def region_html(region: Region, names: tuple[str, str]) -> str:
    """Return one clash: context, yours and theirs marked against the ancestor."""
    mine, theirs = names
    if region.has_base:
        ours_html = redline_blocks(region.before, region.ours)
        theirs_html = redline_blocks(region.before, region.theirs)
        theirs_note = ""
    else:
        ours_html = "".join(region.ours) or "<p><i>(removed)</i></p>"
        theirs_html = redline_blocks(region.ours, region.theirs)
        theirs_note = "marked against yours (no earlier common version)"
    return (_context(region.context_before, last=True) + _label(mine) + ours_html
            + _label(theirs, theirs_note) + theirs_html
            + _context(region.context_after, last=False))


LEGEND = (f'<p style="{GREY}">Marked against the text before both edits: '
          f'<span style="{INSERTED}">added</span> '
          f'<span style="{DELETED}">removed</span></p>')


def field_values_html(row: dict[str, Any], names: tuple[str, str]) -> str:
    """Return a field conflict: both values (marked against before when text) and before."""
    field, base = row["field"], row["base"]
    if all(isinstance(v, str | None) for v in (base, row["ours"], row["theirs"])) \
            and field not in ("status", "template", "language"):
        before = html.escape(base or "")
        sides = [f"<p>{redline_html(before, html.escape(v or ''), highlight=True)}</p>"
                 for v in (row["ours"], row["theirs"])]
    else:
        sides = [f"<p>{html.escape(_value_text(field, v))}</p>"
                 for v in (row["ours"], row["theirs"])]
    before_html = f"<p>{html.escape(_value_text(field, base))}</p>"
    return (_label(names[0]) + sides[0] + _label(names[1]) + sides[1]
            + _label("Before both edits") + before_html)
