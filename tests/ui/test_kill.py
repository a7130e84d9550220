"""`kill -9` while typing: at most the last two seconds are lost, the file stays healthy."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.core.document.service import RapporteurFile
from app.core.sharing.checking import check_file

TYPIST = Path(__file__).with_name("typist.py")
REPO = Path(__file__).resolve().parents[2]
PHRASE = "abcdefghijklmnopqrstuvwxyz "


def _first_body(path: Path) -> str:
    with RapporteurFile.open(path, readonly=True) as rfile:
        return rfile.documents()[0].sections[0].body


def _type_then_kill(path: Path, seconds: float, interval_ms: int, limit: int = 0
                    ) -> list[tuple[float, int]]:
    """Run the typist, kill -9 it seconds after it starts typing; return (time, typed)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen([sys.executable, str(TYPIST), str(path), PHRASE, str(interval_ms),
                              str(limit)],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                             env=env, cwd=REPO)
    samples: list[tuple[float, int]] = []
    assert child.stdout is not None
    started = None
    for line in child.stdout:
        now = time.monotonic()
        if line.startswith("typed "):
            started = started or now
            samples.append((now, int(line.split()[1])))
        if started and now - started >= seconds:
            break
        if limit and samples and samples[-1][1] >= limit:
            time.sleep(seconds)
            break
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    samples.append((time.monotonic(), samples[-1][1]))
    return samples


@pytest.fixture
def blank_file(tmp_path: Path) -> Path:
    path = tmp_path / "kill.rapporteur"
    with RapporteurFile.create(path, author="Maria") as rfile:
        doc = rfile.add_document(title="T", fields={"meeting": "M", "author": "A"})
        rfile.add_section(doc.id, heading="Only", body="")
    return path


def test_text_typed_five_seconds_before_kill_is_in_the_file(blank_file):
    _type_then_kill(blank_file, seconds=5.0, interval_ms=10, limit=len(PHRASE))
    assert _first_body(blank_file) == f"<p>{PHRASE}</p>"
    assert check_file(blank_file).exit_code == 0


def test_kill_while_typing_loses_at_most_two_seconds(blank_file):
    samples = _type_then_kill(blank_file, seconds=6.0, interval_ms=30)
    killed_at = samples[-1][0]
    must_have = max(count for at, count in samples if at <= killed_at - 2.0)
    body = _first_body(blank_file)
    text = body.removeprefix("<p>").removesuffix("</p>")
    expected = (PHRASE * 100)[:must_have]
    assert text.startswith(expected), (len(text), must_have)
    assert check_file(blank_file).exit_code == 0
