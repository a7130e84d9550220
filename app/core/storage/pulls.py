"""Rows of the `pulls` table: paragraphs of report sections drawn from contributions."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from app.core.storage.repo import Repo

_COLUMNS = ("id", "section_id", "source_document_id", "source_section_id", "paragraph",
            "source_revision_id", "source_text", "pulled_text", "author", "created")


@dataclass(frozen=True)
class PullRow:
    """One pulled paragraph: where it went, where it came from and its text at the time."""

    id: str
    section_id: str
    source_document_id: str
    source_section_id: str
    paragraph: int
    source_revision_id: str | None
    source_text: str
    pulled_text: str
    author: str
    created: str


def insert_pull(repo: Repo, row: PullRow) -> None:
    """Store one pull."""
    repo.db.table("pulls").insert(asdict(row))


def pull_rows(repo: Repo) -> list[PullRow]:
    """Return every pull, oldest first."""
    rows = repo.db.execute(f"SELECT {', '.join(_COLUMNS)} FROM pulls ORDER BY created, rowid")
    return [_row(values) for values in rows.fetchall()]


def _row(values: Any) -> PullRow:
    """Build a PullRow from a row in _COLUMNS order."""
    data = dict(zip(_COLUMNS, values, strict=True))
    return PullRow(
        id=str(data["id"]), section_id=str(data["section_id"]),
        source_document_id=str(data["source_document_id"]),
        source_section_id=str(data["source_section_id"]), paragraph=int(data["paragraph"]),
        source_revision_id=data["source_revision_id"], source_text=str(data["source_text"]),
        pulled_text=str(data["pulled_text"]), author=str(data["author"]),
        created=str(data["created"]),
    )
