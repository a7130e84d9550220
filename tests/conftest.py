"""Shared fixtures: isolated user folders, a fake clock, fresh files."""

from __future__ import annotations

import contextlib
import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

_HOME = Path(tempfile.mkdtemp(prefix="rapporteur-tests-"))
for _name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
    os.environ[_name] = str(_HOME / _name.lower())
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["RAPPORTEUR_AUTHOR"] = "Test Author"

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO.parent / "shared" / "fixtures"


class FakeClock:
    """A clock that moves only when told to."""

    def __init__(self) -> None:
        self.moment = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, **kwargs: float) -> None:
        """Move the clock forward."""
        self.moment += timedelta(**kwargs)


@pytest.fixture
def fake_clock() -> FakeClock:
    """Return a controllable clock."""
    return FakeClock()


@pytest.fixture
def rfile(tmp_path: Path, fake_clock: FakeClock):
    """Return a new, open Rapporteur file with a fake clock."""
    from app.core.document.service import RapporteurFile

    opened = RapporteurFile.create(tmp_path / "test.rapporteur", author="Maria",
                                   now=fake_clock)
    yield opened
    with contextlib.suppress(Exception):
        opened.close()


@pytest.fixture
def ohchr_markdown() -> Path:
    """Return the path of the OHCHR 2013 fixture (skip when shared/ is absent)."""
    path = FIXTURES / "ohchr-2013-contribution.md"
    if not path.exists():
        pytest.skip("shared fixtures not present")
    return path
