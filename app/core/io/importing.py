"""Import a source file (Markdown, JSON, .docx) into a Rapporteur file."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile
from app.core.errors import ValidationError
from app.core.io import interchange
from app.core.io.parsed import ParsedImport

MAX_SOURCE_BYTES = 50 * 1024 * 1024
FORMATS = {".md": "markdown", ".markdown": "markdown", ".txt": "markdown",
           ".json": "json", ".docx": "docx"}


@dataclass
class ImportResult:
    """What an import did, and what the sanitiser removed on the way."""

    summary: interchange.ImportSummary
    dropped: tuple[str, ...] = ()
    warnings: list[str] = field(default_factory=list)


def source_format(source: Path, declared: str | None = None) -> str:
    """Return the format of a source file from the declared name or its extension."""
    kind = declared or FORMATS.get(source.suffix.lower())
    if kind not in {"markdown", "json", "docx"}:
        raise ValidationError(
            f"{source.name}: unknown source format; use .md, .json or .docx (or --format)"
        )
    return kind


def read_source(source: Path) -> bytes:
    """Read a source file, refusing folders, missing files and oversized files."""
    if not source.is_file():
        raise ValidationError(f"{source.name}: no such file")
    if source.stat().st_size > MAX_SOURCE_BYTES:
        raise ValidationError(f"{source.name}: larger than {MAX_SOURCE_BYTES >> 20} MB")
    return source.read_bytes()


def decode_text(data: bytes, name: str) -> str:
    """Decode UTF-8 text (with or without a BOM), refusing binary data."""
    if b"\x00" in data[:8192]:
        raise ValidationError(f"{name}: not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(f"{name}: not UTF-8 text") from None


@dataclass(frozen=True)
class ParsedSource:
    """A source read and parsed, not yet written: JSON payload or a parsed document."""

    name: str
    payload: Any = None
    parsed: ParsedImport | None = None


def parse_source(source: Path, declared: str | None = None) -> ParsedSource:
    """Read and parse a source file (no database access: safe off the UI thread)."""
    kind = source_format(source, declared)
    data = read_source(source)
    if kind == "json":
        try:
            payload = json.loads(decode_text(data, source.name))
        except (json.JSONDecodeError, RecursionError) as exc:
            raise ValidationError(f"{source.name}: not valid JSON ({exc})") from None
        interchange.validate(payload)
        return ParsedSource(source.name, payload=payload)
    if kind == "markdown":
        from app.core.io.markdown import parse_markdown

        return ParsedSource(source.name, parsed=parse_markdown(decode_text(data, source.name)))
    from app.core.io.docx import parse_docx

    return ParsedSource(source.name, parsed=parse_docx(data))


def apply_source(rfile: RapporteurFile, source: ParsedSource) -> ImportResult:
    """Write a parsed source into rfile as one transaction."""
    if source.parsed is None:
        return ImportResult(interchange.import_data(rfile, source.payload))
    document = source.parsed.document
    summary = interchange.ImportSummary(documents_added=1)
    with rfile.transaction():
        summary.document_ids.append(add_document_tree(rfile, document))
    summary.sections_added = len(document.all_sections())
    return ImportResult(summary, source.parsed.dropped)


def import_source(rfile: RapporteurFile, source: Path, declared: str | None = None
                  ) -> ImportResult:
    """Import source into rfile as one transaction."""
    return apply_source(rfile, parse_source(source, declared))


def add_document_tree(rfile: RapporteurFile, doc: Document) -> str:
    """Add a parsed document and its sections as new; return the document id."""
    added = rfile.add_document(title=doc.title, template=doc.template,
                               language=doc.language, fields=doc.fields)
    for sec in doc.sections:
        _add_section_tree(rfile, added.id, sec, None)
    return added.id


def _add_section_tree(rfile: RapporteurFile, document_id: str, sec: Section,
                      parent_id: str | None) -> None:
    """Add a section and its children."""
    added = rfile.add_section(document_id, heading=sec.heading, body=sec.body,
                              parent_id=parent_id, status=sec.status, tags=sec.tags,
                              word_budget=sec.word_budget)
    for child in sec.children:
        _add_section_tree(rfile, document_id, child, added.id)
