"""What a compendium holds: the file's contributions in order and the cover's words.

The order is the contributors tracker's where it links a document (its rows of the
file's report, and rows of no report), then the rest by entity and title. The cover
names the report (reports(...)[0]: title, symbol, session and agenda item) or, in a
file without one, the file itself. The front speaks the compendium's language: the
report's, else the one most contributions are written in (the first of them on a tie);
its session and agenda lines are written in that language where the app recognises them
(render/sessions.py). Each contribution keeps its own language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from app.core.compile.contributions import contributions, entity_of, reports
from app.core.document.model import Document
from app.core.document.service import RapporteurFile
from app.core.render.sessions import un_agenda_item, un_session
from app.core.render.terms import term

GENERIC_TITLE = term("en", "compendium")


@dataclass(frozen=True)
class Cover:
    """The words of a compendium's cover page."""

    title: str
    symbol: str = ""
    session: list[str] = field(default_factory=list)
    subtitle: str = GENERIC_TITLE
    language: str = "en"
    page_size: str = "Letter"


def ordered_contributions(rfile: RapporteurFile) -> list[Document]:
    """Return the file's contributions: the tracker's first, in its order, then by entity."""
    documents = rfile.documents()
    found = reports(documents)
    tracked = rfile.repo.tracker_documents(found[0].id if found else None)
    rank = {document_id: index for index, document_id in reversed(list(enumerate(tracked)))}
    return sorted(contributions(documents), key=lambda d: _order_key(d, rank))


def _order_key(document: Document, rank: dict[str, int]) -> tuple[int, str, str]:
    """Return the sort key: tracker position (untracked last), entity, title."""
    return (rank.get(document.id, len(rank)), entity_of(document).casefold(),
            document.title.casefold())


def cover_of(rfile: RapporteurFile, path: Path) -> Cover:
    """Return the cover of rfile's compendium: its report's, else one naming the file."""
    documents = rfile.documents()
    found = reports(documents)
    if not found:
        language = usual_language(contributions(documents))
        return Cover(title=term(language, "compendium"), subtitle=path.name, language=language)
    report = found[0]
    language = report.language or "en"
    fields = {name: str(value).strip() for name, value in report.fields.items()
              if isinstance(value, str)}
    session = [un_session(fields.get("session", ""), language),
               " ".join(filter(None, [un_agenda_item(fields.get("agenda_item", ""), language),
                                      fields.get("item_title", "")]))]
    return Cover(title=report.title or term(language, "compendium"),
                 symbol=fields.get("symbol", ""), subtitle=term(language, "compendium"),
                 session=[line for line in session if line], language=language,
                 page_size=fields.get("page_size") or "Letter")


def usual_language(documents: list[Document]) -> str:
    """Return the language most documents are written in (the first's on a tie), or en."""
    counts = Counter(document.language or "en" for document in documents)
    return max(counts, key=counts.__getitem__) if counts else "en"
