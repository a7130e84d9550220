"""Inline formatting shared by the section editor and the footnote popup: commands and keys."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QFont, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import QTextEdit, QToolBar, QWidget

Sup = QTextCharFormat.VerticalAlignment.AlignSuperScript
Sub = QTextCharFormat.VerticalAlignment.AlignSubScript

SHORTCUTS: dict[str, QKeySequence | QKeySequence.StandardKey] = {
    "bold": QKeySequence.StandardKey.Bold,
    "italic": QKeySequence.StandardKey.Italic,
    "underline": QKeySequence.StandardKey.Underline,
    "footnote": QKeySequence("Ctrl+Alt+F"),
    "superscript": QKeySequence("Ctrl+Shift+="),
    "subscript": QKeySequence("Ctrl+="),
}


class FormattingEdit(QTextEdit):
    """A QTextEdit with the inline formatting commands of the body subset."""

    def toggle_bold(self) -> None:
        """Make the selection bold, or plain if it already is."""
        bold = self.fontWeight() < QFont.Weight.DemiBold
        self._merge(lambda f: f.setFontWeight(QFont.Weight.Bold if bold
                                              else QFont.Weight.Normal))

    def toggle_italic(self) -> None:
        """Make the selection italic, or upright."""
        italic = not self.fontItalic()
        self._merge(lambda f: f.setFontItalic(italic))

    def toggle_underline(self) -> None:
        """Underline the selection, or not."""
        underline = not self.fontUnderline()
        self._merge(lambda f: f.setFontUnderline(underline))

    def toggle_script(self, align: QTextCharFormat.VerticalAlignment) -> None:
        """Make the selection superscript or subscript, or back to normal."""
        current = self.textCursor().charFormat().verticalAlignment()
        target = QTextCharFormat.VerticalAlignment.AlignNormal if current == align else align
        self._merge(lambda f: f.setVerticalAlignment(target))

    def _merge(self, change: Callable[[QTextCharFormat], object]) -> None:
        """Apply a char format change to the selection (or the word at the cursor)."""
        fmt = QTextCharFormat()
        change(fmt)
        cursor = self.textCursor()
        if not cursor.hasSelection():
            self.mergeCurrentCharFormat(fmt)
            return
        cursor.mergeCharFormat(fmt)


def format_state(fmt: QTextCharFormat) -> dict[str, bool]:
    """Return which inline formatting buttons fmt should show as checked."""
    align = fmt.verticalAlignment()
    return {
        "bold": fmt.fontWeight() >= QFont.Weight.DemiBold,
        "italic": fmt.fontItalic(),
        "underline": fmt.fontUnderline(),
        "superscript": align == Sup,
        "subscript": align == Sub,
    }


# (name, button label, tooltip)
BUTTONS = (
    ("bold", "B", "Bold (Ctrl+B)"), ("italic", "I", "Italic (Ctrl+I)"),
    ("underline", "U", "Underline (Ctrl+U)"), ("superscript", "x²", "Superscript (Ctrl+Shift+=)"),
    ("subscript", "x₂", "Subscript (Ctrl+=)"),
)


def format_toolbar(parent: QWidget, editor: FormattingEdit) -> QToolBar:
    """Return a toolbar of checkable formatting actions for editor, with their shortcuts."""
    commands: dict[str, Callable[[], None]] = {
        "bold": editor.toggle_bold, "italic": editor.toggle_italic,
        "underline": editor.toggle_underline,
        "superscript": lambda: editor.toggle_script(Sup),
        "subscript": lambda: editor.toggle_script(Sub),
    }
    bar = QToolBar(parent)
    actions: dict[str, QAction] = {}
    for name, label, tip in BUTTONS:
        action = QAction(label, parent)
        action.setObjectName(name)
        action.setToolTip(tip)
        action.setCheckable(True)
        action.setShortcut(QKeySequence(SHORTCUTS[name]))
        font = QFont()
        font.setBold(name == "bold")
        font.setItalic(name == "italic")
        font.setUnderline(name == "underline")
        action.setFont(font)
        action.triggered.connect(lambda _checked=False, run=commands[name]: run())
        parent.addAction(action)
        bar.addAction(action)
        actions[name] = action

    def reflect(fmt: QTextCharFormat) -> None:
        for key, checked in format_state(fmt).items():
            actions[key].setChecked(checked)

    editor.currentCharFormatChanged.connect(reflect)
    reflect(editor.currentCharFormat())
    return bar
