"""Spell checking as you type: red wavy underlines, and suggestions in the context menu.

The underlines are a QSyntaxHighlighter's: they live in each block layout's additional
formats, never in the document's own formats, so to_html() and saving never see them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import (
    QAction,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import QMenu, QTextEdit

from app.core.text.spelling import Speller, normalise
from app.ui.editor.formats import LANG

MAX_SUGGESTIONS = 6


class SpellHighlighter(QSyntaxHighlighter):
    """Underlines misspelled words in the language of each paragraph (or span)."""

    def __init__(self, document: QTextDocument, speller: Speller, default_language: str) -> None:
        super().__init__(document)
        self.speller = speller
        self.default_language = default_language
        self.enabled = True
        self.underline = QTextCharFormat()
        self.underline.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self.underline.setUnderlineColor(Qt.GlobalColor.red)
        self.rehighlight()  # now, quietly: Qt's own first pass would count as an edit

    def rehighlight(self) -> None:
        """Check the whole document again (without it counting as a change)."""
        with _quiet(self.document()):
            super().rehighlight()

    def rehighlightBlock(self, block: QTextBlock) -> None:
        """Check one paragraph again (without it counting as a change)."""
        with _quiet(self.document()):
            super().rehighlightBlock(block)

    def set_enabled(self, enabled: bool) -> None:
        """Show or hide the underlines."""
        if enabled != self.enabled:
            self.enabled = enabled
            self.rehighlight()

    def set_default_language(self, language: str) -> None:
        """Check paragraphs without a language of their own in language from now on."""
        if language != self.default_language:
            self.default_language = language
            self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        """Underline the misspelled words of the current block."""
        if not self.enabled:
            return
        for start, length, _language in self.misspelled(self.currentBlock()):
            self.setFormat(start, length, self.underline)

    def misspelled(self, block: QTextBlock) -> list[tuple[int, int, str]]:
        """Return (start, length, language) of each misspelled word in block."""
        text = block.text()
        found: list[tuple[int, int, str]] = []
        for start, end, language in language_runs(block, self.default_language):
            found.extend((start + s, n, language)
                         for s, n in self.speller.misspelled(text[start:end], language))
        return found

    def word_at(self, position: int) -> tuple[QTextCursor, str] | None:
        """Return a cursor selecting the misspelled word at position, and its language."""
        if not self.enabled:
            return None
        block = self.document().findBlock(position)
        offset = position - block.position()
        for start, length, language in self.misspelled(block):
            if start <= offset <= start + length:
                cursor = QTextCursor(block)
                cursor.setPosition(block.position() + start)
                cursor.setPosition(block.position() + start + length,
                                   QTextCursor.MoveMode.KeepAnchor)
                return cursor, language
        return None

    def rehighlight_word(self, word: str) -> None:
        """Check again the paragraphs that contain word (it was added or ignored)."""
        needle = normalise(word).casefold()
        block = self.document().begin()
        while block.isValid():
            if needle in normalise(block.text()).casefold():
                self.rehighlightBlock(block)
            block = block.next()


@contextmanager
def _quiet(doc: QTextDocument) -> Iterator[None]:
    """Keep a re-highlight from signalling a change or marking doc modified.

    QSyntaxHighlighter wraps a re-highlight in an edit block, so the document emits
    contentsChanged (autosave and preview would run) and may turn modified.
    """
    modified = doc.isModified()
    blocked = doc.blockSignals(True)
    try:
        yield
    finally:
        if not modified and doc.isModified():
            doc.setModified(False)
        doc.blockSignals(blocked)


def attach(doc: QTextDocument, speller: Speller, language: str) -> SpellHighlighter:
    """Spell-check doc as it is edited, in language by default; return its highlighter."""
    existing = highlighter_of(doc)
    if existing is not None:
        existing.speller = speller
        existing.set_default_language(language)
        return existing
    return SpellHighlighter(doc, speller, language)


def highlighter_of(doc: QTextDocument) -> SpellHighlighter | None:
    """Return the spell checker attached to doc, if any."""
    return doc.findChild(SpellHighlighter)


def language_runs(block: QTextBlock, default: str) -> list[tuple[int, int, str]]:
    """Return (start, end, language) runs of block: a span's lang, else its paragraph's."""
    base = block.blockFormat().stringProperty(LANG) or default
    runs: list[tuple[int, int, str]] = []
    for span in block.textFormats():
        language = span.format.stringProperty(LANG) or base
        if runs and runs[-1][2] == language:
            runs[-1] = (runs[-1][0], span.start + span.length, language)
        else:
            runs.append((span.start, span.start + span.length, language))
    return runs


def spelling_menu(editor: QTextEdit, pos: QPoint,
                  add_to_dictionary: Callable[[str], None] | None) -> QMenu:
    """Return editor's context menu for viewport point pos, led by spelling actions if due."""
    offset = QPoint(editor.horizontalScrollBar().value(), editor.verticalScrollBar().value())
    menu = editor.createStandardContextMenu(pos + offset)
    highlighter = highlighter_of(editor.document())
    if highlighter is None or editor.isReadOnly():
        return menu
    found = highlighter.word_at(editor.cursorForPosition(pos).position())
    if found is None:
        return menu
    selection, language = found
    word = selection.selectedText()
    actions = _suggestion_actions(menu, selection, language, highlighter.speller)
    add = QAction("Add to Dictionary", menu, enabled=add_to_dictionary is not None)
    add.triggered.connect(lambda: _accept(editor, highlighter.speller, word, add_to_dictionary))
    ignore = QAction("Ignore", menu)
    ignore.triggered.connect(lambda: _accept(editor, highlighter.speller, word, None))
    if menu.actions():
        first = menu.actions()[0]
        menu.insertActions(first, [*actions, add, ignore])
        menu.insertSeparator(first)
    else:
        menu.addActions([*actions, add, ignore])
        menu.addSeparator()
    return menu


def _suggestion_actions(menu: QMenu, selection: QTextCursor, language: str,
                        speller: Speller) -> list[QAction]:
    """Return one bold action per suggestion (or a disabled 'No Suggestions')."""
    suggestions = speller.suggestions(selection.selectedText(), language, MAX_SUGGESTIONS)
    if not suggestions:
        return [QAction("No Suggestions", menu, enabled=False)]
    bold = QFont(menu.font())
    bold.setBold(True)
    actions = []
    for suggestion in suggestions:
        action = QAction(suggestion, menu, font=bold)
        action.triggered.connect(lambda _=False, s=suggestion: replace_word(selection, s))
        actions.append(action)
    return actions


def replace_word(selection: QTextCursor, replacement: str) -> None:
    """Replace the selected word by replacement, as one undo step."""
    cursor = QTextCursor(selection)
    cursor.beginEditBlock()
    cursor.insertText(replacement)
    cursor.endEditBlock()


def _accept(editor: QTextEdit, speller: Speller, word: str,
            add_to_dictionary: Callable[[str], None] | None) -> None:
    """Accept word: add it to the dictionary (then add_to_dictionary keeps it) or ignore it."""
    if add_to_dictionary is None:
        speller.ignore(word)
    else:
        speller.add_word(word)
    highlighters = set(editor.findChildren(SpellHighlighter))
    current = highlighter_of(editor.document())
    if current is not None:
        highlighters.add(current)
    for highlighter in highlighters:
        highlighter.rehighlight_word(word)
    if add_to_dictionary is not None:
        add_to_dictionary(word)
