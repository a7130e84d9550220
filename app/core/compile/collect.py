"""`rapporteur collect`: bring contributions into a file from files and folders of them.

Each contribution is merged into FILE by the rules of `rapporteur merge` (only that
document): a first version is added, a newer one updates the same document, a clash
stays in the file as a conflict. What names one contribution across its versions
(its origin, kept in the `sources` table):

- a document of a .rapporteur file or of a .json file: its id;
- the contribution document of a returned packet: the packet id;
- a .md or .docx file: "entity/title" (case and spacing folded), or "file/NAME" (the
  file name without its extension) when the document names no entity.

A source already collected byte for byte is left alone; a bad source is skipped and
named, the others are still collected.
"""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.core import clock
from app.core.compile import graft
from app.core.compile.contributions import contributions, entity_of, is_report
from app.core.compile.packets import Packet, packet_of
from app.core.compile.tracker import link
from app.core.document.model import Document
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import BadFileError, RapporteurError, ValidationError
from app.core.io.importing import parse_source, source_format
from app.core.io.interchange import document_from_dict
from app.core.sharing.checking import check_file
from app.core.sharing.filemerge import MergeSummary, merge_into
from app.core.storage.compiling import CompilingRows

SUFFIXES = (".rapporteur", ".docx", ".md", ".markdown", ".json")
MAX_FILES = 2000


@dataclass
class SourceResult:
    """What collecting one source file did."""

    path: Path
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: int = 0
    received: list[str] = field(default_factory=list)
    document_ids: list[str] = field(default_factory=list)
    problem: str | None = None

    def line(self) -> str:
        """Return the one-line summary of this source."""
        if self.problem:
            return f"{self.path.name}: skipped: {self.problem}"
        counts = [f"{n} {what}" for n, what in ((self.added, "added"),
                                                (self.updated, "updated"),
                                                (self.unchanged, "unchanged")) if n]
        if self.conflicts:
            counts.append(f"{self.conflicts} with conflicts")
        if self.received:
            counts.append(f"received from {', '.join(self.received)}")
        return f"{self.path.name}: {', '.join(counts) or 'no contributions'}"


@dataclass
class CollectReport:
    """What a collection did, source by source."""

    results: list[SourceResult] = field(default_factory=list)
    open_conflicts: int = 0

    @property
    def exit_code(self) -> int:
        """Return 2 when a source was bad, else 3 when conflicts remain, else 0."""
        if any(r.problem for r in self.results):
            return 2
        return 3 if self.open_conflicts else 0


@dataclass(frozen=True)
class _Item:
    """One contribution of a source: its document there, its origin and entity."""

    document_id: str
    origin: str
    entity: str
    packet_id: str | None = None


def collect(rfile: RapporteurFile, sources: list[Path]) -> CollectReport:
    """Collect every contribution of sources (files or folders) into rfile."""
    report = CollectReport()
    for path, problem in source_files(sources, rfile.path):
        result = SourceResult(path, problem=problem)
        if problem is None:
            _guarded(rfile, path, result)
        report.results.append(result)
    touched = {d for r in report.results for d in r.document_ids}
    report.open_conflicts = len({c["object_id"] for c in rfile.repo.conflicts()
                                 if c["document_id"] in touched})
    return report


def collect_files(path: Path, sources: list[Path], *, author: str | None = None
                  ) -> CollectReport:
    """Open the file at path for writing and collect sources into it."""
    with RapporteurFile.open(path, author=author) as target:
        return collect(target, sources)


def source_files(sources: list[Path], target: Path) -> list[tuple[Path, str | None]]:
    """Return the source files to read (folders searched), each with a problem or None."""
    out: list[tuple[Path, str | None]] = []
    for source in sources:
        if source.is_dir():
            found = sorted(p for p in source.rglob("*") if p.is_file()
                           and p.suffix.lower() in SUFFIXES and not p.name.startswith(".")
                           and not _same(p, target))
            out += [(p, None) for p in found[:MAX_FILES]]
            if not found:
                out.append((source, "no .rapporteur, .docx, .md or .json files in this folder"))
        elif not source.exists():
            out.append((source, "no such file or folder"))
        elif _same(source, target):
            out.append((source, "a file cannot be collected into itself"))
        else:
            out.append((source, None))
    return out


def _same(a: Path, b: Path) -> bool:
    """Return whether two paths name the same file."""
    return a.resolve() == b.resolve()


def _guarded(rfile: RapporteurFile, path: Path, result: SourceResult) -> None:
    """Collect one source as one transaction; a bad one changes nothing and is named."""
    try:
        with rfile.transaction():
            _collect_source(rfile, path, result)
    except (RapporteurError, sqlite3.Error, OSError, UnicodeError) as exc:
        result.problem = " ".join(str(exc).split()) or type(exc).__name__
        result.added = result.updated = result.unchanged = result.conflicts = 0
        result.received, result.document_ids = [], []


def _collect_source(rfile: RapporteurFile, path: Path, result: SourceResult) -> None:
    """Collect the contributions of one source file."""
    digest = _sha256(path)
    if path.suffix.lower() == ".rapporteur":
        _collect_file(rfile, path, digest, result)
    else:
        _collect_text(rfile, path, digest, result)


def _sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _collect_file(rfile: RapporteurFile, path: Path, digest: str, result: SourceResult
                  ) -> None:
    """Collect every contribution of a .rapporteur file, vetted and read-only."""
    vetted = check_file(path)
    if vetted.problem:
        raise BadFileError(vetted.problem)
    with RapporteurFile.open(path, readonly=True) as theirs:
        packet = packet_of(theirs)
        for doc in contributions(theirs.repo.documents()):
            _merge(rfile, theirs, _file_item(doc, packet), digest, result)


def _file_item(doc: Document, packet: Packet | None) -> _Item:
    """Return what names a document of a .rapporteur source."""
    if packet is not None and packet.document_id == doc.id:
        return _Item(doc.id, packet.id, entity_of(doc) or packet.entity, packet.id)
    return _Item(doc.id, doc.id, entity_of(doc))


def _collect_text(rfile: RapporteurFile, path: Path, digest: str, result: SourceResult
                  ) -> None:
    """Collect the contributions of a .md, .docx or .json file."""
    kind = source_format(path)
    parsed = parse_source(path)
    if parsed.parsed is not None:
        docs = [parsed.parsed.document]
    else:
        docs = [document_from_dict(d) for d in parsed.payload.get("documents", [])]
    docs = [d for d in docs if not is_report(d)]
    if not docs:
        raise ValidationError(f"{path.name}: holds no contribution")
    rows = CompilingRows(rfile.db)
    for doc in docs:
        origin = doc.id if kind == "json" and doc.id else _text_origin(doc, path)
        if rows.has_source(origin, digest):
            result.unchanged += 1
            result.document_ids += [r["document_id"] for r in rows.sources_of(origin)[-1:]]
            continue
        doc.id = _target_id(rfile, origin, doc.id if kind == "json" else "")
        graft.link_parents(doc)
        if kind != "json":
            graft.match_sections(doc, graft.previous_sections(rfile, doc.id))
        with graft.grafted(rfile, doc) as temp:
            _merge(rfile, temp, _Item(doc.id, origin, entity_of(doc)), digest, result,
                   temp_heads=temp)


def _text_origin(doc: Document, path: Path) -> str:
    """Return the origin of a .md or .docx contribution."""
    entity = " ".join(entity_of(doc).split()).casefold()
    if not entity:
        return f"file/{path.stem}"
    return f"{entity}/{' '.join(doc.title.split()).casefold()}"


def _target_id(rfile: RapporteurFile, origin: str, own_id: str) -> str:
    """Return the id of rfile's document for an origin: the collected one, else a new one."""
    for row in reversed(CompilingRows(rfile.db).sources_of(origin)):
        if rfile.repo.document(str(row["document_id"])) is not None:
            return str(row["document_id"])
    return own_id or new_id()


def _merge(rfile: RapporteurFile, theirs: RapporteurFile, item: _Item, digest: str,
           result: SourceResult, temp_heads: RapporteurFile | None = None) -> None:
    """Merge one contribution of theirs into rfile and record where it came from."""
    result.document_ids.append(item.document_id)
    rows = CompilingRows(rfile.db)
    if rows.has_source(item.origin, digest):
        result.unchanged += 1
        return
    existed = rfile.repo.document(item.document_id) is not None
    with rfile.transaction():
        summary = merge_into(rfile, theirs, only={item.document_id})
        if temp_heads is not None:
            graft.remember_heads(rfile, temp_heads, item.document_id)
        when = clock.iso(rfile.now())
        rows.insert("sources", {
            "id": new_id(), "document_id": item.document_id, "origin": item.origin,
            "entity": item.entity, "name": result.path.name, "sha256": digest,
            "packet_id": item.packet_id, "collected": when})
        tracked = link(rfile, entity=item.entity, packet_id=item.packet_id,
                       document_id=item.document_id, when=when)
    _count(result, summary, existed)
    if tracked is not None and tracked.entity not in result.received:
        result.received.append(tracked.entity)


def _count(result: SourceResult, summary: MergeSummary, existed: bool) -> None:
    """Add one merged contribution to the source's counts."""
    if not existed:
        result.added += 1
    elif summary.revisions_added or summary.combined or summary.conflicts:
        result.updated += 1
    else:
        result.unchanged += 1
    result.conflicts += 1 if summary.conflicts else 0
