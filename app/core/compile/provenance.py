"""Where each pulled paragraph came from, and whether it or its source changed since."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from app.core.compile.contributions import entity_of
from app.core.compile.pull import anchored, body_paragraphs, without_anchor
from app.core.document.service import RapporteurFile
from app.core.storage.pulls import PullRow, pull_rows
from app.core.text.redline import diff_words, words

CURRENT, EDITED, SOURCE_CHANGED, REMOVED = "current", "edited", "source changed", "removed"
SIMILAR = 0.5  # below this a source paragraph is another paragraph, not a changed one


@dataclass(frozen=True)
class Provenance:
    """One pulled paragraph: where it is, where it came from, and what changed since."""

    pull: PullRow
    report_id: str
    report_title: str
    heading: str
    report_paragraph: int | None
    entity: str
    source_title: str
    source_heading: str
    source_paragraph: int | None
    flags: tuple[str, ...]
    source_now: str
    redline: tuple[tuple[str, str], ...]

    @property
    def state(self) -> str:
        """Return "current", "removed", or the flags joined ("edited, source changed")."""
        return ", ".join(self.flags) or CURRENT


def provenance(rfile: RapporteurFile, document_id: str | None = None) -> list[Provenance]:
    """Return every pulled paragraph (of one report when document_id is given)."""
    items = [_provenance(rfile, row) for row in pull_rows(rfile.repo)]
    return [item for item in items if document_id in (None, item.report_id)]


def source_changed(rfile: RapporteurFile, document_id: str | None = None
                   ) -> list[Provenance]:
    """Return the pulled paragraphs still in the report whose source changed."""
    return [item for item in provenance(rfile, document_id) if SOURCE_CHANGED in item.flags]


def _provenance(rfile: RapporteurFile, row: PullRow) -> Provenance:
    """Work out one pull's state against the report and the source as they are now."""
    section = rfile.repo.section(row.section_id)
    report = rfile.repo.document(section.document_id) if section else None
    here = _live_body(rfile, row.section_id)
    number, text = anchored(here).get(row.id, (None, None))
    source = rfile.repo.section(row.source_section_id)
    document = rfile.repo.document(row.source_document_id)
    found, now = _locate(body_paragraphs(_live_body(rfile, row.source_section_id)), row)
    flags: tuple[str, ...]
    if text is None:
        flags = (REMOVED,)
    else:
        flags = tuple(flag for flag, on in ((EDITED, text != row.pulled_text),
                                            (SOURCE_CHANGED, now != row.source_text)) if on)
    return Provenance(
        pull=row, report_id=report.id if report else "", report_title=report.title if report
        else "", heading=section.heading if section else "", report_paragraph=number,
        entity=entity_of(document) if document else "",
        source_title=document.title if document else "",
        source_heading=source.heading if source else "", source_paragraph=found, flags=flags,
        source_now=now, redline=tuple(diff_words(row.source_text, now)),
    )


def _live_body(rfile: RapporteurFile, section_id: str) -> str:
    """Return a section's body, or "" when it or its document is gone."""
    section = rfile.repo.section(section_id)
    if section is None or rfile.repo.section_is_deleted(section_id):
        return ""
    live = {doc.id for doc in rfile.repo.documents()}
    return section.body if section.document_id in live else ""


def _locate(blocks: list[str], row: PullRow) -> tuple[int | None, str]:
    """Find the pulled paragraph in the source now: its number and text ("" when gone)."""
    texts = [without_anchor(block) for block in blocks]
    if 0 < row.paragraph <= len(texts) and texts[row.paragraph - 1] == row.source_text:
        return row.paragraph, row.source_text
    if row.source_text in texts:
        return texts.index(row.source_text) + 1, row.source_text
    before = words(row.source_text)
    scored = [(SequenceMatcher(None, before, words(t), autojunk=False).ratio(), -i, i)
              for i, t in enumerate(texts)]
    if scored and max(scored)[0] >= SIMILAR:
        index = max(scored)[2]
        return index + 1, texts[index]
    return None, ""


def redline_text(runs: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> str:
    """Return a redline as text: [-removed-] and {+added+} words among the others."""
    marks = {"-": "[-{}-]", "+": "{{+{}+}}", "=": "{}"}
    return " ".join(marks[op].format(text) for op, text in runs if text)


def as_json(item: Provenance) -> dict[str, Any]:
    """Return one pulled paragraph as a JSON-ready dict."""
    row = item.pull
    return {
        "id": row.id, "state": item.state, "flags": list(item.flags),
        "report": {"document_id": item.report_id, "title": item.report_title,
                   "section_id": row.section_id, "heading": item.heading,
                   "paragraph": item.report_paragraph},
        "source": {"entity": item.entity, "document_id": row.source_document_id,
                   "title": item.source_title, "section_id": row.source_section_id,
                   "heading": item.source_heading, "paragraph": row.paragraph,
                   "paragraph_now": item.source_paragraph,
                   "revision_id": row.source_revision_id},
        "pulled_text": row.pulled_text, "source_text": row.source_text,
        "source_now": item.source_now,
        "redline": redline_text(item.redline) if SOURCE_CHANGED in item.flags else "",
        "author": row.author, "created": row.created,
    }
