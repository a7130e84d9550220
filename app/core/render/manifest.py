"""The provenance manifest of an archived PDF: what was exported, and what changed since.

build_manifest describes a document as the file holds it: its id, title and revision,
each section's revision id and content hash (app.core.document.history), the authors of
their revisions, the app version and, for a compiled report, where every pulled
paragraph came from (app.core.compile.provenance). The PDF's page hashes are added when
it is embedded (app.core.render.archive). problems() says why a manifest read back is
malformed; changes() compares one with a file as it is now.
"""

from __future__ import annotations

from typing import Any

from app import __version__
from app.core import clock
from app.core.document import history
from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError

FORMAT = "rapporteur-archive-manifest/1"
_SECTION_KEYS = ("id", "heading", "revision_id", "content_hash")


def build_manifest(rfile: RapporteurFile, document: Document | str) -> dict[str, Any]:
    """Return the manifest of a document of rfile (a model, or its id) as it is stored."""
    doc = rfile.document(document if isinstance(document, str) else document.id)
    sections = doc.all_sections()
    return {
        "format": FORMAT,
        "app": {"name": "Rapporteur", "version": __version__},
        "exported": clock.iso(clock.now()),
        "file": rfile.path.name,
        "document": {"id": doc.id, "title": doc.title, "template": doc.template,
                     "language": doc.language, "revision_id": doc.revision_id or ""},
        "sections": [_section(rfile, section) for section in sections],
        "authors": _authors(rfile, [doc.id, *(s.id for s in sections)]),
        "pulls": _pulls(rfile, doc.id),
    }


def _section(rfile: RapporteurFile, section: Section) -> dict[str, str]:
    """Return a section's entry: its revision and the hash of its content."""
    revision = rfile.revision(section.revision_id) if section.revision_id else None
    digest = revision.content_hash if revision else history.content_hash(
        history.section_content(section))
    return {"id": section.id, "heading": section.heading,
            "revision_id": section.revision_id or "", "content_hash": digest}


def _authors(rfile: RapporteurFile, object_ids: list[str]) -> list[str]:
    """Return everyone who recorded a revision of these objects, sorted."""
    names = {rev.author for oid in object_ids for rev in rfile.revisions(oid) if rev.author}
    return sorted(names)


def _pulls(rfile: RapporteurFile, document_id: str) -> list[dict[str, Any]]:
    """Return where each paragraph pulled into the document came from."""
    from app.core.compile.provenance import provenance

    return [{
        "id": item.pull.id, "section_id": item.pull.section_id,
        "paragraph": item.report_paragraph, "entity": item.entity,
        "source_document_id": item.pull.source_document_id,
        "source_title": item.source_title, "source_section_id": item.pull.source_section_id,
        "source_heading": item.source_heading,
        "source_revision_id": item.pull.source_revision_id or "",
        "source_paragraph": item.source_paragraph, "state": item.state,
    } for item in provenance(rfile, document_id)]


def problems(manifest: Any) -> list[str]:
    """Return why a manifest read back is not well formed (nothing when it is)."""
    if not isinstance(manifest, dict):
        return ["the manifest is not a JSON object"]
    out = []
    if manifest.get("format") != FORMAT:
        out.append(f"the manifest's format is {manifest.get('format')!r}, not {FORMAT!r}")
    document = manifest.get("document")
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        out.append("the manifest names no document")
    sections = manifest.get("sections")
    if not isinstance(sections, list) or not all(
            isinstance(s, dict) and all(isinstance(s.get(k), str) for k in _SECTION_KEYS)
            for s in sections):
        out.append("the manifest's sections are not a list of id, heading, revision and hash")
    for key in ("authors", "pulls", "pages"):
        if not isinstance(manifest.get(key), list):
            out.append(f"the manifest has no list of {key}")
    return out


def changes(manifest: dict[str, Any], rfile: RapporteurFile) -> list[str]:
    """Return how rfile's document differs from the manifest (nothing when it is the same)."""
    document_id = manifest["document"]["id"]
    try:
        doc = rfile.document(document_id)
    except NotFoundError:
        return [f"document {document_id} is not in {rfile.path.name}"]
    out = []
    if (doc.revision_id or "") != manifest["document"].get("revision_id", ""):
        out.append(f"document “{doc.title}”: its title, fields or outline changed since export")
    now = {section.id: section for section in doc.all_sections()}
    for entry in manifest["sections"]:
        section = now.pop(entry["id"], None)
        name = entry["heading"] or entry["id"]
        if section is None:
            out.append(f"section “{name}” ({entry['id']}): deleted since export")
        elif (section.revision_id or "") != entry["revision_id"]:
            out.append(f"section “{name}” ({entry['id']}): changed since export "
                       f"(revision {entry['revision_id'][:8]} → {(section.revision_id or '')[:8]})")
    out += [f"section “{s.heading or s.id}” ({s.id}): added since export" for s in now.values()]
    return out
