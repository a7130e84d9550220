"""The Conflicts tab: only the clashing paragraph, redlined, and choices that lose nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from ui_helpers import first_section

from app.core.document.service import RapporteurFile
from app.core.sharing.copying import copy_file

MARIA = ("supports States whose", "supports countries whose")
JEAN = ("Rising seas,", "Higher seas,")
CLOSING = "<p>A closing paragraph.</p>"
JEAN_NOTE = "<p>A closing paragraph, checked by Jean.</p>"


def _edit(path: Path, who: str, change: tuple[str, str], section: int = 0,
          later: tuple[str, str] = ("", "")) -> None:
    with RapporteurFile.open(path, author=who) as rfile:
        sec = rfile.documents()[0].sections[section]
        first, rest = sec.body.split("</p>", 1)
        body = first.replace(*change) + "</p>" + rest
        rfile.update_section(sec.id, body=body.replace(*later) if later[0] else body)


def _merge(window, sample_file: Path, tmp_path: Path, qtbot, *, sections: int = 1) -> None:
    """Maria and Jean both change a first paragraph; Jean also the intro's last one."""
    with RapporteurFile.open(sample_file) as rfile:
        intro = rfile.documents()[0].sections[0]
        rfile.update_section(intro.id, body=intro.body + CLOSING)
    theirs = copy_file(sample_file, tmp_path / "jean.rapporteur")
    for index in range(sections):
        _edit(sample_file, "Maria", MARIA if index == 0 else ("the", "THE"), index)
        _edit(theirs, "Jean", JEAN if index == 0 else ("the", "Le"), index,
              (CLOSING, JEAN_NOTE) if index == 0 else ("", ""))
    window.open_path(sample_file)
    with qtbot.waitSignal(window.merged, timeout=20000):
        window.merges.merge_copy(theirs)
    assert window.tabs.currentWidget() is window.conflicts


def _marks(browser) -> tuple[set[str], set[str]]:
    """Return the words shown as inserted and as deleted."""
    inserted: set[str] = set()
    deleted: set[str] = set()
    block = browser.document().begin()
    while block.isValid():
        for fragment in (it.fragment() for it in block):
            fmt = fragment.charFormat()
            if fmt.fontStrikeOut():
                deleted.update(fragment.text().split())
            elif fmt.background().style() != Qt.BrushStyle.NoBrush:
                inserted.update(fragment.text().split())
        block = block.next()
    return inserted, deleted


def _resolutions(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return [r[0] for r in db.execute("SELECT resolution FROM conflicts")]


def test_only_the_clashing_paragraph_with_each_side_redlined(window, sample_file, tmp_path,
                                                              qtbot):
    _merge(window, sample_file, tmp_path, qtbot)
    panel = window.conflicts
    assert panel.count.text() == "1 conflict left"
    text = panel.view.toPlainText()
    assert "Introduction" in text
    assert "countries" in text
    assert "Higher" in text
    assert "Shorelines in Motion" not in text  # the next paragraph is cut to a little context
    assert "closing" not in text  # nor is the paragraph after it shown
    inserted, deleted = _marks(panel.view)
    assert {"countries", "Higher"} <= inserted
    assert {"States", "Rising"} <= deleted
    assert "Office" not in inserted | deleted


def test_combined_starts_with_both_and_waits_for_an_edit(window, sample_file, tmp_path,
                                                         qtbot):
    _merge(window, sample_file, tmp_path, qtbot)
    panel = window.conflicts
    combined = panel.combined.toPlainText()
    assert "supports countries whose" in combined
    assert "Higher seas," in combined
    assert combined.index("countries") < combined.index("Higher")
    assert not panel.buttons["combined"].isEnabled()
    panel.combined.selectAll()
    qtbot.keyClicks(panel.combined, "Both of us agree.")
    assert panel.buttons["combined"].isEnabled()
    panel.buttons["combined"].click()
    body = first_section(sample_file).body
    assert body.startswith("<p>Both of us agree.</p>")
    assert JEAN_NOTE in body  # Jean's edit of the next paragraph is kept
    assert _resolutions(sample_file) == ["combined"]
    assert panel.count.text() == "No conflicts: everything merged cleanly."


def test_keep_mine_keeps_their_edit_of_another_paragraph(window, sample_file, tmp_path,
                                                         qtbot):
    _merge(window, sample_file, tmp_path, qtbot)
    window.conflicts.buttons["mine"].click()
    body = first_section(sample_file).body
    assert "supports countries whose" in body
    assert "Rising seas," in body
    assert JEAN_NOTE in body
    assert window.conflicts.list.count() == 0
    assert window.conflicts.count.text() == "No conflicts: everything merged cleanly."


def test_take_theirs_stores_their_text(window, sample_file, tmp_path, qtbot):
    _merge(window, sample_file, tmp_path, qtbot)
    assert window.conflicts.count.text() == "1 conflict left"
    window.conflicts.buttons["theirs"].click()
    body = first_section(sample_file).body
    assert "supports States whose" in body
    assert "Higher seas," in body
    assert JEAN_NOTE in body
    assert _resolutions(sample_file) == ["theirs"]


def test_count_of_conflicts_left_goes_down(window, sample_file, tmp_path, qtbot):
    _merge(window, sample_file, tmp_path, qtbot, sections=2)
    panel = window.conflicts
    assert panel.count.text() == "2 conflicts left"
    panel.buttons["theirs"].click()
    assert panel.count.text() == "1 conflict left"
    assert panel.list.count() == 1


def test_a_title_conflict_shows_both_values_and_starts_combined_empty(window, sample_file,
                                                                      tmp_path, qtbot):
    theirs = copy_file(sample_file, tmp_path / "jean.rapporteur")
    for path, title in ((sample_file, "Coastal displacement"), (theirs, "Displacement at sea")):
        with RapporteurFile.open(path) as rfile:
            rfile.update_document(rfile.documents()[0].id, title=title)
    window.open_path(sample_file)
    with qtbot.waitSignal(window.merged, timeout=20000):
        window.merges.merge_copy(theirs)
    panel = window.conflicts
    assert "Coastal displacement" in panel.view.toPlainText()
    assert "Displacement at sea" in panel.view.toPlainText()
    assert panel.combined.toPlainText() == ""
    assert not panel.buttons["combined"].isEnabled()
    qtbot.keyClicks(panel.combined, "Displacement on the coasts")
    panel.buttons["combined"].click()
    with RapporteurFile.open(sample_file, readonly=True) as rfile:
        assert rfile.documents()[0].title == "Displacement on the coasts"


def test_typing_just_before_keep_mine_is_kept(window, sample_file, tmp_path, qtbot):
    _merge(window, sample_file, tmp_path, qtbot)
    window.nav.select(first_section(sample_file).id)
    cursor = window.editor.textCursor()
    cursor.movePosition(cursor.MoveOperation.End)
    window.editor.setTextCursor(cursor)
    qtbot.keyClicks(window.editor, " Typed a second before choosing.")
    window.conflicts.buttons["mine"].click()
    body = first_section(sample_file).body
    assert "Typed a second before choosing." in body
    assert "countries" in body
    assert "checked by Jean." in body
    assert _resolutions(sample_file) == ["mine"]


def test_a_later_change_neither_moves_the_outline_nor_drops_a_combined_text(
        window, sample_file, tmp_path, qtbot):
    _merge(window, sample_file, tmp_path, qtbot)
    panel = window.conflicts
    conflicted = window.control.section_id  # the merge showed the conflict's section
    assert conflicted == first_section(sample_file).id
    panel.combined.selectAll()
    qtbot.keyClicks(panel.combined, "Half-typed combination")
    other = window.session.documents()[0].sections[1].id
    window.nav.select(other)
    window.command_actions["status_final"].trigger()  # a change to another section
    window._file_changed()  # and one that may have touched anything
    assert window.nav.current_node_id() == other
    assert panel.combined.toPlainText() == "Half-typed combination"
    assert panel.buttons["combined"].isEnabled()
