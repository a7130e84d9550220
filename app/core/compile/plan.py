"""Plan a report: which contribution sections each chapter draws on, by its themes.

A chapter is a top-level section of a report; its themes are its tags. A contribution
section matches a theme when one of its tags is the theme (case-insensitive) or when
the theme occurs as whole words in its heading or text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.core.compile.contributions import contributions, entity_of, is_report, reports
from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, ValidationError
from app.core.render.html import plain_text
from app.core.text.sanitize import strip_controls

MAX_THEME = 80


@dataclass(frozen=True)
class Match:
    """A contribution section and why it matches (e.g. "tag migration", "word remittances")."""

    document_id: str
    document_title: str
    entity: str
    section_id: str
    heading: str
    reasons: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Return "entity › heading" (the document's title when no entity is named)."""
        return f"{self.entity or self.document_title or self.document_id} › {self.heading}"


@dataclass(frozen=True)
class Chapter:
    """A chapter of the report, its themes and the contribution sections matching them."""

    section_id: str
    heading: str
    themes: tuple[str, ...]
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class Plan:
    """A report's chapters with their matches, and the sections no chapter matches."""

    report: Document
    chapters: tuple[Chapter, ...]
    unmatched: tuple[Match, ...]


def normal_themes(values: Iterable[str]) -> list[str]:
    """Return themes trimmed, spaces folded, empty and repeated (any case) ones dropped."""
    out: list[str] = []
    for value in values:
        theme = " ".join(strip_controls(value).split())
        if len(theme) > MAX_THEME:
            raise ValidationError(f"a theme is at most {MAX_THEME} characters: {theme[:30]}…")
        if theme and theme.casefold() not in {t.casefold() for t in out}:
            out.append(theme)
    return out


def set_themes(rfile: RapporteurFile, section_id: str, themes: Iterable[str]) -> Section:
    """Set the themes (tags) of a chapter of a report."""
    section = rfile.section(section_id)
    if not is_report(rfile.document_row(section.document_id)):
        raise ValidationError(f"section {section_id} is not in a report (template sg-report)")
    return rfile.update_section(section_id, tags=normal_themes(themes))


def find_report(rfile: RapporteurFile, report_id: str | None) -> Document:
    """Return the named report, or the file's only report when no id is given."""
    if report_id:
        document = rfile.document(report_id)
        if not is_report(document):
            raise ValidationError(f"document {report_id} is not a report (template sg-report)")
        return document
    found = reports(rfile.documents())
    if len(found) != 1:
        if not found:
            raise NotFoundError(f"{rfile.path.name} holds no report (template sg-report)")
        ids = ", ".join(f"{d.id} ({d.title[:30]})" for d in found)
        raise ValidationError(f"{rfile.path.name} holds {len(found)} reports: choose one of "
                              f"{ids} with --report")
    return found[0]


def theme_reasons(themes: Iterable[str], section: Section) -> tuple[str, ...]:
    """Return why a section matches any of the themes: "tag T" or "word T"; () if not."""
    tags = {tag.casefold() for tag in section.tags}
    text = f"{section.heading}\n{plain_text(section.body)}"
    reasons = []
    for theme in themes:
        if theme.casefold() in tags:
            reasons.append(f"tag {theme}")
        elif _words(theme).search(text):
            reasons.append(f"word {theme}")
    return tuple(reasons)


def _words(theme: str) -> re.Pattern[str]:
    """Return a pattern finding theme as whole words, any case, any spacing."""
    inner = r"\s+".join(re.escape(word) for word in theme.split())
    return re.compile(rf"(?<!\w){inner}(?!\w)", re.IGNORECASE)


def make_plan(rfile: RapporteurFile, report_id: str | None = None) -> Plan:
    """Return the plan of a report: each chapter's matches, then the unmatched sections."""
    report = find_report(rfile, report_id)
    candidates = [(doc, sec) for doc in contributions(rfile.documents())
                  for sec in doc.all_sections()]
    matched: set[str] = set()
    chapters = []
    for chapter in report.sections:
        themes = tuple(normal_themes(chapter.tags))
        matches = []
        for doc, sec in candidates:
            reasons = theme_reasons(themes, sec)
            if reasons:
                matches.append(_match(doc, sec, reasons))
                matched.add(sec.id)
        chapters.append(Chapter(chapter.id, chapter.heading, themes, tuple(matches)))
    unmatched = tuple(_match(doc, sec, ()) for doc, sec in candidates if sec.id not in matched)
    return Plan(report, tuple(chapters), unmatched)


def _match(document: Document, section: Section, reasons: tuple[str, ...]) -> Match:
    """Return the Match of one contribution section."""
    return Match(document.id, document.title, entity_of(document), section.id,
                 section.heading, reasons)
