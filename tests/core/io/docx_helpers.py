"""Shared helpers for the Word export and review tests: files, documents, parts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree

from app.core.document.service import RapporteurFile
from app.core.io.importing import import_source

ROOT = Path(__file__).resolve().parents[3]
SAMPLE = ROOT / "resources" / "samples" / "contribution.md"
OHCHR = Path("/work/shared/fixtures/ohchr-2013-contribution.md")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def imported(tmp_path: Path, source: Path, name: str = "doc.rapporteur") -> Path:
    """Return a new Rapporteur file holding source imported."""
    path = tmp_path / name
    with RapporteurFile.open(path, create=True, author="Maria") as rfile:
        import_source(rfile, source)
    return path


def part(data: bytes, name: str) -> etree._Element:
    """Return one XML part of a .docx, parsed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def replace_part(data: bytes, name: str, xml: bytes) -> bytes:
    """Return the .docx with one part replaced (or added)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w",
                                                                   zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename != name:
                dst.writestr(info, src.read(info))
        dst.writestr(name, xml)
    return out.getvalue()
