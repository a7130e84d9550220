"""The formatting toolbar: the actions a word-processor user looks for, showing the state."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QFont, QTextCharFormat
from PySide6.QtWidgets import QToolBar

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

# (action name, label, tooltip, font tweak)
BUTTONS = (
    ("undo", "↶", "Undo", ""), ("redo", "↷", "Redo", ""), ("", "", "", ""),
    ("bold", "B", "Bold (Ctrl+B)", "bold"), ("italic", "I", "Italic (Ctrl+I)", "italic"),
    ("underline", "U", "Underline (Ctrl+U)", "underline"),
    ("superscript", "x²", "Superscript (Ctrl+Shift+=)", ""),
    ("subscript", "x₂", "Subscript (Ctrl+=)", ""), ("", "", "", ""),
    ("bullets", "•", "Bulleted list", ""), ("numbers", "1.", "Numbered list", ""),
    ("footnote", "¹ Note", "Insert footnote (Ctrl+Alt+F)", ""), ("", "", "", ""),
    ("add_section", "+ Section", "Add a section after this one (Ctrl+Alt+N)", ""),
    ("export_pdf", "Export PDF", "Export the document as PDF (Ctrl+E)", ""),
)
CHECKABLE = ("bold", "italic", "underline", "superscript", "subscript")


def build_toolbar(win: MainWindow) -> QToolBar:
    """Add the formatting toolbar to the window and keep its buttons in step."""
    bar = QToolBar("Formatting", win)
    bar.setObjectName("formatting")
    bar.setMovable(False)
    for name, label, tip, tweak in BUTTONS:
        if not name:
            bar.addSeparator()
            continue
        action: QAction = win.actions[name]
        button = QAction(label, bar)
        button.setToolTip(tip)
        button.setCheckable(name in CHECKABLE)
        if tweak:
            font = QFont()
            font.setBold(tweak == "bold")
            font.setItalic(tweak == "italic")
            font.setUnderline(tweak == "underline")
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
