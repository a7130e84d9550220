"""A body's text as runs (paragraphs, items, cells, footnotes), what each run is, and splicing."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

_TAG = re.compile(r"(<[^>]*>)")
_NAME = re.compile(r"<(/?)([A-Za-z0-9]+)")
_INLINE = frozenset({"strong", "b", "em", "i", "u", "sup", "sub", "a"})
_EMPTY_INLINE = re.compile(r"<(sup|sub|strong|em|u)></\1>")


@dataclass
class Run:
    """The text between block boundaries and footnote edges, and where it stands."""

    text: str = ""
    parts: list[tuple[int, int]] = field(default_factory=list)  # (part index, offset in text)
    table: bool = False
    footnote: bool = False
    heading: int = 0  # 3, 4 or 5 for a sub-heading written in the body
    bullet: bool = False  # inside an item of a bulleted (ul) list
    item_end: bool = False  # the last text of a bullet item (before its end or its sub-list)
    sup: list[tuple[int, int]] = field(default_factory=list)  # superscript or subscript text
    heading_at: int = -1  # for a sub-heading: the part index of its opening tag
    caption: bool = False  # a sub-heading directly above a table: the table's title


def runs(body: str) -> list[Run]:
    """Return the runs of a body in reading order."""
    return _runs(_TAG.split(body))


def _runs(parts: list[str]) -> list[Run]:
    """Return the runs of a body split into text and tag parts."""
    out: list[Run] = []
    stack: list[str] = []  # open elements; "note" for a footnote span
    items: list[int] = []  # ids of the open list items
    last_run: dict[int, int] = {}  # item id -> its last run outside footnotes
    current: Run | None = None
    opened = -1  # the part index of the open sub-heading's tag
    for index, part in enumerate(parts):
        if index % 2 == 0:
            if part:
                if current is None:
                    current = _new_run(stack, opened)
                    out.append(current)
                if items and not current.footnote:
                    last_run[items[-1]] = len(out) - 1
                text = html.unescape(part)
                current.parts.append((index, len(current.text)))
                if "sup" in stack or "sub" in stack:
                    current.sup.append((len(current.text), len(current.text) + len(text)))
                current.text += text
            continue
        match = _NAME.match(part)
        if not match:
            continue
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name == "span":
            note = 'class="footnote"' in part
            if closing:
                name = _pop(stack, ("span", "note"))
                note = name == "note"
            else:
                stack.append("note" if note else "span")
            if note:
                current = None
            continue
        if name in _INLINE:
            _pop(stack, (name,)) if closing else stack.append(name)
            continue
        current = None
        if name == "br":
            continue
        if items and (name == "li" and closing or name in ("ul", "ol") and not closing):
            run = last_run.get(items[-1])
            if run is not None and out[run].bullet:
                out[run].item_end = True
        if name in ("h3", "h4", "h5"):
            if closing and "".join(parts[index + 1:index + 3]).startswith("<table"):
                for earlier in out:
                    earlier.caption = earlier.caption or earlier.heading_at == opened
            opened = -1 if closing else index
        if closing:
            _pop(stack, (name,))
            if name == "li" and items:
                items.pop()
        else:
            stack.append(name)
            if name == "li":
                items.append(index)
    return out


def _pop(stack: list[str], names: tuple[str, ...]) -> str:
    """Close the innermost open element named one of names; return its name."""
    for position in range(len(stack) - 1, -1, -1):
        if stack[position] in names:
            name = stack[position]
            del stack[position:]
            return name
    return ""


def _new_run(stack: list[str], heading_at: int) -> Run:
    """Return an empty run standing where the open elements say."""
    lists = [name for name in stack if name in ("ul", "ol")]
    headings = [int(name[1]) for name in stack if name in ("h3", "h4", "h5")]
    return Run(
        table="td" in stack or "th" in stack,
        footnote="note" in stack,
        heading=headings[-1] if headings else 0,
        bullet="li" in stack and bool(lists) and lists[-1] == "ul",
        heading_at=heading_at,
    )


def splice(body: str, index: int, start: int, end: int, replacement: str) -> str:
    """Return body with text[start:end] of run index replaced (tags untouched)."""
    parts = _TAG.split(body)
    run = _runs(parts)[index]
    stops = [*(offset for _part, offset in run.parts[1:]), len(run.text)]
    pieces = list(zip(run.parts, stops, strict=True))
    home = next((n for n, ((_p, offset), stop) in enumerate(pieces) if offset <= start < stop),
                len(pieces) - 1)  # the piece where the match begins gets the replacement
    for number, ((part, offset), stop) in enumerate(pieces):
        cut_from, cut_to = max(start, offset), min(end, stop)
        if number != home and cut_from >= cut_to:
            continue
        text = run.text[offset:stop]
        if number == home:
            cut_from = start
        cut_to = max(cut_to, cut_from)
        new = text[:cut_from - offset] + (replacement if number == home else "")
        new += text[cut_to - offset:]
        if new != text:
            parts[part] = html.escape(new, quote=False)
    return _EMPTY_INLINE.sub("", "".join(parts))
