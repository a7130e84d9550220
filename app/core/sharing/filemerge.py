"""Merge a colleague's copy (THEIRS) into a file (OURS): every revision kept, nothing lost.

Documents, sections and fields match by id; the common ancestor of two versions is the
lowest common ancestor in the revision graph. THEIRS is opened read-only and vetted
like any untrusted file. The whole merge is one transaction; a dry run rolls it back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import clock
from app.core.document import history
from app.core.document.model import Document, Revision, Section
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import RapporteurError
from app.core.sharing import threeway
from app.core.storage.compiling import CompilingRows, merge_rows

KEPT_TAG = "kept-after-delete"
_REKEY = uuid.UUID("6f1c2a4e-7d1b-4c39-9a55-52505452aa01")


@dataclass
class MergeSummary:
    """What a merge did."""

    taken_from_theirs: int = 0
    combined: int = 0
    conflicts: int = 0
    added: int = 0
    kept_after_delete: int = 0
    documents_added: int = 0
    revisions_added: int = 0
    comments_added: int = 0
    compiling_rows_added: int = 0
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the summary as printable lines."""
        out = [
            f"taken from theirs: {self.taken_from_theirs}",
            f"combined: {self.combined}",
            f"conflicts: {self.conflicts}",
            f"added: {self.added} sections, {self.documents_added} documents",
            f"kept after delete: {self.kept_after_delete}",
            f"revisions brought in: {self.revisions_added}",
            f"comments brought in: {self.comments_added}",
            f"sources and tracker rows brought in: {self.compiling_rows_added}",
        ]
        return out + [f"note: {note}" for note in self.notes]


class _DryRun(Exception):
    """Raised to roll back a dry run."""


def merge_files(ours_path: Path | str, theirs_path: Path | str, *, dry_run: bool = False,
                author: str | None = None) -> MergeSummary:
    """Merge THEIRS into OURS (one transaction); THEIRS is never modified."""
    ours_path, theirs_path = Path(ours_path), Path(theirs_path)
    if ours_path.resolve() == theirs_path.resolve():
        raise RapporteurError("a file cannot be merged with itself")
    with (RapporteurFile.open(theirs_path, readonly=True) as theirs,
          RapporteurFile.open(ours_path, author=author) as ours):
        return merge_into(ours, theirs, dry_run=dry_run)


def merge_into(ours: RapporteurFile, theirs: RapporteurFile, *, dry_run: bool = False,
               only: set[str] | None = None) -> MergeSummary:
    """Merge an open THEIRS into an open OURS (only some documents of THEIRS, if given)."""
    summary = MergeSummary()
    try:
        with ours.transaction():
            _Merger(ours, theirs, summary, only).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return summary


class _Merger:
    """One merge run."""

    def __init__(self, ours: RapporteurFile, theirs: RapporteurFile, summary: MergeSummary,
                 only: set[str] | None = None) -> None:
        self.ours, self.theirs, self.summary = ours, theirs, summary
        self.only = only
        self.objects = None if only is None else self._objects_of(only)
        self.rekeyed: dict[str, str] = {}
        self.now = clock.iso(ours.now())

    def run(self) -> None:
        """Seal, bring in every revision, then merge document by document."""
        self.ours.repo.seal_revisions()
        self._import_revisions()
        ours_docs = {d.id: d for d in self.ours.repo.documents(include_deleted=True)}
        for doc in self.theirs.repo.documents(include_deleted=True):
            if self.only is not None and doc.id not in self.only:
                continue
            if doc.id in ours_docs:
                self._merge_document(ours_docs[doc.id], doc)
            else:
                self._add_document(doc)
        from app.core.text.comments import merge_comments

        self.summary.comments_added = merge_comments(self.ours, self.theirs, self.objects)
        if self.only is None:
            self.summary.compiling_rows_added = merge_rows(CompilingRows(self.ours.db),
                                                           CompilingRows(self.theirs.db))

    def _objects_of(self, documents: set[str]) -> set[str]:
        """Return the ids of some THEIRS documents and of all their sections."""
        sections = {s.id for d in documents
                    for s in self.theirs.repo.section_rows(d, include_deleted=True)}
        return set(documents) | sections

    # revisions

    def _import_revisions(self) -> None:
        """Copy every THEIRS revision in, sealed; a clashing id gets a stable new one."""
        known = self.ours.repo.revision_hashes()
        revisions = [r for r in self.theirs.repo.all_revisions()
                     if self.objects is None or r.object_id in self.objects]
        for rev in revisions:
            if rev.id in known and known[rev.id] != rev.content_hash:
                self.rekeyed[rev.id] = str(uuid.uuid5(_REKEY, f"{rev.id}:{rev.content_hash}"))
        for rev in revisions:
            rid = self.rekeyed.get(rev.id, rev.id)
            if rid in known:
                continue
            self.ours.repo.insert_revision(Revision(
                id=rid, object_type=rev.object_type, object_id=rev.object_id,
                parents=tuple(self.rekeyed.get(p, p) for p in rev.parents), author=rev.author,
                created=rev.created, modified=rev.modified, sealed=True,
                content_hash=rev.content_hash, content=rev.content))
            self.summary.revisions_added += 1

    def _rid(self, revision_id: str | None) -> str | None:
        """Return the id a THEIRS revision has in OURS."""
        if revision_id is None:
            return None
        return self.rekeyed.get(revision_id, revision_id)

    def _merge_revision(self, object_type: str, object_id: str, parents: tuple[str, ...],
                        content: dict[str, Any]) -> str:
        """Record a merge result as a sealed revision with two parents."""
        rev = Revision(id=new_id(), object_type=object_type, object_id=object_id,
                       parents=parents, author=self.ours.author, created=self.now,
                       modified=self.now, sealed=True,
                       content_hash=history.content_hash(content), content=content)
        self.ours.repo.insert_revision(rev)
        return rev.id

    # documents

    def _add_document(self, doc: Document) -> None:
        """Bring in a document only THEIRS has, with all its sections."""
        doc.revision_id = self._rid(doc.revision_id)
        doc.position = self.ours.repo.next_document_position()
        self.ours.repo.save_document(doc, deleted=self._theirs_deleted_doc(doc.id))
        for sec in self.theirs.repo.section_rows(doc.id, include_deleted=True):
            self._add_section(sec)
        self.summary.documents_added += 1

    def _theirs_deleted_doc(self, document_id: str) -> bool:
        """Return whether THEIRS marks a document deleted."""
        return all(d.id != document_id for d in self.theirs.repo.documents())

    def _add_section(self, sec: Section) -> None:
        """Bring in a section only THEIRS has."""
        deleted = self.theirs.repo.section_is_deleted(sec.id)
        sec.revision_id = self._rid(sec.revision_id)
        self.ours.repo.save_section(sec, deleted=deleted)
        if not deleted:
            self.summary.added += 1

    def _merge_document(self, ours: Document, theirs: Document) -> None:
        """Merge the sections, the fields and the outline of a document both files have."""
        base_outline = self._base_outline(ours, theirs)
        ours_outline = [] if self._ours_deleted_doc(ours.id) else self.ours.outline(ours.id)
        theirs_outline = ([] if self._theirs_deleted_doc(theirs.id)
                          else self.theirs.outline(theirs.id))
        ours_sections = {s.id: s for s in self.ours.repo.section_rows(ours.id,
                                                                      include_deleted=True)}
        for sec in self.theirs.repo.section_rows(theirs.id, include_deleted=True):
            if sec.id in ours_sections:
                self._merge_section(ours_sections[sec.id], sec)
            else:
                self._add_section(sec)
        self._merge_fields(ours, theirs)
        self._merge_outline(ours.id, base_outline, ours_outline, theirs_outline)

    def _ours_deleted_doc(self, document_id: str) -> bool:
        """Return whether OURS marks a document deleted."""
        return all(d.id != document_id for d in self.ours.repo.documents())

    def _base_outline(self, ours: Document, theirs: Document) -> list[tuple[str, str | None]]:
        """Return the outline of the common ancestor of the two document versions."""
        base = self._base_content(ours.revision_id, self._rid(theirs.revision_id))
        return [(sid, parent) for sid, parent in (base or {}).get("outline", [])]

    def _base_content(self, ours_head: str | None, theirs_head: str | None
                      ) -> dict[str, Any] | None:
        """Return the content of the lowest common ancestor of two heads, if any."""
        if not ours_head or not theirs_head:
            return None
        ancestor = history.common_ancestor(self.ours.repo, ours_head, theirs_head)
        rev = self.ours.repo.revision(ancestor) if ancestor else None
        return rev.content if rev else None

    def _merge_fields(self, ours: Document, theirs: Document) -> None:
        """Three-way merge of title, template, language and each field."""
        ours_head, theirs_head = ours.revision_id, self._rid(theirs.revision_id)
        relation = self._relation(ours_head, theirs_head)
        if relation in ("same", "ours"):
            return
        current = self.ours.repo.document(ours.id)
        assert current is not None
        if relation == "theirs":
            self._copy_fields(current, theirs)
            self.ours.repo.save_document(current, deleted=self._ours_deleted_doc(ours.id))
            return
        base = self._base_content(ours_head, theirs_head) or {}
        for key in ("title", "template", "language"):
            value, clash = threeway.merge_value(base.get(key), getattr(ours, key),
                                             getattr(theirs, key))
            setattr(current, key, value)
            if clash:
                self._conflict("document", ours.id, ours.id, key, base.get(key),
                               getattr(ours, key), getattr(theirs, key), ours_head, theirs_head)
        current.fields = self._merged_fields(base.get("fields") or {}, ours, theirs,
                                             ours_head, theirs_head)
        self.ours.repo.save_document(current, deleted=self._ours_deleted_doc(ours.id))

    def _copy_fields(self, target: Document, source: Document) -> None:
        """Take a document's title, template, language and fields from source."""
        target.title, target.template = source.title, source.template
        target.language, target.fields = source.language, dict(source.fields)
        target.modified = source.modified

    def _merged_fields(self, base: dict[str, Any], ours: Document, theirs: Document,
                       ours_head: str | None, theirs_head: str | None) -> dict[str, Any]:
        """Merge template fields key by key; a clash keeps ours and is recorded."""
        result: dict[str, Any] = {}
        for key in dict.fromkeys([*ours.fields, *theirs.fields, *base]):
            value, clash = threeway.merge_value(base.get(key), ours.fields.get(key),
                                             theirs.fields.get(key))
            if clash:
                self._conflict("document", ours.id, ours.id, f"fields.{key}", base.get(key),
                               ours.fields.get(key), theirs.fields.get(key), ours_head,
                               theirs_head)
            if value is not None:
                result[key] = value
        return result

    def _merge_outline(self, document_id: str, base: list[tuple[str, str | None]],
                       ours: list[tuple[str, str | None]],
                       theirs: list[tuple[str, str | None]]) -> None:
        """Merge the order of sections and record the document's merge revision."""
        merged, both = threeway.merge_outline(base, ours, theirs)
        live = {s.id for s in self.ours.repo.section_rows(document_id)}
        outline = [(sid, parent if parent in live else None) for sid, parent in merged
                   if sid in live]
        missing = [(s.id, s.parent_id) for s in self.ours.repo.section_rows(document_id)
                   if s.id not in {sid for sid, _ in outline}]
        outline += [(sid, parent if parent in live else None) for sid, parent in missing]
        if both:
            self.summary.notes.append("both copies reordered sections: our order kept")
        theirs_doc = self.theirs.repo.document(document_id)
        theirs_head = self._rid(theirs_doc.revision_id if theirs_doc else None)
        self.ours.set_outline(document_id, outline)
        self._join_document_history(document_id, theirs_head)

    def _join_document_history(self, document_id: str, theirs_head: str | None) -> None:
        """Give the document a head that descends from both versions."""
        current = self.ours.repo.document(document_id)
        if current is None or not theirs_head or current.revision_id == theirs_head:
            return
        if theirs_head in history.ancestors(self.ours.repo, current.revision_id or ""):
            return
        if current.revision_id and current.revision_id in history.ancestors(
                self.ours.repo, theirs_head):
            head_content = self.ours.repo.revision(theirs_head)
            mine = self.ours.repo.revision(current.revision_id)
            if head_content and mine and head_content.content_hash == mine.content_hash:
                current.revision_id = theirs_head
                self.ours.repo.save_document(current,
                                             deleted=self._ours_deleted_doc(document_id))
                return
        rev = self.ours.repo.revision(current.revision_id or "")
        parents = tuple(p for p in (current.revision_id, theirs_head) if p)
        current.revision_id = self._merge_revision("document", document_id, parents,
                                                   rev.content if rev else {})
        self.ours.repo.save_document(current, deleted=self._ours_deleted_doc(document_id))

    # sections

    def _relation(self, ours_head: str | None, theirs_head: str | None) -> str:
        """Say how two heads relate: same, ours (has theirs), theirs (ahead), split, unrelated."""
        if ours_head == theirs_head:
            return "same"
        if not ours_head or not theirs_head:
            return "unrelated"
        if theirs_head in history.ancestors(self.ours.repo, ours_head):
            return "ours"
        if ours_head in history.ancestors(self.ours.repo, theirs_head):
            return "theirs"
        if history.common_ancestor(self.ours.repo, ours_head, theirs_head) is None:
            return "unrelated"
        return "split"

    def _merge_section(self, ours: Section, theirs: Section) -> None:
        """Merge one section both files have."""
        ours_head, theirs_head = ours.revision_id, self._rid(theirs.revision_id)
        relation = self._relation(ours_head, theirs_head)
        if relation in ("same", "ours") or self._already_conflicted(ours.id, theirs_head):
            return
        ours_content = self._content(ours)
        theirs_content = self._content(theirs, side="theirs")
        if relation == "theirs":
            self._write_section(ours, theirs_content, theirs_head)
            self.summary.taken_from_theirs += 1
            return
        base = self._base_content(ours_head, theirs_head) if relation == "split" else None
        merged, conflicts = self._three_way(base, ours_content, theirs_content)
        if conflicts:
            self._write_section(ours, merged, ours_head)
            for name in conflicts:
                self._conflict("section", ours.id, ours.document_id, name,
                               None if base is None else base.get(name), ours_content.get(name),
                               theirs_content.get(name), ours_head, theirs_head)
            self.summary.conflicts += 1
            return
        parents = tuple(p for p in (ours_head, theirs_head) if p)
        head = self._merge_revision("section", ours.id, parents, merged)
        self._write_section(ours, merged, head)
        if merged == ours_content and base is None:
            return
        self.summary.combined += 1

    def _already_conflicted(self, section_id: str, theirs_head: str | None) -> bool:
        """Return whether an open conflict already holds this version of theirs."""
        return any(c["theirs_revision"] == theirs_head
                   for c in self.ours.repo.conflicts(object_id=section_id))

    def _content(self, sec: Section, side: str = "ours") -> dict[str, Any]:
        """Return a section's recorded state on one side."""
        repo = self.ours.repo if side == "ours" else self.theirs.repo
        return history.section_content(sec, deleted=repo.section_is_deleted(sec.id))

    def _three_way(self, base: dict[str, Any] | None, ours: dict[str, Any],
                   theirs: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
        """Merge two section states field by field; return the result and clashing fields."""
        if base is None:
            return (ours, []) if ours == theirs else (ours, [_first_difference(ours, theirs)])
        merged = dict(ours)
        clashes: list[str] = []
        kept = _kept_after_delete(base, ours, theirs)
        if kept is not None:
            self.summary.kept_after_delete += 1
            return kept, []
        body, chunks = threeway.merge_body(base.get("body"), ours["body"], theirs["body"])
        merged["body"] = body
        if chunks:
            clashes.append("body")
        merged["tags"] = threeway.merge_tags(base.get("tags", []), ours["tags"], theirs["tags"])
        for key in ("heading", "status", "word_budget", "deleted"):
            merged[key], clash = threeway.merge_value(base.get(key), ours[key], theirs[key])
            if clash:
                clashes.append(key)
        return merged, clashes

    def _write_section(self, sec: Section, content: dict[str, Any], head: str | None) -> None:
        """Store a section's merged state and head revision."""
        current = self.ours.repo.section(sec.id)
        assert current is not None
        current.heading, current.body = content["heading"], content["body"]
        current.status, current.tags = content["status"], list(content["tags"])
        current.word_budget, current.revision_id = content["word_budget"], head
        current.modified = self.now
        self.ours.repo.save_section(current, deleted=bool(content.get("deleted")))

    def _conflict(self, object_type: str, object_id: str, document_id: str, name: str,
                  base: Any, ours: Any, theirs: Any, ours_head: str | None,
                  theirs_head: str | None) -> None:
        """Record one clash, keeping both versions in the file."""
        self.ours.repo.add_conflict({
            "id": new_id(), "object_type": object_type, "object_id": object_id,
            "document_id": document_id, "field": name, "base": base, "ours": ours,
            "theirs": theirs, "ours_revision": ours_head, "theirs_revision": theirs_head,
            "created": self.now, "resolved": None, "resolution": None,
        })
        if object_type == "document":
            self.summary.conflicts += 1


def _first_difference(ours: dict[str, Any], theirs: dict[str, Any]) -> str:
    """Return the first field in which two unrelated states differ."""
    return next((k for k in ("body", "heading", "status", "tags", "word_budget", "deleted")
                 if ours.get(k) != theirs.get(k)), "body")


def _kept_after_delete(base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
                       ) -> dict[str, Any] | None:
    """Return the edited side, undeleted and tagged, when the other side deleted it."""
    for deleted, edited in ((ours, theirs), (theirs, ours)):
        if deleted.get("deleted") and not edited.get("deleted") and \
                _edited(base, edited):
            kept = dict(edited)
            kept["tags"] = [*edited["tags"], KEPT_TAG] if KEPT_TAG not in edited["tags"] \
                else list(edited["tags"])
            return kept
    return None


def _edited(base: dict[str, Any], state: dict[str, Any]) -> bool:
    """Return whether a state differs from base in anything but deletion."""
    return any(base.get(k) != state.get(k) for k in ("heading", "body", "status", "tags",
                                                     "word_budget"))
