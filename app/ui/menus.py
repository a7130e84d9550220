"""The menu bar, built from the command table in app.ui.actions; Undo's choice of stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar

from app.ui.actions import SEPARATOR, Command, commands

if TYPE_CHECKING:
    from app.ui.mainwindow import MainWindow


def build_menus(win: MainWindow) -> dict[str, QAction]:
    """Create the menu bar from the command table; return the actions by name."""
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    for command in commands():
        menu = _menu(win.menuBar(), menus, command.menu)
        if command.name == SEPARATOR:
            menu.addSeparator()
            continue
        if not command.text:
            continue  # a submenu filled when it opens
        actions[command.name] = _action(win, command)
        menu.addAction(actions[command.name])
    win.needs = {c.name: c.needs for c in commands() if c.needs}
    _wire_dynamic_menus(win, menus, actions)
    return actions


def _menu(bar: QMenuBar, menus: dict[str, QMenu], path: str) -> QMenu:
    """Return the menu at path ("&Insert/T&able"), creating it and its parents."""
    if path not in menus:
        parent, _, title = path.rpartition("/")
        menus[path] = (_menu(bar, menus, parent).addMenu(title) if parent
                       else bar.addMenu(title))
    return menus[path]


def _action(win: MainWindow, command: Command) -> QAction:
    """Return the QAction of one command."""
    action = QAction(QIcon.fromTheme(command.icon) if command.icon else QIcon(), command.text,
                     win)
    action.setShortcuts([QKeySequence(keys) for keys in command.keys])
    action.setCheckable(command.checkable and command.name.startswith("view_"))
    action.setChecked(action.isCheckable())
    action.triggered.connect(lambda _checked=False, run=command.run: run(win))
    return action


def _wire_dynamic_menus(win: MainWindow, menus: dict[str, QMenu],
                        actions: dict[str, QAction]) -> None:
    """Fill Open Recent when it opens; enable the table commands only inside a table."""
    from app.ui import fileactions

    win.recent_menu = menus["&File/Open &Recent"]
    win.recent_menu.aboutToShow.connect(lambda: fileactions.fill_recent(win))
    menus["&Insert/T&able"].aboutToShow.connect(lambda: _enable_table_actions(win, actions))


def _enable_table_actions(win: MainWindow, actions: dict[str, QAction]) -> None:
    """The table commands work only with the cursor in a table of an editable section."""
    usable = win.editor.textCursor().currentTable() is not None and not win.editor.isReadOnly()
    for name, action in actions.items():
        if name.startswith("table_"):
            action.setEnabled(usable)


def undo(win: MainWindow, *, redo: bool) -> None:
    """Undo or redo whichever came last: typing in the editor, or a file-wide change."""
    doc = win.editor.document()
    text_can = doc.isRedoAvailable() if redo else doc.isUndoAvailable()
    text_last = win.control.last_typed >= win.last_command
    if win.editor.hasFocus() and text_can and (text_last or redo):
        (win.editor.redo if redo else win.editor.undo)()
        return
    (win.undo_stack.redo if redo else win.undo_stack.undo)()
