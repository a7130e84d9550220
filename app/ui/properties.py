"""The document's properties: title, language and the template's fields, validated as typed."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.core.document.model import Document
from app.core.document.templates import FieldSpec, Template, load_template

LANGUAGES = (("ar", "عربي"), ("zh", "中文"), ("en", "English"), ("fr", "Français"),
             ("ru", "Русский"), ("es", "Español"))
INVALID_STYLE = "border: 1px solid #c0392b;"


class PropertiesPanel(QWidget):
    """A form generated from the template manifest; emits valid changes only."""

    changed = Signal(str, dict)  # title, fields
    language_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.template: Template | None = None
        self.document_id: str | None = None
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, str] = {}
        self.title: QLineEdit | None = None
        self.language: QComboBox | None = None
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self._timer = QTimer(self, singleShot=True, interval=500)
        self._timer.timeout.connect(self._emit)
        self._loading = False

    def show_document(self, doc: Document | None, *, readonly: bool = False) -> None:
        """Rebuild the form for a document (or clear it)."""
        self._loading = True
        while self.form.rowCount():
            self.form.removeRow(0)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c0392b;")
        self.editors, self.errors = {}, {}
        self.document_id = doc.id if doc else None
        if doc is None:
            self._loading = False
            return
        self.template = load_template(doc.template)
        self.title = QLineEdit(doc.title, self)
        self.title.setCursorPosition(0)  # show a long title from its start
        self.title.textChanged.connect(self._edited)
        self.form.addRow("Title", self.title)
        self.form.addRow("Template", QLabel(self.template.label, self))
        self.language = QComboBox(self)
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        index = self.language.findData(doc.language.split("-")[0])
        self.language.setCurrentIndex(index if index >= 0 else 2)
        self.language.currentIndexChanged.connect(self._language_chosen)
        self.form.addRow("Language", self.language)
        for spec in self.template.fields:
            editor = self._editor(spec, doc.fields.get(spec.name, spec.default))
            self.editors[spec.name] = editor
            label = spec.label + (" *" if spec.required else "")
            self.form.addRow(label, editor)
        self.form.addRow(self.message)
        for widget in (self.title, self.language, *self.editors.values()):
            widget.setEnabled(not readonly)
        self._loading = False
        self._validate()

    def _language_chosen(self, _index: int) -> None:
        """Announce a new document language."""
        if not self._loading and self.language is not None:
            self.language_changed.emit(self.language.currentData())

    def _editor(self, spec: FieldSpec, value: Any) -> QWidget:
        """Return the input widget for one field."""
        if spec.type == "lines":
            box = QPlainTextEdit("\n".join(value or []), self)
            box.setFixedHeight(70)
            box.textChanged.connect(self._edited)
            widget: QWidget = box
        elif spec.type == "choice":
            combo = QComboBox(self)
            combo.addItems(list(spec.choices))
            combo.setCurrentText(str(value or spec.default or ""))
            combo.currentTextChanged.connect(self._edited)
            widget = combo
        else:
            line = QLineEdit(str(value or ""), self)
            line.setCursorPosition(0)
            line.textChanged.connect(self._edited)
            widget = line
        widget.setToolTip(spec.help)
        widget.setObjectName(f"field_{spec.name}")
        return widget

    def values(self) -> dict[str, Any]:
        """Return the fields as typed (empty ones left out)."""
        out: dict[str, Any] = {}
        for name, widget in self.editors.items():
            if isinstance(widget, QPlainTextEdit):
                lines = [line.strip() for line in widget.toPlainText().splitlines()]
                value: Any = [line for line in lines if line]
            elif isinstance(widget, QComboBox):
                value = widget.currentText()
            else:
                assert isinstance(widget, QLineEdit)  # the one other editor _editor makes
                value = widget.text().strip()
            if value:
                out[name] = value
        return out

    def _edited(self, *_args: object) -> None:
        """Validate now; emit the change when typing pauses."""
        if self._loading:
            return
        self._validate()
        self._timer.start()

    def _validate(self) -> None:
        """Mark invalid fields and say why."""
        assert self.template is not None
        self.errors = {}
        values = self.values()
        for spec in self.template.fields:
            widget = self.editors[spec.name]
            value = values.get(spec.name)
            problem = ""
            if spec.required and not value:
                problem = f"{spec.label} is required"
            elif spec.pattern and isinstance(value, str) and not re.fullmatch(spec.pattern, value):
                problem = f"{spec.label}: “{value}” is not in the expected form ({spec.help})"
            widget.setStyleSheet(INVALID_STYLE if problem else "")
            if problem:
                self.errors[spec.name] = problem
        self.message.setText("\n".join(self.errors.values()))

    def _emit(self) -> None:
        """Send the title and the fields that can be stored (patterns satisfied)."""
        assert self.template is not None
        values = self.values()
        storable = {k: v for k, v in values.items()
                    if not (k in self.errors and "expected form" in self.errors[k])}
        self.changed.emit(self.title.text() if self.title else "", storable)

    def refresh(self, doc: Document, *, readonly: bool = False) -> None:
        """Show a document's stored values again, unless the user is typing in the panel."""
        focus = QApplication.focusWidget()
        if self._timer.isActive() or (focus is not None and self.isAncestorOf(focus)):
            return
        self.show_document(doc, readonly=readonly)

    def focus_field(self, name: str) -> None:
        """Put the cursor in a field's input ("title" for the title)."""
        widget = self.title if name == "title" else self.editors.get(name)
        if widget is not None:
            widget.setFocus()

    def flush(self) -> None:
        """Emit a pending change at once."""
        if self._timer.isActive():
            self._timer.stop()
            self._emit()

