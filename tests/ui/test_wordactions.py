"""File ▸ Export Word… and File ▸ Import Reviewed Word File…, off the UI thread."""

from __future__ import annotations

import io

import docx

from app.ui import wordactions
from app.ui.actions import commands


def test_menu_has_the_word_commands():
    names = {c.name for c in commands()}
    assert {"export_word", "import_review"} <= names


def test_export_word_then_a_review_comes_back(window, sample_file, tmp_path, qtbot):
    window.open_path(sample_file)
    qtbot.waitUntil(lambda: bool(window.nav.current_document_id()), timeout=5000)
    out = tmp_path / "paper.docx"
    assert wordactions.export_word(window, out)
    qtbot.waitUntil(out.exists, timeout=20000)
    word = docx.Document(io.BytesIO(out.read_bytes()))
    target = next(p for p in word.paragraphs if len(p.text) > 80)
    word.add_comment(target.runs[0], text="Check this.", author="Jean", initials="J")
    target.runs[0].text = "Rewritten by Jean. " + target.runs[0].text
    word.core_properties.last_modified_by = "Jean"
    word.save(str(out))
    assert wordactions.import_review(window, out)
    qtbot.waitUntil(lambda: bool(window.session.proposals()), timeout=20000)
    (proposal,) = window.session.proposals()
    assert proposal.author == "Jean"
    window.session.decide_proposal(proposal.id, accept=True)
    assert not window.session.proposals()
    assert not window.warnings
