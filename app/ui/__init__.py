"""The PySide6 desktop editor, built on app.core services only."""
