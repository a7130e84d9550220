"""The table of editorial rules (reference, section 4) and the runner that applies them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.core.document.model import Document
from app.core.document.templates import Template, load_template
from app.core.errors import TemplateError
from app.core.text.lint import (
    accessibility,
    acronyms,
    dates,
    headings,
    length,
    numbers,
    style,
    symbols,
)
from app.core.text.lint.context import Context, found
from app.core.text.lint.finding import Finding, Hit, Where
from app.core.text.lint.footnotes import footnote_calls, shown
from app.core.text.lint.pieces import Setting, pieces

TextRule = Callable[[str, Setting], list[Hit]]
DocumentRule = Callable[[Context], list[Finding]]


@dataclass(frozen=True)
class Rule:
    """A rule: its id, one line saying what it asks, and its check (per text or per document)."""

    id: str
    description: str
    text: TextRule | None = None
    document: DocumentRule | None = None


def footnote_placement(context: Context) -> list[Finding]:
    """Findings for footnote calls on the wrong side of punctuation."""
    doc = context.document
    return [
        Finding("footnote-call", doc.id, section.id, "body", shown(section.body, h.start, h.end),
                h.message, h.fix, section.body[h.start:h.end], Where(0, h.start, h.end, raw=True))
        for section in doc.all_sections() for h in footnote_calls(section.body, doc.language)
    ]


RULES: tuple[Rule, ...] = (
    Rule("symbol", "document symbols are well formed (generic and General Assembly patterns)",
         text=symbols.symbols),
    Rule("single-subheading", "a heading level has at least two subheadings (an A needs a B)",
         document=headings.single_subheadings),
    Rule("small-number", "numbers under 10 in words (not labels, dates, measures or ranges)",
         text=numbers.small_figures),
    Rule("large-number", "numbers from 10 in figures", text=numbers.big_words),
    Rule("per-cent", '"per cent" in text, not % (tables keep %)', text=numbers.per_cent),
    Rule("decimal-zero", "a 0 before a decimal point (0.85)", text=numbers.decimal_zero),
    Rule("thousands", "commas for thousands (12,000)", text=numbers.thousands),
    Rule("date", 'dates as "25 July 2013": day first, no ordinal, no comma',
         text=dates.date_format),
    Rule("date-range", "ranges in titles, headings and header fields take an en dash",
         text=dates.date_range),
    Rule("session", 'in a report, sessions spelled out ("sixty-seventh session")',
         text=dates.sessions),
    Rule("footnote-call", "footnote calls after punctuation in English, before it in French "
         "and Spanish", document=footnote_placement),
    Rule("bullet-semicolon", "bullet items end without a semicolon", text=style.bullet_semicolons),
    Rule("double-space", "one space between words", text=style.double_spaces),
    Rule("united-nations", '"United Nations" is never abbreviated', text=style.united_nations),
    Rule("acronym", "an acronym is used only after its full name is given once",
         document=acronyms.acronyms),
    Rule("word-limit", "8,500 words for a Secretariat report, 10,700 for others, headings and "
         "footnotes counted", document=length.over_limit),
    Rule("language", "the document has a language (the tagged PDF's /Lang)",
         document=accessibility.missing_language),
    Rule("heading-level", "headings go down one level at a time (H2 then H3, never H2 then H4)",
         document=accessibility.heading_levels),
    Rule("empty-heading", "every heading has text", document=accessibility.empty_headings),
    Rule("table-header", "every table has a header row (th cells)",
         document=accessibility.table_headers),
)


def template_of(document: Document) -> Template | None:
    """Return the document's template, or None when it cannot be loaded."""
    try:
        return load_template(document.template)
    except TemplateError:
        return None


def lint_document(document: Document, template: Template | None = None, *,
                  rules: Sequence[Rule] = RULES) -> list[Finding]:
    """Return the findings of rules in a document, in reading order."""
    template = template if template is not None else template_of(document)
    context = Context(document, template, tuple(pieces(document, template)))
    out: list[Finding] = []
    for rule in rules:
        if rule.document is not None:
            out += rule.document(context)
        if rule.text is not None:
            out += [found(rule.id, document, piece, hit) for piece in context.pieces
                    for hit in rule.text(piece.text, piece.setting)]
    return sorted(out, key=_reading_order(context))


def _reading_order(context: Context) -> Callable[[Finding], tuple[int, int, int, int]]:
    """Return a sort key placing findings in the order their text is read."""
    place: dict[tuple[str | None, str], int] = {(None, ""): -1}
    for number, piece in enumerate(context.pieces):
        place.setdefault((piece.section_id, piece.field), number)

    def key(finding: Finding) -> tuple[int, int, int, int]:
        spot = place.get((finding.section_id, finding.field), len(place))
        index = -1 if finding.where.raw else finding.where.index
        return spot, index, finding.where.start, RULES_ORDER.get(finding.rule, 0)

    return key


RULES_ORDER = {rule.id: number for number, rule in enumerate(RULES)}
