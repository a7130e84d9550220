"""Packets: the call for inputs goes out as a file, comes back, and is recognised."""

from __future__ import annotations

import json

import pytest
from collect_helpers import snapshot

from app.core.compile import tracker
from app.core.compile.packets import PACKET_KEY, packet_of, write_packet
from app.core.document.service import RapporteurFile
from app.core.errors import NotFoundError, ValidationError


@pytest.fixture
def tracked(report_file):
    with RapporteurFile.open(report_file, author="Compiler") as rfile:
        tracker.add(rfile, "UNODC", due="2026-04-15", budget=1500, contact="ana@unodc.org")
    return report_file


def send(path, out, entity="UNODC"):
    with RapporteurFile.open(path, author="Compiler") as rfile:
        return write_packet(rfile, entity, out)


def test_a_packet_holds_the_call_and_an_empty_contribution(tracked, tmp_path):
    out = tmp_path / "unodc-packet.rapporteur"
    packet = send(tracked, out)
    with RapporteurFile.open(out, readonly=True) as rfile:
        data = json.loads(rfile.repo.get_meta(PACKET_KEY) or "")
        [doc] = rfile.documents()
        assert packet_of(rfile) == packet
    assert data["id"] == packet.id
    assert data["document_id"] == doc.id
    assert (data["entity"], data["due"], data["budget"]) == ("UNODC", "2026-04-15", 1500)
    assert data["report_title"] == "International migration and development"
    assert doc.template == "agency-input"
    assert doc.fields["entity"] == "UNODC"
    call, empty = doc.all_sections()
    assert call.heading == "Call for inputs"
    assert "by 2026-04-15" in call.body
    assert "1,500 words" in call.body
    assert "ana@unodc.org" in call.body
    assert packet.id in call.body
    assert empty.body == ""
    assert snapshot(tracked)["tracker"][0]["packet_id"] == packet.id


def test_packet_round_trip_marks_the_contributor_received(tracked, tmp_path, collect_into):
    out = tmp_path / "unodc-packet.rapporteur"
    packet = send(tracked, out)
    with RapporteurFile.open(out, author="Ana") as rfile:
        doc = rfile.documents()[0]
        empty = doc.all_sections()[1]
        rfile.update_section(empty.id, body="<p>Trafficking cases rose in the region.</p>")
    report = collect_into(tracked, out)
    assert report.results[0].line() == "unodc-packet.rapporteur: 1 added, received from UNODC"
    state = snapshot(tracked)
    [row] = state["tracker"]
    [source] = state["sources"]
    assert row["status"] == "received"
    assert row["received"] == source["collected"]
    assert row["document_id"] == packet.document_id == state["docs"]["UNODC"].id
    assert source["origin"] == packet.id == source["packet_id"]


def test_a_packet_returned_twice_updates_the_same_document(tracked, tmp_path, collect_into):
    out = tmp_path / "unodc-packet.rapporteur"
    send(tracked, out)
    collect_into(tracked, out)
    with RapporteurFile.open(out, author="Ana") as rfile:
        doc = rfile.documents()[0]
        rfile.update_section(doc.all_sections()[1].id, body="<p>Second thoughts.</p>")
    report = collect_into(tracked, out)
    assert report.results[0].line().startswith("unodc-packet.rapporteur: 1 updated")
    state = snapshot(tracked)
    assert state["entities"].count("UNODC") == 1
    assert "Second thoughts" in state["docs"]["UNODC"].all_sections()[1].body


def test_a_tampered_packet_record_is_ignored_not_trusted(tracked, tmp_path, collect_into):
    out = tmp_path / "unodc-packet.rapporteur"
    send(tracked, out)
    with RapporteurFile.open(out) as rfile, rfile.transaction():
        rfile.repo.set_meta(PACKET_KEY, '{"id": 5, "document_id": []}')
    with RapporteurFile.open(out, readonly=True) as rfile:
        assert packet_of(rfile) is None
    report = collect_into(tracked, out)
    assert report.exit_code == 0
    assert snapshot(tracked)["tracker"][0]["status"] == "received"  # by its entity


def test_packets_only_for_tracked_entities_and_new_files(tracked, tmp_path):
    with pytest.raises(NotFoundError, match="not in the tracker"):
        send(tracked, tmp_path / "x.rapporteur", entity="WHO")
    taken = tmp_path / "taken.rapporteur"
    taken.write_text("mine")
    with pytest.raises(ValidationError, match="already exists"):
        send(tracked, taken)
    assert taken.read_text() == "mine"
    assert list(tmp_path.glob(".*.tmp")) == []
