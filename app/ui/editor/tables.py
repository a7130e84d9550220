"""Tables in the editor: their look, the insert dialog, Tab between cells, rows and columns."""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QTextCursor,
    QTextFrameFormat,
    QTextLength,
    QTextTable,
    QTextTableCell,
    QTextTableFormat,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from app.ui.editor.formats import HEADER_CELL

MAX_ROWS = MAX_COLUMNS = 50
GRID = QColor("#8c8c8c")
HEADER_SHADE = QColor("#ececec")


def table_format() -> QTextTableFormat:
    """Return how a table looks in the editor: full width, thin solid cell borders."""
    fmt = QTextTableFormat()
    fmt.setCellPadding(4)
    fmt.setCellSpacing(0)
    fmt.setBottomMargin(8)
    fmt.setBorder(1)
    fmt.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_Solid)
    fmt.setBorderBrush(GRID)
    fmt.setBorderCollapse(True)
    fmt.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    return fmt


def set_header(cell: QTextTableCell, header: bool) -> None:
    """Make a cell a header cell (stored as th, shaded here) or a data cell."""
    cursor = cell.firstCursorPosition()
    block = cursor.blockFormat()
    if header:
        block.setProperty(HEADER_CELL, True)
    else:
        block.clearProperty(HEADER_CELL)
    cursor.setBlockFormat(block)
    fmt = cell.format().toTableCellFormat()
    if header:
        fmt.setBackground(HEADER_SHADE)
    else:
        fmt.clearBackground()
    cell.setFormat(fmt)


def is_header(cell: QTextTableCell) -> bool:
    """Return whether a cell is a header cell."""
    return cell.firstCursorPosition().blockFormat().boolProperty(HEADER_CELL)


def insert_table(cursor: QTextCursor, rows: int, columns: int, header: bool) -> QTextTable:
    """Insert a table at cursor (one undo step), its first row a header if asked."""
    cursor.beginEditBlock()
    paragraph = cursor.blockFormat()
    table = cursor.insertTable(rows, columns, table_format())
    after = table.lastCursorPosition()
    after.movePosition(QTextCursor.MoveOperation.NextBlock)
    if after.block().length() > 1:  # the rest of a split paragraph keeps its format
        after.setBlockFormat(paragraph)
    elif after.block().next().isValid():  # no empty paragraph between the table and the text
        after.setBlockFormat(after.block().next().blockFormat())
        after.deleteChar()
    for column in range(columns if header else 0):
        set_header(table.cellAt(0, column), True)
    cursor.endEditBlock()
    return table


def select_cell(cell: QTextTableCell) -> QTextCursor:
    """Return a cursor selecting a cell's content (as Tab does in word processors)."""
    cursor = cell.firstCursorPosition()
    cursor.setPosition(cell.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
    return cursor


def next_cell(cursor: QTextCursor, forward: bool) -> QTextCursor | None:
    """Return a cursor on the next (or previous) cell; a new row after the last cell."""
    table = cursor.currentTable()
    if table is None:
        return None
    cell = table.cellAt(cursor)
    index = max(0, cell.row() * table.columns() + cell.column() + (1 if forward else -1))
    if index == table.rows() * table.columns():
        insert_row(table.cellAt(table.rows() - 1, 0).firstCursorPosition(), above=False)
    return select_cell(table.cellAt(*divmod(index, table.columns())))


def insert_row(cursor: QTextCursor, above: bool) -> None:
    """Insert a data row above or below the cursor's row."""
    table = cursor.currentTable()
    if table is None:
        return
    cursor.beginEditBlock()
    row = table.cellAt(cursor).row() + (0 if above else 1)
    table.insertRows(row, 1)
    for column in range(table.columns()):
        set_header(table.cellAt(row, column), False)
    cursor.endEditBlock()


def insert_column(cursor: QTextCursor, left: bool) -> None:
    """Insert a column left or right of the cursor's column; header rows stay headers."""
    table = cursor.currentTable()
    if table is None:
        return
    cursor.beginEditBlock()
    column = table.cellAt(cursor).column() + (0 if left else 1)
    table.insertColumns(column, 1)
    neighbour = column + 1 if left else column - 1
    for row in range(table.rows()):
        set_header(table.cellAt(row, column), is_header(table.cellAt(row, neighbour)))
    cursor.endEditBlock()


def remove_row(cursor: QTextCursor) -> None:
    """Remove the cursor's row (the last one removes the table)."""
    table = cursor.currentTable()
    if table is not None:
        table.removeRows(table.cellAt(cursor).row(), 1)


def remove_column(cursor: QTextCursor) -> None:
    """Remove the cursor's column (the last one removes the table)."""
    table = cursor.currentTable()
    if table is not None:
        table.removeColumns(table.cellAt(cursor).column(), 1)


def toggle_header_row(cursor: QTextCursor) -> None:
    """Make the first row of the cursor's table a header row, or data again."""
    table = cursor.currentTable()
    if table is None:
        return
    header = not all(is_header(table.cellAt(0, c)) for c in range(table.columns()))
    cursor.beginEditBlock()
    for column in range(table.columns()):
        set_header(table.cellAt(0, column), header)
    cursor.endEditBlock()


class TableDialog(QDialog):
    """Ask for the size of a new table and whether its first row is a header."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Insert Table")
        self.rows, self.columns = QSpinBox(self), QSpinBox(self)
        for spin, value, top in ((self.rows, 3, MAX_ROWS), (self.columns, 2, MAX_COLUMNS)):
            spin.setRange(1, top)
            spin.setValue(value)
        self.header = QCheckBox("First row is a &header row", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QFormLayout(self)
        layout.addRow("&Rows:", self.rows)
        layout.addRow("&Columns:", self.columns)
        layout.addRow(self.header)
        layout.addRow(buttons)

    def values(self) -> tuple[int, int, bool]:
        """Return rows, columns and whether the first row is a header."""
        return self.rows.value(), self.columns.value(), self.header.isChecked()
