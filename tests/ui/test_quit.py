"""Quitting with a render, a merge and an autosave in flight is clean, every time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.document.service import RapporteurFile
from app.core.io.importing import import_source
from app.core.sharing.checking import check_file

QUITTER = Path(__file__).with_name("quitter.py")
REPO = Path(__file__).resolve().parents[2]
SAMPLE_MD = REPO / "resources" / "samples" / "contribution.md"
ROUNDS, AT_ONCE = 20, 2


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    ours, theirs = tmp_path / "ours.rapporteur", tmp_path / "theirs.rapporteur"
    with RapporteurFile.create(ours, author="Maria") as rfile:
        import_source(rfile, SAMPLE_MD)
    shutil.copy(ours, theirs)
    with RapporteurFile.open(theirs, author="Jean") as rfile:
        second = rfile.documents()[0].sections[1]
        rfile.update_section(second.id, body="<p>Jean's version of this section.</p>")
    return ours, theirs


def _start(ours: Path, theirs: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen([sys.executable, "-X", "faulthandler", str(QUITTER), str(ours),
                             str(theirs), str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)


@pytest.mark.slow
def test_quit_with_work_in_flight_is_clean_20_times(files, tmp_path):
    ours, theirs = files
    for first in range(0, ROUNDS, AT_ONCE):
        copies = []
        for n in range(first, first + AT_ONCE):
            copy = tmp_path / f"round{n}.rapporteur"
            shutil.copy(ours, copy)
            copies.append((copy, _start(copy, theirs, tmp_path / f"round{n}.pdf")))
        for copy, child in copies:
            _out, err = child.communicate(timeout=120)
            assert child.returncode == 0, f"{copy.name}: {err[-800:]}"
            assert "Fatal Python error" not in err
            assert check_file(copy).problem is None
            with RapporteurFile.open(copy, readonly=True) as rfile:
                first_body = rfile.documents()[0].sections[0].body
            assert first_body.startswith("<p>" + "Typed just before quitting. " * 12)
