"""File ▸ Export for Archive…: a PDF/A-3b with its provenance manifest, verified."""

from __future__ import annotations

import json

import pikepdf

from app.cli import main
from app.ui.actions import commands


def test_export_for_archive_embeds_a_manifest_that_verifies(window, sample_file, tmp_path,
                                                            qtbot, capsys):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Archived sentence. ")
    out = tmp_path / "archive.pdf"
    window.answers.clear()
    window.pdf.export_archive(out)
    qtbot.waitUntil(lambda: out.exists(), timeout=60000)
    with pikepdf.open(out) as pdf:
        [spec] = list(pdf.Root.AF)
        assert spec.AFRelationship == "/Data"
        manifest = json.loads(spec.EF.F.read_bytes())
        assert "pdfaid:part=\"3\"" in pdf.Root.Metadata.read_bytes().decode()
    assert manifest["document"]["title"]
    capsys.readouterr()
    # the editor's text was saved first, so the file's revisions are the manifest's
    assert main(["verify", str(out), str(sample_file)]) == 0
    assert "verified" in capsys.readouterr().out


def test_the_command_sits_in_the_file_menu():
    [found] = [c for c in commands() if c.name == "export_archive"]
    assert (found.menu, found.needs) == ("&File", "file")
