"""Preferences: author name and entity, default template and page size."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.core import preferences
from app.core.document.templates import list_templates


class PreferencesDialog(QDialog):
    """Edit the user's preferences; save() stores them in the config folder."""

    def __init__(self, prefs: preferences.Preferences, parent: QWidget | None = None,
                 *, welcome: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Rapporteur" if welcome else "Preferences")
        self.prefs = prefs
        self.author = QLineEdit(prefs.author, self)
        self.author.setPlaceholderText("Your name, stamped on revisions and comments")
        self.entity = QLineEdit(prefs.entity, self)
        self.entity.setPlaceholderText("e.g. United Nations Office for Coastal Resilience")
        self.template = QComboBox(self)
        for template in list_templates():
            self.template.addItem(template.label, template.name)
        self.template.setCurrentIndex(max(0, self.template.findData(prefs.default_template)))
        self.page_size = QComboBox(self)
        self.page_size.addItems(["Letter", "A4"])
        self.page_size.setCurrentText(prefs.default_page_size)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form = QFormLayout(self)
        if welcome:
            intro = QLabel("Who are you? Your name and entity are stamped on every change "
                           "and comment you make, so colleagues can tell who wrote what. "
                           "You can change them later in Preferences.", self)
            intro.setWordWrap(True)
            form.addRow(intro)
            self.author.textChanged.connect(
                lambda text: self.ok.setEnabled(bool(text.strip())))
            self.ok.setEnabled(bool(prefs.author.strip()))
        form.addRow("Author name", self.author)
        form.addRow("Entity", self.entity)
        form.addRow("Default template", self.template)
        form.addRow("Default page size", self.page_size)
        form.addRow(buttons)

    def apply(self) -> preferences.Preferences:
        """Copy the form into the preferences and save them."""
        self.prefs.author = self.author.text().strip()
        self.prefs.entity = self.entity.text().strip()
        self.prefs.default_template = self.template.currentData()
        self.prefs.default_page_size = self.page_size.currentText()
        preferences.save(self.prefs)
        return self.prefs
