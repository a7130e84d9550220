"""Time stamps: ISO 8601 in UTC, and an injectable clock for tests."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """Return the current moment in UTC."""
    return datetime.now(UTC)


def iso(moment: datetime) -> str:
    """Format a moment as ISO 8601 UTC, e.g. 2026-11-27T10:00:00.000000Z."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds") + "Z"


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 time as an aware UTC datetime (naive means UTC)."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def is_iso(text: object) -> bool:
    """Return whether text is an ISO 8601 time."""
    if not isinstance(text, str):
        return False
    try:
        parse_iso(text)
    except ValueError:
        return False
    return True
