"""Fixtures of the compile tests: three contributions and the compiler's file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from collect_helpers import ILO_FR, UNHCR_MD, make_ohchr

from app.core.document.service import RapporteurFile


@pytest.fixture
def sources(tmp_path: Path) -> SimpleNamespace:
    """Three contributions from three entities: .rapporteur, .md and French .json."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    unhcr = folder / "unhcr.md"
    unhcr.write_text(UNHCR_MD, encoding="utf-8")
    ilo = folder / "oit.json"
    ilo.write_text(json.dumps(ILO_FR, ensure_ascii=False), encoding="utf-8")
    return SimpleNamespace(folder=folder, ohchr=make_ohchr(folder / "ohchr.rapporteur"),
                           unhcr=unhcr, ilo=ilo)


@pytest.fixture
def report_file(tmp_path: Path) -> Path:
    """The compiler's file, holding the report."""
    path = tmp_path / "report.rapporteur"
    with RapporteurFile.create(path, author="Compiler") as rfile:
        rfile.add_document(title="International migration and development",
                           template="sg-report")
    return path


@pytest.fixture
def collect_into() -> Callable[..., Any]:
    """Return a function collecting sources into a file (opened and closed around it)."""
    from app.core.compile.collect import collect

    def run(path: Path, *paths: Path, author: str = "Compiler") -> Any:
        with RapporteurFile.open(path, author=author) as rfile:
            return collect(rfile, list(paths))

    return run
