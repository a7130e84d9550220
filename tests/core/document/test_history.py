"""Revisions: coalescing bursts, sealing, no-change, ancestry."""

from __future__ import annotations

from app.core.document import history
from app.core.document.service import RapporteurFile


def _section(rfile):
    doc = rfile.add_document(title="T")
    return doc, rfile.add_section(doc.id, heading="H", body="<p>v1</p>")


def test_burst_coalesces_into_one_open_revision(rfile, fake_clock):
    _doc, sec = _section(rfile)
    for n in range(2, 6):
        fake_clock.advance(seconds=20)
        rfile.update_section(sec.id, body=f"<p>v{n}</p>")
    revs = rfile.revisions(sec.id)
    assert len(revs) == 1
    assert revs[0].content["body"] == "<p>v5</p>"
    assert not revs[0].sealed


def test_pause_starts_new_revision_with_parent(rfile, fake_clock):
    _doc, sec = _section(rfile)
    fake_clock.advance(hours=1)
    rfile.update_section(sec.id, body="<p>later</p>")
    first, second = rfile.revisions(sec.id)
    assert second.parents == (first.id,)


def test_other_author_starts_new_revision(rfile, fake_clock):
    _doc, sec = _section(rfile)
    rfile.author = "Jean"
    rfile.update_section(sec.id, body="<p>Jean's</p>")
    revs = rfile.revisions(sec.id)
    assert [r.author for r in revs] == ["Maria", "Jean"]


def test_no_change_no_revision(rfile, fake_clock):
    _doc, sec = _section(rfile)
    rfile.seal()
    fake_clock.advance(hours=2)
    rfile.update_section(sec.id, body="<p>v1</p>", heading="H")
    assert len(rfile.revisions(sec.id)) == 1


def test_close_seals_and_next_edit_starts_new_revision(rfile, fake_clock):
    _doc, sec = _section(rfile)
    path = rfile.path
    rfile.close()
    with RapporteurFile.open(path, author="Maria", now=fake_clock) as again:
        assert all(r.sealed for r in again.revisions(sec.id))
        again.update_section(sec.id, body="<p>v2</p>")
        assert len(again.revisions(sec.id)) == 2


def test_document_fields_and_outline_are_recorded(rfile, fake_clock):
    doc, sec = _section(rfile)
    rfile.seal()
    rfile.update_document(doc.id, fields={"meeting": "M"})
    other = rfile.add_section(doc.id, heading="Second")
    rfile.move_section(other.id, parent_id=None, position=0)
    content = rfile.revisions(doc.id)[-1].content
    assert content["fields"] == {"meeting": "M"}
    assert content["outline"] == [[other.id, None], [sec.id, None]]


def test_common_ancestor_is_lowest(rfile, fake_clock):
    _doc, sec = _section(rfile)
    base = rfile.revisions(sec.id)[0].id
    rfile.seal()
    rfile.update_section(sec.id, body="<p>v2</p>")
    v2 = rfile.revisions(sec.id)[-1].id
    rfile.seal()
    rfile.update_section(sec.id, body="<p>ours</p>")
    ours = rfile.revisions(sec.id)[-1].id
    assert history.common_ancestor(rfile.repo, ours, v2) == v2
    assert history.common_ancestor(rfile.repo, ours, base) == base
    assert history.ancestors(rfile.repo, ours) == {base, v2, ours}
