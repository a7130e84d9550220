"""Keeps the editor and the file in step: which section is shown, and autosave."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QTextCursor, QTextDocument

from app.core.text.spelling import Speller
from app.ui.editor.convert import to_html
from app.ui.editor.direction import set_default_direction
from app.ui.editor.editor import SectionEditor, new_document
from app.ui.editor.footnotes import footnote_positions
from app.ui.editor.spellcheck import attach
from app.ui.session import Session

NO_FILE = "Open or create a file to start writing."
NO_SECTION = "Select a section in the outline to write."
SAVE_IDLE_MS = 1000  # save this long after typing stops
SAVE_MAX_AGE_S = 1.5  # while typing on, never hold unsaved text longer than this
PREVIEW_IDLE_MS = 10  # every render still running is cancelled, so this only merges bursts


class EditorControl(QObject):
    """Shows one section at a time and autosaves every change within two seconds."""

    section_shown = Signal(str)
    released = Signal(str)  # the message the read-only editor shows
    text_changed = Signal()
    saved = Signal()
    preview_due = Signal()

    def __init__(self, editor: SectionEditor, session: Callable[[], Session | None]) -> None:
        super().__init__(editor)
        self.editor = editor
        self.session = session
        self.section_id: str | None = None
        self.paused = False  # writing is paused (a merge is running): sections show read-only
        self.speller: Speller | None = None
        self.documents: dict[str, QTextDocument] = {}
        self.saved_bodies: dict[str, str] = {}
        self.dirty_since: float | None = None
        self.last_typed = 0.0  # monotonic time of the latest edit in the editor
        self.save_timer = QTimer(self, singleShot=True, interval=SAVE_IDLE_MS)
        self.save_timer.timeout.connect(self.flush)
        self.preview_timer = QTimer(self, singleShot=True, interval=PREVIEW_IDLE_MS)
        self.preview_timer.timeout.connect(self.preview_due.emit)
        self.placeholder = QTextDocument(self)

    def reset(self, message: str = NO_FILE) -> None:
        """Forget every cached section (a file was closed or opened, or changed outside)."""
        self.save_timer.stop()
        self.preview_timer.stop()
        self.release(message)
        for doc in self.documents.values():
            doc.deleteLater()
        self.documents, self.saved_bodies, self.dirty_since = {}, {}, None

    def release(self, message: str = NO_SECTION) -> None:
        """Show a read-only message instead of a section: typing then goes nowhere."""
        self.section_id = None
        self.placeholder.setPlainText(message)
        self.editor.setDocument(self.placeholder)
        self.editor.setReadOnly(True)
        self.released.emit(message)

    def show_section(self, section_id: str) -> None:
        """Show a section in the editor with the cursor at its start."""
        if section_id == self.section_id:
            return
        self.flush()
        session = self.session()
        if session is None:
            return
        section = session.section(section_id)
        doc = self.documents.get(section_id)
        if doc is None:
            doc = new_document(self.editor, section.body, self.editor.marker)
            language = session.document(section.document_id).language
            set_default_direction(doc, language)
            if self.speller is not None:
                attach(doc, self.speller, language)
            doc.contentsChanged.connect(self._changed)
            self.documents[section_id] = doc
            self.saved_bodies[section_id] = to_html(doc)
        self.section_id = section_id
        self.editor.marker.offset = self._notes_before(section.document_id, section_id)
        self.editor.setDocument(doc)
        self.editor.setReadOnly(session.readonly or self.paused)
        self.editor.moveCursor(QTextCursor.MoveOperation.Start)
        self.section_shown.emit(section_id)

    def current_body(self) -> str | None:
        """Return the shown section's body as it is in the editor now."""
        if self.section_id is None:
            return None
        return to_html(self.documents[self.section_id])

    def _notes_before(self, document_id: str, section_id: str) -> int:
        """Count the footnotes before the section, the title's included (for numbering)."""
        session = self.session()
        if session is None:
            return 0
        document = session.document(document_id)
        count = 1 if document.fields.get("title_footnote") else 0
        for sec in document.all_sections():
            if sec.id == section_id:
                break
            doc = self.documents.get(sec.id)
            count += (len(footnote_positions(doc)) if doc is not None
                      else sec.body.count('<span class="footnote">'))
        return count

    def _changed(self) -> None:
        """Schedule a save and a preview; save at once if text has waited too long."""
        session = self.session()
        if session is None or session.readonly:
            return
        now = self.last_typed = time.monotonic()
        if self.dirty_since is None:
            self.dirty_since = now
        self.text_changed.emit()
        self.preview_timer.start()
        if now - self.dirty_since >= SAVE_MAX_AGE_S:
            self.flush()
        else:
            self.save_timer.start()

    def flush(self) -> bool:
        """Write every changed section to the file now; return False if a save failed."""
        self.save_timer.stop()
        session = self.session()
        if session is None or session.readonly:
            return True
        ok = True
        for section_id, doc in self.documents.items():
            if not doc.isModified():
                continue
            body = to_html(doc)
            if body == self.saved_bodies.get(section_id):
                doc.setModified(False)
                continue
            if session.save_body(section_id, body):
                self.saved_bodies[section_id] = body
                doc.setModified(False)
            else:
                ok = False
        if ok:
            self.dirty_since = None
            self.saved.emit()
        return ok

    def unsaved(self) -> dict[str, str]:
        """Return the bodies the editor holds that are not in the file yet."""
        out = {}
        for section_id, doc in self.documents.items():
            body = to_html(doc)
            if doc.isModified() and body != self.saved_bodies.get(section_id):
                out[section_id] = body
        return out

    def drop(self, section_id: str) -> None:
        """Forget a section that was deleted."""
        if section_id == self.section_id:
            self.release()
        doc = self.documents.pop(section_id, None)
        self.saved_bodies.pop(section_id, None)
        if doc is not None:
            doc.deleteLater()
