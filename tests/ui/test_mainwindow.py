"""The real main window, offscreen: typing, formatting, footnotes, outline, export, reopen."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QTextCursor
from ui_helpers import first_section, stored

from app.core import preferences
from app.core.document.service import RapporteurFile
from app.core.render.html import body_words
from app.ui.editor.footnotes import FootnoteDialog


def test_open_shows_first_section_with_cursor(window, sample_file):
    assert window.open_path(sample_file)
    assert sample_file.name in window.windowTitle()
    section = first_section(sample_file)
    assert window.control.section_id == section.id
    assert window.editor.textCursor().position() == 0
    assert window.editor.toPlainText().startswith("The United Nations Office")
    assert window.properties.editors["meeting"].text().startswith("Fourteenth")


def test_typing_is_autosaved(window, sample_file, qtbot):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Typed words. ")
    qtbot.waitUntil(lambda: "Typed words." in first_section(sample_file).body, timeout=4000)
    assert first_section(sample_file).body.startswith("<p>Typed words. The United")


def test_bold_italic_superscript_saved(window, sample_file, qtbot):
    window.open_path(sample_file)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.command_actions["bold"].trigger()
    window.command_actions["italic"].trigger()
    window.control.flush()
    assert first_section(sample_file).body.startswith("<p><strong><em>The</em></strong> United")
    cursor.movePosition(QTextCursor.MoveOperation.NextWord)
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.command_actions["superscript"].trigger()
    window.control.flush()
    assert "<sup>United</sup>" in first_section(sample_file).body


def test_insert_and_edit_footnote(window, sample_file, monkeypatch):
    window.open_path(sample_file)
    texts = iter(["A <em>new</em> note.", "An edited note."])

    def fake_exec(dialog):
        from app.ui.editor.convert import load_html

        load_html(dialog.editor.document(), f"<p>{next(texts)}</p>")
        return FootnoteDialog.DialogCode.Accepted

    monkeypatch.setattr(FootnoteDialog, "exec", fake_exec)
    window.editor.moveCursor(QTextCursor.MoveOperation.EndOfWord)
    window.command_actions["footnote"].trigger()
    window.control.flush()
    body = first_section(sample_file).body
    assert body.startswith('<p>The<span class="footnote">A <em>new</em> note.</span> United')
    from app.ui.editor.footnotes import footnote_at

    cursor = window.editor.textCursor()
    cursor.setPosition(3)
    window.editor.edit_footnote(footnote_at(cursor))
    window.control.flush()
    assert '<span class="footnote">An edited note.</span>' in first_section(sample_file).body


def test_reorder_sections_and_undo(window, sample_file, qtbot):
    window.open_path(sample_file)
    with stored(sample_file) as rfile:
        before = [s.heading for s in rfile.documents()[0].sections]
        last = rfile.documents()[0].sections[-1].id
    window.model.move_requested.emit(last, None, 0)
    qtbot.waitUntil(lambda: window.undo_stack.count() == 1, timeout=2000)
    with stored(sample_file) as rfile:
        after = [s.heading for s in rfile.documents()[0].sections]
    assert after == [before[-1], *before[:-1]]
    window.undo_stack.undo()
    with stored(sample_file) as rfile:
        assert [s.heading for s in rfile.documents()[0].sections] == before


def test_rename_delete_and_undo(window, sample_file):
    window.open_path(sample_file)
    section = first_section(sample_file)
    index = window.model.index_of(section.id)
    assert window.model.setData(index, "Opening remarks")
    assert first_section(sample_file).heading == "Opening remarks"
    window.undo_stack.undo()
    assert first_section(sample_file).heading == "Introduction"
    window.nav.select(section.id)
    window.command_actions["delete_section"].trigger()
    assert first_section(sample_file).id != section.id
    window.undo_stack.undo()
    assert first_section(sample_file).id == section.id
    assert "Coastal Resilience" in first_section(sample_file).body


def test_paste_keeps_the_subset_only(window, sample_file):
    window.open_path(sample_file)
    mime = QMimeData()
    mime.setHtml('<p style="color:red">Pasted <b>bold</b> <i>it</i> x<sup>2</sup> '
                 '<a href="https://un.org">UN</a><script>alert(1)</script>'
                 '<img src="file:///etc/passwd"></p>')
    window.editor.insertFromMimeData(mime)
    window.control.flush()
    body = first_section(sample_file).body
    assert body.startswith('<p>Pasted <strong>bold</strong> <em>it</em> x<sup>2</sup> '
                           '<a href="https://un.org">UN</a>The United Nations Office')
    assert "script" not in body
    assert "img" not in body


def test_export_pdf_has_the_text(window, sample_file, tmp_path, qtbot):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Exported sentence. ")
    out = tmp_path / "out.pdf"
    with qtbot.waitSignal(window.preview.rendered, timeout=30000, raising=False):
        pass
    window.answers.clear()
    window.pdf.export_pdf(out)
    qtbot.waitUntil(lambda: out.exists(), timeout=30000)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "Exported sentence." in " ".join(text.split())
    assert "FOURTEENTH COORDINATION MEETING" in text
    assert "editorial checks found" in window.answers[0]  # asked first, answered yes
    qtbot.waitUntil(lambda: len(window.answers) >= 2, timeout=5000)
    assert "The PDF is ready" in window.answers[1]


def test_close_and_reopen_keeps_everything(window, sample_file, qtbot):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Kept. ")
    window.properties.editors["venue"].setText("Geneva")
    assert window.close_file()
    assert window.open_path(sample_file)
    assert window.editor.toPlainText().startswith("Kept. ")
    assert window.properties.editors["venue"].text() == "Geneva"


def test_read_only_file_shows_banner(window, sample_file, qtbot):
    assert window.open_path(sample_file, readonly=True)
    assert window.banner.isVisible()
    assert window.editor.isReadOnly()
    assert "[read-only]" in window.windowTitle()
    assert not window.command_actions["add_section"].isEnabled()


def test_file_held_by_someone_else_opens_read_only(window, sample_file):
    from app.core.sharing.locking import lock_path

    lock_path(sample_file).write_text('{"user": "Jean", "host": "other-laptop", "pid": 1, '
                                      '"since": "2026-11-27T09:00:00Z"}')
    assert window.open_path(sample_file)
    assert "Jean on other-laptop" in window.answers[0]
    assert window.session.readonly


def test_bad_file_is_refused_with_reason(window, tmp_path):
    bad = tmp_path / "bad.rapporteur"
    bad.write_bytes(b"%PDF-1.7" + b"0" * 2000)
    assert not window.open_path(bad)
    assert "not a Rapporteur file" in window.warnings[0]
    assert window.session is None


def test_outline_model_passes_model_tester(window, sample_file, qtmodeltester):
    window.open_path(sample_file)
    qtmodeltester.check(window.model)


def test_outline_shows_status_and_words(window, sample_file):
    window.open_path(sample_file)
    index = window.model.index_of(first_section(sample_file).id)
    status = window.model.index(index.row(), 1, index.parent())
    words = window.model.index(index.row(), 2, index.parent())
    assert window.model.data(status, Qt.ItemDataRole.DisplayRole) == "Draft"
    assert window.model.data(words, Qt.ItemDataRole.DisplayRole) > 50


def test_new_from_template_creates_and_opens(window, tmp_path):
    from app.ui import fileactions

    window.prefs.entity = "United Nations Office for Coastal Resilience"
    path = tmp_path / "new.rapporteur"
    assert fileactions.new_from_template(window, "meeting-paper", "My paper", path)
    assert window.session.path == path
    assert window.properties.title.text() == "My paper"
    assert window.properties.editors["author"].text().startswith("United Nations Office")
    assert window.properties.editors["organizer"].toPlainText().startswith("Population")
    with stored(path) as rfile:
        doc = rfile.documents()[0]
        assert [s.heading for s in doc.sections] == ["Introduction"]
    assert window.control.section_id == doc.sections[0].id


def test_set_section_status(window, sample_file):
    window.open_path(sample_file)
    window.command_actions["status_cleared"].trigger()
    assert first_section(sample_file).status == "cleared"
    index = window.model.index_of(first_section(sample_file).id)
    status = window.model.index(index.row(), 1, index.parent())
    assert window.model.data(status, Qt.ItemDataRole.DisplayRole) == "Cleared"


def test_preferences_dialog_applies(window, monkeypatch):
    from app.ui.prefsdialog import PreferencesDialog

    saved = []
    monkeypatch.setattr(preferences, "save", saved.append)
    dialog = PreferencesDialog(window.prefs, window)
    dialog.author.setText("Jean Dupont")
    dialog.page_size.setCurrentText("A4")
    dialog.apply()
    assert saved[0].author == "Jean Dupont"
    assert window.prefs.default_page_size == "A4"


def test_last_section_is_remembered_per_file(window, sample_file):
    window.open_path(sample_file)
    with stored(sample_file) as rfile:
        third = rfile.documents()[0].sections[2].id
    window.nav.select(third)
    window.close_file()
    window.open_path(sample_file)
    assert window.control.section_id == third


def test_find_and_replace_across_the_file(window, sample_file, qtbot):
    from app.ui.findreplace import FindReplaceDialog

    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Coastal note. ")
    dialog = FindReplaceDialog(window)
    dialog.needle.setText("coastal")
    hits = dialog.find_all()
    assert len(hits) >= 2
    assert dialog.results.count() == len(hits)
    dialog.replacement.setText("Shoreline")
    assert dialog.replace_all() >= 3
    assert window.editor.toPlainText().startswith("Shoreline note. ")
    assert "Coastal" not in first_section(sample_file).body


def test_find_works_on_a_read_only_file(window, sample_file):
    from app.ui.findreplace import FindReplaceDialog

    window.open_path(sample_file, readonly=True)
    dialog = FindReplaceDialog(window)
    dialog.needle.setText("Statistical Commission")
    assert len(dialog.find_all()) == 1
    assert dialog.replace_all() == 0


def test_import_markdown_into_the_open_file(window, sample_file, qtbot, tmp_path):
    from app.ui import fileactions

    source = tmp_path / "extra.md"
    source.write_text("---\ntitle: Extra\nmeeting: M\nauthor: A\n---\n\n## Added\n\nNew *text*."
                      "<script>x</script>\n")
    window.open_path(sample_file)
    with qtbot.waitSignal(window.imported, timeout=10000) as blocker:
        assert fileactions.import_into(window, source)
    assert "removed: <script>" in blocker.args[0]
    with stored(sample_file) as rfile:
        docs = rfile.documents()
    assert [d.title for d in docs][-1] == "Extra"
    assert docs[-1].sections[0].body == "<p>New <em>text</em>.</p>"
    assert window.model.root.children[-1].title == "Extra"


def test_import_of_a_bad_source_says_why(window, sample_file, qtbot, tmp_path):
    from app.ui import fileactions

    source = tmp_path / "broken.json"
    source.write_text("{nope")
    window.open_path(sample_file)
    fileactions.import_into(window, source)
    qtbot.waitUntil(lambda: bool(window.warnings), timeout=10000)
    assert "not valid JSON" in window.warnings[0]


def outline_words(window, node_id):
    """Return the Words column of the outline row of node_id."""
    return window.model.data(window.model.index_of(node_id).siblingAtColumn(2))


def test_word_counts_follow_typing_once_it_pauses(window, sample_file, qtbot, monkeypatch):
    window.open_path(sample_file)
    window._update_counts()
    before = window.status.words.text()
    total = outline_words(window, window.nav.current_document_id())
    calls = []
    real = window._update_counts
    monkeypatch.setattr(window, "_update_counts", lambda: calls.append(1) or real())
    window.counts_timer.timeout.disconnect()
    window.counts_timer.timeout.connect(window._update_counts)
    qtbot.keyClicks(window.editor, "Three more words ")
    assert calls == [], "no counting while keys arrive"
    qtbot.waitUntil(lambda: window.status.words.text() != before, timeout=3000)
    assert len(calls) == 1
    assert "Section: 131" in window.status.words.text(), "heading included"
    assert outline_words(window, window.control.section_id) == 131
    assert outline_words(window, window.nav.current_document_id()) == total + 3


def test_outline_status_bar_and_limit_count_the_same_words(window, sample_file):
    from app.core.render.html import count_words

    window.open_path(sample_file)
    window._update_counts()
    with stored(sample_file) as rfile:
        document = rfile.documents()[0]
    expected = count_words(document)
    assert outline_words(window, document.id) == expected
    assert f"Document: {expected:,}" in window.status.words.text()
    section = document.sections[0]
    assert outline_words(window, section.id) == len(section.heading.split()) + \
        body_words(section.body)


def test_status_bar_warns_over_the_section_budget(window, sample_file):
    with RapporteurFile.open(sample_file) as rfile:
        rfile.update_section(rfile.documents()[0].sections[0].id, word_budget=50)
    window.open_path(sample_file)
    window._update_counts()
    assert "Section: 128 / 50 words" in window.status.words.text()
    assert "b03a2e" in window.status.words.styleSheet()


def test_toolbar_reflects_and_applies_formatting(window, sample_file):
    window.open_path(sample_file)
    cursor = window.editor.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.EndOfWord, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.toolbar_actions["italic"].trigger()
    window.control.flush()
    assert first_section(sample_file).body.startswith("<p><em>The</em> United")
    cursor.setPosition(1)
    window.editor.setTextCursor(cursor)
    assert window.toolbar_actions["italic"].isChecked()
    assert not window.toolbar_actions["bold"].isChecked()


def _diverge(sample_file: Path, tmp_path: Path) -> Path:
    """Make Jean's copy of the sample and edit the first paragraph on both sides."""
    from app.core.sharing.copying import copy_file

    theirs = copy_file(sample_file, tmp_path / "jean.rapporteur")
    for path, who in ((sample_file, "Maria"), (theirs, "Jean")):
        with RapporteurFile.open(path, author=who) as rfile:
            sec = rfile.documents()[0].sections[0]
            rfile.update_section(sec.id, body=f"<p>{who} rewrote this.</p>" + sec.body[
                sec.body.index("</p>") + 4:])
    return theirs


def test_merge_conflict_resolved_in_the_panel(window, sample_file, tmp_path, qtbot):
    theirs = _diverge(sample_file, tmp_path)
    window.open_path(sample_file)
    with qtbot.waitSignal(window.merged, timeout=20000) as blocker:
        window.merges.merge_copy(theirs)
    assert "conflicts: 1" in blocker.args[0]
    assert window.tabs.currentWidget() is window.conflicts
    assert window.conflicts.list.count() == 1
    assert "Jean rewrote this." in window.conflicts.view.toPlainText()
    assert "Maria rewrote this." in window.conflicts.view.toPlainText()
    window.conflicts.buttons["theirs"].click()
    assert window.conflicts.list.count() == 0
    assert first_section(sample_file).body.startswith("<p>Jean rewrote this.</p>")
    assert window.editor.toPlainText().startswith("Jean rewrote this.")
    from app.core.sharing.checking import check_file

    assert check_file(sample_file).exit_code == 0


def test_history_panel_redline_and_restore(window, sample_file, qtbot):
    with RapporteurFile.open(sample_file, author="Maria") as rfile:
        rfile.seal()
        sec = rfile.documents()[0].sections[0]
        rfile.update_section(sec.id, body="<p>Short replacement.</p>")
    window.open_path(sample_file)
    assert window.history.list.topLevelItemCount() == 2
    newest, oldest = (window.history.list.topLevelItem(i) for i in (0, 1))
    newest.setSelected(True)
    assert "<del" in window.history.redline.toHtml() or "Short" in \
        window.history.redline.toPlainText()
    newest.setSelected(False)
    oldest.setSelected(True)
    assert window.history.restore.isEnabled()
    window.history.restore.click()
    assert first_section(sample_file).body.startswith("<p>The United Nations Office")
    assert window.editor.toPlainText().startswith("The United Nations Office")
    assert window.history.list.topLevelItemCount() == 3


def test_comment_on_selection_reply_and_resolve(window, sample_file):
    from app.core.text import comments

    window.open_path(sample_file)
    cursor = window.editor.textCursor()
    cursor.setPosition(4)
    cursor.setPosition(18, QTextCursor.MoveMode.KeepAnchor)
    window.editor.setTextCursor(cursor)
    window.comments.text.setText("Spell it out once?")
    window.comments.add_button.click()
    assert window.comments.tree.topLevelItemCount() == 1
    assert len(window.editor.extraSelections()) == 1
    window.comments.tree.topLevelItem(0).setSelected(True)
    window.comments.text.setText("Done in paragraph 1.")
    window.comments.reply_button.click()
    window.comments.tree.topLevelItem(0).setSelected(True)
    window.comments.resolve_button.click()
    with stored(sample_file) as rfile:
        notes = comments.for_section(rfile, first_section(sample_file).id)
    assert notes[0].quote == "United Nations"
    assert notes[0].resolved
    assert notes[1].body == "Done in paragraph 1."
    assert window.editor.extraSelections() == []


def test_sharing_scenario_end_to_end(window, sample_file, tmp_path, qtbot):
    """Two copies of the sample: merge, one conflict resolved in the GUI, PDF, history."""
    from app.core.sharing.copying import copy_file

    theirs = copy_file(sample_file, tmp_path / "jean.rapporteur")
    with RapporteurFile.open(sample_file, author="Maria") as rfile:
        intro, trends = rfile.documents()[0].sections[:2]
        paragraphs = intro.body.split("</p>")
        rfile.update_section(intro.id, body=paragraphs[0] + " Maria.</p>"
                             + "</p>".join(paragraphs[1:]))
        rfile.update_section(trends.id, body="<p>Maria's trends.</p>" + trends.body[
            trends.body.index("</p>") + 4:])
    with RapporteurFile.open(theirs, author="Jean") as rfile:
        intro, trends = rfile.documents()[0].sections[:2]
        paragraphs = intro.body.split("</p>")
        rfile.update_section(intro.id, body="</p>".join(paragraphs[:1]) + "</p>"
                             + paragraphs[1] + " Jean.</p>" + "</p>".join(paragraphs[2:]))
        rfile.update_section(trends.id, body="<p>Jean's trends.</p>" + trends.body[
            trends.body.index("</p>") + 4:])
        rfile.add_section(rfile.documents()[0].id, heading="Jean's annex",
                          body="<p>Annexed.</p>")
        rfile.update_section(rfile.documents()[0].sections[-2].id, heading="Closing questions")
    window.open_path(sample_file)
    with qtbot.waitSignal(window.merged, timeout=20000) as blocker:
        window.merges.merge_copy(theirs)
    assert "conflicts: 1" in blocker.args[0]
    assert "combined: 1" in blocker.args[0]
    from app.core.sharing.checking import check_file

    assert check_file(sample_file).exit_code == 3
    window.conflicts.buttons["mine"].click()
    assert check_file(sample_file).exit_code == 0
    with stored(sample_file) as rfile:
        doc = rfile.documents()[0]
        headings = [s.heading for s in doc.sections]
        intro_body = doc.sections[0].body
        trends_revisions = {r.author for r in rfile.revisions(doc.sections[1].id)}
    assert "Closing questions" in headings
    assert headings[-1] == "Jean's annex"
    assert " Maria.</p>" in intro_body
    assert " Jean.</p>" in intro_body
    assert {"Maria", "Jean"} <= trends_revisions
    out = tmp_path / "merged.pdf"
    window.pdf.export_pdf(out)
    qtbot.waitUntil(out.exists, timeout=30000)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(
        io.BytesIO(out.read_bytes())).pages).split())
    assert "Maria's trends." in text
    assert "Jean's annex".upper() in text.upper()
    assert "Closing questions" in text


def test_preview_shows_the_section_being_edited(window, sample_file, qtbot):
    window.open_path(sample_file)
    with stored(sample_file) as rfile:
        activities = rfile.documents()[0].sections[2]
    window.nav.select(activities.id)
    qtbot.waitUntil(lambda: window.preview.idle() and window.preview.section_id == activities.id
                    and window.preview.last is not None, timeout=30000)
    qtbot.keyClicks(window.editor, "Previewed words. ")
    qtbot.waitUntil(lambda: window.preview.idle() and window.preview.last is not None
                    and b"%PDF" in window.preview.last.pdf[:8], timeout=30000)
    qtbot.wait(400)
    qtbot.waitUntil(window.preview.idle, timeout=30000)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(
        window.preview.last.pdf)).pages)
    assert "Previewed words." in " ".join(text.split())
    assert "FOURTEENTH COORDINATION MEETING" not in text
    qtbot.waitUntil(lambda: window.pdf.build is not None, timeout=60000)
    assert window.pdf.build.offsets_for(activities.id).footnote >= 1


def test_file_on_a_share_is_edited_in_a_working_copy_and_published(window, sample_file,
                                                                    qtbot, monkeypatch):
    from app.core.sharing import shares

    monkeypatch.setattr(shares, "is_network_path",
                        lambda path, **_kw: str(path).startswith(str(sample_file.parent)))
    window.open_path(sample_file)
    assert window.session.working is not None
    assert window.session.local_path != sample_file
    qtbot.keyClicks(window.editor, "Shared edit. ")
    window.control.flush()
    window.files.publish_now()
    assert first_section(sample_file).body.startswith("<p>Shared edit. ")
    assert not sample_file.with_name(sample_file.name + "-wal").exists()


def test_share_changed_meanwhile_keeps_both(window, sample_file, qtbot, monkeypatch):
    from app.core.sharing import shares

    monkeypatch.setattr(shares, "is_network_path",
                        lambda path, **_kw: str(path).startswith(str(sample_file.parent)))
    window.open_path(sample_file)
    with RapporteurFile.open(sample_file, author="Jean") as rfile:
        rfile.update_section(rfile.documents()[0].sections[0].id, body="<p>Jean on the share</p>")
    qtbot.keyClicks(window.editor, "Maria offline. ")
    window.control.flush()
    window.answers.clear()
    monkeypatch.setattr(window, "ask", lambda q: window.answers.append(q) and False)
    window.files.publish_now()
    assert "changed on the share" in window.answers[0]
    assert first_section(sample_file).body == "<p>Jean on the share</p>"
    copies = [p for p in sample_file.parent.iterdir() if "(my copy" in p.name]
    assert len(copies) == 1
    with RapporteurFile.open(copies[0], readonly=True) as rfile:
        assert rfile.documents()[0].sections[0].body.startswith("<p>Maria offline. ")


def test_runaway_render_is_stopped_and_the_preview_says_so(qtbot):
    import time as _time
    from concurrent.futures import Future

    from app.ui.background import FutureWatcher

    killed = []
    watcher = FutureWatcher(limit=0.3, on_timeout=lambda: killed.append(True))
    never: Future = Future()
    with qtbot.waitSignal(watcher.done, timeout=5000) as blocker:
        watcher.watch(never)
        _time.sleep(0.01)
    assert "longer than 0 s" in blocker.args[0].error or "took longer" in blocker.args[0].error
    assert killed == [True]


def test_pool_kill_replaces_the_worker(render_pool):
    first = render_pool.start().result(timeout=60)
    render_pool.kill()
    second = render_pool.start().result(timeout=60)
    assert first != second
    assert second > 0


def test_huge_paste_is_refused_and_nothing_changes(window, sample_file):
    window.open_path(sample_file)
    before = window.editor.toPlainText()
    refused = []
    window.editor.paste_refused.connect(refused.append)
    mime = QMimeData()
    mime.setText("x" * 6_000_000)
    window.editor.insertFromMimeData(mime)
    assert refused
    assert window.editor.toPlainText() == before


def test_file_deleted_while_open_keeps_the_text_and_saves_a_copy(window, sample_file,
                                                                 tmp_path, qtbot, monkeypatch):
    window.open_path(sample_file)
    sample_file.unlink()
    qtbot.keyClicks(window.editor, "Still here. ")
    window.control.flush()
    assert "moved, deleted or replaced" in window.status.currentMessage()
    rescue = tmp_path / "rescued.rapporteur"
    monkeypatch.setattr(window, "choose_save_path", lambda *args: rescue)
    window.files.save_copy()
    assert first_section(rescue).body.startswith("<p>Still here. ")
    from app.core.sharing.checking import check_file

    assert check_file(rescue).exit_code == 0


def test_file_changed_by_another_program_is_not_overwritten(window, sample_file, qtbot):
    window.open_path(sample_file)
    with RapporteurFile.open(sample_file, author="Jean") as rfile:
        intro = rfile.documents()[0].sections[0]
        rfile.update_section(intro.id, body="<p>Jean, from another program.</p>")
    qtbot.keyClicks(window.editor, "Maria meanwhile. ")
    window.control.flush()
    assert "changed by another program" in window.answers[0]
    assert first_section(sample_file).body.startswith("<p>Maria meanwhile. ")
    assert window.conflicts.list.count() == 1
    shown = window.conflicts.view.toPlainText()
    assert "Theirs" in shown
    assert "another program." in shown
    window.conflicts.buttons["theirs"].click()
    assert first_section(sample_file).body == "<p>Jean, from another program.</p>"


def test_typing_after_a_merge_is_saved_normally(window, sample_file, tmp_path, qtbot):
    from app.core.sharing.copying import copy_file

    theirs = copy_file(sample_file, tmp_path / "jean.rapporteur")
    with RapporteurFile.open(theirs, author="Jean") as rfile:
        sec = rfile.documents()[0].sections[1]
        rfile.update_section(sec.id, heading="Trends, revised")
    window.open_path(sample_file)
    with qtbot.waitSignal(window.merged, timeout=20000):
        window.merges.merge_copy(theirs)
    qtbot.keyClicks(window.editor, "After the merge. ")
    window.control.flush()
    assert window.answers == []
    assert first_section(sample_file).body.startswith("<p>After the merge. ")


def test_add_template_folder_then_create_from_it(window, tmp_path, monkeypatch):
    from app.core.document import templates
    from app.ui import fileactions

    root = tmp_path / "user-templates"
    monkeypatch.setattr(templates, "user_templates_dir", lambda: root)
    source = tmp_path / "briefing-note"
    source.mkdir()
    (source / "manifest.toml").write_text('label = "Briefing note"\n')
    (source / "style.css").write_text("")
    (source / "template.html.j2").write_text('{% extends "base.html.j2" %}')
    assert fileactions.add_template_folder(window, source)
    assert "Briefing note" in [t.label for t in templates.list_templates()]
    assert fileactions.new_from_template(window, "briefing-note", "Brief",
                                         tmp_path / "brief.rapporteur")
    assert window.properties.template.user
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "manifest.toml").write_text("not = [valid")
    assert not fileactions.add_template_folder(window, broken)
    assert "not a usable template" in window.warnings[-1]
    assert not (root / "broken").exists()


def test_a_full_build_that_timed_out_leaves_the_last_build(window, sample_file):
    from app.core.render.worker import RenderOutcome

    class Pool:
        def shutdown(self):
            self.stopped = True

    window.open_path(sample_file)
    window.pdf.build, pool = "previous build", Pool()
    window.pdf.built(RenderOutcome(error="rendering stopped: it took longer than 120 s"), pool)
    assert window.pdf.build == "previous build"
    assert pool.stopped
    assert not window.pdf.building
