"""Menus, actions and keyboard shortcuts of the main window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QIcon, QKeySequence, QTextCharFormat
from PySide6.QtWidgets import QMenu

from app.ui.outline import STATUS_LABELS

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

Sup = QTextCharFormat.VerticalAlignment.AlignSuperScript
Sub = QTextCharFormat.VerticalAlignment.AlignSubScript


def build_menus(win: MainWindow) -> dict[str, QAction]:
    """Create the menu bar; return the actions by name."""
    from app.ui import fileactions

    actions: dict[str, QAction] = {}
    bar = win.menuBar()

    def add(menu: QMenu, name: str, text: str, slot: Callable[[], object],
            shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
            icon: str = "") -> QAction:
        action = QAction(QIcon.fromTheme(icon) if icon else QIcon(), text, win)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menu.addAction(action)
        actions[name] = action
        return action

    file = bar.addMenu("&File")
    add(file, "new", "&New from Template…", lambda: fileactions.new_from_template(win),
        QKeySequence.StandardKey.New, "document-new")
    add(file, "open", "&Open…", lambda: fileactions.open_file(win),
        QKeySequence.StandardKey.Open, "document-open")
    win.recent_menu = file.addMenu("Open &Recent")
    win.recent_menu.aboutToShow.connect(lambda: fileactions.fill_recent(win))
    file.addSeparator()
    add(file, "save_copy", "Save a &Copy As…", win.files.save_copy,
        QKeySequence.StandardKey.SaveAs, "document-save-as")
    add(file, "import", "&Import Markdown, JSON or .docx…",
        lambda: fileactions.import_into(win), "Ctrl+Shift+I")
    add(file, "merge", "&Merge a Colleague's Copy…", win.merges.merge_copy, "Ctrl+Shift+M")
    add(file, "add_template", "Add &Template Folder…",
        lambda: fileactions.add_template_folder(win))
    add(file, "export_pdf", "&Export PDF…", win.pdf.export_pdf, "Ctrl+E")
    add(file, "export_review", "Export &Review PDF (with Comments)…", win.pdf.export_review_pdf)
    file.addSeparator()
    add(file, "preferences", "Prefere&nces…", win.edit_preferences,
        QKeySequence.StandardKey.Preferences)
    add(file, "close", "&Close", win.close_file, QKeySequence.StandardKey.Close)
    add(file, "quit", "&Quit", win.close, QKeySequence.StandardKey.Quit, "application-exit")

    edit = bar.addMenu("&Edit")
    add(edit, "undo", "&Undo", lambda: _undo(win, redo=False), QKeySequence.StandardKey.Undo,
        "edit-undo")
    redo = add(edit, "redo", "&Redo", lambda: _undo(win, redo=True), None, "edit-redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit.addSeparator()
    add(edit, "cut", "Cu&t", win.editor.cut, QKeySequence.StandardKey.Cut, "edit-cut")
    add(edit, "copy", "&Copy", win.editor.copy, QKeySequence.StandardKey.Copy, "edit-copy")
    add(edit, "paste", "&Paste", win.editor.paste, QKeySequence.StandardKey.Paste, "edit-paste")
    edit.addSeparator()
    add(edit, "find", "&Find and Replace…", lambda: fileactions.find_replace(win),
        QKeySequence.StandardKey.Find, "edit-find")

    insert = bar.addMenu("&Insert")
    add(insert, "add_section", "&Section", win.nav.add_section, "Ctrl+Alt+N")
    add(insert, "add_subsection", "S&ubsection", lambda: win.nav.add_section(child=True),
        "Ctrl+Alt+Shift+N")
    add(insert, "delete_section", "&Delete Section", win.nav.delete_section)
    add(insert, "delete_document", "Delete D&ocument…", win.nav.delete_document)
    status = insert.addMenu("Section S&tatus")
    for code, label in STATUS_LABELS.items():
        add(status, f"status_{code}", label, lambda code=code: win.nav.set_status(code))
    insert.addSeparator()
    add(insert, "footnote", "&Footnote", win.editor.insert_new_footnote, "Ctrl+Alt+F")
    add(insert, "link", "&Link…", lambda: fileactions.insert_link(win), "Ctrl+K")
    add(insert, "table", "&Table…", lambda: fileactions.insert_table(win))
    table = insert.addMenu("T&able")
    for name, text, slot in (
            ("table_row_above", "Insert Row &Above", lambda: win.editor.add_row(above=True)),
            ("table_row_below", "Insert Row &Below", win.editor.add_row),
            ("table_column_left", "Insert Column &Left",
             lambda: win.editor.add_column(left=True)),
            ("table_column_right", "Insert Column &Right", win.editor.add_column),
            ("table_remove_row", "Delete R&ow", win.editor.remove_row),
            ("table_remove_column", "Delete Colu&mn", win.editor.remove_column),
            ("table_header", "&Header Row", win.editor.toggle_header_row)):
        add(table, name, text, slot)
    table.aboutToShow.connect(lambda: _enable_table_actions(win, actions))

    fmt = bar.addMenu("F&ormat")
    add(fmt, "bold", "&Bold", win.editor.toggle_bold, QKeySequence.StandardKey.Bold,
        "format-text-bold")
    add(fmt, "italic", "&Italic", win.editor.toggle_italic, QKeySequence.StandardKey.Italic,
        "format-text-italic")
    add(fmt, "underline", "&Underline", win.editor.toggle_underline,
        QKeySequence.StandardKey.Underline, "format-text-underline")
    add(fmt, "superscript", "Su&perscript", lambda: win.editor.toggle_script(Sup),
        "Ctrl+Shift+=")
    add(fmt, "subscript", "Subs&cript", lambda: win.editor.toggle_script(Sub), "Ctrl+=")
    fmt.addSeparator()
    add(fmt, "bullets", "&Bulleted List", lambda: win.editor.toggle_list(False))
    add(fmt, "numbers", "&Numbered List", lambda: win.editor.toggle_list(True))
    fmt.addSeparator()
    add(fmt, "body_text", "Body &Text", lambda: win.editor.set_heading(0), "Ctrl+0")
    for level in (3, 4, 5):
        add(fmt, f"heading{level}", f"Sub-heading &{level - 2}",
            lambda level=level: win.editor.set_heading(level), f"Ctrl+{level - 2}")
    fmt.addSeparator()
    language = fmt.addMenu("Paragraph &Language")
    for code, name, direction in (("ar", "Arabic (right to left)", "rtl"),
                                  ("zh", "Chinese", "ltr"), ("en", "English", "ltr"),
                                  ("fr", "French", "ltr"), ("ru", "Russian", "ltr"),
                                  ("es", "Spanish", "ltr")):
        add(language, f"lang_{code}", name,
            lambda code=code, direction=direction: win.editor.set_language(code, direction))

    view = bar.addMenu("&View")
    for name, text, widget in (("view_outline", "&Outline", win.outline),
                               ("view_properties", "&Properties and Preview", win.right)):
        action = add(view, name, text, lambda widget=widget: widget.setVisible(
            not widget.isVisible()))
        action.setCheckable(True)
        action.setChecked(True)

    help_ = bar.addMenu("&Help")
    add(help_, "shortcuts", "&Keyboard Shortcuts", lambda: fileactions.show_shortcuts(win),
        "F1")
    add(help_, "about", "&About Rapporteur", win.about)
    return actions


def _enable_table_actions(win: MainWindow, actions: dict[str, QAction]) -> None:
    """The table commands work only with the cursor in a table of an editable section."""
    usable = win.editor.textCursor().currentTable() is not None and not win.editor.isReadOnly()
    for name, action in actions.items():
        if name.startswith("table_"):
            action.setEnabled(usable)


def _undo(win: MainWindow, *, redo: bool) -> None:
    """Undo or redo whichever came last: typing in the editor, or a file-wide change."""
    doc = win.editor.document()
    text_can = doc.isRedoAvailable() if redo else doc.isUndoAvailable()
    text_last = win.control.last_typed >= win.last_command
    if win.editor.hasFocus() and text_can and (text_last or redo):
        (win.editor.redo if redo else win.editor.undo)()
        return
    (win.undo_stack.redo if redo else win.undo_stack.undo)()
