"""Custom QTextFormat properties and object types that carry the body subset in Qt."""

from __future__ import annotations

from PySide6.QtGui import QTextFormat

FOOTNOTE_OBJECT = QTextFormat.ObjectTypes.UserObject + 1
FOOTNOTE_HTML = QTextFormat.Property.UserProperty + 1  # the footnote's inner HTML (subset)
LANG = QTextFormat.Property.UserProperty + 2  # lang attribute of a span or block
DIR = QTextFormat.Property.UserProperty + 3  # dir attribute as written (ltr, rtl, auto)
QUOTE_LEVEL = QTextFormat.Property.UserProperty + 4  # blockquote depth of a block
PULL_ID = QTextFormat.Property.UserProperty + 9  # data-pull anchor of a pulled paragraph
PULL_TEXT = QTextFormat.Property.UserProperty + 10  # an anchored block's text as loaded
OBJECT_CHAR = "\ufffc"
LINE_BREAK = "\u2028"
HEADER_CELL = QTextFormat.Property.UserProperty + 8  # a table cell's first block: the cell is a th
