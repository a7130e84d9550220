"""The toolbar: the commands a word-processor user looks for (from the command table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QFont, QTextCharFormat
from PySide6.QtWidgets import QToolBar

from app.ui.actions import TOOLBAR, commands

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

def build_toolbar(win: MainWindow) -> QToolBar:
    """Add the formatting toolbar to the window and keep its buttons in step."""
    bar = QToolBar("Formatting", win)
    bar.setObjectName("formatting")
    bar.setMovable(False)
    table = {command.name: command for command in commands()}
    for name in TOOLBAR:
        if not name:
            bar.addSeparator()
            continue
        command, action = table[name], win.command_actions[name]
        button = QAction(command.tool, bar)
        button.setToolTip(command.tip)
        button.setCheckable(command.checkable)
        if name in ("bold", "italic", "underline"):
            font = QFont()
            font.setBold(name == "bold")
            font.setItalic(name == "italic")
            font.setUnderline(name == "underline")
            button.setFont(font)
        button.triggered.connect(lambda _c=False, action=action: action.trigger())
        action.changed.connect(lambda action=action, button=button:
                               button.setEnabled(action.isEnabled()))
        bar.addAction(button)
        win.toolbar_actions[name] = button
    win.editor.currentCharFormatChanged.connect(lambda fmt: _reflect(win, fmt))
    win.addToolBar(bar)
    return bar


def _reflect(win: MainWindow, fmt: QTextCharFormat) -> None:
    """Check the buttons that match the format at the cursor."""
    align = fmt.verticalAlignment()
    state = {
        "bold": fmt.fontWeight() >= QFont.Weight.DemiBold,
        "italic": fmt.fontItalic(),
        "underline": fmt.fontUnderline(),
        "superscript": align == QTextCharFormat.VerticalAlignment.AlignSuperScript,
        "subscript": align == QTextCharFormat.VerticalAlignment.AlignSubScript,
    }
    for name, checked in state.items():
        win.toolbar_actions[name].setChecked(bool(checked))
