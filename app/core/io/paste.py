"""Turn clipboard HTML (Word, LibreOffice, web pages) into the body subset."""

from __future__ import annotations

from app.core.sanitize import clean


def from_clipboard_html(html: str) -> str:
    """Return pasted HTML reduced to the body subset."""
    return clean(html)
