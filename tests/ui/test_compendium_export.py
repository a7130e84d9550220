"""File ▸ Export Compendium…: every contribution in one PDF, built in parallel parts."""

from __future__ import annotations

import io

from pypdf import PdfReader

from app.core.document.service import RapporteurFile
from app.ui.actions import commands
from tests.core.render.compendium_sample import CONTRIBUTIONS, build


def test_export_compendium_writes_every_contribution(window, tmp_path, qtbot):
    path = build(tmp_path / "migration.rapporteur")
    window.open_path(path)
    out = tmp_path / "all.pdf"
    window.answers.clear()
    window.pdf.export_compendium(out)
    exporting = window.pdf.exporting
    assert exporting is not None
    assert exporting.label == "Rendering the compendium…"
    qtbot.waitUntil(lambda: out.exists(), timeout=60000)
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert exporting.pages == (len(reader.pages), len(reader.pages))
    tops = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(tops) == 1 + len(CONTRIBUTIONS)
    assert "Contents" in reader.pages[1].extract_text()
    qtbot.waitUntil(lambda: bool(window.answers), timeout=5000)
    assert "The PDF is ready" in window.answers[0]


def test_a_cancelled_compendium_export_writes_nothing(window, tmp_path, qtbot, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing to take from it
    window.open_path(build(tmp_path / "migration.rapporteur"))
    out = tmp_path / "cancelled.pdf"
    window.pdf.export_compendium(out)
    assert window.pdf.exporting is not None
    window.pdf.exporting.cancel()
    qtbot.waitUntil(lambda: window.pdf.exporting is None, timeout=30000)
    assert not out.exists()
    assert "Export cancelled" in window.status.currentMessage()
    assert not window.warnings


def test_a_file_without_contributions_warns(window, tmp_path):
    path = tmp_path / "report.rapporteur"
    with RapporteurFile.create(path) as rfile:
        doc = rfile.add_document(title="Report", template="sg-report",
                                 fields={"symbol": "A/81/1"})
        rfile.add_section(doc.id, heading="Introduction", body="<p>Text.</p>")
    window.open_path(path)
    out = tmp_path / "none.pdf"
    window.pdf.export_compendium(out)
    assert "no contribution" in window.warnings[-1]
    assert not out.exists()


def test_the_command_sits_in_the_file_menu():
    found = [c for c in commands() if c.name == "export_compendium"]
    assert len(found) == 1
    assert found[0].menu == "&File"
    assert found[0].needs == "file"
