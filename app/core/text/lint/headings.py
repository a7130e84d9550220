"""Heading levels: a level with a single subheading is an error (an A needs a B)."""

from __future__ import annotations

from app.core.text.lint.context import Context
from app.core.text.lint.finding import Finding, Where
from app.core.text.lint.runs import runs

RULE = "single-subheading"


def lone_subheadings(levels: list[int]) -> list[int]:
    """Return the indexes of headings that are the only one under their parent heading."""
    children: dict[int, list[int]] = {}  # parent index (-1: the section itself) -> children
    open_: list[tuple[int, int]] = []  # (level, index) of the enclosing headings
    for index, level in enumerate(levels):
        while open_ and open_[-1][0] >= level:
            open_.pop()
        children.setdefault(open_[-1][1] if open_ else -1, []).append(index)
        open_.append((level, index))
    return [kids[0] for kids in children.values() if len(kids) == 1]


def single_subheadings(context: Context) -> list[Finding]:
    """Findings for lone subsections and lone sub-headings in a body (table titles aside)."""
    doc = context.document
    out = []
    for section in doc.all_sections():
        if len(section.children) == 1:
            child = section.children[0]
            out.append(Finding(
                RULE, doc.id, child.id, "heading", child.heading,
                f"“{child.heading}” is the only subsection of “{section.heading}”: a level "
                "needs at least two subheadings (an A needs a B)", None, child.heading,
                Where(0, 0, len(child.heading))))
        heads: dict[int, tuple[int, int, str]] = {}  # opening tag -> (run, level, text)
        for index, run in enumerate(runs(section.body)):
            if run.heading and not run.footnote and not run.caption:
                first, level, text = heads.get(run.heading_at, (index, run.heading, ""))
                heads[run.heading_at] = (first, level, text + run.text)
        found = list(heads.values())
        for lone in lone_subheadings([level for _i, level, _t in found]):
            index, _level, text = found[lone]
            out.append(Finding(
                RULE, doc.id, section.id, "body", text.strip(),
                f"“{text.strip()}” is the only subheading at its level: a level needs at least "
                "two (an A needs a B)", None, text, Where(index, 0, len(text))))
    return out
