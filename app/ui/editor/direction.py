"""Which way the editor lays a block out: its dir, else its lang or first strong letter."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor, QTextDocument

from app.core.render.bidi import direction, first_strong
from app.ui.editor.formats import DIR, LANG


def direct_blocks(doc: QTextDocument) -> None:
    """Lay out each block without dir right to left or left to right by its lang or text.

    Only the layout changes: no dir is added, so the body is written back as it came.
    """
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if not fmt.stringProperty(DIR):
            lang = fmt.stringProperty(LANG)
            way = direction(lang) if lang else first_strong(block.text())
            if way:
                fmt.setLayoutDirection(_LAYOUT[way])
                QTextCursor(block).setBlockFormat(fmt)
        block = block.next()


def set_default_direction(doc: QTextDocument, language: str) -> None:
    """Lay out blocks that say nothing of their direction in language's direction."""
    option = doc.defaultTextOption()
    option.setTextDirection(_LAYOUT[direction(language)] if direction(language) == "rtl"
                            else Qt.LayoutDirection.LayoutDirectionAuto)
    doc.setDefaultTextOption(option)


_LAYOUT = {"rtl": Qt.LayoutDirection.RightToLeft, "ltr": Qt.LayoutDirection.LeftToRight}
