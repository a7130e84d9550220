"""The tracker: expected contributors, their due dates, budgets and statuses."""

from __future__ import annotations

import json

import pytest
from collect_helpers import snapshot

from app.core.compile import tracker
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, ValidationError


@pytest.fixture
def rfile(report_file, fake_clock):
    with RapporteurFile.open(report_file, author="Compiler", now=fake_clock) as opened:
        yield opened


def test_add_then_list(rfile):
    tracker.add(rfile, "  Office of the High Commissioner  ", due="2026-03-01", budget=1200,
                contact="focal.point@ohchr.org")
    [row] = tracker.table(rfile)
    assert row == {"entity": "Office of the High Commissioner",
                   "contact": "focal.point@ohchr.org", "due": "2026-03-01", "budget": 1200,
                   "status": "requested", "received": None, "document_id": None,
                   "packet_id": None}
    [found] = tracker.contributors(rfile)
    assert found.report_id == rfile.documents()[0].id


def test_adding_a_tracked_entity_again_updates_it(rfile):
    tracker.add(rfile, "UNHCR", due="2026-03-01")
    tracker.add(rfile, "unhcr", budget=900)
    [row] = tracker.table(rfile)
    assert (row["entity"], row["due"], row["budget"]) == ("UNHCR", "2026-03-01", 900)


def test_requested_past_the_due_date_is_late(rfile, fake_clock):
    tracker.add(rfile, "OIT", due="2026-01-10")
    assert tracker.table(rfile)[0]["status"] == "requested"
    fake_clock.advance(days=6)
    assert tracker.table(rfile)[0]["status"] == "late"
    tracker.set_status(rfile, "OIT", "received")
    assert tracker.table(rfile)[0]["status"] == "received"
    assert tracker.table(rfile)[0]["received"].startswith("2026-01-11")
    tracker.set_status(rfile, "OIT", "cleared")
    assert tracker.table(rfile)[0]["status"] == "cleared"


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"due": "1 March 2026"}, "YYYY-MM-DD"),
    ({"due": "2026-02-30"}, "YYYY-MM-DD"),
    ({"budget": 0}, "positive"),
    ({"contact": "not an address"}, "email"),
])
def test_bad_values_are_refused(rfile, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        tracker.add(rfile, "UNHCR", **kwargs)
    assert tracker.contributors(rfile) == []


def test_statuses_are_checked(rfile):
    tracker.add(rfile, "UNHCR")
    with pytest.raises(ValidationError, match="late follows from the due date"):
        tracker.set_status(rfile, "UNHCR", "late")
    with pytest.raises(ValidationError, match="requested, received or cleared|one of"):
        tracker.set_status(rfile, "UNHCR", "lost")
    with pytest.raises(NotFoundError, match="not in the tracker"):
        tracker.set_status(rfile, "UNODC", "received")


def test_collecting_a_tracked_entity_links_it(report_file, sources, collect_into):
    with RapporteurFile.open(report_file) as rfile:
        tracker.add(rfile, "UNHCR", due="2026-03-01", budget=20)
        tracker.add(rfile, "UNODC", due="2026-03-01")
    report = collect_into(report_file, sources.unhcr)
    assert report.results[0].line() == "unhcr.md: 1 added, received from UNHCR"
    state = snapshot(report_file)
    unhcr, unodc = state["tracker"]
    assert unhcr["status"] == "received"
    assert unhcr["document_id"] == state["docs"]["UNHCR"].id
    assert unhcr["received"] == state["sources"][0]["collected"]
    assert unodc["status"] == "requested"
    assert unodc["document_id"] is None


def test_a_cleared_contribution_stays_cleared_when_a_new_version_comes(report_file, sources,
                                                                       collect_into):
    with RapporteurFile.open(report_file) as rfile:
        tracker.add(rfile, "UNHCR")
    collect_into(report_file, sources.unhcr)
    with RapporteurFile.open(report_file) as rfile:
        tracker.set_status(rfile, "UNHCR", "cleared")
    sources.unhcr.write_text(sources.unhcr.read_text().replace("scarce", "rare"))
    collect_into(report_file, sources.unhcr)
    assert snapshot(report_file)["tracker"][0]["status"] == "cleared"


def test_budget_of_a_contribution(report_file, sources, collect_into):
    with RapporteurFile.open(report_file) as rfile:
        tracker.add(rfile, "UNHCR", budget=20)
    collect_into(report_file, sources.unhcr, sources.ilo)
    with RapporteurFile.open(report_file, readonly=True) as rfile:
        budgets = {d.title: tracker.budget_of(rfile, d) for d in rfile.documents()}
    assert budgets["Contribution of UNHCR"] == 20
    assert budgets["Contribution de l'OIT"] is None


def test_csv_and_text(rfile):
    tracker.add(rfile, "OIT", due="2026-03-01", budget=1500, contact="a@ilo.org")
    rows = tracker.table(rfile)
    assert tracker.as_csv(rows).splitlines() == [
        "entity,contact,due,budget,status,received,document_id,packet_id",
        "OIT,a@ilo.org,2026-03-01,1500,requested,,,"]
    assert tracker.as_text(rows) == "OIT <a@ilo.org>: requested; due 2026-03-01; 1,500 words"
    assert json.loads(json.dumps(rows))[0]["entity"] == "OIT"


def test_csv_never_hands_a_spreadsheet_a_formula(rfile):
    tracker.add(rfile, "=HYPERLINK(\"http://x\")")
    assert tracker.as_csv(tracker.table(rfile)).splitlines()[1].startswith("\"'=HYPERLINK(")
