"""Custom QTextFormat properties and object types that carry the body subset in Qt."""

from __future__ import annotations

from PySide6.QtGui import QTextFormat

FOOTNOTE_OBJECT = QTextFormat.UserObject + 1
FOOTNOTE_HTML = QTextFormat.UserProperty + 1  # the footnote's inner HTML (subset)
LANG = QTextFormat.UserProperty + 2  # lang attribute of a span or block
DIR = QTextFormat.UserProperty + 3  # dir attribute as written (ltr, rtl, auto)
QUOTE_LEVEL = QTextFormat.UserProperty + 4  # blockquote depth of a block
OBJECT_CHAR = "\ufffc"
LINE_BREAK = "\u2028"
HEADER_CELL = QTextFormat.UserProperty + 8  # on a table cell's first block: the cell is a th
