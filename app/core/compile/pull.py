"""Pull paragraphs of a contribution into a report section, keeping a link to the source.

A paragraph is a top-level <p> of a body (the numbered paragraphs of a contribution).
The pulled copy carries data-pull="<pull id>", which the sanitiser, the editor and
merges keep, so the link survives edits of its text; the `pulls` row keeps the source
(document, section, paragraph, revision) and the text at the time.
"""

from __future__ import annotations

import re

from app.core import clock
from app.core.compile.contributions import is_report
from app.core.document.service import RapporteurFile, new_id
from app.core.errors import ValidationError
from app.core.sharing.threeway import paragraphs
from app.core.storage.pulls import PullRow, insert_pull
from app.core.text.sanitize import PULL_ATTRIBUTE, clean

_OPENING = re.compile(r"<p\b[^>]*>")
_ANCHOR = re.compile(rf' {PULL_ATTRIBUTE}="([^"]*)"')


def body_paragraphs(body: str) -> list[str]:
    """Return the top-level <p> blocks of a body, in order."""
    return [block for block in paragraphs(body) if _OPENING.match(block)]


def anchor_of(paragraph: str) -> str | None:
    """Return the pull id a paragraph carries, or None."""
    opening = _OPENING.match(paragraph)
    found = _ANCHOR.search(opening.group(0)) if opening else None
    return found.group(1) if found else None


def without_anchor(paragraph: str) -> str:
    """Return a paragraph without its pull anchor."""
    opening = _OPENING.match(paragraph)
    if opening is None:
        return paragraph
    return _ANCHOR.sub("", opening.group(0), count=1) + paragraph[opening.end():]


def with_anchor(paragraph: str, pull_id: str) -> str:
    """Return a paragraph carrying the pull anchor pull_id (and no other)."""
    plain = without_anchor(paragraph)
    return f'<p {PULL_ATTRIBUTE}="{pull_id}"{plain[2:]}'


def anchored(body: str) -> dict[str, tuple[int, str]]:
    """Return, per pull id in a body, its paragraph number (1-based) and unanchored text."""
    found: dict[str, tuple[int, str]] = {}
    for number, paragraph in enumerate(body_paragraphs(body), start=1):
        pull_id = anchor_of(paragraph)
        if pull_id and pull_id not in found:
            found[pull_id] = (number, without_anchor(paragraph))
    return found


def pull(rfile: RapporteurFile, into: str, source_id: str, paragraph: int | None = None
         ) -> list[PullRow]:
    """Copy paragraph N (1-based; all when None) of source_id to the end of into."""
    with rfile.transaction():
        target, source = rfile.section(into), rfile.section(source_id)
        if not is_report(rfile.document_row(target.document_id)):
            raise ValidationError(f"section {into} is not in a report (template sg-report)")
        if is_report(rfile.document_row(source.document_id)):
            raise ValidationError(f"section {source_id} is in a report, not a contribution")
        blocks = body_paragraphs(source.body)
        numbers = _chosen(blocks, paragraph, source.heading)
        stamp = clock.iso(rfile.now())
        rows = [PullRow(id=new_id(), section_id=into, source_document_id=source.document_id,
                        source_section_id=source_id, paragraph=number,
                        source_revision_id=source.revision_id,
                        source_text=without_anchor(blocks[number - 1]),
                        pulled_text=without_anchor(blocks[number - 1]),
                        author=rfile.author, created=stamp) for number in numbers]
        added = "".join(with_anchor(row.pulled_text, row.id) for row in rows)
        rfile.update_section(into, body=clean(target.body + added))
        for row in rows:
            insert_pull(rfile.repo, row)
    return rows


def _chosen(blocks: list[str], paragraph: int | None, heading: str) -> list[int]:
    """Return the paragraph numbers to pull, refusing one the section does not have."""
    if not blocks:
        raise ValidationError(f"section “{heading}” has no paragraph to pull")
    if paragraph is None:
        return list(range(1, len(blocks) + 1))
    if not 1 <= paragraph <= len(blocks):
        raise ValidationError(f"section “{heading}” has paragraphs 1 to {len(blocks)}, "
                              f"not {paragraph}")
    return [paragraph]
