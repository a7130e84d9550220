"""`rapporteur rescue BAD OUT`: copy what is readable from a failing file into a new, clean one.

storage.salvage reads BAD (only ever as bytes, through a private hardened copy, with the
app's own SELECTs, stepping over damaged pages). The rows go into a new file made by
RapporteurFile.create (bodies sanitised, lost sections rebuilt from their history),
checked, and moved to OUT without ever replacing an existing file.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core import clock
from app.core.beside import temp_beside
from app.core.document import history
from app.core.document.model import STATUSES, Document, Revision, Section
from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError, RapporteurError, ValidationError
from app.core.sharing.copying import fsync, fsync_dir
from app.core.storage import connection
from app.core.storage.salvage import CORE_TABLES, Salvage, Table, salvage
from app.core.text.sanitize import clean

PLACEHOLDER_TITLE = "Rescued sections (the document's own details were lost)"
ORPHANS = "rescued-sections"


@dataclass
class RescueReport:
    """What a rescue recovered and lost, table by table."""

    source: Path
    out: Path
    recovered: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    damaged_regions: int = 0
    rebuilt: int = 0
    exact: bool = True
    notes: list[str] = field(default_factory=list)

    @property
    def rows_lost(self) -> int:
        """Return the number of rows known to be lost."""
        return sum(self.lost.values())

    def summary(self) -> str:
        """Return a one-line summary for the user."""
        counts = ", ".join(f"{t} {self.recovered.get(t, 0)}"
                           for t in ("documents", "sections", "revisions"))
        lost = f"{self.rows_lost} rows lost" if self.rows_lost else "no rows lost"
        if not self.exact:
            lost = (f"{self.rows_lost} rows known lost, and an unknown number more in "
                    "damaged parts")
        ignored = [n for n in self.notes if n.startswith("ignored")]
        tail = f"; foreign objects ignored: {len(ignored)}" if ignored else ""
        return f"{self.out.name}: rescued from {self.source.name}: {counts}; {lost}{tail}"


def rescue_file(bad: Path | str, out: Path | str) -> RescueReport:
    """Copy what is readable from bad into a new checked file at out; bad is never changed."""
    bad, out = Path(bad), Path(out)
    _check_paths(bad, out)
    report = RescueReport(bad, out)
    folder = Path(tempfile.mkdtemp(prefix="rapporteur-rescue-"))
    try:
        found = salvage(bad, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    _note(report, found)
    tables = found.tables
    if not any(tables[t].rows for t in ("documents", "sections", "revisions")):
        raise BadFileError(f"{bad.name}: nothing could be rescued (no readable documents, "
                           "sections or revisions)")
    _write_out(tables, out, report)
    return report


def _note(report: RescueReport, found: Salvage) -> None:
    """Record in the report what reading found damaged or foreign."""
    report.notes.extend(found.notes)
    report.damaged_regions = found.damaged_regions
    report.exact = found.exact


# checks

def _check_paths(bad: Path, out: Path) -> None:
    """Refuse a BAD that is not SQLite at all and an OUT that exists or cannot be made."""
    if not bad.exists():
        raise BadFileError(f"{bad.name}: no such file")
    if not bad.is_file():
        raise BadFileError(f"{bad.name}: not a file")
    with bad.open("rb") as handle:
        head = handle.read(100)
    if len(head) < 100 or not head.startswith(connection.SQLITE_MAGIC):
        raise BadFileError(f"{bad.name}: not a Rapporteur file (not an SQLite database); "
                           "nothing to rescue")
    if out.exists() or out.is_symlink():
        raise ValidationError(f"{out.name}: already exists; choose a new name for the rescue")
    if not out.parent.is_dir():
        raise ValidationError(f"{out.parent}: no such folder")


# writing OUT

def _write_out(tables: dict[str, Table], out: Path, report: RescueReport) -> None:
    """Build the rescued file beside out, check it, and move it to out (never replacing)."""
    temp = temp_beside(out)
    try:
        rfile = RapporteurFile.create(temp)
        try:
            with rfile.transaction():
                _fill(rfile, tables, report)
        finally:
            rfile.close()
        _check_rescued(temp)
        fsync(temp)
        _place(temp, out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise RapporteurError(f"cannot write {out.name}: {exc.strerror or exc}") from None
    finally:
        for leftover in (temp, temp.with_name(temp.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()


def _check_rescued(temp: Path) -> None:
    """Refuse to deliver a rescued file that does not pass check."""
    from app.core.sharing.checking import check_file

    result = check_file(temp)
    if result.exit_code != 0:
        raise RapporteurError(f"the rescued file failed its check: {result.problem}")


def _place(temp: Path, out: Path) -> None:
    """Give temp the name out atomically, refusing if out has appeared meanwhile."""
    try:
        os.link(temp, out)
    except FileExistsError:
        raise ValidationError(f"{out.name}: already exists; nothing was overwritten") from None
    except OSError:  # no hard links on this file system: check, then rename
        if out.exists():
            raise ValidationError(f"{out.name}: already exists; nothing was overwritten"
                                  ) from None
        os.replace(temp, out)


def _fill(rfile: RapporteurFile, tables: dict[str, Table], report: RescueReport) -> None:
    """Insert the rescued rows through the repo, table by table."""
    stamp = clock.iso(clock.now())
    _fill_meta(rfile, tables["meta"], report, stamp)
    docs = _fill_documents(rfile, tables["documents"], report, stamp)
    revisions = _revisions(tables["revisions"], tables["revision_parents"], stamp)
    _fill_sections(rfile, tables["sections"], docs, revisions, report, stamp)
    _fill_revisions(rfile, revisions, tables["revisions"], tables["revision_parents"], report)
    for name, table in tables.items():
        if name not in CORE_TABLES:
            _fill_generic(rfile, name, table, report)


def _fill_meta(rfile: RapporteurFile, table: Table, report: RescueReport, stamp: str
               ) -> None:
    """Copy meta values (the file id too, so merges still recognise the report)."""
    count = 0
    for row in table.rows:
        key = _text(row.get("key"))
        if key and key != "created_by":
            rfile.repo.set_meta(key, _text(row.get("value")))
            count += 1
    rfile.repo.set_meta("rescued_from", f"{report.source.name} ({stamp})")
    _count(report, "meta", table, count)


def _fill_documents(rfile: RapporteurFile, table: Table, report: RescueReport, stamp: str
                    ) -> set[str]:
    """Insert documents; return their ids."""
    ids: set[str] = set()
    for row in table.rows:
        doc_id = _text(row.get("id"))
        if not doc_id or doc_id in ids:
            table.lost += 1
            continue
        fields = _json(row.get("fields"), {})
        doc = Document(
            id=doc_id, title=_text(row.get("title")),
            template=_text(row.get("template")) or "meeting-paper",
            language=_text(row.get("language")) or "en",
            fields=fields if isinstance(fields, dict) else {},
            created=_text(row.get("created")) or stamp,
            modified=_text(row.get("modified")) or _text(row.get("created")) or stamp,
            position=_int(row.get("position")) or 0, revision_id=_opt_text(row.get("revision_id")),
        )
        deleted = bool(_int(row.get("deleted")))
        if _insert(rfile, table, rfile.repo.save_document, doc, deleted=deleted):
            ids.add(doc_id)
    _count(report, "documents", table, len(ids))
    return ids


def _fill_sections(rfile: RapporteurFile, table: Table, docs: set[str],
                   revisions: list[Revision], report: RescueReport, stamp: str) -> None:
    """Insert sections (bodies sanitised), rebuilding lost rows from their history."""
    by_id: dict[str, tuple[Section, bool]] = {}
    for row in table.rows:
        sec = _section(row, stamp)
        if sec is None or sec.id in by_id:
            table.lost += 1
        else:
            by_id[sec.id] = (sec, bool(_int(row.get("deleted"))))
    rebuilt = _from_history(revisions, set(by_id), stamp)
    if rebuilt:
        by_id.update(rebuilt)
        table.lost = max(0, table.lost - len(rebuilt))
        report.rebuilt = len(rebuilt)
        report.notes.append(f"sections rebuilt from their newest revision (their rows were "
                            f"lost): {len(rebuilt)}")
    sections = {sid: sec for sid, (sec, _deleted) in by_id.items()}
    for sec in sections.values():
        if sec.document_id not in docs:
            _placeholder(rfile, sec, stamp, report)
            docs.add(sec.document_id)
    count = 0
    for sec, deleted in by_id.values():
        sec.parent_id = _safe_parent(sec, sections)
        count += _insert(rfile, table, rfile.repo.save_section, sec, deleted=deleted)
    _count(report, "sections", table, count)


def _section(row: dict[str, Any], stamp: str) -> Section | None:
    """Build a Section from a rescued row, or None when it has no id."""
    sec_id = _text(row.get("id"))
    if not sec_id:
        return None
    tags = _json(row.get("tags"), [])
    status = _text(row.get("status"))
    budget = row.get("word_budget")
    return Section(
        id=sec_id, heading=_text(row.get("heading")), body=clean(_text(row.get("body"))),
        status=status if status in STATUSES else "draft",
        tags=[str(t) for t in tags] if isinstance(tags, list) else [],
        word_budget=budget if isinstance(budget, int) and not isinstance(budget, bool)
        and budget >= 0 else None,
        author=_text(row.get("author")), created=_text(row.get("created")) or stamp,
        modified=_text(row.get("modified")) or _text(row.get("created")) or stamp,
        document_id=_text(row.get("document_id")) or ORPHANS,
        parent_id=_opt_text(row.get("parent_id")),
        position=_int(row.get("position")) or 0, revision_id=_opt_text(row.get("revision_id")),
    )


def _safe_parent(sec: Section, by_id: dict[str, Section]) -> str | None:
    """Return sec's parent if it exists in the same document without a cycle, else None."""
    seen = {sec.id}
    current = sec.parent_id
    while current is not None:
        parent = by_id.get(current)
        if parent is None or parent.document_id != sec.document_id or current in seen:
            return None
        seen.add(current)
        current = parent.parent_id
    return sec.parent_id


def _placeholder(rfile: RapporteurFile, sec: Section, stamp: str, report: RescueReport
                 ) -> None:
    """Insert a stand-in document for sections whose document row was lost."""
    rfile.repo.save_document(Document(id=sec.document_id, title=PLACEHOLDER_TITLE,
                                      created=stamp, modified=stamp))
    report.notes.append(f"document {sec.document_id}: its row was lost; its sections are "
                        f"kept under {PLACEHOLDER_TITLE!r}")


def _from_history(revisions: list[Revision], known: set[str], stamp: str
                  ) -> dict[str, tuple[Section, bool]]:
    """Rebuild sections missing from known: newest revision, placed by the newest outline."""
    newest: dict[str, Revision] = {}
    first: dict[str, str] = {}
    placement: dict[str, tuple[str, str | None, int]] = {}
    for rev in sorted(revisions, key=lambda r: (r.modified, r.created, r.id)):
        if rev.object_type == "section" and rev.object_id not in known:
            newest[rev.object_id] = rev
            first.setdefault(rev.object_id, rev.created)
        elif rev.object_type == "document":
            placement.update(_outline_places(rev))
    rebuilt: dict[str, tuple[Section, bool]] = {}
    for sid, rev in newest.items():
        doc_id, parent, position = placement.get(sid, (ORPHANS, None, 0))
        content = rev.content
        row = {"id": sid, "heading": content.get("heading"), "body": content.get("body"),
               "status": content.get("status"), "tags": json.dumps(content.get("tags")),
               "word_budget": content.get("word_budget"), "author": rev.author,
               "created": first[sid], "modified": rev.modified, "document_id": doc_id,
               "parent_id": parent, "position": position, "revision_id": rev.id}
        sec = _section(row, stamp)
        if sec is not None:
            rebuilt[sid] = (sec, bool(content.get("deleted")))
    return rebuilt


def _outline_places(rev: Revision) -> dict[str, tuple[str, str | None, int]]:
    """Return section id -> (document id, parent id, position) from a document revision."""
    places: dict[str, tuple[str, str | None, int]] = {}
    counts: dict[str | None, int] = {}
    outline = rev.content.get("outline")
    for item in outline if isinstance(outline, list) else []:
        if isinstance(item, list) and len(item) == 2 and isinstance(item[0], str):
            parent = item[1] if isinstance(item[1], str) else None
            counts[parent] = counts.get(parent, -1) + 1
            places[item[0]] = (rev.object_id, parent, counts[parent])
    return places


def _revisions(table: Table, links: Table, stamp: str) -> list[Revision]:
    """Build the readable revisions with their readable parent links."""
    parents: dict[str, set[str]] = {}
    for row in links.rows:
        child, parent = _text(row.get("revision_id")), _text(row.get("parent_id"))
        if child and parent:
            parents.setdefault(child, set()).add(parent)
    revisions: dict[str, Revision] = {}
    for row in table.rows:
        rev = _revision(row, tuple(sorted(parents.get(_text(row.get("id")), ()))), stamp)
        if rev is None or rev.id in revisions:
            table.lost += 1
        else:
            revisions[rev.id] = rev
    links.lost += sum(len(p) for c, p in parents.items() if c not in revisions)
    return list(revisions.values())


def _fill_revisions(rfile: RapporteurFile, revisions: list[Revision], table: Table,
                    links: Table, report: RescueReport) -> None:
    """Insert revisions with the parent links that were readable."""
    inserted, linked = 0, 0
    for rev in revisions:
        if _insert(rfile, table, rfile.repo.insert_revision, rev):
            inserted += 1
            linked += len(rev.parents)
        else:
            links.lost += len(rev.parents)
    _count(report, "revisions", table, inserted)
    _count(report, "revision_parents", links, linked)


def _revision(row: dict[str, Any], parents: tuple[str, ...], stamp: str) -> Revision | None:
    """Build a Revision from a rescued row (a section body sanitised), or None."""
    content = _json(row.get("content"), None)
    rev_id, object_id = _text(row.get("id")), _text(row.get("object_id"))
    if not isinstance(content, dict) or not rev_id or not object_id:
        return None
    digest = _text(row.get("content_hash")) or history.content_hash(content)
    if isinstance(content.get("body"), str) and clean(content["body"]) != content["body"]:
        content["body"] = clean(content["body"])
        digest = history.content_hash(content)
    created = _text(row.get("created")) or stamp
    return Revision(
        id=rev_id, object_type=_text(row.get("object_type")) or "section", object_id=object_id,
        parents=parents, author=_text(row.get("author")), created=created,
        modified=_text(row.get("modified")) or created, sealed=True, content_hash=digest,
        content=content,
    )


def _fill_generic(rfile: RapporteurFile, name: str, table: Table, report: RescueReport
                  ) -> None:
    """Copy the rows of another table of the app's schema, column for column."""
    count = 0
    for row in table.rows:
        values = {k: v for k, v in row.items() if k != "rowid"}
        count += _insert(rfile, table, rfile.repo.insert_row, name, values)
    _count(report, name, table, count)


def _insert(rfile: RapporteurFile, table: Table, write: Callable[..., object], *args: Any,
            **kwargs: Any) -> bool:
    """Run one row's write in its own savepoint; count the row lost if the file refuses it."""
    try:
        with rfile.transaction():
            write(*args, **kwargs)
    except (sqlite3.DatabaseError, ValueError, TypeError, OverflowError):
        table.lost += 1
        return False
    return True


def _count(report: RescueReport, name: str, table: Table, recovered: int) -> None:
    """Record a table's recovered and lost rows in the report."""
    report.recovered[name] = recovered
    report.lost[name] = table.lost


# values from a foreign file

def _text(value: Any) -> str:
    """Return value as text ('' for NULL; bytes decoded leniently)."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _opt_text(value: Any) -> str | None:
    """Return value as text, or None for NULL or empty."""
    return _text(value) or None


def _int(value: Any) -> int | None:
    """Return value as an int, or None when it is not one."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _json(value: Any, default: Any) -> Any:
    """Decode a JSON column, or return default."""
    try:
        return json.loads(_text(value))
    except (ValueError, RecursionError):
        return default
