"""Contributions from three entities, as colleagues would send them (helpers for compile tests)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from app.core.document.service import RapporteurFile

OHCHR_BODY = ("<p>The Office held consultations with States on the human rights of "
              "migrants at borders.</p><p>It published guidance on child-sensitive "
              "procedures.</p>")

UNHCR_MD = """---
template: agency-input
entity: UNHCR
title: Contribution of UNHCR
---
## Protection

Refugees in protracted situations need durable solutions.

Resettlement places remained scarce during the year.

## Partnerships

UNHCR worked with host Governments on inclusion in national systems.
"""

ILO_FR = {
    "format": "rapporteur/1",
    "documents": [{
        "id": "0b6f0e9c-3d4e-4c59-9a1c-1f1d2e3a4b5c", "title": "Contribution de l'OIT",
        "template": "agency-input", "language": "fr",
        "fields": {"entity": "OIT", "report_title": "Migrations internationales"},
        "created": "2026-01-02T10:00:00.000000Z", "modified": "2026-01-02T10:00:00.000000Z",
        "sections": [{
            "id": "5d0a3f4e-1b2c-4d5e-8f90-a1b2c3d4e5f6",
            "heading": "Migration de main-d'œuvre",
            "body": "<p>Les travailleurs migrants doivent bénéficier d'un travail décent.</p>"
                    "<p>L'Organisation a aidé trois pays à réviser leurs accords "
                    "bilatéraux.</p>",
            "status": "draft", "tags": [], "word_budget": None, "author": "Claire",
            "created": "2026-01-02T10:00:00.000000Z",
            "modified": "2026-01-02T10:00:00.000000Z", "sections": []}],
    }],
}


def make_ohchr(path: Path) -> Path:
    """Write OHCHR's contribution as a .rapporteur file of its own."""
    with RapporteurFile.create(path, author="Amina") as rfile:
        doc = rfile.add_document(title="Input of OHCHR", template="agency-input",
                                 fields={"entity": "OHCHR"})
        rfile.add_section(doc.id, heading="Migrants at borders", body=OHCHR_BODY)
    return path


def edit_first_section(path: Path, old: str, new: str, author: str = "Amina") -> None:
    """Change text in the first section of a file's first document."""
    with RapporteurFile.open(path, author=author) as rfile:
        sec = rfile.documents()[0].all_sections()[0]
        rfile.update_section(sec.id, body=sec.body.replace(old, new))


def digest(path: Path) -> str:
    """Return the SHA-256 of a file."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def snapshot(path: Path) -> dict[str, Any]:
    """Return what a file holds: documents by entity, counts of rows, open conflicts."""
    from app.core.compile.contributions import entity_of
    from app.core.storage.compiling import CompilingRows

    with RapporteurFile.open(path, readonly=True) as rfile:
        docs = rfile.documents()
        return {"entities": sorted(entity_of(d) for d in docs),
                "docs": {entity_of(d): d for d in docs},
                "revisions": rfile.repo.count("revisions"),
                "sources": CompilingRows(rfile.db).rows("sources"),
                "tracker": CompilingRows(rfile.db).rows("tracker"),
                "conflicts": rfile.conflicts()}


