"""Rebuild resources/samples/sample.rapporteur from contribution.md."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from app.core.document.service import RapporteurFile  # noqa: E402
from app.core.io.importing import import_source  # noqa: E402


def build(out: Path = HERE / "sample.rapporteur") -> Path:
    """Write the sample file afresh from the Markdown source."""
    out.unlink(missing_ok=True)
    with RapporteurFile.create(out, author="Rapporteur sample") as rfile:
        import_source(rfile, HERE / "contribution.md")
    return out


if __name__ == "__main__":
    print(build())
