"""The Proposals tab: a reviewer's changes listed with author and date, redlined, decided.

A review is made from the sample's own .docx export, edited as a reviewer would (a
tracked change, a direct edit, a changed heading, an added section), and brought in
through File ▸ Import Reviewed Word File…; the tab's widgets and the file's rows are
checked after each decision.
"""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import docx
from PySide6.QtCore import Qt
from ui_helpers import stored

from app.core.io.docxwrite import build_docx, export_for
from app.ui import wordactions

JEAN = "Jean Reviewer"


def _review(path: Path, out: Path) -> Path:
    """Write a reviewed .docx of the file's document: three changes of three kinds."""
    from tests.core.io.test_docxreview_structure import (
        _new_paragraphs,
        _section_paragraphs,
        _track_replace,
    )

    with stored(path) as rfile:
        data = build_docx(export_for(rfile, rfile.documents()[0]))
    word = docx.Document(io.BytesIO(data))
    para = next(p for p in word.paragraphs if p.text.startswith("Across the regions"))
    _track_replace(para.runs[0]._r, "three patterns", "four patterns", JEAN, 10)
    heading = next(p for p in word.paragraphs if p.text == "Data gaps")
    heading.runs[0].text = "Gaps in the data"
    last = _section_paragraphs(word, "Activities of the Office")[-1]
    _new_paragraphs(word, last, [("Heading 1", "Lessons learned"),
                                 ("Numbered Paragraph", "Consult early.")])
    word.core_properties.last_modified_by = "Ana Editor"
    word.save(str(out))
    return out


def _brought_in(window, sample_file: Path, tmp_path: Path, qtbot) -> None:
    """Open the sample and bring a review of it in through the menu action."""
    window.open_path(sample_file)
    qtbot.waitUntil(lambda: bool(window.nav.current_document_id()), timeout=5000)
    reviewed = _review(sample_file, tmp_path / "reviewed.docx")
    assert wordactions.import_review(window, reviewed)
    qtbot.waitUntil(lambda: window.proposals.list.count() == 3, timeout=20000)


def _rows(path: Path) -> dict[str, tuple[str, str]]:
    """Return each proposal's (status, kind) from the file itself."""
    with sqlite3.connect(path) as db:
        return {r[0]: (r[1], r[2]) for r in db.execute(
            "SELECT id, status, kind FROM proposals")}


def _marks(browser) -> tuple[set[str], set[str]]:
    """Return the words shown as inserted (underlined) and as deleted (struck out)."""
    inserted: set[str] = set()
    deleted: set[str] = set()
    block = browser.document().begin()
    while block.isValid():
        for fragment in (it.fragment() for it in block):
            fmt = fragment.charFormat()
            if fmt.fontStrikeOut():
                deleted.update(fragment.text().split())
            elif fmt.fontUnderline():
                inserted.update(fragment.text().split())
        block = block.next()
    return inserted, deleted


def _choose(window, start: str) -> None:
    """Make the proposal whose list line starts with start current."""
    panel = window.proposals
    row = next(n for n in range(panel.list.count())
               if panel.list.item(n).text().startswith(start))
    panel.list.setCurrentRow(row)


def test_a_review_is_listed_in_the_proposals_tab(window, sample_file, tmp_path, qtbot):
    _brought_in(window, sample_file, tmp_path, qtbot)
    panel = window.proposals
    assert window.tabs.currentWidget() is panel
    assert window.tabs.tabText(window.tabs.indexOf(panel)) == "Proposals"
    assert panel.count.text() == "3 proposals in this document waiting for a decision"
    lines = [panel.list.item(n).text() for n in range(panel.list.count())]
    assert "heading: Data gaps — Ana Editor" in "\n".join(lines)
    assert "new section after Activities of the Office — Ana Editor" in "\n".join(lines)
    assert f"Trends observed in 2025 — {JEAN}, 2026-03-02" in lines
    _choose(window, "Trends observed")
    inserted, deleted = _marks(panel.view)
    assert "four" in inserted
    assert "three" in deleted
    assert JEAN in panel.view.toPlainText()
    assert "tracked change" in panel.view.toPlainText()
    assert all(b.isEnabled() for b in panel.buttons.values())
    assert set(_rows(sample_file).values()) == {
        ("open", "tracked"), ("open", "untracked heading"), ("open", "untracked section-added")}
    assert not window.warnings


def test_accept_one_is_a_revision_by_its_reviewer(window, sample_file, tmp_path, qtbot):
    _brought_in(window, sample_file, tmp_path, qtbot)
    panel = window.proposals
    _choose(window, "Trends observed")
    chosen = panel.current()
    qtbot.waitUntil(lambda: window.control.section_id == chosen.section_id, timeout=5000)
    qtbot.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)
    assert _rows(sample_file)[chosen.id] == ("accepted", "tracked")
    with stored(sample_file) as rfile:
        section = rfile.section(chosen.section_id)
        assert "four patterns" in section.body
        assert rfile.revisions(section.id)[-1].author == JEAN
    assert panel.list.count() == 2
    assert "four patterns" in window.editor.toPlainText()  # the editor reloaded
    assert panel.count.text().startswith("2 proposals")


def test_accept_a_heading_and_a_new_section_refreshes_the_outline(window, sample_file,
                                                                  tmp_path, qtbot):
    _brought_in(window, sample_file, tmp_path, qtbot)
    panel = window.proposals
    for start in ("heading:", "new section"):
        _choose(window, start)
        qtbot.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)
    headings = [window.model.node(window.model.index(r, 0, window.model.index(0, 0))).title
                for r in range(window.model.rowCount(window.model.index(0, 0)))]
    assert "Lessons learned" in headings
    with stored(sample_file) as rfile:
        all_headings = [s.heading for s in rfile.documents()[0].all_sections()]
    assert "Gaps in the data" in all_headings
    assert panel.list.count() == 1


def test_reject_all_and_accept_all(window, sample_file, tmp_path, qtbot):
    _brought_in(window, sample_file, tmp_path, qtbot)
    panel = window.proposals
    _choose(window, "Trends observed")
    qtbot.mouseClick(panel.buttons["reject"], Qt.MouseButton.LeftButton)
    assert panel.list.count() == 2
    qtbot.mouseClick(panel.buttons["accept_all"], Qt.MouseButton.LeftButton)
    assert sorted(s for s, _k in _rows(sample_file).values()) == [
        "accepted", "accepted", "rejected"]
    assert panel.list.count() == 0
    assert panel.count.text().startswith("No proposals in this document")
    assert not panel.buttons["accept_all"].isEnabled()
    with stored(sample_file) as rfile:
        text = "".join(s.body for s in rfile.documents()[0].all_sections())
    assert "three patterns" in text


def test_only_the_section_being_edited(window, sample_file, tmp_path, qtbot):
    _brought_in(window, sample_file, tmp_path, qtbot)
    panel = window.proposals
    _choose(window, "Trends observed")
    qtbot.waitUntil(lambda: window.control.section_id == panel.current().section_id,
                    timeout=5000)
    panel.only_section.setChecked(True)
    assert panel.list.count() == 1
    assert panel.count.text() == "1 proposal in this section waiting for a decision"
    qtbot.mouseClick(panel.buttons["reject_all"], Qt.MouseButton.LeftButton)
    assert sorted(s for s, _k in _rows(sample_file).values()) == ["open", "open", "rejected"]


def test_read_only_file_cannot_decide(window, sample_file, tmp_path, qtbot):
    window.open_path(sample_file)
    reviewed = _review(sample_file, tmp_path / "reviewed.docx")
    window.close_file()
    from app.core.document.service import RapporteurFile
    from app.core.io.docxreview import import_review

    with RapporteurFile.open(sample_file, author="Maria") as rfile:
        import_review(rfile, reviewed.read_bytes(), "reviewed.docx")
    window.open_path(sample_file, readonly=True)
    qtbot.waitUntil(lambda: bool(window.nav.current_document_id()), timeout=5000)
    qtbot.waitUntil(lambda: window.proposals.list.count() == 3, timeout=5000)
    assert not any(b.isEnabled() for b in window.proposals.buttons.values())


def test_undo_and_redo_a_decision(window, sample_file, tmp_path, qtbot):
    _brought_in(window, sample_file, tmp_path, qtbot)
    panel = window.proposals
    qtbot.mouseClick(panel.buttons["accept_all"], Qt.MouseButton.LeftButton)
    assert {s for s, _k in _rows(sample_file).values()} == {"accepted"}
    assert window.undo_stack.undoText() == "Accept 3 proposals"
    window.undo_stack.undo()
    assert {s for s, _k in _rows(sample_file).values()} == {"open"}
    assert panel.list.count() == 3
    with stored(sample_file) as rfile:
        headings = [s.heading for s in rfile.documents()[0].all_sections()]
        text = "".join(s.body for s in rfile.documents()[0].all_sections())
    assert "Lessons learned" not in headings
    assert "Data gaps" in headings
    assert "three patterns" in text
    window.undo_stack.redo()
    assert {s for s, _k in _rows(sample_file).values()} == {"accepted"}
    assert panel.list.count() == 0
    assert not window.warnings
