"""File ▸ Collect Contributions… and the Contributions panel."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.core.compile import tracker
from app.core.document.service import RapporteurFile
from app.ui.contributionspanel import LATE

UNHCR = """---
template: agency-input
entity: UNHCR
title: Contribution of UNHCR
---
## Protection

Refugees in protracted situations need durable solutions.
"""
OIT = """---
template: agency-input
entity: OIT
language: fr
title: Contribution de l'OIT
---
## Migration de main-d'œuvre

Les travailleurs migrants doivent bénéficier d'un travail décent.
"""


def _track(path):
    with RapporteurFile.open(path) as rfile:
        tracker.add(rfile, "UNHCR", due="2099-01-31", budget=900)
        tracker.add(rfile, "OIT", due="2020-01-31", budget=1500, contact="a@ilo.org")
        tracker.add(rfile, "UNODC", due="2099-02-28", budget=300)


def _column(panel, label):
    headers = [panel.table.horizontalHeaderItem(c).text()
               for c in range(panel.table.columnCount())]
    index = headers.index(label)
    return [panel.table.item(r, index).text() for r in range(panel.table.rowCount())]


def test_the_panel_shows_the_tracker_with_late_ones_in_red(window, sample_file):
    _track(sample_file)
    window.open_path(sample_file)
    panel = window.contributions
    assert _column(panel, "Entity") == ["UNHCR", "OIT", "UNODC"]
    assert panel.late_entities() == ["OIT"]
    late_row = _column(panel, "Entity").index("OIT")
    assert panel.table.item(late_row, 0).foreground().color() == LATE
    assert "0 of 3 received; 1 late" in panel.summary.text()
    panel.table.sortItems(3, Qt.SortOrder.AscendingOrder)
    assert _column(panel, "Budget") == ["300", "900", "1500"]
    window.close_file()
    assert panel.table.rowCount() == 0


def test_collect_from_a_folder_then_export_csv(window, sample_file, tmp_path, qtbot):
    _track(sample_file)
    inbox = tmp_path / "inbox" / "2026"
    inbox.mkdir(parents=True)
    (inbox / "unhcr.md").write_text(UNHCR, encoding="utf-8")
    (inbox / "oit.md").write_text(OIT, encoding="utf-8")
    window.open_path(sample_file)
    before = len(window.session.documents())
    with qtbot.waitSignal(window.collector.collected, timeout=20000) as signal:
        window.collector.collect([tmp_path / "inbox"])
    assert signal.args[0].splitlines() == ["oit.md: 1 added, received from OIT",
                                           "unhcr.md: 1 added, received from UNHCR"]
    assert len(window.session.documents()) == before + 2
    assert window.tabs.currentWidget() is window.contributions
    panel = window.contributions
    statuses = dict(zip(_column(panel, "Entity"), _column(panel, "Status"), strict=True))
    assert statuses == {"UNHCR": "received", "OIT": "received", "UNODC": "requested"}
    assert window.busy is None
    out = tmp_path / "contributions.csv"
    window.collector.export_csv(out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("entity,contact,due,budget,status")
    assert len(lines) == 4


def test_a_bad_source_is_named_in_a_warning(window, sample_file, tmp_path, qtbot):
    junk = tmp_path / "junk.rapporteur"
    junk.write_bytes(b"\x00" * 2048)
    window.open_path(sample_file)
    with qtbot.waitSignal(window.collector.collected, timeout=20000):
        window.collector.collect([junk])
    assert any("junk.rapporteur: skipped" in w for w in window.warnings)


def test_the_command_is_in_the_file_menu_and_needs_a_writable_file(window, sample_file):
    action = window.command_actions["collect"]
    assert not action.isEnabled()
    window.open_path(sample_file)
    assert action.isEnabled()
    window.close_file()
    window.open_path(sample_file, readonly=True)
    assert not action.isEnabled()


def _drop(window, paths):
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)


def test_a_folder_dropped_on_an_open_file_is_collected(window, sample_file, tmp_path, qtbot):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "unhcr.md").write_text(UNHCR, encoding="utf-8")
    window.open_path(sample_file)
    before = len(window.session.documents())
    with qtbot.waitSignal(window.collector.collected, timeout=20000):
        _drop(window, [inbox])
    assert "Collect inbox into sample.rapporteur" in window.answers[-1]
    assert len(window.session.documents()) == before + 1


def test_a_file_dropped_is_opened_when_collecting_is_declined(window, sample_file, tmp_path,
                                                             monkeypatch):
    other = tmp_path / "other.rapporteur"
    other.write_bytes(sample_file.read_bytes())
    window.open_path(sample_file)
    monkeypatch.setattr(window, "ask", lambda question: window.answers.append(question) and False)
    _drop(window, [other])
    assert "No opens it instead" in window.answers[-1]
    assert window.session.path == other


def test_a_contribution_counts_against_its_contributor_s_budget(window, sample_file):
    with RapporteurFile.open(sample_file) as rfile:
        document = rfile.documents()[0]
        rfile.update_document(document.id, fields={**document.fields, "author": "UNODC"})
    _track(sample_file)
    window.open_path(sample_file)
    assert "/ 300 words" in window.status.words.text()
    window.tabs.setCurrentWidget(window.checks)
    window.checker.check_now()
    assert "of 300 words (the contributor's budget)" in window.checks.summary.text()
