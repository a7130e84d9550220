"""Where a .docx came from: the custom properties Rapporteur's export writes."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import Any

from app.core.document.model import Document
from app.core.errors import RapporteurError
from app.core.io.docxparts import read_custom_properties

PREFIX = "rapporteur."
TITLE_NOTE_FIELD = "title_footnote"


@dataclass(frozen=True)
class Origin:
    """The Rapporteur properties of a .docx (empty for a file made elsewhere)."""

    props: dict[str, str] = field(default_factory=dict)

    @property
    def ours(self) -> bool:
        """Return whether Rapporteur exported the file."""
        return bool(self.document_id)

    @property
    def document_id(self) -> str:
        """Return the id of the exported document, or ''."""
        return self.props.get(f"{PREFIX}document_id", "")

    @property
    def title(self) -> str:
        """Return the exported document's title, or ''."""
        return self.props.get(f"{PREFIX}title", "")

    @property
    def revisions(self) -> list[str]:
        """Return the exported revision ids (document first, then sections)."""
        return [r for r in self.props.get(f"{PREFIX}revisions", "").split(",") if r]

    def document_args(self) -> dict[str, Any]:
        """Return the template, language and fields to give the imported document."""
        if not self.ours:
            return {}
        from app.core.document.templates import load_template

        args: dict[str, Any] = {}
        try:
            load_template(self.props.get(f"{PREFIX}template", ""))
            args["template"] = self.props[f"{PREFIX}template"]
            fields = json.loads(self.props.get(f"{PREFIX}fields", "{}"))
            args["fields"] = fields if isinstance(fields, dict) else {}
        except (RapporteurError, KeyError, ValueError, RecursionError):
            args = {}
        language = self.props.get(f"{PREFIX}language", "")
        if language and len(language) <= 35:
            args["language"] = language
        return args

    def title_note_field(self, document: Document) -> bool:
        """Return whether the document's template keeps the title's footnote in a field."""
        from app.core.document.templates import load_template

        try:
            return load_template(document.template).field(TITLE_NOTE_FIELD) is not None
        except RapporteurError:
            return False


def read_origin(data: bytes) -> Origin:
    """Return the Rapporteur properties of a vetted .docx."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("docProps/custom.xml")
    except KeyError:
        return Origin()
    props = read_custom_properties(xml)
    return Origin({k: v for k, v in props.items() if k.startswith(PREFIX)})
