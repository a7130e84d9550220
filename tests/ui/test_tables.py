"""Tables in the real window: the insert dialog, Tab between cells, rows and columns, the PDF."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor, QTextFrameFormat
from ui_helpers import first_section, stored

from app.core.render.pdf import write_document_pdf
from app.ui import fileactions
from app.ui.editor.tables import TableDialog

WORDS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]


def _insert_by_dialog(window, qtbot, rows: int, columns: int, header: bool = False) -> None:
    """Choose Insert ▸ Table…, fill in the dialog, press OK."""
    def drive() -> None:
        dialog = next(w for w in window.findChildren(TableDialog) if w.isVisible())
        dialog.rows.setValue(rows)
        dialog.columns.setValue(columns)
        dialog.header.setChecked(header)
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, drive)
    fileactions.insert_table(window)


def _type_cells(window, qtbot, words: list[str]) -> None:
    """Type words into consecutive cells, pressing Tab between them."""
    for index, word in enumerate(words):
        if index:
            qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
        qtbot.keyClicks(window.editor, word)


def _cells(body: str) -> str:
    return body[body.index("<table>"):body.index("</table>") + len("</table>")]


def _table_3x2(window, sample_file, qtbot) -> None:
    window.open_path(sample_file)
    _insert_by_dialog(window, qtbot, 3, 2)
    _type_cells(window, qtbot, WORDS)
    window.control.flush()


def test_dialog_table_takes_tab_typed_cells(window, sample_file, qtbot):
    _table_3x2(window, sample_file, qtbot)
    body = first_section(sample_file).body
    assert _cells(body) == (
        "<table><tbody><tr><td>alpha</td><td>beta</td></tr><tr><td>gamma</td><td>delta</td>"
        "</tr><tr><td>epsilon</td><td>zeta</td></tr></tbody></table>")
    assert body.index("</table>") < body.index("The United Nations Office")


def test_table_in_editor_has_borders_and_starts_at_the_first_cell(window, sample_file, qtbot):
    window.open_path(sample_file)
    _insert_by_dialog(window, qtbot, 3, 2)
    cursor = window.editor.textCursor()
    table = cursor.currentTable()
    assert table is not None
    assert (table.rows(), table.columns()) == (3, 2)
    assert table.cellAt(cursor) == table.cellAt(0, 0)
    fmt = table.format()
    assert fmt.border() >= 1
    assert fmt.borderStyle() == QTextFrameFormat.BorderStyle.BorderStyle_Solid


def test_tab_in_last_cell_adds_a_row_and_shift_tab_goes_back(window, sample_file, qtbot):
    _table_3x2(window, sample_file, qtbot)
    qtbot.keyClick(window.editor, Qt.Key.Key_Tab)
    qtbot.keyClicks(window.editor, "eta")
    qtbot.keyClick(window.editor, Qt.Key.Key_Backtab)
    assert window.editor.textCursor().selectedText() == "zeta"
    qtbot.keyClicks(window.editor, "theta")
    window.control.flush()
    assert "<tr><td>epsilon</td><td>theta</td></tr><tr><td>eta</td><td></td></tr></tbody>" \
        in first_section(sample_file).body


def test_add_and_remove_rows_and_columns_change_the_stored_table(window, sample_file, qtbot):
    _table_3x2(window, sample_file, qtbot)
    editor = window.editor
    cursor = editor.document().find("gamma")
    editor.setTextCursor(cursor)
    editor.add_row()
    editor.add_column(left=True)
    window.control.flush()
    assert _cells(first_section(sample_file).body) == (
        "<table><tbody><tr><td></td><td>alpha</td><td>beta</td></tr>"
        "<tr><td></td><td>gamma</td><td>delta</td></tr><tr><td></td><td></td><td></td></tr>"
        "<tr><td></td><td>epsilon</td><td>zeta</td></tr></tbody></table>")
    editor.setTextCursor(editor.document().find("beta"))
    editor.remove_column()
    editor.setTextCursor(editor.document().find("alpha"))
    editor.remove_row()
    window.control.flush()
    assert _cells(first_section(sample_file).body) == (
        "<table><tbody><tr><td></td><td>gamma</td></tr><tr><td></td><td></td></tr>"
        "<tr><td></td><td>epsilon</td></tr></tbody></table>")


def test_header_row_from_the_dialog_and_the_context_menu(window, sample_file, qtbot):
    window.open_path(sample_file)
    _insert_by_dialog(window, qtbot, 2, 2, header=True)
    _type_cells(window, qtbot, ["Year", "People", "2025", "1200"])
    editor = window.editor
    editor.add_column()
    window.control.flush()
    assert _cells(first_section(sample_file).body) == (
        "<table><tbody><tr><th>Year</th><th>People</th><th></th></tr>"
        "<tr><td>2025</td><td>1200</td><td></td></tr></tbody></table>")
    menu = editor.context_menu(editor.cursorRect(editor.document().find("Year")).center())
    table_menu = next(a.menu() for a in menu.actions() if a.text() == "&Table")
    labels = [a.text().replace("&", "") for a in table_menu.actions()]
    assert labels == ["Insert Row Above", "Insert Row Below", "Insert Column Left",
                      "Insert Column Right", "Delete Row", "Delete Column", "Header Row"]
    table_menu.actions()[-1].trigger()
    window.control.flush()
    assert "<tr><td>Year</td>" in first_section(sample_file).body


def test_no_table_menu_outside_a_table(window, sample_file):
    window.open_path(sample_file)
    editor = window.editor
    editor.moveCursor(QTextCursor.MoveOperation.End)
    menu = editor.context_menu(editor.cursorRect().center())
    assert "&Table" not in [a.text() for a in menu.actions()]


def test_pdf_shows_every_cell_text(window, sample_file, qtbot, tmp_path):
    _table_3x2(window, sample_file, qtbot)
    with stored(sample_file) as rfile:
        document = rfile.documents()[0]
    out = tmp_path / "table.pdf"
    write_document_pdf(document, out)
    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0].extract_text()
    lines = page.splitlines()
    assert lines.index("alpha beta") < lines.index("gamma delta") < lines.index("epsilon zeta")
    assert lines.index("epsilon zeta") < next(
        i for i, line in enumerate(lines) if line.startswith("The United Nations Office"))
