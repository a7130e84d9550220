"""Which documents of a file are contributions, which are reports, and who contributed."""

from __future__ import annotations

from collections.abc import Iterable

from app.core.document.model import Document
from app.core.document.templates import Template, load_template
from app.core.errors import TemplateError


def template_or_none(document: Document) -> Template | None:
    """Return a document's template, or None when it cannot be loaded."""
    try:
        return load_template(document.template)
    except TemplateError:
        return None


def is_report(document: Document) -> bool:
    """Return whether a document is a report that compiles contributions (sg-report)."""
    template = template_or_none(document)
    return template is not None and template.kind == "report"


def entity_of(document: Document) -> str:
    """Return the contributing entity named in the document's template field, or ""."""
    template = template_or_none(document)
    if template is None or template.entity_field is None:
        return ""
    value = document.fields.get(template.entity_field, "")
    return value.strip() if isinstance(value, str) else ""


def contributions(documents: Iterable[Document]) -> list[Document]:
    """Return the documents that are contributions (every one that is not a report)."""
    return [document for document in documents if not is_report(document)]


def reports(documents: Iterable[Document]) -> list[Document]:
    """Return the documents that are reports."""
    return [document for document in documents if is_report(document)]
