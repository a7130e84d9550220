"""A reviewer's Word file back in: tracked changes and direct edits become proposals.

The file is matched to its document (the custom property id, else the title). Each
view of it — everything rejected (what the reviewer started from, with their direct
edits), and each author's tracked changes accepted — is read with the ordinary
importer, and compared block by block with the exported revision read the same way,
so only real changes are proposed. Nothing is applied: proposals wait for a decision.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import docx

from app.core import clock
from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import ValidationError
from app.core.io.docx import parse_docx
from app.core.io.docxmarkup import WordComment, read_comments, tracked_changes, variant
from app.core.io.docxorigin import read_origin
from app.core.io.docxsafety import vet_docx
from app.core.io.docxwrite import Export, build_docx
from app.core.io.htmltree import Element, parse_fragment, serialize
from app.core.storage.compiling import CompilingRows
from app.core.text import comments

UNTRACKED = "untracked"
TRACKED = "tracked"


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


def blocks(html: str) -> list[str]:
    """Return the top-level blocks of a body as HTML strings."""
    return [serialize([n]) for n in parse_fragment(html)
            if isinstance(n, Element) or n.strip()]


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
    job.rows = _proposals(job.data, job.base, job.document)
    job.comments = read_comments(job.data)
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
    sections = []
    for sec in document.all_sections():
        content = exported.get(sec.id)
        if content is not None:
            sections.append(Section(id=sec.id, heading=str(content.get("heading", "")),
                                    body=str(content.get("body", ""))))
    return Document(id=document.id, title=document.title, template=document.template,
                    language=document.language, fields=document.fields, sections=sections)


def _proposals(data: bytes, base: Document, document: Document) -> list[dict[str, object]]:
    """Return the proposal rows: direct edits first, then each author's tracked changes."""
    flat = base.all_sections()
    again = parse_docx(build_docx(Export(base))).document.all_sections()
    original = parse_docx(variant(data, set())).document.all_sections()
    pairs = _pair([s.heading for s in again], [s.heading for s in original])
    core = docx.Document(_stream(data)).core_properties
    editor = str(core.last_modified_by or core.author or "Reviewer")
    made = core.modified.isoformat() if core.modified else None
    rows: list[dict[str, object]] = []
    mapped: dict[int, dict[int, str]] = {}
    for i, j in pairs:
        stored, read, theirs = blocks(flat[i].body), blocks(again[i].body), \
            blocks(original[j].body)
        source = stored if len(stored) == len(read) else read
        rows += _diff(flat[i].id, source, read, theirs, UNTRACKED, editor, made,
                      mapped.setdefault(j, {}))
    for change in tracked_changes(data).values():
        view = parse_docx(variant(data, {change.author})).document.all_sections()
        for j, k in _pair([s.heading for s in original], [s.heading for s in view]):
            section_id = next((flat[i].id for i, jj in pairs if jj == j), "")
            if not section_id:
                continue
            theirs = blocks(original[j].body)
            source = [mapped.get(j, {}).get(n, b) for n, b in enumerate(theirs)]
            rows += _diff(section_id, source, theirs, blocks(view[k].body), TRACKED,
                          change.author, change.date or None, {})
    return rows


def _pair(ours: list[str], theirs: list[str]) -> list[tuple[int, int]]:
    """Pair sections by position when the outlines agree, else by equal headings."""
    if len(ours) == len(theirs):
        return list(enumerate(range(len(theirs))))
    matcher = SequenceMatcher(None, ours, theirs, autojunk=False)
    return [(a + n, b + n) for a, b, size in matcher.get_matching_blocks() for n in range(size)]


def _diff(section_id: str, stored: list[str], read: list[str], theirs: list[str],
          kind: str, author: str, made: str | None, same: dict[int, str]
          ) -> list[dict[str, object]]:
    """Return a proposal per run of blocks that differ; fill same with kept blocks."""
    rows: list[dict[str, object]] = []
    matcher = SequenceMatcher(None, read, theirs, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            same.update({j1 + n: stored[i1 + n] for n in range(i2 - i1)})
            continue
        rows.append({"section_id": section_id, "kind": kind, "position": i1,
                     "before": "".join(stored[i1:i2]), "after": "".join(theirs[j1:j2]),
                     "context": stored[i1 - 1] if i1 > 0 else "", "author": author,
                     "made": made})
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
        if not comment.section_id:
            notes.append(f"a comment by {comment.author} was put on the first section")
    return added
