"""File, insert and help actions that need a dialog."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from app.core.document.templates import default_fields, list_templates
from app.core.errors import RapporteurError
from app.ui.background import in_thread
from app.ui.filecontrol import FILE_FILTER

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

SOURCE_FILTER = "Markdown, JSON or Word (*.md *.markdown *.json *.docx);;All files (*)"


def open_file(win: MainWindow) -> None:
    """Ask for a file and open it."""
    path = win.choose_open_path("Open", FILE_FILTER)
    if path is not None:
        win.open_path(path)


def fill_recent(win: MainWindow) -> None:
    """List the recently opened files."""
    menu = win.recent_menu
    menu.clear()
    for name in win.prefs.recent_files:
        action = menu.addAction(name)
        action.triggered.connect(lambda _c=False, name=name: win.open_path(Path(name)))
    if not win.prefs.recent_files:
        menu.addAction("(none)").setEnabled(False)


class NewDialog(QDialog):
    """Choose a template and a title for a new contribution."""

    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.setWindowTitle("New from Template")
        self.templates = QComboBox(self)
        for template in list_templates():
            self.templates.addItem(template.label, template.name)
        index = self.templates.findData(win.prefs.default_template)
        self.templates.setCurrentIndex(max(index, 0))
        self.title = QLineEdit(self)
        self.title.setPlaceholderText("Title of the contribution")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Template", self.templates)
        form.addRow("Title", self.title)
        form.addRow(buttons)


def new_from_template(win: MainWindow, template: str | None = None, title: str | None = None,
                      path: Path | None = None) -> bool:
    """Create a file with one document from a template and open it."""
    if template is None or title is None:
        dialog = NewDialog(win)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        template, title = dialog.templates.currentData(), dialog.title.text().strip()
    if path is None:
        path = win.choose_save_path("Create file", Path.home() / f"{title or 'Contribution'}"
                                    ".rapporteur", FILE_FILTER)
        if path is None:
            return False
    return create_document_file(win, path, template, title)


def create_document_file(win: MainWindow, path: Path, template: str, title: str) -> bool:
    """Write a new file holding one document with a first section, then open it."""
    from app.ui.session import Session

    if not win.close_file():
        return False
    try:
        author = win.files.author_name()
        if not author:
            return False
        Session.create_file(path, author=author, template=template, title=title,
                            fields=_defaults(win, template))
    except RapporteurError as exc:
        win.warn(f"The file could not be created.\n\n{exc}")
        return False
    return win.open_path(path)


def _defaults(win: MainWindow, template: str) -> dict[str, Any]:
    """Return a template's default fields, with the user's entity and page size."""
    from app.core.document.templates import load_template

    spec = load_template(template)
    fields = default_fields(spec)
    for name in ("author", "entity"):
        if spec.field(name) and win.prefs.entity:
            fields[name] = win.prefs.entity
    if spec.field("page_size") and win.prefs.default_page_size in spec.page_sizes:
        fields["page_size"] = win.prefs.default_page_size
    return fields


def import_into(win: MainWindow, source: Path | None = None) -> bool:
    """Import Markdown, JSON or .docx into the open file (parsed off the UI thread)."""
    if win.session is None or win.session.readonly:
        return False
    source = source or win.choose_open_path("Import", SOURCE_FILTER)
    if source is None:
        return False
    from app.core.io.importing import parse_source

    win.status.flash(f"Importing {source.name}…")
    in_thread(win, lambda: parse_source(source), lambda parsed: _imported(win, source, parsed))
    return True


def _imported(win: MainWindow, source: Path, parsed: object) -> None:
    """UI thread: write a parsed source into the open file and report."""
    try:
        if isinstance(parsed, RapporteurError):
            raise parsed
        if win.session is None or win.session.readonly:
            return
        win.control.flush()
        result = win.session.import_parsed(parsed)
    except RapporteurError as exc:
        win.warn(f"{source.name} could not be imported.\n\n{exc}")
        return
    message = f"Imported {source.name}: {result.summary.describe()}"
    if result.dropped:
        message += f" (removed: {', '.join(result.dropped)})"
    win.status.flash(message)
    win.imported.emit(message)




def add_template_folder(win: MainWindow, folder: Path | None = None) -> bool:
    """Copy a template folder the user chose into their templates (checked, sandboxed)."""
    import shutil

    from PySide6.QtWidgets import QFileDialog

    from app.core.document.templates import load_template, user_templates_dir

    if folder is None:
        chosen = QFileDialog.getExistingDirectory(win, "Add Template Folder")
        if not chosen:
            return False
        folder = Path(chosen)
    target = user_templates_dir() / folder.name
    if target.exists():
        win.warn(f"You already have a template called {folder.name}.")
        return False
    try:
        user_templates_dir().mkdir(parents=True, exist_ok=True)
        shutil.copytree(folder, target, symlinks=False)
        template = load_template(folder.name)
    except (OSError, RapporteurError) as exc:
        shutil.rmtree(target, ignore_errors=True)
        win.warn(f"{folder.name} is not a usable template.\n\n{exc}")
        return False
    if not template.user:
        shutil.rmtree(target, ignore_errors=True)
        win.warn(f"{folder.name} is the name of a bundled template: rename the folder.")
        return False
    win.status.flash(f"Template added: {template.label}")
    return True


def insert_link(win: MainWindow) -> None:
    """Ask for a URL and link the selection to it."""
    url, ok = QInputDialog.getText(win, "Insert Link", "Address (https://…):")
    if ok and url.strip():
        win.editor.insert_link(url.strip())


def insert_table(win: MainWindow) -> None:
    """Ask for rows, columns and a header row; insert the table with the cursor in it."""
    from app.ui.editor.tables import TableDialog

    if win.editor.textCursor().currentTable() is not None:
        win.status.flash("A table cannot go inside another table.")
        return
    dialog = TableDialog(win)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        win.editor.insert_table(*dialog.values())
        win.editor.setFocus()


def find_replace(win: MainWindow) -> None:
    """Open the window's one find and replace panel, searching for the selected words."""
    from app.ui.findreplace import FindReplaceDialog

    if win.session is None:
        return
    dialog = win.findChild(FindReplaceDialog)
    if dialog is None:
        dialog = FindReplaceDialog(win)
    selected = win.editor.textCursor().selectedText()
    if selected and "\u2029" not in selected:
        dialog.needle.setText(selected)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.needle.setFocus()
    dialog.needle.selectAll()


def show_shortcuts(win: MainWindow) -> None:
    """List the keyboard shortcuts."""
    rows = [f"<tr><td>{a.text().replace('&', '')}</td><td><b>{a.shortcut().toString()}</b>"
            "</td></tr>" for a in win.command_actions.values() if not a.shortcut().isEmpty()]
    QMessageBox.information(win, "Keyboard Shortcuts", f"<table>{''.join(rows)}</table>")
