"""The manifest inside an archived PDF: embedded as an associated file, read back, checked.

embed() adds the manifest (app.core.render.manifest) to a PDF/A-3b written by WeasyPrint
as an embedded JSON file listed in the catalog's /AF with /AFRelationship /Data, after
recording the SHA-256 of each page's decoded content stream in it. read() finds it again;
pdf_changes() says where the PDF no longer matches it (page count, page content, title).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from typing import Any

from app.core import clock
from app.core.errors import RapporteurError

NAME = "rapporteur-manifest.json"
RELATIONSHIPS = ("/Data", "/Source")


class ArchiveError(RapporteurError):
    """A PDF that cannot be checked: not a PDF, or without a readable manifest."""


def embed(pdf: bytes, manifest: dict[str, Any]) -> bytes:
    """Return pdf with manifest (and its page hashes) embedded as an associated file."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        manifest = {**manifest, "pages": page_hashes(document)}
        data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
        stamp = _pdf_date(manifest.get("exported", ""))
        spec = pikepdf.AttachedFileSpec(
            document, data, filename=NAME, mime_type="application/json",
            description="Rapporteur provenance manifest: document, sections' revisions and "
            "hashes, authors, app version, pulled paragraphs' sources",
            creation_date=stamp, mod_date=stamp, relationship=pikepdf.Name.Data)
        document.attachments[NAME] = spec
        files = document.Root.get("/AF")
        if files is None:
            document.Root.AF = document.make_indirect(pikepdf.Array())
            files = document.Root.AF
        if spec.obj.objgen not in [f.objgen for f in files]:  # pikepdf may list it already
            files.append(spec.obj)
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


_FURNITURE = re.compile(rb"/Artifact BMC q /(Fur[^\s/]+) Do Q EMC")


def page_hashes(document: Any) -> list[str]:
    """Return the SHA-256 of each page's decoded content, in page order.

    A page's furniture laid over it on a first build (app.core.render.join.lay_over)
    counts as its content.
    """
    import pikepdf

    out = []
    for page in document.pages:
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        digest = hashlib.sha256()
        for stream in streams:
            if stream is not None:
                data = stream.read_bytes()
                digest.update(data)
                for name in _FURNITURE.findall(data):
                    digest.update(page.Resources.XObject["/" + name.decode()].read_bytes())
        out.append(digest.hexdigest())
    return out


def read(pdf: bytes, name: str = "the PDF") -> tuple[Any, Any]:
    """Return (the open pikepdf document, its manifest parsed); ArchiveError if none."""
    import pikepdf

    try:
        document = pikepdf.open(io.BytesIO(pdf))
    except pikepdf.PdfError as error:
        why = _line(error).split(": ", 1)[-1]  # qpdf names the stream "<_io.BytesIO ...>"
        raise ArchiveError(f"{name} is not a readable PDF: {why}") from None
    spec = _associated(document)
    if spec is None:
        document.close()
        raise ArchiveError(f"{name} holds no Rapporteur manifest (not exported for archive)")
    try:
        return document, json.loads(spec.get_file().read_bytes().decode("utf-8"))
    except (ValueError, pikepdf.PdfError) as error:
        document.close()
        raise ArchiveError(f"{name}'s manifest is not readable JSON: {_line(error)}") from None


def _associated(document: Any) -> Any:
    """Return the manifest's file spec when it is an associated file (/AF), else None."""
    spec = document.attachments.get(NAME)
    if spec is None:
        return None
    listed = [f.objgen for f in document.Root.get("/AF", [])]
    relation = str(spec.obj.get("/AFRelationship", ""))
    return spec if spec.obj.objgen in listed and relation in RELATIONSHIPS else None


def pdf_changes(document: Any, manifest: dict[str, Any]) -> list[str]:
    """Return where the PDF no longer matches its manifest (nothing when it does)."""
    out = []
    expected, found = list(manifest["pages"]), page_hashes(document)
    if len(expected) != len(found):
        out.append(f"the PDF has {len(found)} pages, the manifest {len(expected)}")
    out += [f"page {number}: its content differs from the manifest's hash"
            for number, (old, new) in enumerate(zip(expected, found, strict=False), 1)
            if old != new]
    title = str(document.docinfo.get("/Title", ""))
    if title != manifest["document"].get("title", ""):
        out.append(f"the PDF's title “{title}” is not the manifest's "
                   f"“{manifest['document'].get('title', '')}”")
    return out


def _pdf_date(iso: str) -> str:
    """Return an ISO 8601 UTC time as a PDF date (D:YYYYMMDDHHmmSSZ)."""
    moment = clock.parse_iso(iso) if clock.is_iso(iso) else clock.now()
    return moment.strftime("D:%Y%m%d%H%M%SZ")


def _line(error: Exception) -> str:
    """Return an error's message on one line."""
    return " ".join(str(error).split())[:200]
