"""kill -9 at random moments of autosave, Save a Copy and import; a full disk during a save.

After every kill the file is either before or after the operation: `check` passes (a hot
journal is rolled back in a private copy, read-only), and nothing saved before the kill is
lost. RAPPORTEUR_KILLS sets the kills per operation (default 10; `make faults` runs 100+).
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fault_helpers import (
    MARKDOWN_SECTIONS,
    REPO,
    counter_body,
    folder_state,
    make_file,
    markdown_source,
)

from app.core.document.service import RapporteurFile
from app.core.sharing.checking import check_file

HELPER = Path(__file__).resolve().parents[1] / "fault_helpers.py"
KILLS = int(os.environ.get("RAPPORTEUR_KILLS", "10"))
SEED = int(os.environ.get("RAPPORTEUR_SEED", str(random.SystemRandom().randrange(1 << 30))))
pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")


@pytest.fixture
def rng():
    """A random source whose seed is printed, so a failure can be replayed."""
    print(f"RAPPORTEUR_SEED={SEED}")
    return random.Random(SEED)


def run_and_kill(args: list[str], rng: random.Random, most: float = 0.3) -> list[str]:
    """Start the helper, let it work a random while after its first line, SIGKILL it."""
    child = subprocess.Popen([sys.executable, str(HELPER), *args], cwd=REPO, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    first = child.stdout.readline()
    time.sleep(rng.uniform(0, most))
    child.send_signal(signal.SIGKILL)
    out, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, err
    assert first, f"the helper printed nothing: {err}"
    return [first.strip(), *out.splitlines()]


def last_number(lines: list[str], word: str) -> int:
    """Return N of the last complete 'word N' line (a torn last line does not count)."""
    numbers = [int(line.split()[1]) for line in lines
               if line.startswith(word + " ") and line.split()[1].isdigit()]
    return numbers[-1] if numbers else 0


def counter_in(body: str) -> int:
    """Return the counter a saved body holds, checking the body is exactly what was saved."""
    n = int(body.split()[1])
    assert body == counter_body(n)
    return n


def test_kill_during_autosave_loses_nothing_saved(tmp_path, rng):
    path = make_file(tmp_path / "autosave.rapporteur", sections=5)
    saved = 0
    for _ in range(KILLS):
        lines = run_and_kill(["save", str(path), str(saved)], rng)
        printed = last_number(lines, "saved")
        assert printed > saved
        report = check_file(path)  # read-only, even with a hot journal beside the file
        assert report.exit_code == 0, report.problem
        with RapporteurFile.open(path) as rfile:  # read-write: a hot journal is rolled back
            on_disk = counter_in(rfile.documents()[0].all_sections()[0].body)
        assert printed <= on_disk <= printed + 1
        assert sorted(p.name for p in tmp_path.iterdir()) == ["autosave.rapporteur"]
        saved = on_disk


def test_kill_during_save_a_copy_never_leaves_half_a_file(tmp_path, rng):
    source = make_file(tmp_path / "source.rapporteur", sections=60)
    out = tmp_path / "copy.rapporteur"
    for _ in range(KILLS):
        lines = run_and_kill(["copy", str(source), str(out)], rng)
        assert last_number(lines, "copied") >= 1
        assert check_file(out).exit_code == 0
        assert check_file(source).exit_code == 0
        with RapporteurFile.open(out, readonly=True) as copy:
            assert len(copy.documents()[0].all_sections()) == 60
        leftovers = [p.name for p in tmp_path.iterdir()
                     if p.name not in {source.name, out.name, source.name + "-journal"}]
        assert all(n.startswith(".copy.rapporteur.") and ".tmp" in n for n in leftovers)


def test_kill_during_import_keeps_it_all_or_nothing(tmp_path, rng):
    path = make_file(tmp_path / "import.rapporteur", sections=1)
    source = markdown_source(tmp_path / "source.md")
    documents = 1
    for _ in range(KILLS):
        lines = run_and_kill(["import", str(path), str(source)], rng, most=0.6)
        imported = last_number(lines, "imported")
        report = check_file(path)
        assert report.exit_code == 0, report.problem
        with RapporteurFile.open(path) as rfile:
            docs = rfile.documents()
        assert documents + imported <= len(docs) <= documents + imported + 1
        assert all(len(d.all_sections()) == MARKDOWN_SECTIONS for d in docs[1:])
        documents = len(docs)


# a full disk: RLIMIT_FSIZE makes writes past the limit fail with EFBIG

FSIZE_LIMIT = 2 << 20


def _limited() -> None:
    """In the child: files may not grow past FSIZE_LIMIT, and that fails writes only."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (FSIZE_LIMIT, FSIZE_LIMIT))


def _limited_run(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a command under the file-size limit."""
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=120,
                          preexec_fn=_limited)


@pytest.fixture
def small(tmp_path):
    """A file well under the limit, with known text."""
    path = make_file(tmp_path / "full.rapporteur", sections=3)
    assert path.stat().st_size < FSIZE_LIMIT // 4
    return path


def _first_body(path: Path) -> str:
    with RapporteurFile.open(path, readonly=True) as rfile:
        return rfile.documents()[0].all_sections()[0].body


def test_disk_full_during_a_save_keeps_the_file(small):
    before = _first_body(small)
    result = _limited_run([sys.executable, str(HELPER), "bigsave", str(small), "8"])
    assert result.stdout.startswith("error "), result.stdout + result.stderr
    assert check_file(small).exit_code == 0
    assert _first_body(small) == before
    assert sorted(p.name for p in small.parent.iterdir()) == [small.name]
    retry = subprocess.run([sys.executable, str(HELPER), "bigsave", str(small), "8"], cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert retry.stdout.strip() == "ok", retry.stdout + retry.stderr
    assert check_file(small).exit_code == 0
    assert len(_first_body(small)) > 8 << 20


def _big_json(path: Path) -> Path:
    """Write interchange JSON of 5 sections of 800 kB each (4 MB in all)."""
    sections = [{"id": f"big-{i}", "heading": f"Big {i}", "body": f"<p>{i} " + "x" * 800_000
                 + "</p>"} for i in range(5)]
    path.write_text(json.dumps({"format": "rapporteur/1", "documents": [
        {"id": "big-doc", "title": "Big", "sections": sections}]}), encoding="utf-8")
    return path


def test_disk_full_during_cli_import_is_one_line_and_retry_works(small, tmp_path):
    source = _big_json(tmp_path / "big.json")
    before = folder_state(small.parent)
    result = _limited_run([sys.executable, "-m", "app", "import", str(small), str(source)])
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    print(lines[0])
    assert check_file(small).exit_code == 0
    assert folder_state(small.parent) == before
    retry = subprocess.run([sys.executable, "-m", "app", "import", str(small), str(source)],
                           cwd=REPO, capture_output=True, text=True, timeout=120)
    assert retry.returncode == 0, retry.stderr
    assert check_file(small).exit_code == 0
    with RapporteurFile.open(small, readonly=True) as rfile:
        assert len(rfile.document("big-doc").all_sections()) == 5


def test_disk_full_message_names_the_disk(small, tmp_path):
    source = _big_json(tmp_path / "big.json")
    result = _limited_run([sys.executable, "-m", "app", "import", str(small), str(source)])
    assert "internal error" not in result.stderr
    assert "disk" in result.stderr
