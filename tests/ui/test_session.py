"""The GUI's session: the cached document it hands to previews and counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.document.service import RapporteurFile
from app.ui.changes import Changes
from app.ui.session import Session


@pytest.fixture
def session(tmp_path: Path):
    path = tmp_path / "cache.rapporteur"
    with RapporteurFile.create(path, author="Maria") as rfile:
        doc = rfile.add_document(title="Contribution", template="meeting-paper")
        rfile.add_section(doc.id, heading="One", body="<p>First text.</p>")
        rfile.add_section(doc.id, heading="Two", body="<p>Second text.</p>")
    opened = Session.open(path, author="Maria")
    yield opened
    opened.close()


def _ids(session: Session) -> tuple[str, str, str]:
    doc = session.documents()[0]
    return doc.id, doc.sections[0].id, doc.sections[1].id


def test_an_unchanged_file_is_not_read_again(session: Session) -> None:
    document_id, _, _ = _ids(session)
    assert session.document(document_id) is session.document(document_id)


def test_a_saved_body_is_patched_into_the_cached_document(session: Session) -> None:
    document_id, first, _ = _ids(session)
    cached = session.document(document_id)
    assert session.save_body(first, "<p>Changed <b>text</b>.</p>")
    again = session.document(document_id)
    assert again is cached, "patched, not read again"
    assert again.sections[0].body == "<p>Changed <strong>text</strong>.</p>", "as stored"
    assert again.sections[0].revision_id == session.section(first).revision_id
    with RapporteurFile.open(session.path, readonly=True) as stored:
        fresh = stored.document(document_id)
    assert [s.body for s in again.all_sections()] == [s.body for s in fresh.all_sections()]


def test_any_other_change_reads_the_document_again(session: Session) -> None:
    document_id, first, second = _ids(session)
    cached = session.document(document_id)
    session.update_section(second, heading="Renamed")
    assert session.document(document_id) is not cached
    assert session.document(document_id).sections[1].heading == "Renamed"
    cached = session.document(document_id)
    session._file.update_section(first, status="final")  # straight to the core file
    assert session.document(document_id).sections[0].status == "final"


def test_a_change_by_another_program_reads_the_document_again(session: Session) -> None:
    document_id, first, _ = _ids(session)
    assert session.document(document_id).sections[0].body == "<p>First text.</p>"
    with RapporteurFile.open(session.path, author="Ahmed") as other:
        other.update_section(first, body="<p>Written elsewhere.</p>")
    assert session.document(document_id).sections[0].body == "<p>Written elsewhere.</p>"


def test_a_save_racing_another_program_does_not_keep_a_stale_copy(session: Session,
                                                                 monkeypatch) -> None:
    document_id, first, second = _ids(session)
    session.document(document_id)
    real = session._file.update_section

    def racing(section_id, **changes):
        with RapporteurFile.open(session.path, author="Ahmed") as other:
            other.update_section(second, body="<p>Written elsewhere.</p>")
        return real(section_id, **changes)

    monkeypatch.setattr(session._file, "update_section", racing)
    assert session.save_body(first, "<p>Mine.</p>")
    bodies = [s.body for s in session.document(document_id).sections]
    assert bodies == ["<p>Mine.</p>", "<p>Written elsewhere.</p>"]


def test_each_action_announces_what_it_changed(session: Session) -> None:
    document_id, first, second = _ids(session)
    heard: list[Changes] = []
    session.changed.connect(heard.append)
    session.update_section(second, heading="Renamed")
    assert heard[-1].sections == {second}
    assert heard[-1].outline == {document_id}
    assert not heard[-1].conflicts
    assert not heard[-1].everything
    session.update_document(document_id, title="New title")
    assert heard[-1].documents == {document_id}
    assert not heard[-1].sections
    session.add_comment(first, 0, 5, "Check this")
    assert heard[-1].comments == {first}
    assert not heard[-1].sections
    session.delete_section(first)
    assert heard[-1].outline == {document_id}
    assert heard[-1].touches_document(document_id)
    assert not heard[-1].touches_section(second)
    assert len(heard) == 4


def test_a_change_record_says_what_each_panel_needs() -> None:
    record = Changes.of(sections=["s1", None], outline=["d1"])
    assert record.sections == {"s1"}
    assert record.outline_moved()
    assert record.touches_document("d1")
    assert not record.touches_document("d2")
    assert not record.touches_comments("s1")
    everything = Changes.all()
    assert everything.touches_section("any")
    assert everything.conflicts
