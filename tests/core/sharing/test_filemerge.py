"""Merging a colleague's copy: one scenario per rule, then properties."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.document.service import RapporteurFile
from app.core.errors import BadFileError, NewerFileError
from app.core.io.interchange import export_file
from app.core.sharing.checking import check_file
from app.core.sharing.conflicts import combine, open_conflicts, resolve
from app.core.sharing.copying import copy_file
from app.core.sharing.filemerge import KEPT_TAG, merge_files

BODY = "<p>One.</p><p>Two.</p><p>Three.</p>"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_base(folder: Path) -> Path:
    """A base file with one document and three sections."""
    path = folder / "base.rapporteur"
    with RapporteurFile.create(path, author="Maria") as rfile:
        doc = rfile.add_document(title="Paper", fields={"meeting": "M", "venue": "New York"})
        for heading in ("Alpha", "Beta", "Gamma"):
            rfile.add_section(doc.id, heading=heading, body=BODY)
    return path


def two_copies(folder: Path) -> tuple[Path, Path]:
    """Maria's file and Jean's copy of it."""
    mine = make_base(folder)
    theirs = copy_file(mine, folder / "jean.rapporteur")
    return mine, theirs


def edit(path: Path, author: str, change) -> None:
    with RapporteurFile.open(path, author=author) as rfile:
        doc = rfile.documents()[0]
        change(rfile, doc, {s.heading: s for s in doc.all_sections()})


def state(path: Path) -> dict:
    with RapporteurFile.open(path, readonly=True) as rfile:
        doc = rfile.documents()[0]
        return {"doc": doc, "sections": {s.heading: s for s in doc.all_sections()},
                "order": [s.heading for s in doc.all_sections()],
                "conflicts": open_conflicts(rfile)}


@pytest.fixture
def pair(tmp_path):
    return two_copies(tmp_path)


def test_changed_on_one_side_takes_that_side(pair):
    mine, theirs = pair
    edit(theirs, "Jean", lambda f, d, s: f.update_section(s["Beta"].id,
                                                          body="<p>Jean's beta.</p>"))
    summary = merge_files(mine, theirs)
    assert summary.taken_from_theirs == 1
    assert state(mine)["sections"]["Beta"].body == "<p>Jean's beta.</p>"
    assert summary.conflicts == 0


def test_different_paragraphs_combine(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One, Maria.</p><p>Two.</p><p>Three.</p>"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One.</p><p>Two, Jean.</p><p>Three.</p>"))
    summary = merge_files(mine, theirs)
    assert summary.combined == 1
    assert state(mine)["sections"]["Alpha"].body == \
        "<p>One, Maria.</p><p>Two, Jean.</p><p>Three.</p>"
    assert check_file(mine).exit_code == 0


def test_same_paragraph_conflicts_and_keeps_both(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One, Maria.</p><p>Two.</p><p>Three.</p>"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One, Jean.</p><p>Two.</p><p>Three.</p>"))
    summary = merge_files(mine, theirs)
    assert summary.conflicts == 1
    after = state(mine)
    assert after["sections"]["Alpha"].body.startswith("<p>One, Maria.</p>")
    [conflict] = after["conflicts"]
    assert conflict["field"] == "body"
    assert conflict["theirs"].startswith("<p>One, Jean.</p>")
    assert conflict["base"] == BODY
    report = check_file(mine)
    assert report.exit_code == 3
    assert any("conflict: section" in line for line in report.lines)


def test_resolving_a_conflict_clears_it_and_joins_histories(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(s["Alpha"].id, body="<p>M</p>"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(s["Alpha"].id, body="<p>J</p>"))
    merge_files(mine, theirs)
    with RapporteurFile.open(mine, author="Maria") as rfile:
        [conflict] = open_conflicts(rfile)
        resolve(rfile, conflict["id"], "combined", "<p>M and J</p>")
        sec = rfile.section(conflict["object_id"])
        assert sec.body == "<p>M and J</p>"
        assert len(rfile.revisions(sec.id)[-1].parents) == 2
    assert check_file(mine).exit_code == 0
    again = merge_files(mine, theirs)
    assert (again.conflicts, again.combined, again.taken_from_theirs) == (0, 0, 0)


def test_resolve_theirs_takes_their_text(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(s["Gamma"].id, heading="Gamma M"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(s["Gamma"].id, heading="Gamma J"))
    merge_files(mine, theirs)
    with RapporteurFile.open(mine) as rfile:
        [conflict] = open_conflicts(rfile)
        assert conflict["field"] == "heading"
        resolve(rfile, conflict["id"], "theirs")
    assert "Gamma J" in state(mine)["sections"]


def test_no_common_ancestor_identical_is_one_different_conflicts(tmp_path):
    a, b = make_base(tmp_path), tmp_path / "b.rapporteur"
    shutil.copyfile(a, b)
    # same ids but histories created separately: rebuild b from an export
    with RapporteurFile.open(a, readonly=True) as rfile:
        data = export_file(rfile)
    b.unlink()
    from app.core.io.interchange import import_data

    with RapporteurFile.create(b, author="Jean") as rfile:
        import_data(rfile, data)
        sec = rfile.documents()[0].sections[1]
        rfile.update_section(sec.id, body="<p>Different.</p>")
    summary = merge_files(a, b)
    assert summary.conflicts == 1
    assert [c["field"] for c in state(a)["conflicts"]] == ["body"]


def test_added_on_either_side_is_added(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.add_section(d.id, heading="Maria's"))
    edit(theirs, "Jean", lambda f, d, s: f.add_section(d.id, heading="Jean's",
                                                       parent_id=s["Beta"].id))
    summary = merge_files(mine, theirs)
    assert summary.added == 1
    after = state(mine)
    assert after["order"] == ["Alpha", "Beta", "Jean's", "Gamma", "Maria's"]
    assert after["sections"]["Jean's"].parent_id == after["sections"]["Beta"].id


def test_deleted_on_one_side_edited_on_the_other_is_kept_and_flagged(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.delete_section(s["Gamma"].id))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(s["Gamma"].id,
                                                          body="<p>Jean kept working.</p>"))
    summary = merge_files(mine, theirs)
    assert summary.kept_after_delete == 1
    gamma = state(mine)["sections"]["Gamma"]
    assert gamma.body == "<p>Jean kept working.</p>"
    assert KEPT_TAG in gamma.tags
    assert state(mine)["order"] == ["Alpha", "Beta", "Gamma"]


def test_deleted_on_one_side_untouched_on_the_other_is_deleted(pair):
    mine, theirs = pair
    edit(theirs, "Jean", lambda f, d, s: f.delete_section(s["Gamma"].id))
    merge_files(mine, theirs)
    assert state(mine)["order"] == ["Alpha", "Beta"]


def test_rename_status_and_tags_merge(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(s["Beta"].id, tags=["ohchr"],
                                                         status="in_review"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(s["Beta"].id, heading="Beta (rev)",
                                                          tags=["desa"]))
    merge_files(mine, theirs)
    beta = state(mine)["sections"]["Beta (rev)"]
    assert beta.status == "in_review"
    assert sorted(beta.tags) == ["desa", "ohchr"]


def test_order_theirs_reordered_only_is_taken_both_reordered_keeps_ours(tmp_path):
    mine, theirs = two_copies(tmp_path)
    edit(theirs, "Jean", lambda f, d, s: f.move_section(s["Gamma"].id, parent_id=None,
                                                        position=0))
    merge_files(mine, theirs)
    assert state(mine)["order"] == ["Gamma", "Alpha", "Beta"]
    other = tmp_path / "other"
    other.mkdir()
    mine, theirs = two_copies(other)
    edit(mine, "Maria", lambda f, d, s: f.move_section(s["Beta"].id, parent_id=None,
                                                       position=0))
    edit(theirs, "Jean", lambda f, d, s: f.move_section(s["Gamma"].id, parent_id=None,
                                                        position=0))
    summary = merge_files(mine, theirs)
    assert state(mine)["order"] == ["Beta", "Alpha", "Gamma"]
    assert any("reordered" in note for note in summary.notes)


def test_new_subsection_stays_after_its_sibling_when_theirs_reordered(tmp_path):
    mine = make_base(tmp_path)
    edit(mine, "Maria", lambda f, d, s: f.add_section(d.id, heading="Alpha.1",
                                                      parent_id=s["Alpha"].id))
    theirs = copy_file(mine, tmp_path / "jean.rapporteur")
    edit(mine, "Maria", lambda f, d, s: f.add_section(d.id, heading="Maria's",
                                                      parent_id=s["Alpha"].id))
    edit(theirs, "Jean", lambda f, d, s: f.move_section(s["Beta"].id, parent_id=None,
                                                        position=0))
    merge_files(mine, theirs)
    after = state(mine)
    assert after["order"] == ["Beta", "Alpha", "Alpha.1", "Maria's", "Gamma"]
    assert after["sections"]["Maria's"].parent_id == after["sections"]["Alpha"].id


def test_fields_merge_key_by_key(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_document(
        d.id, fields={**d.fields, "dates": "1-2 March 2027"}))
    edit(theirs, "Jean", lambda f, d, s: f.update_document(
        d.id, fields={**d.fields, "venue": "Geneva"}))
    merge_files(mine, theirs)
    fields = state(mine)["doc"].fields
    assert (fields["dates"], fields["venue"]) == ("1-2 March 2027", "Geneva")


def test_document_only_in_theirs_is_added(pair):
    mine, theirs = pair
    with RapporteurFile.open(theirs, author="Jean") as rfile:
        doc = rfile.add_document(title="Jean's paper")
        rfile.add_section(doc.id, heading="Only here")
    summary = merge_files(mine, theirs)
    assert summary.documents_added == 1
    with RapporteurFile.open(mine, readonly=True) as rfile:
        assert [d.title for d in rfile.documents()] == ["Paper", "Jean's paper"]


def test_merge_keeps_every_revision_and_leaves_theirs_untouched(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(s["Alpha"].id, body="<p>M</p>"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(s["Beta"].id, body="<p>J</p>"))
    before = digest(theirs)
    with RapporteurFile.open(theirs, readonly=True) as rfile:
        theirs_ids = set(rfile.repo.revision_hashes())
    with RapporteurFile.open(mine, readonly=True) as rfile:
        mine_ids = set(rfile.repo.revision_hashes())
    merge_files(mine, theirs)
    with RapporteurFile.open(mine, readonly=True) as rfile:
        merged_ids = set(rfile.repo.revision_hashes())
        jean = [r.author for r in rfile.revisions(state(mine)["sections"]["Beta"].id)]
    assert theirs_ids | mine_ids <= merged_ids
    assert "Jean" in jean
    assert digest(theirs) == before


def test_merging_twice_changes_nothing(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(s["Alpha"].id, body="<p>M</p>"))
    edit(theirs, "Jean", lambda f, d, s: (f.update_section(s["Alpha"].id, body="<p>J</p>"),
                                          f.update_section(s["Beta"].id, body="<p>J2</p>")))
    merge_files(mine, theirs)
    once = digest(mine)
    summary = merge_files(mine, theirs)
    assert (summary.conflicts, summary.combined, summary.added, summary.revisions_added) == \
        (0, 0, 0, 0)
    assert digest(mine) == once


def test_dry_run_writes_nothing(pair):
    mine, theirs = pair
    edit(theirs, "Jean", lambda f, d, s: f.update_section(s["Beta"].id, body="<p>J</p>"))
    before = digest(mine)
    summary = merge_files(mine, theirs, dry_run=True)
    assert summary.taken_from_theirs == 1
    assert digest(mine) == before


def test_newer_or_bad_theirs_is_refused(pair, tmp_path):
    import sqlite3

    mine, theirs = pair
    conn = sqlite3.connect(theirs)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = digest(mine)
    with pytest.raises(NewerFileError):
        merge_files(mine, theirs)
    bad = tmp_path / "bad.rapporteur"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(BadFileError):
        merge_files(mine, bad)
    assert digest(mine) == before


EDITS = st.lists(st.tuples(st.integers(0, 5), st.integers(0, 2), st.text(
    alphabet="abcxyz ", min_size=1, max_size=8)), max_size=4)


def _apply_edits(path: Path, author: str, edits, sections_allowed: set[int]) -> None:
    with RapporteurFile.open(path, author=author) as rfile:
        secs = rfile.documents()[0].all_sections()
        for section, paragraph, text in edits:
            if section not in sections_allowed or section >= len(secs):
                continue
            current = rfile.section(secs[section].id).body
            parts = current.split("</p>")[:-1]
            parts[paragraph % len(parts)] = f"<p>{text.strip() or 'x'}"
            rfile.update_section(secs[section].id, body="</p>".join(parts) + "</p>")


def _contents(path: Path) -> dict:
    with RapporteurFile.open(path, readonly=True) as rfile:
        doc = rfile.documents()[0]
        return {s.id: (s.heading, s.body, s.parent_id) for s in doc.all_sections()}


@settings(max_examples=12, deadline=None, suppress_health_check=[
    HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(EDITS, EDITS)
def test_properties_idempotent_commutative_complete(tmp_path_factory, ours_edits, theirs_edits):
    folder = tmp_path_factory.mktemp("prop")
    base = make_base(folder)
    a = copy_file(base, folder / "a.rapporteur")
    b = copy_file(base, folder / "b.rapporteur")
    _apply_edits(a, "Maria", ours_edits, {0})
    _apply_edits(b, "Jean", theirs_edits, {1, 2})
    a2, b2 = copy_file(a, folder / "a2.rapporteur"), copy_file(b, folder / "b2.rapporteur")
    b_digest = digest(b)
    merge_files(a, b)
    assert digest(b) == b_digest
    merge_files(b2, a2)
    assert _contents(a) == _contents(b2)
    once = digest(a)
    merge_files(a, b)
    assert digest(a) == once
    with RapporteurFile.open(a, readonly=True) as merged, \
            RapporteurFile.open(b, readonly=True) as other:
        assert set(other.repo.revision_hashes()) <= set(merged.repo.revision_hashes())


def test_no_common_ancestor_identical_content_is_one(tmp_path):
    from app.core.io.interchange import import_data

    a = make_base(tmp_path)
    with RapporteurFile.open(a, readonly=True) as rfile:
        data = export_file(rfile)
    b = tmp_path / "b.rapporteur"
    with RapporteurFile.create(b, author="Jean") as rfile:
        import_data(rfile, data)
    summary = merge_files(a, b)
    assert (summary.conflicts, summary.added) == (0, 0)
    assert state(a)["order"] == ["Alpha", "Beta", "Gamma"]
    with RapporteurFile.open(a, readonly=True) as rfile:
        sec = rfile.documents()[0].sections[0]
        assert len(rfile.revisions(sec.id)[-1].parents) == 2
    assert merge_files(a, b).revisions_added == 0


def test_keep_mine_keeps_their_clean_edits_and_later_typing(pair):
    """Resolving a body clash replaces only the clashing paragraph of the current body."""
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One, Maria.</p><p>Two.</p><p>Three.</p>"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One, Jean.</p><p>Two.</p><p>Three, Jean.</p>"))
    merge_files(mine, theirs)
    with RapporteurFile.open(mine, author="Maria") as rfile:
        [conflict] = open_conflicts(rfile)
        section_id = conflict["object_id"]
        typed = rfile.section(section_id).body.replace("Two.", "Two, typed after.")
        rfile.update_section(section_id, body=typed)
        resolve(rfile, conflict["id"], "mine")
        body = rfile.section(section_id).body
    assert body == "<p>One, Maria.</p><p>Two, typed after.</p><p>Three, Jean.</p>"


def test_combine_replaces_only_the_clash(pair):
    mine, theirs = pair
    edit(mine, "Maria", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One, M.</p><p>Two.</p><p>Three.</p>"))
    edit(theirs, "Jean", lambda f, d, s: f.update_section(
        s["Alpha"].id, body="<p>One, J.</p><p>Two.</p><p>Three, J.</p>"))
    merge_files(mine, theirs)
    with RapporteurFile.open(mine, author="Maria") as rfile:
        [conflict] = open_conflicts(rfile)
        combine(rfile, conflict["id"], "<p>One, M and J.</p>")
        assert rfile.section(conflict["object_id"]).body == \
            "<p>One, M and J.</p><p>Two.</p><p>Three, J.</p>"
        assert open_conflicts(rfile) == []
