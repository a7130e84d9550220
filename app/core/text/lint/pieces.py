"""The pieces of text a document holds, in reading order, and what kind of text each is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.document.model import Document
from app.core.document.templates import Template
from app.core.text.lint.runs import runs

REPORT_TEMPLATES = frozenset({"sg-report"})
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)[\"“‘'(\[]*\s*$")


@dataclass(frozen=True)
class Setting:
    """Where a piece of text stands: language, report mode, and what part of the document."""

    language: str = "en"
    report: bool = False
    part: str = "body"  # body, heading, title or field
    table: bool = False
    footnote: bool = False
    subheading: bool = False  # an h3-h5 written in a body
    item_end: bool = False  # the end of a bullet item's own text
    sup: tuple[tuple[int, int], ...] = ()  # superscript and subscript stretches

    @property
    def english(self) -> bool:
        """Return whether the text is English."""
        return self.language.split("-")[0].lower() == "en"

    @property
    def header(self) -> bool:
        """Return whether the text is a title, heading or header field (not running text)."""
        return self.part != "body" or self.subheading

    def in_sup(self, position: int) -> bool:
        """Return whether position falls in a superscript or subscript."""
        return any(start <= position < end for start, end in self.sup)


PROSE = Setting()


@dataclass(frozen=True)
class Piece:
    """One piece of a document's text and where it comes from."""

    text: str
    setting: Setting
    section_id: str | None
    field: str  # body, heading, title or the field's name
    index: int = 0  # the run of a body, the line of a lines field


def report_mode(document: Document) -> bool:
    """Return whether a document is a report of the Secretary-General (report mode)."""
    return document.template in REPORT_TEMPLATES


def pieces(document: Document, template: Template | None = None) -> Iterator[Piece]:
    """Yield the title, the fields, then each section's heading and body runs."""
    base = Setting(language=document.language or "en", report=report_mode(document))
    yield Piece(document.title, _with(base, part="title"), None, "title")
    for name in _field_order(document, template):
        value = document.fields.get(name)
        values = value if isinstance(value, list) else [value]
        for line, text in enumerate(values):
            if isinstance(text, str) and text:
                yield Piece(text, _with(base, part="field"), None, name, line)
    for section in document.all_sections():
        yield Piece(section.heading, _with(base, part="heading"), section.id, "heading")
        for index, run in enumerate(runs(section.body)):
            setting = Setting(base.language, base.report, "body", run.table, run.footnote,
                              bool(run.heading), run.item_end, tuple(run.sup))
            yield Piece(run.text, setting, section.id, "body", index)


def _with(base: Setting, *, part: str) -> Setting:
    """Return base for another part of the document."""
    return Setting(base.language, base.report, part)


def _field_order(document: Document, template: Template | None) -> list[str]:
    """Return the document's text field names, the template's order first."""
    specs = template.fields if template else ()
    known = [spec.name for spec in specs if spec.type != "choice"]
    choices = {spec.name for spec in specs if spec.type == "choice"}
    rest = sorted(name for name in document.fields if name not in known and name not in choices)
    return [name for name in known if name in document.fields] + rest


def sentence_start(text: str, position: int) -> bool:
    """Return whether position begins a sentence (or the text)."""
    return bool(_SENTENCE_START.search(text[:position]))


def excerpt(text: str, start: int, end: int, *, room: int = 30) -> str:
    """Return text[start:end] with up to room characters of context on each side."""
    before = text[max(0, start - room):start]
    after = text[end:end + room]
    if start - room > 0 and " " in before:
        before = "…" + before[before.index(" ") + 1:]
    if end + room < len(text) and " " in after:
        after = after[:after.rindex(" ")] + "…"
    return (before + text[start:end] + after).strip()
