"""`rapporteur collect`, `tracker` and `packet`: summaries, exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.core.document.service import RapporteurFile

REPO = Path(__file__).resolve().parents[1]
UNHCR = """---
template: agency-input
entity: UNHCR
title: Contribution of UNHCR
---
## Protection

Refugees in protracted situations need durable solutions.

Resettlement places remained scarce during the year.
"""
OIT = """---
template: agency-input
entity: OIT
language: fr
title: Contribution de l'OIT
---
## Migration de main-d'œuvre

Les travailleurs migrants doivent bénéficier d'un travail décent.
"""


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def setup(tmp_path):
    target = tmp_path / "report.rapporteur"
    RapporteurFile.create(target).close()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "unhcr.md").write_text(UNHCR, encoding="utf-8")
    (inbox / "oit.md").write_text(OIT, encoding="utf-8")
    return target, inbox


def test_collect_prints_a_line_per_source(setup, capsys):
    target, inbox = setup
    assert main(["collect", str(target), str(inbox)]) == 0
    assert capsys.readouterr().out.splitlines() == ["oit.md: 1 added", "unhcr.md: 1 added"]
    before = digest(target)
    assert main(["collect", str(target), str(inbox / "unhcr.md")]) == 0
    assert capsys.readouterr().out == "unhcr.md: 1 unchanged\n"
    assert digest(target) == before


def test_collect_exits_3_when_conflicts_remain(setup, capsys):
    target, inbox = setup
    source = inbox / "unhcr.md"
    main(["collect", str(target), str(source)])
    with RapporteurFile.open(target, author="Compiler") as rfile:
        sec = rfile.documents()[0].all_sections()[0]
        rfile.update_section(sec.id, body=sec.body.replace("scarce", "scarce (compiler)"))
    source.write_text(UNHCR.replace("scarce", "very scarce"), encoding="utf-8")
    capsys.readouterr()
    assert main(["collect", str(target), str(source)]) == 3
    out = capsys.readouterr().out
    assert "unhcr.md: 1 updated, 1 with conflicts" in out
    assert main(["check", str(target)]) == 3


def test_collect_exits_2_on_a_bad_source_and_collects_the_rest(setup, capsys):
    target, inbox = setup
    (inbox / "junk.rapporteur").write_bytes(os.urandom(2048))
    assert main(["collect", str(target), str(inbox)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("junk.rapporteur: skipped: junk.rapporteur: not a Rapporteur")
    assert out[1:] == ["oit.md: 1 added", "unhcr.md: 1 added"]


def test_tracker_add_set_and_formats(setup, capsys):
    target, _inbox = setup
    assert main(["tracker", str(target), "--add", "UNHCR", "--due", "2020-01-31",
                 "--budget", "12", "--contact", "focal@unhcr.org"]) == 0
    assert "UNHCR <focal@unhcr.org>: late; due 2020-01-31; 12 words" in capsys.readouterr().out
    assert main(["tracker", str(target), "--set-status", "UNHCR", "cleared",
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["status"] == "cleared"
    assert main(["tracker", str(target), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("UNHCR,focal@unhcr.org,")


def test_check_reports_a_contribution_over_its_budget(setup, capsys):
    target, inbox = setup
    main(["tracker", str(target), "--add", "UNHCR", "--budget", "5"])
    main(["collect", str(target), str(inbox)])
    capsys.readouterr()
    assert main(["check", str(target)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("budget:")] == [
        "budget: 18 words, over the budget of 5 (Contribution of UNHCR)"]


def test_packet_round_trip_from_the_command_line(setup, tmp_path, capsys):
    target, _inbox = setup
    main(["tracker", str(target), "--add", "UNODC", "--due", "2026-04-15"])
    out = tmp_path / "unodc.rapporteur"
    assert main(["packet", str(target), "--entity", "unodc", "-o", str(out)]) == 0
    assert "packet" in capsys.readouterr().out
    assert main(["collect", str(target), str(out)]) == 0
    assert capsys.readouterr().out == "unodc.rapporteur: 1 added, received from UNODC\n"
    main(["tracker", str(target), "--format", "json"])
    assert json.loads(capsys.readouterr().out)[0]["status"] == "received"


@pytest.mark.parametrize(("args", "message"), [
    (["tracker", "{file}", "--add", "X", "--due", "tomorrow"], "YYYY-MM-DD"),
    (["tracker", "{file}", "--due", "2026-01-01"], "go with --add"),
    (["tracker", "{file}", "--set-status", "X", "received"], "not in the tracker"),
    (["tracker", "{file}", "--add", "X", "--budget", "many"], "invalid int value"),
    (["packet", "{file}", "--entity", "WHO", "-o", "{dir}/p.rapporteur"], "not in the tracker"),
    (["collect", "{dir}/missing.rapporteur", "{dir}"], "no such file"),
    (["collect", "{file}"], "the following arguments are required"),
])
def test_bad_input_is_one_line_and_exit_2(setup, tmp_path, capsys, args, message):
    target, _inbox = setup
    before = digest(target)
    args = [a.format(file=target, dir=tmp_path) for a in args]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert message in err
    assert digest(target) == before


def test_collect_in_a_real_process(setup):
    target, inbox = setup
    done = subprocess.run([sys.executable, "-m", "app", "collect", str(target), str(inbox)],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["oit.md: 1 added", "unhcr.md: 1 added"]
    assert done.stderr == ""
