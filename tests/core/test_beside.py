"""Temporary files beside a target: fresh names, and the leftovers of killed writers swept."""

from __future__ import annotations

import os
import time
from pathlib import Path

from app.core.beside import STALE_S, sweep, temp_beside
from app.core.document.service import RapporteurFile
from app.core.sharing.copying import copy_file


def _aged(path: Path, seconds: float) -> Path:
    """Create path with a modification time seconds ago."""
    path.write_bytes(b"half a copy")
    then = time.time() - seconds
    os.utime(path, (then, then))
    return path


def test_temp_names_are_new_hidden_and_beside(tmp_path: Path) -> None:
    out = tmp_path / "report.rapporteur"
    first, second = temp_beside(out), temp_beside(out)
    assert first != second
    assert first.parent == tmp_path
    assert first.name.startswith(".report.rapporteur.")
    assert first.name.endswith(".tmp")
    assert temp_beside(out, ".mine.tmp").name.endswith(".mine.tmp")


def test_only_stale_leftovers_of_the_same_target_are_swept(tmp_path: Path) -> None:
    out = tmp_path / "report.rapporteur"
    stale = _aged(tmp_path / ".report.rapporteur.1a2b3c4d.tmp", STALE_S + 60)
    live = _aged(tmp_path / ".report.rapporteur.5e6f7a8b.tmp", 5)
    other = _aged(tmp_path / ".other.rapporteur.1a2b3c4d.tmp", STALE_S + 60)
    mine = _aged(tmp_path / ".report.rapporteur.99aa88bb.mine.tmp", STALE_S + 60)
    kept = _aged(tmp_path / "report.rapporteur.tmp", STALE_S + 60)
    users = _aged(tmp_path / ".report.rapporteur.notes.tmp", STALE_S + 60)
    assert sorted(sweep(out)) == sorted([stale, mine])
    assert not stale.exists()
    assert not mine.exists()
    assert live.exists()
    assert other.exists()
    assert kept.exists()
    assert users.exists(), "only names the app makes are swept"


def test_names_with_glob_characters_match_only_themselves(tmp_path: Path) -> None:
    out = tmp_path / "draft [v2]*.rapporteur"
    stale = _aged(tmp_path / ".draft [v2]*.rapporteur.1a2b3c4d.tmp", STALE_S + 60)
    near = _aged(tmp_path / ".draft v2x.rapporteur.1a2b3c4d.tmp", STALE_S + 60)
    assert sweep(out) == [stale]
    assert near.exists()


def test_a_copy_sweeps_what_a_killed_copy_left(tmp_path: Path) -> None:
    source = tmp_path / "mine.rapporteur"
    RapporteurFile.create(source, author="Maria").close()
    out = tmp_path / "for-jean.rapporteur"
    left = _aged(tmp_path / ".for-jean.rapporteur.0badf00d.tmp", STALE_S + 60)
    copy_file(source, out)
    assert out.exists()
    assert not left.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
