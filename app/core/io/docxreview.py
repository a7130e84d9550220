"""A reviewer's Word file back in: tracked changes and direct edits become proposals.

The file is matched to its document (the custom property id, else the title). Each
view of it — everything rejected (what the reviewer started from, with their direct
edits), and each author's tracked changes accepted — is read with the ordinary
importer, and compared block by block with the exported revision read the same way,
so only real changes are proposed: to section bodies, headings, the title and its
footnote, and sections added or deleted (docxcompare.py). A change to the header block,
which is made from the document's properties, is kept as a comment with the reviewer's
lines. Nothing is applied: proposals wait for a decision.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

import docx

from app.core import clock
from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import ValidationError
from app.core.io.docx import parse_docx
from app.core.io.docxcompare import (
    BODY,
    TRACKED,
    UNTRACKED,
    Compare,
    Reading,
    blocks,
    pair_sections,
)
from app.core.io.docxmarkup import WordComment, read_comments, tracked_changes, variant
from app.core.io.docxorigin import Origin, read_origin
from app.core.io.docxsafety import vet_docx
from app.core.io.docxwrite import AUTHOR_STYLE, MASTHEAD_STYLE, Export, build_docx
from app.core.storage.compiling import CompilingRows
from app.core.text import comments

HEADER_NOTE = "Changed in the header block of the Word file"


@dataclass
class ReviewResult:
    """What a review import brought in."""

    document_id: str
    title: str
    proposals: int = 0
    comments: int = 0
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """Return a one-line summary."""
        return (f"{self.proposals} proposal{'s' * (self.proposals != 1)} and "
                f"{self.comments} comment{'s' * (self.comments != 1)} from the review of "
                f"“{self.title}”")


@dataclass
class ReviewJob:
    """A reviewed Word file matched to its document; rows computed off the UI thread."""

    data: bytes
    source: str
    document: Document
    base: Document
    rows: list[dict[str, object]] = field(default_factory=list)
    comments: list[WordComment] = field(default_factory=list)


def import_review(rfile: RapporteurFile, data: bytes, name: str) -> ReviewResult:
    """Bring a reviewed Word file in as proposals and comments (one transaction)."""
    return store_review(rfile, compute_review(match_review(rfile, data, name)))


def match_review(rfile: RapporteurFile, data: bytes, name: str) -> ReviewJob:
    """Vet the Word file and find its document (reads the file: on its thread)."""
    vet_docx(data)
    source = f"{name} ({hashlib.sha256(data).hexdigest()[:12]})"
    if any(row["source"] == source for row in CompilingRows(rfile.db).proposals()):
        raise ValidationError(f"{name}: this review was already brought in")
    document, base = _match(rfile, data)
    return ReviewJob(data, source, document, base)


def compute_review(job: ReviewJob) -> ReviewJob:
    """Compare the views of the Word file (no database: safe off the UI thread)."""
    job.rows, notes = _proposals(job.data, job.base, job.document)
    job.comments = read_comments(job.data) + notes
    return job


def store_review(rfile: RapporteurFile, job: ReviewJob) -> ReviewResult:
    """Write the proposals and comments of a computed review as one transaction."""
    result = ReviewResult(job.document.id, job.document.title)
    rows = CompilingRows(rfile.db)
    stamp = clock.iso(rfile.now())
    with rfile.transaction():
        for row in job.rows:
            rows.save_proposal({**row, "id": new_id(), "document_id": job.document.id,
                                "source": job.source, "status": "open", "created": stamp})
        result.proposals = len(job.rows)
        result.comments = _comments(rfile, job.comments, job.document, result.notes)
    return result


def _match(rfile: RapporteurFile, data: bytes) -> tuple[Document, Document]:
    """Return the document the file was exported from, and its exported state."""
    origin = read_origin(data)
    docs = rfile.documents()
    document = next((d for d in docs if origin.document_id and d.id == origin.document_id),
                    None)
    if document is None:
        title = origin.title or str(docx.Document(_stream(data)).core_properties.title or "")
        title = title or parse_docx(data).document.title
        found = [d for d in docs if " ".join(d.title.split()).casefold()
                 == " ".join(title.split()).casefold() and title]
        if len(found) != 1:
            raise ValidationError("this Word file matches no document of the file (no "
                                  "Rapporteur id, and no document has its title)")
        document = found[0]
    return document, _exported_state(rfile, document, origin.revisions)


def _stream(data: bytes) -> io.BytesIO:
    """Return data as a binary stream."""
    return io.BytesIO(data)


def _exported_state(rfile: RapporteurFile, document: Document, revisions: list[str]
                    ) -> Document:
    """Return the document as exported: each section at its exported revision."""
    exported: dict[str, dict[str, object]] = {}
    for rev_id in revisions[1:]:
        rev = rfile.revision(rev_id)
        if rev is not None and rev.object_type == "section":
            exported[rev.object_id] = rev.content
    if not exported:
        return document

    def kept(items: list[Section]) -> list[Section]:
        out: list[Section] = []
        for sec in items:
            content = exported.get(sec.id)
            children = kept(sec.children)
            if content is None:
                out += children
                continue
            out.append(Section(id=sec.id, heading=str(content.get("heading", "")),
                               body=str(content.get("body", "")), children=children))
        return out

    return Document(id=document.id, title=document.title, template=document.template,
                    language=document.language, fields=document.fields,
                    sections=kept(document.sections))


def _read(data: bytes, origin: Origin) -> Reading:
    """Return the reading of a .docx as the review compares it, as exported from origin."""
    return Reading.of(parse_docx(data, as_written=True, origin=origin).document)


def _proposals(data: bytes, base: Document, document: Document
               ) -> tuple[list[dict[str, object]], list[WordComment]]:
    """Return the proposal rows (direct edits first, then each author's tracked changes)
    and notes on what cannot be proposed (the header block), as comments."""
    flat = base.all_sections()
    exported = build_docx(Export(base))
    origin = read_origin(exported)
    again = _read(exported, origin)
    ids = ([s.id for s in flat] if len(again.sections) == len(flat)
           else _ids_by_heading(flat, again.sections))  # a section without heading
    stored = {s.id: s for s in flat}
    original_data = variant(data, set())
    original = _read(original_data, origin)
    core = docx.Document(_stream(data)).core_properties
    editor, made = _editor(core)
    direct = Compare(UNTRACKED, editor, made)
    rows = direct.document_rows(base, again.document, original.document)
    pairs = pair_sections(again.sections, original.sections)
    olds = [stored.get(i) or Section(id="") for i in ids]
    rows += direct.structure_rows(ids, olds, again, original, pairs)
    mapped: dict[int, dict[int, str]] = {}
    for i, j in pairs:
        if not ids[i]:
            continue
        theirs, read = blocks(original.sections[j].body), blocks(again.sections[i].body)
        mine = blocks(stored[ids[i]].body)
        source = mine if len(mine) == len(read) else read
        rows += _diff(ids[i], source, read, theirs, direct, mapped.setdefault(j, {}))
    notes = _header_notes(exported, original_data, direct, "")
    original_ids = [""] * len(original.sections)
    for i, j in pairs:
        original_ids[j] = ids[i]
    for change in tracked_changes(data).values():
        view_data = variant(data, {change.author})
        view = _read(view_data, origin)
        by = Compare(TRACKED, change.author, change.date or None)
        rows += by.document_rows(base, original.document, view.document)
        view_pairs = pair_sections(original.sections, view.sections)
        olds = [stored.get(i) or Section(id="") for i in original_ids]
        rows += by.structure_rows(original_ids, olds, original, view, view_pairs)
        for j, k in view_pairs:
            if not original_ids[j]:
                continue
            theirs = blocks(original.sections[j].body)
            source = [mapped.get(j, {}).get(n, b) for n, b in enumerate(theirs)]
            rows += _diff(original_ids[j], source, theirs, blocks(view.sections[k].body),
                          by, {})
        notes += _header_notes(original_data, view_data, by, change.date)
    return rows, notes


def _editor(core: Any) -> tuple[str, str | None]:
    """Return who last saved the Word file and when: the author of its untracked edits.

    The export leaves the last editor empty and dates the file when it was written, so a
    program that does not update them gives "Reviewer" and no date rather than the
    exporter's name or the export's date.
    """
    name = str(core.last_modified_by or "").strip()
    changed = core.modified and not (core.created and core.modified <= core.created)
    return name or "Reviewer", core.modified.isoformat() if changed else None


def _ids_by_heading(flat: list[Section], read: list[Section]) -> list[str]:
    """Return the stored section id of each section read back ('' where none pairs)."""
    ids = [""] * len(read)
    for i, j in pair_sections(flat, read):
        ids[j] = flat[i].id
    return ids


def _header_notes(old: bytes, new: bytes, by: Compare, date: str | None
                  ) -> list[WordComment]:
    """Return a note when the header block (masthead, author) differs between two files.

    The header block is printed from the document's fields, so a change to it cannot be
    proposed as text: the reviewer's exact lines are kept in a comment instead.
    """
    before, after = _header_lines(old), _header_lines(new)
    if before == after:
        return []
    text = (f"{HEADER_NOTE}; not applied (the header is "
            "made from the document's properties: edit them in Document Properties). "
            "The reviewer's header lines:\n" + "\n".join(after))
    return [WordComment(by.author, date or by.made or "", text, "", "")]


def _header_lines(data: bytes) -> list[str]:
    """Return the lines of the header block (the Masthead and Author Entity paragraphs)."""
    word = docx.Document(_stream(data))
    return [" ".join(p.text.split()) for p in word.paragraphs
            if p.style is not None and p.style.name in (MASTHEAD_STYLE, AUTHOR_STYLE)]


def _diff(section_id: str, stored: list[str], read: list[str], theirs: list[str],
          by: Compare, same: dict[int, str]) -> list[dict[str, object]]:
    """Return a proposal per run of blocks that differ; fill same with kept blocks."""
    rows: list[dict[str, object]] = []
    matcher = SequenceMatcher(None, read, theirs, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same.update({j1 + n: stored[i1 + n] for n in range(i2 - i1)})
            continue
        rows.append(by.row(BODY, section_id, "".join(stored[i1:i2]),
                           "".join(theirs[j1:j2]), position=i1,
                           context=stored[i1 - 1] if i1 > 0 else ""))
    return rows


def _comments(rfile: RapporteurFile, found: list[WordComment], document: Document,
              notes: list[str]) -> int:
    """Add the Word comments as Rapporteur comments; return how many."""
    ids = [s.id for s in document.all_sections()]
    added = 0
    for comment in found:
        section_id = comment.section_id if comment.section_id in ids else (ids[:1] or [""])[0]
        if not section_id or not comment.text:
            continue
        comments.add_imported(rfile, section_id, comment.quote, comment.text,
                              author=comment.author, created=comment.date or None)
        added += 1
        if comment.text.startswith(HEADER_NOTE):
            notes.append(f"{comment.author} changed the header block: kept as a comment "
                         "on the first section, not applied")
        elif not comment.section_id:
            notes.append(f"a comment by {comment.author} was put on the first section")
    return added
