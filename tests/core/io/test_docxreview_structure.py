"""Nothing a reviewer wrote is lost: headings, sections, the title, tables, footnotes.

The sample paper is exported, then edited here as Word edits a file, with tracking
(w:ins and w:del, paragraph marks included, in the body and in footnotes.xml) or
without; every change comes back as a proposal, or as a comment where it cannot be one.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.text.paragraph import Paragraph
from lxml import etree

from app.core.document.service import RapporteurFile
from app.core.errors import ValidationError
from app.core.io.docxreview import import_review
from app.core.io.docxwrite import build_docx, export_for
from app.core.text import comments, proposals
from tests.core.io.docx_helpers import SAMPLE, imported, part, replace_part

JEAN, ANA = "Jean Reviewer", "Ana Editor"
DATE = "2026-03-02T10:00:00Z"
TABLE = """

## Figures
| Country | Surveys |
| --- | --- |
| Tuvalu | 3 |
"""


def _file(tmp_path: Path) -> tuple[Path, bytes]:
    """Return a file holding the sample paper with a table, and its .docx export."""
    source = tmp_path / "paper.md"
    source.write_text(SAMPLE.read_text(encoding="utf-8").replace("\n[^1]:", TABLE + "\n[^1]:", 1),
                      encoding="utf-8")
    path = imported(tmp_path, source)
    with RapporteurFile.open(path, readonly=True) as rfile:
        return path, build_docx(export_for(rfile, rfile.documents()[0]))


def _word(data: bytes) -> docx.document.Document:
    """Return the Word document of data."""
    return docx.Document(io.BytesIO(data))


def _saved(word: docx.document.Document, editor: str = "Jean Direct") -> bytes:
    """Return the document saved, last modified by editor."""
    word.core_properties.last_modified_by = editor
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _paragraph(word: docx.document.Document, start: str) -> Paragraph:
    """Return the first paragraph starting with start."""
    return next(p for p in word.paragraphs if p.text.startswith(start))


def _mark(tag: str, author: str, number: int) -> etree._Element:
    """Return an empty w:ins or w:del by author."""
    mark = OxmlElement(tag)
    mark.set(qn("w:id"), str(number))
    mark.set(qn("w:author"), author)
    mark.set(qn("w:date"), DATE)
    return mark


def _mark_paragraph(p: etree._Element, tag: str, author: str, number: int) -> None:
    """Track a whole paragraph as inserted or deleted: its runs and its mark."""
    for r in list(p.iter(qn("w:r"))):
        if tag == "w:del":
            for t in r.findall(qn("w:t")):
                t.tag = qn("w:delText")
        wrapper = _mark(tag, author, number)
        r.addprevious(wrapper)
        wrapper.append(r)
    ppr = p.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        p.insert(0, ppr)
    rpr = OxmlElement("w:rPr")
    rpr.append(_mark(tag, author, number + 1))
    ppr.append(rpr)


def _track_replace(r: etree._Element, old: str, new: str, author: str, number: int) -> None:
    """Track a replacement of old by new inside one run (w:r) of the body or a note."""
    t = r.find(qn("w:t"))
    before, after = (t.text or "").split(old, 1)
    t.text = before
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    deleted, inserted, tail = copy.deepcopy(r), copy.deepcopy(r), copy.deepcopy(r)
    deleted.find(qn("w:t")).text = old
    deleted.find(qn("w:t")).tag = qn("w:delText")
    inserted.find(qn("w:t")).text = new
    tail.find(qn("w:t")).text = after
    dele, ins = _mark("w:del", author, number), _mark("w:ins", author, number + 1)
    dele.append(deleted)
    ins.append(inserted)
    r.addnext(dele)
    dele.addnext(ins)
    ins.addnext(tail)


def _run_with(root: etree._Element, text: str) -> etree._Element:
    """Return the first run whose text holds text."""
    return next(r for r in root.iter(qn("w:r"))
                if text in "".join(t.text or "" for t in r.findall(qn("w:t"))))


def _new_paragraphs(word: docx.document.Document, after: Paragraph,
                    items: list[tuple[str, str]]) -> list[Paragraph]:
    """Add paragraphs (style, text) right after a paragraph; return them."""
    made = []
    anchor = after._p
    for style, text in items:
        para = word.add_paragraph(text, style=style)
        anchor.addnext(para._p)
        anchor = para._p
        made.append(para)
    return made


def _section_paragraphs(word: docx.document.Document, heading: str) -> list[Paragraph]:
    """Return a section's heading paragraph and the paragraphs up to the next heading."""
    paras = word.paragraphs
    start = next(n for n, p in enumerate(paras) if p.text == heading)
    out = [paras[start]]
    for p in paras[start + 1:]:
        if p.style is not None and p.style.name.startswith("Heading"):
            break
        out.append(p)
    return out


def _review(path: Path, data: bytes) -> list[proposals.Proposal]:
    """Import a review; return the open proposals."""
    with RapporteurFile.open(path, author="Maria") as rfile:
        import_review(rfile, data, "reviewed.docx")
        return proposals.listing(rfile)


def _accept(path: Path, proposal_id: str) -> None:
    """Accept one proposal."""
    with RapporteurFile.open(path, author="Maria") as rfile:
        proposals.accept(rfile, proposal_id)


def _outline(path: Path) -> list[tuple[str, int]]:
    """Return the (heading, depth) of every section."""
    with RapporteurFile.open(path, readonly=True) as rfile:
        doc = rfile.documents()[0]
        out: list[tuple[str, int]] = []

        def walk(items: list, depth: int) -> None:  # type: ignore[type-arg]
            for item in items:
                out.append((item.heading, depth))
                walk(item.children, depth + 1)

        walk(doc.sections, 1)
        return out


@pytest.mark.parametrize("tracked", [True, False])
def test_a_changed_heading_is_proposed(tmp_path: Path, tracked: bool) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    heading = _paragraph(word, "Trends observed in 2025")
    if tracked:
        _track_replace(heading.runs[0]._r, "2025", "2025 and 2026", JEAN, 10)
    else:
        heading.runs[0].text = "Trends observed in 2025 and 2026"
    (found,) = _review(path, _saved(word))
    assert (found.target, found.kind) == ("heading", "tracked" if tracked else "untracked")
    assert found.author == (JEAN if tracked else "Jean Direct")
    assert "{+and 2026+}" in found.redline()
    assert ("Trends observed in 2025", 1) in _outline(path)  # not applied yet
    _accept(path, found.id)
    assert ("Trends observed in 2025 and 2026", 1) in _outline(path)
    with RapporteurFile.open(path, readonly=True) as rfile:
        section = next(s for s in rfile.documents()[0].all_sections()
                       if s.heading.endswith("2026"))
        assert rfile.revisions(section.id)[-1].author == found.author


@pytest.mark.parametrize("tracked", [True, False])
def test_an_added_section_is_proposed_after_the_right_one(tmp_path: Path,
                                                          tracked: bool) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    body = _section_paragraphs(word, "Activities of the Office")[-1]
    made = _new_paragraphs(word, body, [("Heading 1", "Lessons learned"),
                                        ("Numbered Paragraph", "Consult early and often."),
                                        ("Heading 2", "Pilot surveys"),
                                        ("Numbered Paragraph", "Four countries took part.")])
    if tracked:
        for n, para in enumerate(made):
            _mark_paragraph(para._p, "w:ins", ANA, 30 + 2 * n)
    (found,) = _review(path, _saved(word))
    assert (found.target, found.author) == ("section-added", ANA if tracked else "Jean Direct")
    assert "{+Lessons learned Consult early and often. Pilot surveys" in found.redline()
    _accept(path, found.id)
    outline = _outline(path)
    at = outline.index(("Activities of the Office", 1))
    assert outline[at + 1:at + 3] == [("Lessons learned", 1), ("Pilot surveys", 2)]
    with RapporteurFile.open(path, readonly=True) as rfile:
        added = next(s for s in rfile.documents()[0].all_sections()
                     if s.heading == "Lessons learned")
        assert "Consult early and often." in added.body
        assert rfile.revisions(added.id)[-1].author == found.author


def test_added_sections_keep_their_depth_below_the_second_level(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    body = _section_paragraphs(word, "Data gaps")[-1]
    _new_paragraphs(word, body, [("Section Heading 3", "Island surveys"),
                                 ("Numbered Paragraph", "Three atolls answered."),
                                 ("Heading 2", "Coastal towns"),
                                 ("Numbered Paragraph", "Two towns answered.")])
    (found,) = _review(path, _saved(word))
    assert found.target == "section-added"
    _accept(path, found.id)
    outline = _outline(path)
    at = outline.index(("Data gaps", 2))
    assert outline[at + 1:at + 3] == [("Island surveys", 3), ("Coastal towns", 2)]


@pytest.mark.parametrize("tracked", [True, False])
def test_a_deleted_section_is_proposed_as_a_deletion(tmp_path: Path, tracked: bool) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    for n, para in enumerate(_section_paragraphs(word, "Activities of the Office")):
        if tracked:
            _mark_paragraph(para._p, "w:del", ANA, 40 + 2 * n)
        else:
            para._p.getparent().remove(para._p)
    (found,) = _review(path, _saved(word))
    assert (found.target, found.author) == ("section-deleted", ANA if tracked else "Jean Direct")
    assert found.redline().startswith("[-Activities of the Office During 2025")
    assert ("Activities of the Office", 1) in _outline(path)
    _accept(path, found.id)
    assert ("Activities of the Office", 1) not in _outline(path)


def test_a_changed_title_and_title_footnote_are_proposed(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    title = next(p for p in word.paragraphs if p.style.name == "Title")
    _track_replace(_run_with(title._p, "coastal"), "coastal regions", "coastal and island "
                   "regions", JEAN, 50)
    notes = part(data, "word/footnotes.xml")
    _track_replace(_run_with(notes, "This sample paper"), "invented", "made up", ANA, 52)
    reviewed = replace_part(_saved(word), "word/footnotes.xml", etree.tostring(notes))
    found = {p.target: p for p in _review(path, reviewed)}
    assert set(found) == {"title", "title-note"}
    assert (found["title"].author, found["title-note"].author) == (JEAN, ANA)
    assert "{+and island+}" in found["title"].redline()
    assert "[-invented-] {+made up+}" in found["title-note"].redline()
    for item in found.values():
        _accept(path, item.id)
    with RapporteurFile.open(path, readonly=True) as rfile:
        doc = rfile.documents()[0]
    assert "coastal and island regions" in doc.title
    assert "made up for demonstration" in doc.fields["title_footnote"]


def test_tracked_changes_in_footnotes_and_table_cells(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    cell = word.tables[0].rows[1].cells[1].paragraphs[0]
    _track_replace(cell.runs[0]._r, "3", "5", JEAN, 60)
    notes = part(data, "word/footnotes.xml")
    _track_replace(_run_with(notes, "chap. 2"), "chap. 2", "chap. 3", ANA, 62)
    reviewed = replace_part(_saved(word), "word/footnotes.xml", etree.tostring(notes))
    found = _review(path, reviewed)
    assert sorted((p.author, p.kind, p.target) for p in found) == [
        (ANA, "tracked", ""), (JEAN, "tracked", "")]
    by = {p.author: p for p in found}
    assert "[-3-] {+5+}" in by[JEAN].redline()
    assert "[-2.-] {+3.+}" in by[ANA].redline()
    with RapporteurFile.open(path, author="Maria") as rfile:
        assert proposals.decide_all(rfile, accepting=True) == (2, [])
        text = "".join(s.body for s in rfile.documents()[0].all_sections())
    assert "chap. 3" in text
    assert "<td>5</td>" in text.replace(" ", "")


def test_a_changed_header_block_is_kept_as_a_comment(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    venue = _paragraph(word, "New York")
    venue.runs[0].text = "Geneva"
    with RapporteurFile.open(path, author="Maria") as rfile:
        result = import_review(rfile, _saved(word), "reviewed.docx")
        found = [c for s in rfile.documents()[0].all_sections()
                 for c in comments.for_section(rfile, s.id)]
    assert result.proposals == 0
    (comment,) = found
    assert comment.author == "Jean Direct"
    assert "not applied" in comment.body
    assert "\nGeneva" in comment.body
    assert any("header block" in note for note in result.notes)


def test_nothing_applied_and_every_word_kept_until_decided(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    _paragraph(word, "Data gaps").runs[0].text = "Gaps in the data"
    body = _section_paragraphs(word, "Activities of the Office")[-1]
    _new_paragraphs(word, body, [("Heading 1", "Annex"), ("Normal", "A list of visits.")])
    for para in _section_paragraphs(word, "Conclusions and questions for the meeting"):
        para._p.getparent().remove(para._p)
    with RapporteurFile.open(path, readonly=True) as rfile:
        before = [(s.heading, s.body) for s in rfile.documents()[0].all_sections()]
    found = _review(path, _saved(word))
    assert sorted(p.target for p in found) == ["heading", "section-added", "section-deleted"]
    with RapporteurFile.open(path, author="Maria") as rfile:
        assert [(s.heading, s.body) for s in rfile.documents()[0].all_sections()] == before
        assert proposals.decide_all(rfile, accepting=False) == (3, [])
        assert [(s.heading, s.body) for s in rfile.documents()[0].all_sections()] == before
        kept = proposals.listing(rfile, open_only=False)
    assert any("A list of visits." in p.after for p in kept)


def test_cli_lists_what_each_proposal_changes(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli import main

    path, data = _file(tmp_path)
    word = _word(data)
    _paragraph(word, "Data gaps").runs[0].text = "Gaps in the data"
    next(p for p in word.paragraphs if p.style.name == "Title").runs[0].text = "A new title"
    reviewed = tmp_path / "reviewed.docx"
    reviewed.write_bytes(_saved(word))
    assert main(["import", str(path), str(reviewed), "--review"]) == 0
    assert main(["proposals", str(path)]) == 0
    out = capsys.readouterr().out
    assert "heading: Data gaps: [-Data gaps-] {+Gaps in the data+}" in out
    assert "title: [-" in out
    assert "{+A new title+}" in out


def test_a_tracked_move_and_an_inserted_row_are_the_reviewers(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    moved = _paragraph(word, "The Office also co-chaired")
    copy_p = copy.deepcopy(moved._p)
    _mark_paragraph(moved._p, "w:del", JEAN, 70)
    for mark in moved._p.iter(qn("w:del")):
        mark.tag = qn("w:moveFrom")
    for t in moved._p.iter(qn("w:delText")):
        t.tag = qn("w:t")
    _section_paragraphs(word, "Introduction")[-1]._p.addnext(copy_p)
    _mark_paragraph(copy_p, "w:ins", JEAN, 80)
    for mark in copy_p.iter(qn("w:ins")):
        mark.tag = qn("w:moveTo")
    table = word.tables[0]
    row = copy.deepcopy(table.rows[1]._tr)
    for t, text in zip(row.iter(qn("w:t")), ["Kiribati", "2"], strict=False):
        t.text = text
    trpr = row.find(qn("w:trPr"))
    if trpr is None:
        trpr = OxmlElement("w:trPr")
        row.insert(0, trpr)
    trpr.append(_mark("w:ins", ANA, 90))
    table.rows[1]._tr.addnext(row)
    found = _review(path, _saved(word))
    assert sorted((p.author, p.kind) for p in found) == [
        (ANA, "tracked"), (JEAN, "tracked"), (JEAN, "tracked")]
    assert any("{+Kiribati 2+}" in p.redline() for p in found)
    with RapporteurFile.open(path, author="Maria") as rfile:
        assert proposals.decide_all(rfile, accepting=True) == (3, [])
        intro, *_ = rfile.documents()[0].all_sections()
    assert "The Office also co-chaired" in intro.body


def test_every_acceptance_can_be_taken_back(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    _paragraph(word, "Data gaps").runs[0].text = "Gaps in the data"
    next(p for p in word.paragraphs if p.style.name == "Title").runs[0].text = "A new title"
    para = _paragraph(word, "Across the regions")
    para.runs[0].text = para.runs[0].text.replace("three patterns", "four patterns")
    body = _section_paragraphs(word, "Activities of the Office")[-1]
    _new_paragraphs(word, body, [("Heading 1", "Annex"), ("Normal", "A list of visits.")])
    for gone in _section_paragraphs(word, "Conclusions and questions for the meeting"):
        gone._p.getparent().remove(gone._p)
    with RapporteurFile.open(path, readonly=True) as rfile:
        doc = rfile.documents()[0]
        before = (doc.title, [(s.heading, s.body) for s in doc.all_sections()])
    found = _review(path, _saved(word))
    assert len(found) == 5
    with RapporteurFile.open(path, author="Maria") as rfile:
        done = [proposals.accept(rfile, p.id) for p in found]
        doc = rfile.documents()[0]
        assert doc.title == "A new title"
        assert "Annex" in [s.heading for s in doc.all_sections()]
        for item in reversed(done):
            proposals.reopen(rfile, item.id, added=item.added, place=item.place)
        doc = rfile.documents()[0]
        assert (doc.title, [(s.heading, s.body) for s in doc.all_sections()]) == before
        assert len(proposals.listing(rfile)) == 5
        proposals.reject(rfile, found[0].id)
        proposals.reopen(rfile, found[0].id)
        assert len(proposals.listing(rfile)) == 5


def test_an_acceptance_edited_since_is_not_taken_back(tmp_path: Path) -> None:
    path, data = _file(tmp_path)
    word = _word(data)
    _paragraph(word, "Data gaps").runs[0].text = "Gaps in the data"
    (found,) = _review(path, _saved(word))
    with RapporteurFile.open(path, author="Maria") as rfile:
        proposals.accept(rfile, found.id)
        rfile.update_section(found.section_id, heading="Gaps in our data")
        with pytest.raises(ValidationError, match="edited since it was accepted"):
            proposals.reopen(rfile, found.id)
        assert rfile.section(found.section_id).heading == "Gaps in our data"
