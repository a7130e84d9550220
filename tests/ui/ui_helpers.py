"""Helpers for GUI tests: the sample's source and reading a file back."""

from __future__ import annotations

from pathlib import Path

from app.core.document.service import RapporteurFile

SAMPLE_MD = Path(__file__).resolve().parents[2] / "resources" / "samples" / "contribution.md"


def stored(path: Path) -> RapporteurFile:
    return RapporteurFile.open(path, readonly=True)


def first_section(path: Path):
    with stored(path) as rfile:
        return rfile.documents()[0].sections[0]


def add_second_document(path: Path) -> str:
    """Add a second document with one section to a file; return its id."""
    with RapporteurFile.open(path, author="Maria") as rfile:
        doc = rfile.add_document(title="Second paper", template="agency-input")
        rfile.add_section(doc.id, heading="Only section", body="<p>Other text.</p>")
    return doc.id
