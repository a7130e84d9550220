"""The preview's zoom, page navigation and going to the text at the editor's cursor."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QIODevice, QPoint, QPointF, Qt
from PySide6.QtGui import QPageSize, QPainter, QPdfWriter, QWheelEvent
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QApplication

from app.core.render.worker import RenderOutcome
from app.core.text.snippets import find_page, locate, words_around
from app.ui.preview import PreviewPanel

Fit, Custom = QPdfView.ZoomMode.FitToWidth, QPdfView.ZoomMode.Custom


def _pdf(pages: int, tag: str = "") -> bytes:
    """Return an A4 PDF whose page n says "Paragraph n ..." near its middle."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    painter = QPainter(writer)
    for page in range(pages):
        if page:
            writer.newPage()
        painter.drawText(600, 800, f"Heading of page {page + 1} {tag}")
        painter.drawText(600, 7000, f"Paragraph {page + 1} says member states agreed "
                                    f"on item{page + 1} of the agenda")
    painter.end()
    return bytes(buffer.data().data())


class FakePool:
    """Every job finishes at once with the PDF the test put in next_pdf."""

    def __init__(self) -> None:
        self.next_pdf = _pdf(7)

    def submit_section(self, document: dict[str, Any], section_id: str, offsets: Any,
                       *, subsections: bool = True) -> Future[RenderOutcome]:
        future: Future[RenderOutcome] = Future()
        future.set_result(RenderOutcome(pdf=self.next_pdf, page_count=7))
        return future

    def cancel(self, future: Future[RenderOutcome]) -> None:
        """Jobs are finished already."""


@pytest.fixture
def panel(qtbot):
    pool = FakePool()
    shown = PreviewPanel(pool)  # type: ignore[arg-type]
    shown.pool_ = pool
    shown.resize(460, 560)
    qtbot.addWidget(shown)
    shown.show()
    _render(qtbot, shown, "s1")
    return shown


def _render(qtbot, panel: PreviewPanel, section_id: str) -> None:
    count = [0]
    panel.rendered.connect(lambda _o: count.__setitem__(0, 1))
    panel.request({"text": section_id}, section_id)
    qtbot.waitUntil(lambda: count[0] == 1)
    QApplication.processEvents()


def test_fit_width_is_the_default_and_fills_the_panel(panel) -> None:
    assert panel.view.zoomMode() == Fit
    assert panel.bar.fit.isChecked()
    page_width = panel.view._natural(0).width() * panel.view.zoom()
    assert page_width == pytest.approx(panel.view.viewport().width() - 12, abs=2)
    assert panel.bar.zoom_label.text() == f"{round(panel.view.zoom() * 100)}%"


def test_zoom_buttons_change_the_zoom_factor_and_mode(panel) -> None:
    fitted = panel.view.zoom()
    panel.bar.zoom_in.click()
    assert panel.view.zoomMode() == Custom
    assert panel.view.zoomFactor() == pytest.approx(fitted * 1.25)
    assert not panel.bar.fit.isChecked()
    assert panel.bar.zoom_label.text() == f"{round(fitted * 125)}%"
    panel.bar.zoom_out.click()
    panel.bar.zoom_out.click()
    assert panel.view.zoomFactor() == pytest.approx(fitted / 1.25)
    panel.bar.zoom_label.click()
    assert panel.view.zoomFactor() == 1.0
    panel.bar.fit.click()
    assert panel.view.zoomMode() == Fit
    assert panel.view.zoom() == pytest.approx(fitted)


def _wheel(panel: PreviewPanel, delta: int, modifiers: Qt.KeyboardModifier) -> None:
    viewport = panel.view.viewport()
    event = QWheelEvent(QPointF(50, 50), QPointF(viewport.mapToGlobal(QPoint(50, 50))),
                        QPoint(0, 0), QPoint(0, delta), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(viewport, event)


def test_ctrl_wheel_zooms_and_the_wheel_alone_scrolls(panel) -> None:
    fitted = panel.view.zoom()
    _wheel(panel, 120, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.zoomFactor() == pytest.approx(fitted * 1.25)
    _wheel(panel, -120, Qt.KeyboardModifier.ControlModifier)
    _wheel(panel, -120, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.zoomFactor() == pytest.approx(fitted / 1.25)
    _wheel(panel, -120, Qt.KeyboardModifier.NoModifier)
    assert panel.view.zoomFactor() == pytest.approx(fitted / 1.25)
    assert panel.view.verticalScrollBar().value() > 0


def test_ctrl_plus_minus_and_zero_zoom_while_the_preview_has_focus(panel, qtbot) -> None:
    fitted = panel.view.zoom()
    panel.view.setFocus()
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(panel.view, Qt.Key.Key_Plus, ctrl | Qt.KeyboardModifier.ShiftModifier)
    assert panel.view.zoomFactor() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(panel.view, Qt.Key.Key_Equal, ctrl)
    assert panel.view.zoomFactor() == pytest.approx(fitted * 1.25 ** 2)
    qtbot.keyClick(panel.view, Qt.Key.Key_Minus, ctrl)
    assert panel.view.zoomFactor() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(panel.view, Qt.Key.Key_0, ctrl)
    assert panel.view.zoomMode() == Fit


def test_page_buttons_and_label_move_through_the_pages(panel) -> None:
    assert panel.bar.page_label.text() == "1 / 7"
    assert not panel.bar.previous.isEnabled()
    panel.bar.next.click()
    panel.bar.next.click()
    assert panel.view.current_page() == 2
    assert panel.bar.page_label.text() == "3 / 7"
    panel.bar.previous.click()
    assert panel.view.current_page() == 1
    assert panel.bar.page_label.text() == "2 / 7"
    panel.view.go_to_page(6)
    assert panel.bar.page_label.text() == "7 / 7"
    assert not panel.bar.next.isEnabled()


def test_a_re_render_keeps_the_zoom_page_and_offset(panel, qtbot) -> None:
    panel.bar.zoom_in.click()
    panel.bar.zoom_in.click()
    zoom = panel.view.zoomFactor()
    panel.view.go_to_page(3, 200)
    position = panel.view.verticalScrollBar().value()
    panel.pool_.next_pdf = _pdf(7, "typed")
    _render(qtbot, panel, "s1")
    assert panel.pdf.getAllText(0).text().startswith("Heading of page 1 typed")
    assert panel.view.zoomMode() == Custom
    assert panel.view.zoomFactor() == zoom
    assert panel.view.verticalScrollBar().value() == position
    assert panel.bar.page_label.text() == "4 / 7"


def test_another_section_opens_at_its_first_page(panel, qtbot) -> None:
    panel.view.go_to_page(3)
    _render(qtbot, panel, "s2")
    assert panel.view.current_page() == 0


def test_show_text_goes_to_the_page_holding_the_words(panel) -> None:
    assert panel.show_text("says member states agreed on item5 of the")
    assert panel.view.current_page() == 4
    assert panel.bar.page_label.text() == "5 / 7"
    assert panel.show_text("Paragraph 2 says")
    assert panel.view.current_page() == 1
    assert not panel.show_text("words that are nowhere")
    assert panel.view.current_page() == 1


def test_show_text_shows_the_line_not_just_the_top_of_its_page(panel) -> None:
    panel.show_text("agreed on item3 of")
    view = panel.view
    top_of_page = view.documentMargins().top() + 2 * (
        view._natural(0).height() * view.zoom() + view.pageSpacing())
    assert view.verticalScrollBar().value() > top_of_page + 100


def test_show_text_for_a_section_still_rendering_waits_for_its_pdf(panel, qtbot) -> None:
    panel.request({"text": "s2"}, "s2")  # not shown until the watcher polls
    assert not panel.show_text("agreed on item6 of the agenda", "s2")
    _render(qtbot, panel, "s2")
    assert panel.view.current_page() == 5


def test_find_page_and_words_around() -> None:
    pages = ["Intro text here.", "The Council ﬁnally agreed\r\non the budget.", "More."]
    assert find_page(pages, "Council finally agreed on the") == (
        1, ["council", "finally", "agreed", "on", "the"])
    assert find_page(pages, "nothing matches") is None
    assert locate(pages[1], ["agreed", "on", "the"]) == (19, 14)
    assert words_around("one two three four five six", 8, 2) == "one two three four"


def test_zoom_keys_win_over_the_window_shortcuts_while_the_preview_has_focus(qtbot) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    window = QMainWindow()
    qtbot.addWidget(window)
    pool = FakePool()
    panel = PreviewPanel(pool, window)  # type: ignore[arg-type]
    window.setCentralWidget(panel)
    fired: list[str] = []
    for keys in ("Ctrl+0", "Ctrl+="):
        action = QAction(keys, window)
        action.setShortcut(keys)
        action.triggered.connect(lambda _=False, k=keys: fired.append(k))
        window.addAction(action)
    window.resize(460, 600)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    _render(qtbot, panel, "s1")
    panel.view.setFocus()
    qtbot.waitUntil(panel.view.hasFocus)
    fitted = panel.view.zoom()
    qtbot.keyClick(panel.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.zoomFactor() == pytest.approx(fitted * 1.25)
    qtbot.keyClick(panel.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.zoomMode() == Fit
    assert fired == []
    panel.bar.zoom_in.setFocus()
    qtbot.keyClick(panel.bar.zoom_in, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert fired == ["Ctrl+0"], "the window's shortcut works outside the view"
