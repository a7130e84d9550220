"""The word limit: 8,500 words for a Secretariat report, 10,700 for others, notes included."""

from __future__ import annotations

from app.core.document.model import Document
from app.core.document.templates import Template
from app.core.render.html import count_words
from app.core.text.lint.context import Context
from app.core.text.lint.finding import Finding, Where
from app.core.text.lint.pieces import report_mode

SECRETARIAT_LIMIT = 8_500
OTHER_LIMIT = 10_700


def word_limit(document: Document, template: Template | None) -> int:
    """Return the document's word limit: its template's, else by the kind of report."""
    if template is not None and template.max_words is not None:
        return template.max_words
    return SECRETARIAT_LIMIT if report_mode(document) else OTHER_LIMIT


def word_summary(document: Document, template: Template | None) -> str:
    """Return "2,290 of 10,700 words" for a document."""
    return f"{count_words(document):,} of {word_limit(document, template):,} words"


def over_limit(context: Context) -> list[Finding]:
    """A finding when the document is longer than its word limit."""
    doc = context.document
    words, limit = count_words(doc), word_limit(doc, context.template)
    if words <= limit:
        return []
    text = f"{words:,} words"
    return [Finding("word-limit", doc.id, None, "", text,
                    f"{words:,} words, counting headings and footnotes: over the {limit:,}-word "
                    "limit (a longer report needs a waiver)", None, text, Where(0, 0, 0))]
