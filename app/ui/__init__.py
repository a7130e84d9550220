"""The PySide6 desktop editor, built on app.core services only."""

from app.ui.refcounts import pin_singletons

pin_singletons()
