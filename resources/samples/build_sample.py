"""Rebuild the sample files from their Markdown sources.

sample.rapporteur holds contribution.md (a meeting paper; `make run` opens a copy
of it); sg-report.rapporteur holds sg-report.md (a report of the Secretary-General).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from app.core.document.service import RapporteurFile  # noqa: E402
from app.core.io.importing import import_source  # noqa: E402

SOURCES = {"sample.rapporteur": "contribution.md", "sg-report.rapporteur": "sg-report.md"}


def build(out: Path = HERE / "sample.rapporteur", source: Path = HERE / "contribution.md") -> Path:
    """Write one sample file afresh from its Markdown source."""
    out.unlink(missing_ok=True)
    with RapporteurFile.create(out, author="Rapporteur sample") as rfile:
        import_source(rfile, source)
    return out


def build_all(folder: Path = HERE) -> list[Path]:
    """Write every sample file afresh into folder."""
    return [build(folder / name, HERE / source) for name, source in SOURCES.items()]


if __name__ == "__main__":
    for path in build_all():
        print(path)
