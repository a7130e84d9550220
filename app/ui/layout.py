"""The main window's layout: outline | banner, header and editor | tabs over the preview."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow


def make_banner(win: MainWindow) -> tuple[QWidget, QLabel]:
    """Return the read-only banner with its Save a Copy button, and its text label."""
    banner = QWidget(win)
    banner.setObjectName("readonlyBanner")
    banner.setStyleSheet("#readonlyBanner { background: #fff3cd; border-bottom: "
                         "1px solid #e0c36b; } QLabel { color: #5c4400; }")
    layout = QHBoxLayout(banner)
    layout.setContentsMargins(10, 4, 10, 4)
    text = QLabel(banner)
    text.setWordWrap(True)
    button = QPushButton("Save a Copy…", banner)
    button.clicked.connect(win.files.save_copy)
    layout.addWidget(text, 1)
    layout.addWidget(button)
    banner.hide()
    return banner, text


def build_layout(win: MainWindow) -> None:
    """Place the panels: outline | banner + header + editor | tabs over the preview."""
    centre = QWidget(win)
    column = QVBoxLayout(centre)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(win.banner)
    column.addWidget(win.editor_header)
    column.addWidget(win.editor, 1)
    scroll = QScrollArea(win)
    scroll.setWidgetResizable(True)
    scroll.setWidget(win.properties)
    win.tabs = QTabWidget(win)
    for panel, title in ((scroll, "Properties"), (win.history, "History"),
                         (win.comments, "Comments"), (win.conflicts, "Conflicts"),
                         (win.proposals, "Proposals"),
                         (win.checks, "Checks"), (win.compile, "Compile"),
                         (win.contributions, "Contributions")):
        win.tabs.addTab(panel, title)
    win.right = QSplitter(Qt.Orientation.Vertical, win)
    win.right.addWidget(win.tabs)
    win.right.addWidget(win.preview)
    win.right.setSizes([300, 560])
    win.splitter = QSplitter(Qt.Orientation.Horizontal, win)
    win.splitter.addWidget(win.outline)
    win.splitter.addWidget(centre)
    win.splitter.addWidget(win.right)
    right = max(560, win.tabs.tabBar().sizeHint().width() + 8)  # room for every tab
    win.splitter.setSizes([250, max(450, 1400 - 250 - right), right])
    win.splitter.setChildrenCollapsible(False)
    win.setCentralWidget(win.splitter)
    win.setStatusBar(win.status)
