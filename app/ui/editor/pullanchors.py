"""Keep a pulled paragraph's data-pull anchor with its text while it is edited.

Qt gives a new block the format of the one it splits from, so Enter at either end of
a pulled paragraph copies the anchor. The text each anchored block had when loaded is
kept beside the anchor; when several blocks carry one anchor, the block most like that
text keeps it.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from PySide6.QtGui import QTextCursor, QTextDocument

from app.core.text.sanitize import PULL_ATTRIBUTE
from app.ui.editor.formats import PULL_ID, PULL_TEXT


def remember_texts(doc: QTextDocument) -> None:
    """Store, on each anchored block, its text as loaded."""
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        if fmt.stringProperty(PULL_ID):
            fmt.setProperty(PULL_TEXT, block.text())
            QTextCursor(block).setBlockFormat(fmt)
        block = block.next()


def anchor_owners(doc: QTextDocument) -> dict[int, str]:
    """Return the data-pull attribute to write, by the number of the block keeping it."""
    best: dict[str, tuple[tuple[float, bool, int], int]] = {}
    block = doc.begin()
    while block.isValid():
        fmt = block.blockFormat()
        pull_id = fmt.stringProperty(PULL_ID)
        text = block.text()
        if pull_id and text.strip():
            ratio = SequenceMatcher(None, fmt.stringProperty(PULL_TEXT), text,
                                    autojunk=False).ratio()
            key = (ratio, True, -block.blockNumber())
            if pull_id not in best or key > best[pull_id][0]:
                best[pull_id] = (key, block.blockNumber())
        block = block.next()
    return {number: f' {PULL_ATTRIBUTE}="{pull_id}"' for pull_id, (_key, number)
            in best.items()}
