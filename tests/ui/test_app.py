"""Application set-up: bundled fonts for the editor, the dark palette."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QPalette

from app.ui.app import dark_palette, load_fonts


def test_bundled_fonts_are_available_to_the_editor(qapp):
    load_fonts()
    assert "Liberation Serif" in QFontDatabase.families()


def test_dark_palette_is_dark(qapp):
    palette = dark_palette()
    assert palette.color(QPalette.ColorRole.Base).lightness() < 60
    assert palette.color(QPalette.ColorRole.Text).lightness() > 200
