"""A reviewer's Word file back in: tracked changes, direct edits and comments.

The .docx files are made by the app and then edited here with python-docx and lxml,
writing the markup Word writes for a reviewer (w:ins, w:del with w:author and w:date,
comment ranges and comments.xml).
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

from app.cli import main
from app.core.document.service import RapporteurFile
from app.core.errors import ValidationError
from app.core.io.docxreview import import_review
from app.core.io.docxwrite import build_docx, export_for
from app.core.text import comments, proposals
from tests.core.io.docx_helpers import OHCHR, imported

JEAN, ANA = "Jean Reviewer", "Ana Editor"
DATE = "2026-03-02T10:00:00Z"


def _exported(tmp_path: Path) -> tuple[Path, bytes]:
    """Return a file holding the OHCHR contribution and its .docx export."""
    path = imported(tmp_path, OHCHR)
    with RapporteurFile.open(path, readonly=True) as rfile:
        return path, build_docx(export_for(rfile, rfile.documents()[0]))


def _paragraph(word: docx.document.Document, start: str) -> docx.text.paragraph.Paragraph:
    """Return the first paragraph starting with start."""
    return next(p for p in word.paragraphs if p.text.startswith(start))


def _mark(tag: str, author: str, number: int) -> OxmlElement:
    """Return an empty w:ins or w:del by author."""
    mark = OxmlElement(tag)
    mark.set(qn("w:id"), str(number))
    mark.set(qn("w:author"), author)
    mark.set(qn("w:date"), DATE)
    return mark


def _track_replace(par: docx.text.paragraph.Paragraph, old: str, new: str, author: str,
                   number: int) -> None:
    """Track a replacement of old by new inside the paragraph's first run holding old."""
    run = next(r for r in par.runs if old in r.text)
    before, after = run.text.split(old, 1)
    run.text = before
    deleted = copy.deepcopy(run._r)
    deleted.find(qn("w:t")).tag = qn("w:delText")
    deleted.find(qn("w:delText")).text = old
    inserted = copy.deepcopy(run._r)
    inserted.find(qn("w:t")).text = new
    tail = copy.deepcopy(run._r)
    tail.find(qn("w:t")).text = after
    dele, ins = _mark("w:del", author, number), _mark("w:ins", author, number + 1)
    dele.append(deleted)
    ins.append(inserted)
    run._r.addnext(dele)
    dele.addnext(ins)
    ins.addnext(tail)


def _track_delete_paragraph(par: docx.text.paragraph.Paragraph, author: str,
                            number: int) -> None:
    """Track the deletion of a whole paragraph, its mark included."""
    for r in list(par._p.r_lst):
        for t in r.findall(qn("w:t")):
            t.tag = qn("w:delText")
        wrapper = _mark("w:del", author, number)
        r.addprevious(wrapper)
        wrapper.append(r)
    rpr = par._p.get_or_add_pPr().get_or_add_rPr() if hasattr(par._p.get_or_add_pPr(),
                                                                "get_or_add_rPr") else None
    if rpr is not None:
        rpr.append(_mark("w:del", author, number + 1))


def _reviewed(data: bytes) -> bytes:
    """Return the export as a reviewer's Word would save it."""
    word = docx.Document(io.BytesIO(data))
    _track_replace(_paragraph(word, "Migration is not merely"), "214 million",
                   "280 million", JEAN, 10)
    _track_delete_paragraph(_paragraph(word, "The debate on migration"), ANA, 20)
    direct = _paragraph(word, "OHCHR raises awareness")
    direct.runs[0].text = direct.runs[0].text.replace("raises awareness", "raises broad awareness")
    target = _paragraph(word, "As the global financial crisis")
    word.add_comment(target.runs[0], text="Source for this?", author=JEAN, initials="JR")
    word.core_properties.last_modified_by = "Jean Direct"
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _bodies(path: Path) -> str:
    """Return the document's bodies joined."""
    with RapporteurFile.open(path, readonly=True) as rfile:
        return "".join(s.body for s in rfile.documents()[0].all_sections())


def test_tracked_changes_become_proposals_with_authors(tmp_path: Path) -> None:
    path, data = _exported(tmp_path)
    with RapporteurFile.open(path, author="Maria") as rfile:
        result = import_review(rfile, _reviewed(data), "reviewed.docx")
        listed = proposals.listing(rfile)
    assert result.proposals == 3
    assert [(p.kind, p.author) for p in listed] == [
        ("untracked", "Jean Direct"), ("tracked", JEAN), ("tracked", ANA)]
    assert "[-214-] {+280+}" in listed[1].redline()
    assert listed[1].made.startswith("2026-03-02")
    assert "280 million" not in _bodies(path)  # nothing applied without a decision


def test_accept_all_gives_reviewers_text_as_their_revisions(tmp_path: Path) -> None:
    path, data = _exported(tmp_path)
    with RapporteurFile.open(path, author="Maria") as rfile:
        import_review(rfile, _reviewed(data), "reviewed.docx")
        done, problems = proposals.decide_all(rfile, accepting=True)
        authors = {r.author for s in rfile.documents()[0].all_sections()
                   for r in rfile.revisions(s.id)}
    assert (done, problems) == (3, [])
    text = _bodies(path)
    assert "280 million" in text
    assert "214 million" not in text
    assert "raises broad awareness" in text
    assert "The debate on migration" not in text
    assert {JEAN, ANA, "Jean Direct"} <= authors


def test_reject_all_keeps_the_original(tmp_path: Path) -> None:
    path, data = _exported(tmp_path)
    before = _bodies(path)
    with RapporteurFile.open(path, author="Maria") as rfile:
        import_review(rfile, _reviewed(data), "reviewed.docx")
        assert proposals.decide_all(rfile, accepting=False) == (3, [])
        kept = proposals.listing(rfile, open_only=False)
    assert _bodies(path) == before
    assert {p.status for p in kept} == {"rejected"}


def test_comments_are_anchored_with_their_author(tmp_path: Path) -> None:
    path, data = _exported(tmp_path)
    with RapporteurFile.open(path, author="Maria") as rfile:
        result = import_review(rfile, _reviewed(data), "reviewed.docx")
        found = [c for s in rfile.documents()[0].all_sections()
                 for c in comments.for_section(rfile, s.id)]
    assert result.comments == 1
    (comment,) = found
    assert (comment.author, comment.body) == (JEAN, "Source for this?")
    assert comment.quote.startswith("As the global financial crisis")
    assert comment.start is not None


def test_matched_by_title_without_properties_and_not_twice(tmp_path: Path) -> None:
    path, data = _exported(tmp_path)
    word = docx.Document(io.BytesIO(_reviewed(data)))
    custom = [r for r, rel in word.part.package.rels.items() if rel.reltype.endswith(
        "/custom-properties")]
    for rid in custom:
        word.part.package.rels.pop(rid)
    out = io.BytesIO()
    word.save(out)
    with RapporteurFile.open(path, author="Maria") as rfile:
        assert import_review(rfile, out.getvalue(), "r.docx").proposals == 3
        with pytest.raises(ValidationError, match="already"):
            import_review(rfile, out.getvalue(), "r.docx")


def test_cli_review_and_proposals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, data = _exported(tmp_path)
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(_reviewed(data))
    assert main(["import", str(path), str(reviewed), "--review"]) == 0
    assert main(["proposals", str(path)]) == 0
    first = capsys.readouterr().out.splitlines()[-3].split()[0]
    assert main(["proposals", str(path), "--reject", first]) == 0
    assert main(["proposals", str(path), "--accept", first]) == 2
    assert "already rejected" in capsys.readouterr().err
    assert main(["proposals", str(path), "--accept-all"]) == 0
    assert "280 million" in _bodies(path)


def test_merge_and_rescue_carry_proposals(tmp_path: Path) -> None:
    from app.core.sharing.copying import copy_file
    from app.core.sharing.filemerge import merge_files
    from app.core.sharing.rescue import rescue_file

    path, data = _exported(tmp_path)
    theirs = tmp_path / "theirs.rapporteur"
    copy_file(path, theirs)
    with RapporteurFile.open(theirs, author="Jean") as rfile:
        import_review(rfile, _reviewed(data), "reviewed.docx")
        proposals.decide_all(rfile, accepting=False)
    merge_files(path, theirs)
    with RapporteurFile.open(path, readonly=True) as rfile:
        assert {p.status for p in proposals.listing(rfile, open_only=False)} == {"rejected"}
    rescued = tmp_path / "rescued.rapporteur"
    rescue_file(path, rescued)
    with RapporteurFile.open(rescued, readonly=True) as rfile:
        assert len(proposals.listing(rfile, open_only=False)) == 3
