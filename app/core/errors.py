"""Errors the core raises; each carries a one-line message fit for a user."""

from __future__ import annotations


class RapporteurError(Exception):
    """Base of every error a user may see; str() is one line."""


class BadFileError(RapporteurError):
    """The file is not a usable Rapporteur file (not SQLite, damaged, foreign, unsafe)."""


class NewerFileError(BadFileError):
    """The file was written by a newer Rapporteur."""


class ReadOnlyError(RapporteurError):
    """The file or its folder cannot be written."""


class NotFoundError(RapporteurError):
    """A document, section or revision id is not in the file."""


class ValidationError(RapporteurError):
    """Input (fields, JSON, Markdown) does not fit what the app accepts."""


class TemplateError(RapporteurError):
    """A template is missing or its manifest is malformed."""


class RenderError(RapporteurError):
    """HTML or PDF rendering failed."""
