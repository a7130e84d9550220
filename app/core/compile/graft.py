"""A source without history (.md, .docx, .json) as a temporary file merge can read.

The temporary file holds the version collected last time (its revisions copied from
FILE, the rows rebuilt from them) with the new version recorded on top, so merging it
into FILE is an ordinary three-way merge whose base is the last collected version.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile, new_id

HEADS_KEY = "collect.heads."


@contextmanager
def grafted(rfile: RapporteurFile, doc: Document) -> Iterator[RapporteurFile]:
    """Yield a temporary file holding doc as a new version of rfile's copy of it."""
    folder = Path(tempfile.mkdtemp(prefix="rapporteur-collect-"))
    try:
        with RapporteurFile.create(folder / "source.rapporteur", author=rfile.author,
                                   now=rfile.now) as temp:
            heads = last_heads(rfile, doc.id)  # unknown: no base, so differences conflict
            if heads is not None:
                _copy_history(rfile, temp, heads)
                _rebuild(temp, doc.id, heads)
            _apply(temp, doc, heads is not None)
            temp.seal()
            yield temp
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def last_heads(rfile: RapporteurFile, document_id: str) -> dict[str, Any] | None:
    """Return the revision heads of the version of a document collected last, if known."""
    text = rfile.repo.get_meta(HEADS_KEY + document_id)
    try:
        heads = json.loads(text) if text else None
    except ValueError:
        return None
    if not isinstance(heads, dict) or rfile.repo.revision(str(heads.get("document"))) is None:
        return None
    return heads


def remember_heads(rfile: RapporteurFile, temp: RapporteurFile, document_id: str) -> None:
    """Keep in rfile the heads of the version just collected, the base of the next one."""
    doc = temp.repo.document(document_id)
    sections = {s.id: s.revision_id for s in temp.repo.section_rows(document_id,
                                                                    include_deleted=True)}
    heads = {"document": doc.revision_id if doc else None, "sections": sections}
    rfile.repo.set_meta(HEADS_KEY + document_id, json.dumps(heads, sort_keys=True))


def _copy_history(rfile: RapporteurFile, temp: RapporteurFile, heads: dict[str, Any]) -> None:
    """Copy the revisions of the document and its sections into temp, sealed."""
    objects = [heads["document"], *heads.get("sections", {}).values()]
    wanted = {r.object_id for r in (rfile.repo.revision(str(o)) for o in objects if o) if r}
    with temp.transaction():
        for object_id in wanted:
            for rev in rfile.repo.revisions_of(object_id):
                temp.repo.insert_revision(replace(rev, sealed=True))


def _rebuild(temp: RapporteurFile, document_id: str, heads: dict[str, Any]) -> None:
    """Write the rows of the last collected version from its head revisions."""
    head = temp.repo.revision(str(heads["document"]))
    content = head.content if head else {}
    doc = Document(id=document_id, title=content.get("title", ""),
                   template=content.get("template", "meeting-paper"),
                   language=content.get("language", "en"), fields=content.get("fields", {}),
                   created=head.created if head else "", modified=head.modified if head else "",
                   revision_id=head.id if head else None)
    places = {sid: (parent, n) for n, (sid, parent) in enumerate(content.get("outline", []))}
    with temp.transaction():
        temp.repo.save_document(doc)
        for sid, rid in heads.get("sections", {}).items():
            rev = temp.repo.revision(str(rid))
            if rev is not None:
                _rebuild_section(temp, document_id, sid, rev.content, rid, places)


def _rebuild_section(temp: RapporteurFile, document_id: str, sid: str, content: dict[str, Any],
                     rid: str, places: dict[str, tuple[str | None, int]]) -> None:
    """Write one section row from its head revision."""
    parent, position = places.get(sid, (None, 0))
    sec = Section(id=sid, heading=content.get("heading", ""), body=content.get("body", ""),
                  status=content.get("status", "draft"), tags=list(content.get("tags", [])),
                  word_budget=content.get("word_budget"), document_id=document_id,
                  parent_id=parent, position=position, revision_id=rid)
    temp.repo.save_section(sec, deleted=sid not in places or bool(content.get("deleted")))


def _apply(temp: RapporteurFile, doc: Document, known: bool) -> None:
    """Record doc as the newest version in temp."""
    if not known:
        temp.add_document(id=doc.id, title=doc.title, template=doc.template,
                          language=doc.language, fields=doc.fields)
    else:
        temp.update_document(doc.id, title=doc.title, template=doc.template,
                             language=doc.language, fields=doc.fields)
    before = {s.id for s in temp.repo.section_rows(doc.id, include_deleted=True)}
    live = {s.id for s in temp.repo.section_rows(doc.id)}
    outline: list[tuple[str, str | None]] = []
    for sec in doc.all_sections():
        _apply_section(temp, doc.id, sec, before, live)
        outline.append((sec.id, sec.parent_id))
    temp.set_outline(doc.id, outline)
    kept = {sid for sid, _ in outline}
    for sid in [s for s, _ in temp.outline(doc.id) if s not in kept]:
        if any(s == sid for s, _ in temp.outline(doc.id)):
            temp.delete_section(sid)


def _apply_section(temp: RapporteurFile, document_id: str, sec: Section, before: set[str],
                   live: set[str]) -> None:
    """Add or update one section of the newest version."""
    if sec.id not in before:
        temp.add_section(document_id, id=sec.id, heading=sec.heading, body=sec.body,
                         parent_id=sec.parent_id, status=sec.status, tags=sec.tags,
                         word_budget=sec.word_budget, author=sec.author or None)
        return
    if sec.id not in live:
        temp.restore_section(sec.id, parent_id=sec.parent_id)
    temp.update_section(sec.id, heading=sec.heading, body=sec.body, status=sec.status,
                        tags=sec.tags, word_budget=sec.word_budget)


def match_sections(doc: Document, previous: list[Section]) -> None:
    """Give doc's sections the ids of the previous version's: by heading, then by order."""
    taken: set[str] = set()
    by_heading: dict[str, list[Section]] = {}
    for old in previous:
        by_heading.setdefault(_key(old.heading), []).append(old)
    fresh = []
    for sec in doc.all_sections():
        same = [s for s in by_heading.get(_key(sec.heading), []) if s.id not in taken]
        if same:
            _rename(sec, same[0].id)
            taken.add(same[0].id)
        else:
            fresh.append(sec)
    spare = iter([s for s in previous if s.id not in taken])
    for sec in fresh:
        _rename(sec, next(spare, Section(id=new_id())).id)


def link_parents(doc: Document) -> None:
    """Give every section an id (when it has none) and its parent's id."""
    def walk(sections: list[Section], parent: str | None) -> None:
        for sec in sections:
            sec.id = sec.id or new_id()
            sec.parent_id = parent
            walk(sec.children, sec.id)

    walk(doc.sections, None)


def _key(heading: str) -> str:
    """Return a heading folded for matching."""
    return " ".join(heading.split()).casefold()


def _rename(sec: Section, new: str) -> None:
    """Give a section a new id, and its children the new parent id."""
    sec.id = new
    for child in sec.children:
        child.parent_id = new


def current_heads(rfile: RapporteurFile, document_id: str) -> dict[str, Any] | None:
    """Return the revision heads of a document as it is in rfile now, if it is there."""
    doc = rfile.repo.document(document_id)
    if doc is None or doc.revision_id is None:
        return None
    return {"document": doc.revision_id,
            "sections": {s.id: s.revision_id for s in rfile.repo.section_rows(
                document_id, include_deleted=True) if s.revision_id}}


def previous_sections(rfile: RapporteurFile, document_id: str) -> list[Section]:
    """Return the sections of the version collected last (FILE's now, if unknown), in order."""
    heads = last_heads(rfile, document_id) or current_heads(rfile, document_id) or {}
    head = rfile.repo.revision(str(heads.get("document")))
    outline = [sid for sid, _parent in (head.content.get("outline", []) if head else [])]
    out = []
    for sid in outline:
        rev = rfile.repo.revision(str(heads.get("sections", {}).get(sid)))
        if rev is not None:
            out.append(Section(id=sid, heading=str(rev.content.get("heading", ""))))
    return out
