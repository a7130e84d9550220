"""What document rules see (the document, its template, its pieces) and how hits become findings."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.document.model import Document
from app.core.document.templates import Template
from app.core.text.lint.finding import Finding, Hit, Where
from app.core.text.lint.pieces import Piece, excerpt


@dataclass(frozen=True)
class Context:
    """A document being checked, its template (None when unknown) and its text in order."""

    document: Document
    template: Template | None
    pieces: tuple[Piece, ...]


def found(rule: str, document: Document, piece: Piece, hit: Hit) -> Finding:
    """Return the finding for a hit in a piece of a document's text."""
    return Finding(
        rule=rule, document_id=document.id, section_id=piece.section_id, field=piece.field,
        excerpt=excerpt(piece.text, hit.start, hit.end), message=hit.message, fix=hit.fix,
        target=piece.text[hit.start:hit.end], where=Where(piece.index, hit.start, hit.end),
    )
