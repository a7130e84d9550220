"""Sources, tracker and pulls survive `rapporteur merge` and `rapporteur rescue`."""

from __future__ import annotations

from app.core.compile import tracker
from app.core.document.service import RapporteurFile
from app.core.sharing.copying import copy_file
from app.core.sharing.filemerge import merge_files
from app.core.sharing.rescue import rescue_file
from app.core.storage.compiling import COMPILING_TABLES, CompilingRows

PULL = {"id": "pull-1", "section_id": "s1", "source_document_id": "d1",
        "source_section_id": "s2", "paragraph": 0, "source_revision_id": None,
        "source_text": "<p>Text.</p>", "pulled_text": "<p>Text.</p>", "author": "Jean",
        "created": "2026-01-05T09:00:00.000000Z"}
SOURCE = {"id": "src-1", "document_id": "d1", "origin": "d1", "entity": "OHCHR",
          "name": "ohchr.rapporteur", "sha256": "ab" * 32, "packet_id": None,
          "collected": "2026-01-05T09:00:00.000000Z"}


def rows(path):
    with RapporteurFile.open(path, readonly=True) as rfile:
        return {t: CompilingRows(rfile.db).rows(t) for t in COMPILING_TABLES}


def fill(path, author="Jean"):
    with RapporteurFile.open(path, author=author) as rfile, rfile.transaction():
        CompilingRows(rfile.db).insert("pulls", PULL)
        CompilingRows(rfile.db).insert("sources", SOURCE)


def test_merge_brings_in_sources_tracker_and_pulls(tmp_path, fake_clock):
    mine = tmp_path / "mine.rapporteur"
    with RapporteurFile.create(mine, now=fake_clock) as rfile:
        tracker.add(rfile, "OHCHR", due="2026-03-01")
    theirs = copy_file(mine, tmp_path / "theirs.rapporteur")
    fake_clock.advance(hours=1)
    with RapporteurFile.open(theirs, now=fake_clock) as rfile:
        tracker.add(rfile, "OHCHR", budget=700)
        tracker.add(rfile, "UNHCR", due="2026-03-02")
    fill(theirs)
    summary = merge_files(mine, theirs)
    assert "sources and tracker rows brought in: 3" in summary.lines()
    got = rows(mine)
    assert got["pulls"] == [PULL]
    assert got["sources"] == [SOURCE]
    assert [(r["entity"], r["budget"]) for r in got["tracker"]] == [("OHCHR", 700),
                                                                    ("UNHCR", None)]
    merge_files(mine, theirs)
    assert rows(mine) == got


def test_merge_keeps_our_newer_tracker_edit(tmp_path, fake_clock):
    mine = tmp_path / "mine.rapporteur"
    with RapporteurFile.create(mine, now=fake_clock) as rfile:
        tracker.add(rfile, "OHCHR")
    theirs = copy_file(mine, tmp_path / "theirs.rapporteur")
    fake_clock.advance(hours=1)
    with RapporteurFile.open(theirs, now=fake_clock) as rfile:
        tracker.set_status(rfile, "OHCHR", "received")
    fake_clock.advance(hours=1)
    with RapporteurFile.open(mine, now=fake_clock) as rfile:
        tracker.set_status(rfile, "OHCHR", "cleared")
    merge_files(mine, theirs)
    assert rows(mine)["tracker"][0]["status"] == "cleared"


def test_rescue_copies_sources_tracker_and_pulls(tmp_path):
    bad = tmp_path / "bad.rapporteur"
    with RapporteurFile.create(bad) as rfile:
        rfile.add_document(title="Report", template="sg-report")
        tracker.add(rfile, "OHCHR", due="2026-03-01", budget=700, contact="a@ohchr.org")
    fill(bad)
    before = rows(bad)
    report = rescue_file(bad, tmp_path / "out.rapporteur")
    assert rows(tmp_path / "out.rapporteur") == before
    assert all(report.recovered[t] == len(before[t]) for t in COMPILING_TABLES)
