"""The Checks tab: findings of the sample contribution, go to, fix and undo, the export gate."""

from __future__ import annotations

from ui_helpers import stored


def _checks(window, sample_file):
    window.open_path(sample_file)
    window.tabs.setCurrentWidget(window.checks)
    window.checker.check_now()
    return {f.rule: f for f in window.checks.findings}


def _bodies(path):
    with stored(path) as rfile:
        return " ".join(s.body for s in rfile.documents()[0].all_sections())


def test_the_sample_s_findings_are_listed_with_the_word_count(window, sample_file):
    findings = _checks(window, sample_file)
    assert set(findings) == {"date-range", "large-number", "single-subheading"}
    assert window.checks.list.count() == 3
    summary = window.checks.summary.text()
    assert "of 10,700 words" in summary
    assert "3 findings, 2 with a fix" in summary
    assert "eleven" in window.checks.list.item(1).text()


def test_clicking_a_finding_selects_its_words_in_the_editor(window, sample_file):
    finding = _checks(window, sample_file)["large-number"]
    window.checker.go_to(finding)
    assert window.control.section_id == finding.section_id
    assert window.editor.textCursor().selectedText() == "eleven"


def test_a_field_finding_opens_the_properties_tab(window, sample_file):
    finding = _checks(window, sample_file)["date-range"]
    window.checker.go_to(finding)
    assert window.tabs.currentIndex() == 0
    assert window.properties.document_id == finding.document_id


def test_fix_writes_the_file_and_undo_puts_it_back(window, sample_file):
    _checks(window, sample_file)
    window.checks.list.setCurrentRow(1)
    assert window.checks.fix.isEnabled()
    window.checks.fix.click()
    assert "consultations in 11 countries" in _bodies(sample_file)
    assert "large-number" not in {f.rule for f in window.checks.findings}
    window.undo_stack.undo()
    assert "consultations in eleven countries" in _bodies(sample_file)
    window.checker.check_now()
    assert window.checks.list.count() == 3


def test_fix_all_safe_is_one_undoable_step(window, sample_file):
    _checks(window, sample_file)
    window.checks.fix_all.click()
    with stored(sample_file) as rfile:
        document = rfile.documents()[0]
        assert "12–13 February" in document.fields["dates"]
    assert "in 11 countries" in _bodies(sample_file)
    assert [f.rule for f in window.checks.findings] == ["single-subheading"]
    assert not window.checks.fix_all.isEnabled()
    window.undo_stack.undo()
    with stored(sample_file) as rfile:
        assert "12-13 February" in rfile.documents()[0].fields["dates"]
    assert "in eleven countries" in _bodies(sample_file)


def test_a_fix_keeps_the_typing_that_came_before_it(window, sample_file, qtbot):
    findings = _checks(window, sample_file)
    window.checker.go_to(findings["large-number"])
    cursor = window.editor.textCursor()
    cursor.clearSelection()
    window.editor.setTextCursor(cursor)
    window.editor.moveCursor(window.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(window.editor, " Typed before fixing.")
    window.checker.fix([findings["large-number"]])
    body = _bodies(sample_file)
    assert "in 11 countries" in body
    assert "Typed before fixing." in body
    assert "Typed before fixing." in window.editor.toPlainText()


def test_export_stops_to_show_the_findings_when_asked(window, sample_file, tmp_path,
                                                      monkeypatch):
    window.open_path(sample_file)
    monkeypatch.setattr(window, "ask", lambda question: window.answers.append(question) and False)
    out = tmp_path / "not-yet.pdf"
    window.pdf.export_pdf(out)
    assert "3 points" in window.answers[0]
    assert window.tabs.currentWidget() is window.checks
    assert window.checks.list.count() == 3
    assert not out.exists()


def test_the_status_bar_counts_against_the_limit(window, sample_file):
    window.open_path(sample_file)
    assert "/ 10,700 words" in window.status.words.text()


def test_export_first_names_the_characters_no_bundled_font_has(window, sample_file, tmp_path,
                                                               monkeypatch):
    window.open_path(sample_file)
    document = window.session.documents()[0]
    section = document.all_sections()[0]
    window.session.save_body(section.id, section.body + "<p>Snow ☃ and 龘.</p>")
    monkeypatch.setattr(window, "ask", lambda question: window.answers.append(question) and False)
    out = tmp_path / "blank-boxes.pdf"
    window.pdf.export_pdf(out)
    assert len(window.answers) == 1
    assert "2 characters of this document are in none of the bundled fonts" in window.answers[0]
    assert "☃ (U+2603)  龘 (U+9F98)" in window.answers[0]
    assert not out.exists()
