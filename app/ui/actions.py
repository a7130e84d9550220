"""Every command of the window in one table: its menu, keys, toolbar button and when it works."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from PySide6.QtGui import QKeySequence, QTextCharFormat

from app.ui.outline import STATUS_LABELS

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow

Keys = QKeySequence.StandardKey | str
Sup = QTextCharFormat.VerticalAlignment.AlignSuperScript
Sub = QTextCharFormat.VerticalAlignment.AlignSubScript
LANGUAGES = (("ar", "Arabic (right to left)", "rtl"), ("zh", "Chinese", "ltr"),
             ("en", "English", "ltr"), ("fr", "French", "ltr"), ("ru", "Russian", "ltr"),
             ("es", "Spanish", "ltr"))


@dataclass(frozen=True)
class Command:
    """One command: where it sits, what it runs, and when it can run."""

    name: str  # SEPARATOR for a line; "" (and no text) for a submenu filled when it opens
    menu: str  # a menu path: "&Insert/T&able"
    text: str = ""
    run: Callable[[MainWindow], object] = lambda win: None
    keys: tuple[Keys, ...] = ()
    icon: str = ""
    needs: str = ""  # "file" (an open file) or "writable" (one that can be written)
    tool: str = ""  # label of its toolbar button, if it has one
    tip: str = ""
    checkable: bool = False


SEPARATOR = "-"


def separator(menu: str) -> Command:
    """Return a separator line in a menu."""
    return Command(SEPARATOR, menu)


def _status(code: str) -> Callable[[MainWindow], object]:
    return lambda win: win.nav.set_status(code)


def _heading(level: int) -> Callable[[MainWindow], object]:
    return lambda win: win.editor.set_heading(level)


def _language(code: str, direction: str) -> Callable[[MainWindow], object]:
    return lambda win: win.editor.set_language(code, direction)


def _files() -> list[Command]:
    from app.ui import fileactions as fa
    from app.ui import wordactions as wa

    m = "&File"
    return [
        Command("new", m, "&New from Template…", fa.new_from_template,
                (QKeySequence.StandardKey.New,), "document-new"),
        Command("open", m, "&Open…", fa.open_file, (QKeySequence.StandardKey.Open,),
                "document-open"),
        Command("", m + "/Open &Recent"), separator(m),
        Command("save_copy", m, "Save a &Copy As…", lambda w: w.files.save_copy(),
                (QKeySequence.StandardKey.SaveAs,), "document-save-as", "file"),
        Command("import", m, "&Import Markdown, JSON or .docx…", fa.import_into,
                ("Ctrl+Shift+I",), needs="writable"),
        Command("merge", m, "&Merge a Colleague's Copy…", lambda w: w.merges.merge_copy(),
                ("Ctrl+Shift+M",), needs="writable"),
        Command("collect", m, "Co&llect Contributions…", lambda w: w.collector.collect(),
                needs="writable", tip="Bring in contributions from files or a folder"),
        Command("import_review", m, "Import Re&viewed Word File…",
                lambda w: wa.import_review(w), needs="writable",
                tip="Bring a reviewer's tracked changes and comments in as proposals"),
        Command("add_template", m, "Add &Template Folder…", fa.add_template_folder),
        Command("export_pdf", m, "&Export PDF…", lambda w: w.pdf.export_pdf(), ("Ctrl+E",),
                needs="file", tool="Export PDF", tip="Export the document as PDF (Ctrl+E)"),
        Command("export_review", m, "Export &Review PDF (with Comments)…",
                lambda w: w.pdf.export_review_pdf(), needs="file"),
        Command("export_archive", m, "Export for &Archive…", lambda w: w.pdf.export_archive(),
                needs="file", tip="A PDF/A-3b with a provenance manifest inside, for "
                "`rapporteur verify`"),
        Command("export_word", m, "Export &Word…", lambda w: wa.export_word(w), needs="file",
                tip="Export the document as a Word file with real footnotes"),
        Command("export_compendium", m, "Export &Compendium…",
                lambda w: w.pdf.export_compendium(), needs="file",
                tip="Every contribution of the file in one PDF, with a cover and contents"),
        separator(m),
        Command("preferences", m, "Prefere&nces…", lambda w: w.edit_preferences(),
                (QKeySequence.StandardKey.Preferences,)),
        Command("close", m, "&Close", lambda w: w.close_file(),
                (QKeySequence.StandardKey.Close,), needs="file"),
        Command("quit", m, "&Quit", lambda w: w.close(), (QKeySequence.StandardKey.Quit,),
                "application-exit"),
    ]


def _editing() -> list[Command]:
    from app.ui import fileactions as fa
    from app.ui.menus import undo

    m = "&Edit"
    return [
        Command("undo", m, "&Undo", lambda w: undo(w, redo=False),
                (QKeySequence.StandardKey.Undo,), "edit-undo", tool="↶", tip="Undo"),
        Command("redo", m, "&Redo", lambda w: undo(w, redo=True), ("Ctrl+Shift+Z", "Ctrl+Y"),
                "edit-redo", tool="↷", tip="Redo"),
        separator(m),
        Command("cut", m, "Cu&t", lambda w: w.editor.cut(), (QKeySequence.StandardKey.Cut,),
                "edit-cut"),
        Command("copy", m, "&Copy", lambda w: w.editor.copy(),
                (QKeySequence.StandardKey.Copy,), "edit-copy"),
        Command("paste", m, "&Paste", lambda w: w.editor.paste(),
                (QKeySequence.StandardKey.Paste,), "edit-paste"),
        separator(m),
        Command("find", m, "&Find and Replace…", fa.find_replace,
                (QKeySequence.StandardKey.Find,), "edit-find", "file"),
    ]


def _inserting() -> list[Command]:
    from app.ui import fileactions as fa

    m, table = "&Insert", "&Insert/T&able"
    status = [Command(f"status_{code}", m + "/Section S&tatus", label, _status(code),
                      needs="writable") for code, label in STATUS_LABELS.items()]
    cells = [Command(name, table, text, run, needs="writable") for name, text, run in (
        ("table_row_above", "Insert Row &Above", lambda w: w.editor.add_row(above=True)),
        ("table_row_below", "Insert Row &Below", lambda w: w.editor.add_row()),
        ("table_column_left", "Insert Column &Left", lambda w: w.editor.add_column(left=True)),
        ("table_column_right", "Insert Column &Right", lambda w: w.editor.add_column()),
        ("table_remove_row", "Delete R&ow", lambda w: w.editor.remove_row()),
        ("table_remove_column", "Delete Colu&mn", lambda w: w.editor.remove_column()),
        ("table_header", "&Header Row", lambda w: w.editor.toggle_header_row()))]
    return [
        Command("add_section", m, "&Section", lambda w: w.nav.add_section(), ("Ctrl+Alt+N",),
                needs="writable", tool="+ Section",
                tip="Add a section after this one (Ctrl+Alt+N)"),
        Command("add_subsection", m, "S&ubsection", lambda w: w.nav.add_section(child=True),
                ("Ctrl+Alt+Shift+N",), needs="writable"),
        Command("delete_section", m, "&Delete Section", lambda w: w.nav.delete_section(),
                needs="writable"),
        Command("delete_document", m, "Delete D&ocument…", lambda w: w.nav.delete_document(),
                needs="writable"),
        *status, separator(m),
        Command("footnote", m, "&Footnote", lambda w: w.editor.insert_new_footnote(),
                ("Ctrl+Alt+F",), needs="writable", tool="¹ Note",
                tip="Insert footnote (Ctrl+Alt+F)"),
        Command("link", m, "&Link…", fa.insert_link, ("Ctrl+K",), needs="writable"),
        Command("table", m, "&Table…", fa.insert_table, needs="writable"),
        *cells,
    ]


def _formatting() -> list[Command]:
    m = "F&ormat"
    levels = [Command(f"heading{level}", m, f"Sub-heading &{level - 2}", _heading(level),
                      (f"Ctrl+{level - 2}",)) for level in (3, 4, 5)]
    languages = [Command(f"lang_{code}", m + "/Paragraph &Language", name,
                         _language(code, way)) for code, name, way in LANGUAGES]
    return [
        Command("bold", m, "&Bold", lambda w: w.editor.toggle_bold(),
                (QKeySequence.StandardKey.Bold,), "format-text-bold", tool="B",
                tip="Bold (Ctrl+B)", checkable=True),
        Command("italic", m, "&Italic", lambda w: w.editor.toggle_italic(),
                (QKeySequence.StandardKey.Italic,), "format-text-italic", tool="I",
                tip="Italic (Ctrl+I)", checkable=True),
        Command("underline", m, "&Underline", lambda w: w.editor.toggle_underline(),
                (QKeySequence.StandardKey.Underline,), "format-text-underline", tool="U",
                tip="Underline (Ctrl+U)", checkable=True),
        Command("superscript", m, "Su&perscript", lambda w: w.editor.toggle_script(Sup),
                ("Ctrl+Shift+=",), tool="x²", tip="Superscript (Ctrl+Shift+=)",
                checkable=True),
        Command("subscript", m, "Subs&cript", lambda w: w.editor.toggle_script(Sub),
                ("Ctrl+=",), tool="x₂", tip="Subscript (Ctrl+=)", checkable=True),
        separator(m),
        Command("bullets", m, "&Bulleted List", lambda w: w.editor.toggle_list(False),
                tool="•", tip="Bulleted list"),
        Command("numbers", m, "&Numbered List", lambda w: w.editor.toggle_list(True),
                tool="1.", tip="Numbered list"),
        separator(m),
        Command("body_text", m, "Body &Text", lambda w: w.editor.set_heading(0), ("Ctrl+0",)),
        *levels, separator(m), *languages,
    ]


def _viewing() -> list[Command]:
    from app.ui import fileactions as fa

    return [
        Command("view_outline", "&View", "&Outline",
                lambda w: w.outline.setVisible(not w.outline.isVisible()), checkable=True),
        Command("view_properties", "&View", "&Properties and Preview",
                lambda w: w.right.setVisible(not w.right.isVisible()), checkable=True),
        Command("shortcuts", "&Help", "&Keyboard Shortcuts", fa.show_shortcuts, ("F1",)),
        Command("about", "&Help", "&About Rapporteur", lambda w: w.about()),
    ]


# Commands that change the editor's text: they do nothing while it shows no section.
EDITS_TEXT = frozenset({"cut", "paste", "footnote", "link", "table", "bold", "italic",
                        "underline", "superscript", "subscript", "bullets", "numbers",
                        "body_text"})


def _edits_text(command: Command) -> bool:
    return command.name in EDITS_TEXT or command.name.startswith(("table_", "heading", "lang_"))


def _only_in_a_section(run: Callable[[MainWindow], object]) -> Callable[[MainWindow], object]:
    """Return run guarded: a read-only editor (no section, or a read-only file) is left as is."""
    def guarded(win: MainWindow) -> object:
        if win.editor.isReadOnly():
            win.status.flash("Select a section in the outline to write in it.")
            return None
        return run(win)
    return guarded


def commands() -> list[Command]:
    """Return every command, in menu order."""
    table = [*_files(), *_editing(), *_inserting(), *_formatting(), *_viewing()]
    return [replace(c, run=_only_in_a_section(c.run)) if _edits_text(c) else c for c in table]


# The toolbar's buttons, in order ("" is a separator); labels and tips are in the table.
TOOLBAR = ("undo", "redo", "", "bold", "italic", "underline", "superscript", "subscript", "",
           "bullets", "numbers", "footnote", "", "add_section", "export_pdf")
