"""Find and replace across a file: section headings and text (never markup), titles, fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.core.document.model import Document
from app.core.document.service import RapporteurFile
from app.core.document.templates import load_template, validate_fields
from app.core.errors import NotFoundError, TemplateError
from app.core.storage.fts import TextIndex
from app.core.text import textruns
from app.core.text.sanitize import clean, strip_controls


@dataclass(frozen=True)
class Hit:
    """Where a search matched (a section, or a document's title or field), how often, context."""

    document_id: str
    section_id: str | None  # None for a document's title or field
    field: str  # "" for a section, "title" for a document's title, else the field's name
    label: str  # the section's heading or the document's title
    count: int
    snippet: str


@dataclass(frozen=True)
class Change:
    """One value a replace changed: a section's heading or body, a document's title or field."""

    document_id: str
    section_id: str | None
    kind: str  # heading, body, title or field
    field: str  # the field's name, for a field
    old: Any  # text, or a list of lines for a lines field
    new: Any
    count: int


def pattern(needle: str, *, case: bool, whole_word: bool) -> re.Pattern[str]:
    """Return the regex for a plain-text needle."""
    body = re.escape(needle)
    if whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, 0 if case else re.IGNORECASE)


def _text(body: str) -> str:
    """Return a body's plain text, its runs separated by spaces."""
    return " ".join(textruns.texts(body))


def _index(rfile: RapporteurFile) -> TextIndex:
    """Return the file's find index, rebuilt if the file changed since it was built."""
    index = _INDEXES.get(id(rfile))
    if index is None or index.conn is not rfile.repo.conn:
        index = _INDEXES[id(rfile)] = TextIndex(rfile.repo.conn)
    if index.stale():
        index.rebuild((s.id, s.heading, _text(s.body))
                      for d in rfile.documents() for s in d.all_sections())
    return index


_INDEXES: dict[int, TextIndex] = {}


def _candidates(rfile: RapporteurFile, needle: str) -> set[str] | None:
    """Return the ids of the sections that may match (None: all may)."""
    return _index(rfile).matching(needle) if len(needle) >= 3 else None


def _snippet(text: str, found: re.Match[str] | None) -> str:
    """Return about 100 characters of text around a match."""
    start = max(0, found.start() - 40) if found else 0
    return ("…" if start else "") + text[start:start + 100]


def _values(doc: Document) -> list[tuple[str, str]]:
    """Return a document's title and text fields as (field, text) pairs."""
    out = [("title", doc.title)]
    for name, value in doc.fields.items():
        if isinstance(value, str):
            out.append((name, value))
        elif isinstance(value, list):
            out.append((name, "\n".join(v for v in value if isinstance(v, str))))
    return out


def find(rfile: RapporteurFile, needle: str, *, case: bool = False,
         whole_word: bool = False) -> list[Hit]:
    """Return where needle occurs: each document's title and fields, then its sections."""
    if not needle:
        return []
    regex = pattern(needle, case=case, whole_word=whole_word)
    candidates = _candidates(rfile, needle)
    hits = []
    for doc in rfile.documents():
        for name, value in _values(doc):
            found = len(regex.findall(value))
            if found:
                hits.append(Hit(doc.id, None, name, doc.title, found,
                                _snippet(value, regex.search(value))))
        for sec in doc.all_sections():
            if candidates is not None and sec.id not in candidates:
                continue
            text = _text(sec.body)
            found = len(regex.findall(sec.heading)) + textruns.count(sec.body, regex)
            if found:
                hits.append(Hit(doc.id, sec.id, "", sec.heading, found,
                                _snippet(text, regex.search(text))))
    return hits


def replace_in_html(body: str, needle: str, replacement: str, *, case: bool = False,
                    whole_word: bool = False) -> tuple[str, int]:
    """Replace needle in the text of a body (tags untouched); return it and the count."""
    return textruns.replace(body, pattern(needle, case=case, whole_word=whole_word),
                            replacement)


def _replaced(value: Any, regex: re.Pattern[str], replacement: str) -> tuple[Any, int]:
    """Return a text or lines field value with regex replaced, and the count."""
    if isinstance(value, str):
        text, count = regex.subn(lambda _m: replacement, value)
        return strip_controls(text), count
    if isinstance(value, list):
        pairs = [_replaced(v, regex, replacement) if isinstance(v, str) else (v, 0)
                 for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    return value, 0


def _document_changes(doc: Document, regex: re.Pattern[str], replacement: str) -> list[Change]:
    """Return the changes to a document's title and to its fields that stay valid."""
    out = []
    title, count = _replaced(doc.title, regex, replacement)
    if count:
        out.append(Change(doc.id, None, "title", "", doc.title, title, count))
    try:
        template = load_template(doc.template)
    except TemplateError:
        return out
    for name, value in doc.fields.items():
        new, count = _replaced(value, regex, replacement)
        if count and not validate_fields(template, {name: new}):
            out.append(Change(doc.id, None, "field", name, value, new, count))
    return out


def plan(rfile: RapporteurFile, needle: str, replacement: str, *, case: bool = False,
         whole_word: bool = False) -> list[Change]:
    """Return the changes replacing needle everywhere would make (nothing is written)."""
    if not needle:
        return []
    regex = pattern(needle, case=case, whole_word=whole_word)
    candidates = _candidates(rfile, needle)
    changes = []
    for doc in rfile.documents():
        changes += _document_changes(doc, regex, replacement)
        for sec in doc.all_sections():
            if candidates is not None and sec.id not in candidates:
                continue
            heading, count = _replaced(sec.heading, regex, replacement)
            if count:
                changes.append(Change(doc.id, sec.id, "heading", "", sec.heading, heading,
                                      count))
            body, count = textruns.replace(sec.body, regex, replacement)
            if count:
                changes.append(Change(doc.id, sec.id, "body", "", sec.body, clean(body), count))
    return changes


def apply(rfile: RapporteurFile, changes: list[Change], *, undo: bool = False
          ) -> list[Change]:
    """Write the new values (the old ones, to undo) in one transaction; return those written.

    A value that no longer holds what the change started from is left alone.
    """
    groups: dict[tuple[str, str | None], list[Change]] = {}
    for change in changes:
        groups.setdefault((change.document_id, change.section_id), []).append(change)
    done: list[Change] = []
    with rfile.transaction():
        for (document_id, section_id), group in groups.items():
            try:
                if section_id is None:
                    done += _apply_document(rfile, document_id, group, undo)
                else:
                    done += _apply_section(rfile, section_id, group, undo)
            except NotFoundError:
                continue  # deleted since
    return done


def _apply_section(rfile: RapporteurFile, section_id: str, group: list[Change],
                   undo: bool) -> list[Change]:
    """Write one section's changes; return those written."""
    sec = rfile.section(section_id)
    values: dict[str, Any] = {}
    done = []
    for change in group:
        before, after = (change.new, change.old) if undo else (change.old, change.new)
        if getattr(sec, change.kind) == before:
            values[change.kind] = after
            done.append(change)
    if values:
        rfile.update_section(section_id, **values)
    return done


def _apply_document(rfile: RapporteurFile, document_id: str, group: list[Change],
                    undo: bool) -> list[Change]:
    """Write one document's title and field changes; return those written."""
    doc = rfile.document_row(document_id)
    title, fields = None, dict(doc.fields)
    done = []
    for change in group:
        before, after = (change.new, change.old) if undo else (change.old, change.new)
        if change.kind == "title" and doc.title == before:
            title = after
        elif change.kind == "field" and fields.get(change.field) == before:
            fields[change.field] = after
        else:
            continue
        done.append(change)
    if done:
        rfile.update_document(document_id, title=title,
                              fields=fields if fields != doc.fields else None)
    return done


def replace_all(rfile: RapporteurFile, needle: str, replacement: str, *, case: bool = False,
                whole_word: bool = False) -> list[Change]:
    """Replace needle in every heading, body, title and field, as one transaction."""
    with rfile.transaction():
        return apply(rfile, plan(rfile, needle, replacement, case=case,
                                 whole_word=whole_word))
