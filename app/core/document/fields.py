"""What a user may store in a document's fields and a section's status, checked on the way in."""

from __future__ import annotations

from typing import Any

from app.core.document.model import STATUSES
from app.core.errors import ValidationError
from app.core.text.sanitize import strip_controls


def check_status(status: str) -> None:
    """Refuse a status outside the workflow."""
    if status not in STATUSES:
        raise ValidationError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")


def checked_fields(template_name: str, fields: dict[str, Any]) -> dict[str, Any]:
    """Validate fields against the template's manifest; return them unchanged."""
    from app.core.document.templates import load_template, validate_fields

    fields = {key: strip_value(value) for key, value in fields.items()}
    problems = validate_fields(load_template(template_name), fields)
    if problems:
        raise ValidationError(f"template {template_name}: {problems[0]}")
    return fields


def strip_value(value: Any) -> Any:
    """Remove control characters from a text or lines field value."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [strip_controls(v) if isinstance(v, str) else v for v in value]
    return value
