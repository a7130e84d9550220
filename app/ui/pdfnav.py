"""A PDF view that zooms (Ctrl+wheel, Ctrl+plus/minus/0) and goes to pages, and its bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QResizeEvent, QWheelEvent
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QToolButton, QWidget

from app.core.text.snippets import find_page, locate

ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 1.25, 0.25, 4.0
ZOOM_KEYS = {Qt.Key.Key_Plus: 1, Qt.Key.Key_Equal: 1, Qt.Key.Key_Minus: -1, Qt.Key.Key_0: 0}


class PagedPdfView(QPdfView):
    """All pages in a column; zoom keeps the place being read."""

    state_changed = Signal()  # zoom, page or page count

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setPageMode(QPdfView.PageMode.MultiPage)
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.pageNavigator().currentPageChanged.connect(self.state_changed)
        self.zoomFactorChanged.connect(self.state_changed)
        self.zoomModeChanged.connect(self.state_changed)

    def zoom(self) -> float:
        """Return the scale shown (1.0 = actual size), also when fitting the width."""
        if self.zoomMode() != QPdfView.ZoomMode.FitToWidth or not self.page_count():
            return self.zoomFactor()
        margins = self.documentMargins()
        width = self.viewport().width() - margins.left() - margins.right()
        return width / max(1, self._natural(0).width())

    def set_zoom(self, factor: float) -> None:
        """Show the pages at factor × actual size, keeping the middle of the view."""
        bar = self.verticalScrollBar()
        middle = (bar.value() + bar.pageStep() / 2) / max(1, bar.maximum() + bar.pageStep())
        self.setZoomMode(QPdfView.ZoomMode.Custom)
        self.setZoomFactor(min(ZOOM_MAX, max(ZOOM_MIN, factor)))
        bar.setValue(round(middle * (bar.maximum() + bar.pageStep()) - bar.pageStep() / 2))

    def zoom_in(self) -> None:
        """Zoom in one step."""
        self.set_zoom(self.zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        """Zoom out one step."""
        self.set_zoom(self.zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        """Fit the page width to the view (the default)."""
        page = self.current_page()
        self.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.go_to_page(page)

    def current_page(self) -> int:
        """Return the page at the top of the view (0-based)."""
        return self.pageNavigator().currentPage()

    def go_to_page(self, page: int, y: float = 0.0) -> None:
        """Scroll so that point y (from the top of the page, in points) is at the top."""
        if not 0 <= page < self.page_count():
            return
        spacing = self.pageSpacing()
        top = self.documentMargins().top() + sum(
            (self._natural(p) * self.zoom()).height() + spacing for p in range(page))
        self.verticalScrollBar().setValue(round(top + y * self._dpi_scale() * self.zoom()))

    def previous_page(self) -> None:
        """Go to the previous page."""
        self.go_to_page(self.current_page() - 1)

    def next_page(self) -> None:
        """Go to the next page."""
        self.go_to_page(self.current_page() + 1)

    def go_to_text(self, snippet: str) -> bool:
        """Scroll to the line holding snippet, a third down the view; False if absent."""
        pdf = self.document()
        pages = [pdf.getAllText(p).text() for p in range(self.page_count())]
        found = find_page(pages, snippet)
        if found is None:
            return False
        page, run = found
        where = locate(pages[page], run)
        y = pdf.getSelectionAtIndex(page, *where).boundingRectangle().top() if where else 0
        above = self.viewport().height() / 3 / (self._dpi_scale() * self.zoom())
        self.go_to_page(page, max(0.0, y - above))
        return True

    def page_count(self) -> int:
        """Return the number of pages shown."""
        return self.document().pageCount() if self.document() else 0

    def _natural(self, page: int) -> QSize:
        """Return a page's size in pixels at actual size."""
        return (self.document().pagePointSize(page) * self._dpi_scale()).toSize()

    def _dpi_scale(self) -> float:
        screen = QGuiApplication.primaryScreen()
        return screen.logicalDotsPerInch() / 72 if screen else 96 / 72

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms; the wheel alone scrolls."""
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            super().wheelEvent(event)
            return
        if event.angleDelta().y():
            (self.zoom_in if event.angleDelta().y() > 0 else self.zoom_out)()
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Claim Ctrl+plus/minus/0 from the window's shortcuts while the view has focus."""
        if event.type() == QEvent.Type.ShortcutOverride and _zoom_key(event) is not None:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+plus zooms in, Ctrl+minus out, Ctrl+0 fits the width."""
        step = _zoom_key(event)
        if step is None:
            super().keyPressEvent(event)
            return
        {1: self.zoom_in, -1: self.zoom_out, 0: self.fit_width}[step]()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A fitted zoom changes with the width."""
        super().resizeEvent(event)
        self.state_changed.emit()


def _zoom_key(event: QEvent) -> int | None:
    if not isinstance(event, QKeyEvent) or \
            not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
        return None
    return ZOOM_KEYS.get(Qt.Key(event.key()))


class PreviewBar(QWidget):
    """Zoom out, percentage (actual size), zoom in, Fit Width; previous, page, next."""

    def __init__(self, view: PagedPdfView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 2, 4, 2)
        row.setSpacing(2)
        self.zoom_out = self._button("−", "Zoom Out (Ctrl+−)", view.zoom_out)
        self.zoom_label = self._button("100%", "Actual Size", lambda: view.set_zoom(1.0))
        self.zoom_in = self._button("+", "Zoom In (Ctrl++)", view.zoom_in)
        self.fit = self._button("Fit Width", "Fit Width (Ctrl+0)", view.fit_width)
        self.fit.setCheckable(True)
        self.previous = self._button("", "Previous Page", view.previous_page)
        self.previous.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp))
        self.page_label = QLabel(self)
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_label.setMinimumWidth(self.fontMetrics().horizontalAdvance(" 888 / 888 "))
        self.next = self._button("", "Next Page", view.next_page)
        self.next.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown))
        for widget in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit):
            row.addWidget(widget)
        row.addStretch(1)
        for item in (self.previous, self.page_label, self.next):
            row.addWidget(item)
        view.state_changed.connect(self.update_state)
        self.update_state()

    def _button(self, text: str, tip: str, slot: Any) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.clicked.connect(slot)
        return button

    def update_state(self) -> None:
        """Show the zoom percentage and "page / pages"; enable what can be used."""
        count, page = self.view.page_count(), self.view.current_page()
        self.zoom_label.setText(f"{round(self.view.zoom() * 100)}%")
        self.fit.setChecked(self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth)
        self.page_label.setText(f"{page + 1} / {count}" if count else "– / –")
        self.previous.setEnabled(page > 0)
        self.next.setEnabled(page + 1 < count)
        for button in (self.zoom_out, self.zoom_label, self.zoom_in, self.fit):
            button.setEnabled(count > 0)
