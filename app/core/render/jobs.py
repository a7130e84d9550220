"""Render jobs, built once in core for the command line and the editor alike.

A job is a document in its interchange form (app.core.io.interchange) with the
annotations a rendering shows besides the text (conflicts, DRAFT, review notes): what
the worker's jobs (app.core.render.worker) take. document_job builds the job of a whole
document, for `rapporteur render`, Export PDF and the full build; section_job the small
job of the live preview, built from the model once per request with the section's
offsets counted once; archive_job the job of Export for Archive (with its provenance
manifest); compendium_job the job of every contribution in one PDF
(app.core.render.compendium); write_pdf writes what a render produced.

The editor's unsaved text (unsaved: section id to body) is patched into a copy of the
document, never into the document given (the window's cached model).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from app.core.compile.compendium import cover_of, ordered_contributions
from app.core.compile.contributions import entity_of
from app.core.document.model import Document, Section
from app.core.document.service import RapporteurFile
from app.core.errors import RenderError
from app.core.io.interchange import export_document
from app.core.render.annotate import render_annotations
from app.core.render.pdf import write_atomically
from app.core.render.preview import CurrentOffsets, FullBuild, current_offsets
from app.core.render.worker import RenderOutcome


@dataclass(frozen=True)
class SectionJob:
    """A section preview ready for RenderPool.submit_section, as the arguments it takes.

    document is the excerpt: the whole document with the bodies outside the section's
    subtree blanked (headings stay, for the heading numbers) and its annotations;
    offsets were counted from the document as it is now (pages from the last build).
    """

    document: dict[str, Any]
    section_id: str
    offsets: CurrentOffsets
    subsections: bool


def document_job(rfile: RapporteurFile, document: Document | str, *, review: bool = False,
                 unsaved: dict[str, str] | None = None) -> dict[str, Any]:
    """Return the render job of a whole document (a model, or its id to read from rfile).

    unsaved holds section bodies newer than rfile's (the editor's text); review asks for
    the comments as numbered notes after each section.
    """
    model = _patched(_model(rfile, document), unsaved or {})
    return _job(rfile, model, model, review=review)


def archive_job(rfile: RapporteurFile, document: Document | str) -> dict[str, Any]:
    """Return the render job of a document as stored, with its provenance manifest.

    The worker embeds the manifest in the PDF (app.core.render.archive); render it with
    the ARCHIVE_VARIANT of app.core.render.pdf.
    """
    from app.core.render.manifest import build_manifest

    model = _model(rfile, document)
    job = _job(rfile, model, model, review=False)
    job["manifest"] = build_manifest(rfile, model)
    return job


def section_job(rfile: RapporteurFile, document: Document | str, section_id: str,
                build: FullBuild | None = None, *, unsaved: dict[str, str] | None = None
                ) -> SectionJob | None:
    """Return the preview job of one section, or None if the document has no such section.

    A section with subsections previews its own heading and body only. Page offsets come
    from build (the last full build; 0 without one), footnotes and paragraphs are counted
    from the document with the unsaved text.
    """
    model = _patched(_model(rfile, document), unsaved or {})
    node = next((s for s in model.all_sections() if s.id == section_id), None)
    if node is None:
        return None
    offsets = CurrentOffsets.of(current_offsets(model, section_id, build))
    excerpt = replace(model, sections=_blank_others(model.sections, section_id, False))
    return SectionJob(_job(rfile, model, excerpt, review=False), section_id, offsets,
                      subsections=not node.children)


def compendium_job(rfile: RapporteurFile, path: Path, *, review: bool = False
                   ) -> dict[str, Any]:
    """Return the render job of rfile's compendium (path names the file on its cover).

    Raises RenderError when the file holds no contribution.
    """
    documents = ordered_contributions(rfile)
    if not documents:
        raise RenderError(f"{path.name} holds no contribution to compile")
    return {"cover": asdict(cover_of(rfile, path)), "contributions": [
        {"entity": entity_of(d), "title": d.title, "document": _job(rfile, d, d, review=review)}
        for d in documents]}


def write_pdf(outcome: RenderOutcome, out: Path) -> RenderOutcome:
    """Write a finished render's PDF to out atomically and return the outcome.

    Its warnings include the template's page limit (added by the render job). Raises
    RenderError with the render's own message if it failed, or if out cannot be written.
    """
    if outcome.error:
        raise RenderError(outcome.error)
    write_atomically(out, outcome.pdf)
    return outcome


def _model(rfile: RapporteurFile, document: Document | str) -> Document:
    """Return the document given, or read it from rfile by id."""
    return rfile.document(document) if isinstance(document, str) else document


def _job(rfile: RapporteurFile, document: Document, shown: Document, *, review: bool
         ) -> dict[str, Any]:
    """Return shown in interchange form with the annotations of document."""
    data = export_document(shown)
    data["annotations"] = render_annotations(rfile, document, review=review)
    return data


def _patched(document: Document, unsaved: dict[str, str]) -> Document:
    """Return document with the unsaved bodies in (a copy along their paths only)."""
    if not unsaved:
        return document
    sections = _patch(document.sections, unsaved)
    return document if sections is document.sections else replace(document, sections=sections)


def _patch(sections: list[Section], unsaved: dict[str, str]) -> list[Section]:
    """Return sections with the unsaved bodies in; the same list if none is among them."""
    out, changed = [], False
    for section in sections:
        children = _patch(section.children, unsaved)
        if section.id in unsaved or children is not section.children:
            section = replace(section, body=unsaved.get(section.id, section.body),
                              children=children)
            changed = True
        out.append(section)
    return out if changed else sections


def _blank_others(sections: list[Section], section_id: str, inside: bool) -> list[Section]:
    """Return sections with the bodies outside section_id's subtree blanked."""
    out = []
    for section in sections:
        keep = inside or section.id == section_id
        out.append(replace(section, body=section.body if keep else "",
                           children=_blank_others(section.children, section_id, keep)))
    return out
