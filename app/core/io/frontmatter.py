"""YAML front matter: read it into plain values, write it so it reads back the same."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from app.core.document.model import Document
from app.core.errors import ValidationError

_FENCE_LIKE = re.compile(r"^(?:\s*-{3,}|\.\.\.)\s*$", re.MULTILINE)


class _NoAliasLoader(yaml.SafeLoader):
    """A safe loader that refuses aliases: front matter never needs them, bombs do."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        """Refuse an alias (*name) before it can be expanded."""
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(None, None, "aliases are not allowed",
                                              event.start_mark)
        return super().compose_node(parent, index)


def _safe_load(text: str) -> Any:
    """Parse YAML safely, without aliases."""
    return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass


def load_front_matter(text: str) -> dict[str, Any]:
    """Parse front matter text; it must be a YAML mapping (or empty)."""
    try:
        data = _safe_load(text)
    except yaml.YAMLError as exc:
        raise ValidationError(f"The front matter is not valid YAML: {_describe(exc)}.") from exc
    except RecursionError as exc:
        raise ValidationError("The front matter is nested too deeply to read.") from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValidationError("The front matter must be a mapping of names to values.")
    return {str(key): _plain(value) for key, value in data.items()}


def _describe(exc: yaml.YAMLError) -> str:
    """Return a one-line description of a YAML error."""
    problem = getattr(exc, "problem", None) or "unreadable"
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1})" if mark is not None else ""
    return " ".join(f"{problem}{where}".split())


def _plain(value: Any) -> Any:
    """Return value as JSON-ready data: dates become ISO strings, keys become text."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    kind = type(value).__name__
    raise ValidationError(f"The front matter holds a value of an unsupported kind: {kind}.")


def dump_front_matter(document: Document) -> str:
    """Return the document's title, template, language and fields as a front matter block."""
    data: dict[str, Any] = {
        "title": document.title,
        "template": document.template,
        "language": document.language,
    }
    data.update((k, v) for k, v in document.fields.items() if k not in data)
    text = _dump(data, None)
    if _FENCE_LIKE.search(text) or _reload(text) != data:
        text = _dump(data, '"')
    return f"---\n{text}---"


def _dump(data: dict[str, Any], style: str | None) -> str:
    """Return data as YAML in block style, quoting scalars with style if given."""
    try:
        return yaml.safe_dump(
            data, allow_unicode=True, sort_keys=False, width=4096, default_style=style
        )
    except yaml.YAMLError as exc:
        raise ValidationError(f"A field cannot be written as YAML: {exc}".splitlines()[0]) from exc


def _reload(text: str) -> Any:
    """Return text read back as YAML, or None if it does not read."""
    try:
        return _safe_load(text)
    except yaml.YAMLError:
        return None
