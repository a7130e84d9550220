"""Whole builds for export: a bar of pages laid out, Cancel, and nothing written when cancelled."""

from __future__ import annotations

import io
import threading

import shiboken6
from pypdf import PdfReader
from PySide6.QtWidgets import QPushButton, QWidget

from app.core.render.worker import RenderOutcome
from app.ui.buildprogress import BuildProgress


def _slow_build(release: threading.Event):
    """Return build work that reports 4 of 10 pages, then waits for Cancel or release."""
    def work(progress, cancelled):
        progress(4, 10)
        while not release.wait(0.02):
            if cancelled():
                return RenderOutcome(error="the render was cancelled", cancelled=True)
        progress(10, 10)
        return RenderOutcome(b"%PDF", 10)
    return work


def test_the_bar_shows_pages_of_the_expected_total_and_cancel_stops_the_build(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release, outcomes = threading.Event(), []
    shown = BuildProgress(parent, "Rendering the PDF…", _slow_build(release), outcomes.append)
    dialog = shown.dialog
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.value() == 4, timeout=5000)
    assert dialog.maximum() == 10
    assert "4 of 10 pages laid out" in dialog.labelText()
    [button] = dialog.findChildren(QPushButton)
    assert button.text() == "Cancel"
    button.click()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert outcomes[0].cancelled
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    release.set()


def test_a_finished_build_hands_its_outcome_over_and_closes_the_bar(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    release, outcomes = threading.Event(), []
    release.set()
    BuildProgress(parent, "Rendering the PDF…", _slow_build(release), outcomes.append)
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)
    assert (outcomes[0].pdf, outcomes[0].page_count, outcomes[0].cancelled) == (b"%PDF", 10, False)


def test_export_pdf_reports_progress_and_writes_the_built_pdf(window, sample_file, tmp_path,
                                                             qtbot):
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Built in parts. ")
    window.answers.clear()
    out = tmp_path / "built.pdf"
    window.pdf.export_pdf(out)
    exporting = window.pdf.exporting
    assert exporting is not None
    qtbot.waitUntil(out.exists, timeout=60000)
    done, expected = exporting.pages
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    assert done == expected == len(reader.pages)
    assert "Built in parts." in " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert window.pdf.exporting is None


def test_a_cancelled_export_writes_nothing_and_says_so(window, sample_file, tmp_path, qtbot,
                                                       monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing to take from it
    window.open_path(sample_file)
    qtbot.keyClicks(window.editor, "Never exported. ")
    window.answers.clear()
    out = tmp_path / "cancelled.pdf"
    window.pdf.export_pdf(out)
    exporting = window.pdf.exporting
    assert exporting is not None
    exporting.cancel()
    qtbot.waitUntil(lambda: window.pdf.exporting is None, timeout=30000)
    assert not out.exists()
    assert "Export cancelled" in window.status.currentMessage()
    assert not window.warnings


def test_a_first_build_shows_the_pages_laid_out_without_a_total(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release, outcomes = threading.Event(), []

    def first(progress, cancelled):
        progress(12, 0)
        release.wait(5)
        return RenderOutcome(b"%PDF", 30)

    shown = BuildProgress(parent, "Rendering the PDF…", first, outcomes.append)
    qtbot.waitUntil(lambda: "12 pages laid out" in shown.dialog.labelText(), timeout=5000)
    assert shown.dialog.maximum() == 0  # a busy bar: no total to count towards
    release.set()
    qtbot.waitUntil(lambda: bool(outcomes), timeout=5000)


def test_closing_the_window_cancels_an_export_still_building(window, sample_file, tmp_path,
                                                             qtbot, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    window.open_path(sample_file)
    out = tmp_path / "closed.pdf"
    window.pdf.export_pdf(out)
    exporting = window.pdf.exporting
    assert exporting is not None
    window.close()
    assert exporting.cancelled()
    qtbot.waitUntil(lambda: window.pdf.exporting is None, timeout=30000)
    assert not out.exists()


def test_exports_share_workers_started_while_the_file_is_chosen(window, sample_file, tmp_path,
                                                                qtbot, monkeypatch):
    from app.ui.previewcontrol import POOL_IDLE_MS

    window.open_path(sample_file)
    window.answers.clear()
    running: list[bool] = []

    def choose(*args):
        pool = window.pdf.export_pool
        running.append(pool is not None and pool._executor is not None)
        return tmp_path / f"export-{len(running)}.pdf"

    monkeypatch.setattr(window, "choose_save_path", choose)
    window.pdf.export_pdf()
    qtbot.waitUntil(lambda: window.pdf.exporting is None, timeout=60000)
    pool = window.pdf.export_pool
    assert pool is not None
    executor = pool._executor
    window.pdf.export_pdf()
    qtbot.waitUntil(lambda: window.pdf.exporting is None, timeout=60000)
    assert running == [True, True]  # the workers were starting before the file was chosen
    assert (tmp_path / "export-1.pdf").exists()
    assert (tmp_path / "export-2.pdf").exists()
    assert window.pdf.export_pool is pool
    assert pool._executor is executor
    assert window.pdf.pool_idle.isActive()
    assert window.pdf.pool_idle.interval() == POOL_IDLE_MS
    window.pdf.pool_idle.timeout.emit()  # ten minutes without an export
    assert window.pdf.export_pool is None
    assert pool._executor is None
