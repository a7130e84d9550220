"""The JSON interchange format (rapporteur/1): export, validate, and import as an upsert."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from app.core.clock import is_iso
from app.core.document.model import STATUSES, Document, Section
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, ValidationError

FORMAT = "rapporteur/1"
MAX_DEPTH = 12


def export_file(rfile: RapporteurFile, document_id: str | None = None) -> dict[str, Any]:
    """Return the file (or one document) in the interchange format."""
    docs = [rfile.document(document_id)] if document_id else rfile.documents()
    return {"format": FORMAT, "documents": [export_document(d) for d in docs]}


def export_document(doc: Document) -> dict[str, Any]:
    """Return one document as an interchange dict."""
    return {
        "id": doc.id, "title": doc.title, "template": doc.template, "language": doc.language,
        "fields": copy.deepcopy(doc.fields), "created": doc.created, "modified": doc.modified,
        "sections": [_export_section(s) for s in doc.sections],
    }


def _export_section(sec: Section) -> dict[str, Any]:
    """Return one section and its subsections as an interchange dict."""
    return {
        "id": sec.id, "heading": sec.heading, "body": sec.body, "status": sec.status,
        "tags": list(sec.tags), "word_budget": sec.word_budget, "author": sec.author,
        "created": sec.created, "modified": sec.modified,
        "sections": [_export_section(c) for c in sec.children],
    }


def document_from_dict(data: dict[str, Any]) -> Document:
    """Build a Document (with its section tree) from an interchange dict, without storage."""
    return Document(
        id=data.get("id") or "", title=data.get("title", ""),
        template=data.get("template", "meeting-paper"), language=data.get("language", "en"),
        fields=dict(data.get("fields", {})), created=data.get("created", ""),
        modified=data.get("modified", ""),
        sections=[_section_from_dict(s, data.get("id") or "", None)
                  for s in data.get("sections", [])],
    )


def _section_from_dict(data: dict[str, Any], document_id: str, parent: str | None) -> Section:
    """Build a Section tree from an interchange dict."""
    sec = Section(
        id=data.get("id") or "", heading=data.get("heading", ""), body=data.get("body", ""),
        status=data.get("status", "draft"), tags=list(data.get("tags", [])),
        word_budget=data.get("word_budget"), author=data.get("author", ""),
        created=data.get("created", ""), modified=data.get("modified", ""),
        document_id=document_id, parent_id=parent,
    )
    sec.children = [_section_from_dict(c, document_id, sec.id) for c in data.get("sections", [])]
    return sec


@dataclass
class ImportSummary:
    """What an import added and updated."""

    documents_added: int = 0
    documents_updated: int = 0
    sections_added: int = 0
    sections_updated: int = 0
    document_ids: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Return a one-line summary."""
        return (
            f"documents: {self.documents_added} added, {self.documents_updated} updated; "
            f"sections: {self.sections_added} added, {self.sections_updated} updated"
        )


def import_data(rfile: RapporteurFile, data: Any) -> ImportSummary:
    """Upsert interchange data into rfile by id, in one transaction."""
    validate(data)
    data = copy.deepcopy(data)
    summary = ImportSummary()
    with rfile.transaction():
        for doc in data["documents"]:
            summary.document_ids.append(_import_document(rfile, doc, summary))
    return summary


def _import_document(rfile: RapporteurFile, data: dict[str, Any], summary: ImportSummary
                     ) -> str:
    """Add or update one document and its sections; return its id."""
    attrs = {k: data[k] for k in ("title", "template", "language", "fields") if k in data}
    existing = _existing_document(rfile, data.get("id"))
    if existing is None:
        doc = rfile.add_document(id=data.get("id"), created=data.get("created"),
                                 modified=data.get("modified"), **attrs)
        summary.documents_added += 1
    else:
        before = existing.revision_id
        doc = rfile.update_document(existing.id, modified=data.get("modified"), **attrs)
        summary.documents_updated += doc.revision_id != before
    old_outline = rfile.outline(doc.id)
    new_outline: list[tuple[str, str | None]] = []
    for sec, parent in _flatten(data.get("sections", []), None):
        _import_section(rfile, doc.id, sec, summary)
        new_outline.append((sec["id"], parent))
    rfile.set_outline(doc.id, _keep_absent(old_outline, new_outline))
    return doc.id


def _import_section(rfile: RapporteurFile, document_id: str, data: dict[str, Any],
                    summary: ImportSummary) -> None:
    """Add or update one section (placement is set afterwards)."""
    attrs = {k: data[k] for k in ("heading", "body", "status", "tags", "word_budget", "author")
             if k in data}
    try:
        current = rfile.section(data["id"])
    except NotFoundError:
        current = None
    if current is None:
        rfile.add_section(document_id, id=data["id"], created=data.get("created"),
                          modified=data.get("modified"), **attrs)
        summary.sections_added += 1
        return
    updated = rfile.update_section(data["id"], modified=data.get("modified"), **attrs)
    summary.sections_updated += updated.revision_id != current.revision_id
    if current.document_id != document_id:
        rfile.repo.set_outline(document_id, [(data["id"], None, 1 << 30)])


def _existing_document(rfile: RapporteurFile, document_id: Any) -> Document | None:
    """Return the live document with this id, or None."""
    if not document_id:
        return None
    try:
        return rfile.document(document_id)
    except NotFoundError:
        return None


def _flatten(sections: list[dict[str, Any]], parent: str | None
             ) -> list[tuple[dict[str, Any], str | None]]:
    """Return (section, parent id) pairs in reading order, giving new ids where missing."""
    from app.core.document.service import new_id

    out: list[tuple[dict[str, Any], str | None]] = []
    for sec in sections:
        sec.setdefault("id", None)
        sec["id"] = sec["id"] or new_id()
        out.append((sec, parent))
        out.extend(_flatten(sec.get("sections", []), sec["id"]))
    return out


def _keep_absent(old: list[tuple[str, str | None]], new: list[tuple[str, str | None]]
                 ) -> list[tuple[str, str | None]]:
    """Merge sections missing from new back in after their old predecessor."""
    placed = {sid for sid, _ in new}
    result = list(new)
    previous: str | None = None
    for sid, parent in old:
        if sid not in placed:
            parent = parent if parent is None or parent in placed else None
            ids = [s for s, _ in result]
            at = ids.index(previous) + 1 if previous in ids else _first_child(result, parent)
            result.insert(at, (sid, parent))
            placed.add(sid)
        previous = sid
    return result


def _first_child(outline: list[tuple[str, str | None]], parent: str | None) -> int:
    """Return where a new first child of parent goes in a flat outline."""
    if parent is None:
        return 0
    ids = [s for s, _ in outline]
    return ids.index(parent) + 1


# validation

def validate(data: Any) -> None:
    """Raise ValidationError (one line, with the path) unless data is valid interchange."""
    if not isinstance(data, dict):
        raise ValidationError("JSON: the top level must be an object")
    if data.get("format") != FORMAT:
        raise ValidationError(f"JSON: format must be {FORMAT!r}, not {data.get('format')!r}")
    docs = data.get("documents")
    if not isinstance(docs, list):
        raise ValidationError("JSON: documents must be a list")
    seen: set[str] = set()
    for i, doc in enumerate(docs):
        _validate_document(doc, f"documents[{i}]", seen)


def _validate_document(doc: Any, where: str, seen: set[str]) -> None:
    """Validate one document dict."""
    if not isinstance(doc, dict):
        raise ValidationError(f"JSON {where}: must be an object")
    _check_id(doc, where, seen)
    for key in ("title", "template", "language"):
        _check_type(doc, key, str, where)
    _check_type(doc, "fields", dict, where)
    _check_times(doc, where)
    _validate_sections(doc.get("sections", []), f"{where}.sections", seen, 1)


def _validate_sections(sections: Any, where: str, seen: set[str], depth: int) -> None:
    """Validate a list of section dicts, recursively."""
    if not isinstance(sections, list):
        raise ValidationError(f"JSON {where}: must be a list")
    if depth > MAX_DEPTH:
        raise ValidationError(f"JSON {where}: sections nested deeper than {MAX_DEPTH} levels")
    for i, sec in enumerate(sections):
        here = f"{where}[{i}]"
        if not isinstance(sec, dict):
            raise ValidationError(f"JSON {here}: must be an object")
        _check_id(sec, here, seen)
        for key in ("heading", "body", "author"):
            _check_type(sec, key, str, here)
        if sec.get("status", "draft") not in STATUSES:
            raise ValidationError(f"JSON {here}.status: must be one of {', '.join(STATUSES)}")
        tags = sec.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise ValidationError(f"JSON {here}.tags: must be a list of strings")
        budget = sec.get("word_budget")
        if budget is not None and (not isinstance(budget, int) or isinstance(budget, bool)
                                   or budget < 0):
            raise ValidationError(f"JSON {here}.word_budget: must be a whole number or null")
        _check_times(sec, here)
        _validate_sections(sec.get("sections", []), f"{here}.sections", seen, depth + 1)


def _check_id(obj: dict[str, Any], where: str, seen: set[str]) -> None:
    """Require a missing/null or string id, unique in the payload."""
    value = obj.get("id")
    if value is None:
        return
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        raise ValidationError(f"JSON {where}.id: must be a non-empty string")
    if value in seen:
        raise ValidationError(f"JSON {where}.id: {value} appears more than once")
    seen.add(value)


def _check_type(obj: dict[str, Any], key: str, kind: type, where: str) -> None:
    """Require obj[key], when present, to be of kind."""
    if key in obj and not isinstance(obj[key], kind):
        raise ValidationError(f"JSON {where}.{key}: must be a {kind.__name__}")


def _check_times(obj: dict[str, Any], where: str) -> None:
    """Require created/modified, when present, to be ISO 8601 times."""
    for key in ("created", "modified"):
        if obj.get(key) is not None and not is_iso(obj[key]):
            raise ValidationError(f"JSON {where}.{key}: must be an ISO 8601 time")
