"""The Compile tab: a chapter's matching contributions, pulling a paragraph, source changes."""

from __future__ import annotations

from compile_helpers import WATER_1, WATER_2, build
from ui_helpers import stored

from app.core.compile.provenance import provenance
from app.core.document.service import RapporteurFile


def _report_file(tmp_path):
    path = tmp_path / "compile.rapporteur"
    with RapporteurFile.create(path, author="Maria") as rfile:
        ids = build(rfile)
    return path, ids


def _matches(window):
    panel = window.compile.matches
    return [panel.item(row).text() for row in range(panel.count())]


def test_pull_into_report_from_the_compile_tab(window, tmp_path, qtbot):
    path, ids = _report_file(tmp_path)
    window.open_path(path)
    window.nav.select(ids.water_chapter)
    qtbot.waitUntil(lambda: window.control.section_id == ids.water_chapter)
    assert "Water" in window.compile.chapter.text()
    assert _matches(window) == ["FAO › Dry season  (tag drought)",
                                "UNICEF › Pumps  (word water)"]
    assert not window.compile.pull_button.isEnabled()
    window.compile.matches.setCurrentRow(0)
    assert window.compile.paragraphs.count() == 2
    window.compile.paragraphs.setCurrentRow(1)
    window.compile.pull_button.click()
    qtbot.waitUntil(lambda: "borehole pumps" in window.editor.toPlainText())
    window.control.flush()
    with stored(path) as rfile:
        [item] = provenance(rfile)
        assert f'data-pull="{item.pull.id}"' in rfile.section(ids.water_chapter).body
    assert item.state == "current"
    assert item.pull.source_text == WATER_2


def test_the_tab_lists_pulled_paragraphs_whose_source_changed(window, tmp_path, qtbot):
    path, ids = _report_file(tmp_path)
    from app.core.compile.pull import pull

    with RapporteurFile.open(path, author="Maria") as rfile:
        pull(rfile, ids.water_chapter, ids.fao_water, 1)
        rfile.update_section(ids.fao_water, body=WATER_1.replace("three", "four"))
    window.open_path(path)
    window.nav.select(ids.water_chapter)
    qtbot.waitUntil(lambda: window.control.section_id == ids.water_chapter)
    text = window.compile.changed.toPlainText()
    assert "Water ¶1 ← FAO: Dry season" in text
    assert "three" in text
    assert "four" in text


def test_a_contribution_section_shows_the_hint(window, tmp_path, qtbot):
    path, ids = _report_file(tmp_path)
    window.open_path(path)
    window.nav.select(ids.fao_water)
    qtbot.waitUntil(lambda: window.control.section_id == ids.fao_water)
    assert "Show a section of a report" in window.compile.chapter.text()
    assert _matches(window) == []


def test_a_paragraph_dragged_into_the_editor_is_pulled_with_its_link(window, tmp_path, qtbot):
    path, ids = _report_file(tmp_path)
    window.open_path(path)
    window.nav.select(ids.water_chapter)
    qtbot.waitUntil(lambda: window.control.section_id == ids.water_chapter)
    window.compile.matches.setCurrentRow(0)
    paragraphs = window.compile.paragraphs
    mime = paragraphs.mimeData([paragraphs.item(0)])    # what a drag carries
    assert "Cisterns were repaired" in mime.text()
    assert window.editor.canInsertFromMimeData(mime)
    window.editor.insertFromMimeData(mime)               # what a drop does
    qtbot.waitUntil(lambda: "Cisterns were repaired" in window.editor.toPlainText())
    window.control.flush()
    with stored(path) as rfile:
        [item] = provenance(rfile)
        assert item.pull.source_section_id == ids.fao_water
        assert item.pull.paragraph == 1
        assert item.state == "current"


def test_a_drop_on_a_read_only_editor_pulls_nothing(window, tmp_path, qtbot):
    path, ids = _report_file(tmp_path)
    window.open_path(path)
    window.nav.select(ids.water_chapter)
    qtbot.waitUntil(lambda: window.control.section_id == ids.water_chapter)
    window.compile.matches.setCurrentRow(0)
    mime = window.compile.paragraphs.mimeData([window.compile.paragraphs.item(0)])
    window.nav.select(ids.report)                        # a document row: read-only
    window.editor.insertFromMimeData(mime)
    with stored(path) as rfile:
        assert provenance(rfile) == []
