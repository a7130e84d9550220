"""A file to compile: a report and three contributions from three entities, one in French."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

from app.core.document.service import RapporteurFile

REPORT_TITLE = "Migration and decent work"
SYMBOL = "A/81/123"
SESSION = "Eighty-first session"

ILO = "International Labour Organization"
UNHCR = "Office of the United Nations High Commissioner for Refugees"
IOM = "Organisation internationale pour les migrations"

ENGLISH = ("Labour migration governance rests on fair recruitment, portable social protection "
           "and the recognition of skills acquired abroad, and it works best when employers, "
           "workers and governments shape it together.")
FRENCH = ("La gouvernance des migrations suppose des voies régulières, une protection sociale "
          "transférable et la reconnaissance des compétences acquises à l'étranger, au "
          "bénéfice des migrants comme des pays d'accueil.")

# (entity, template, language, title, [(heading, [child headings])])
CONTRIBUTIONS = [
    (UNHCR, "agency-input", "en", "Protection at sea and on land",
     [("Introduction", []), ("Arrivals by sea", ["Search and rescue", "Reception"]),
      ("Recommendations", [])]),
    (IOM, "agency-input", "fr", "Des voies sûres et régulières",
     [("Introduction", []), ("Voies régulières", ["Regroupement familial"])]),
    (ILO, "meeting-paper", "en", "Fair recruitment in practice",
     [("Background", []), ("Findings", ["Fees and costs"])]),
]


def body(text: str, entity: str, paragraphs: int, notes: int, count: Iterator[int]) -> str:
    """Return paragraphs of text, the first notes of them with a footnote "Note N of entity"."""
    return "".join(
        f"<p>{text} {text}"
        + (f'<span class="footnote">Note {next(count)} of {entity}.</span>' if n < notes else "")
        + "</p>" for n in range(paragraphs))


def build(path: Path, *, report: bool = True) -> Path:
    """Create the sample file at path and return path."""
    with RapporteurFile.create(path, author="Tester") as rfile:
        if report:
            doc = rfile.add_document(title=REPORT_TITLE, template="sg-report", fields={
                "symbol": SYMBOL, "session": SESSION,
                "agenda_item": "Item 19 (c) of the provisional agenda"})
            rfile.add_section(doc.id, heading="Introduction",
                              body=body(ENGLISH, "SG", 2, 0, iter(())))
        for entity, template, language, title, outline in CONTRIBUTIONS:
            _contribution(rfile, entity, template, language, title, outline)
    return path


def _contribution(rfile: RapporteurFile, entity: str, template: str, language: str,
                  title: str, outline: list[tuple[str, list[str]]]) -> None:
    """Add one contribution with its sections and footnotes."""
    text = FRENCH if language == "fr" else ENGLISH
    key = "entity" if template == "agency-input" else "author"
    fields = {key: entity}
    if template == "agency-input":
        fields["report_title"] = REPORT_TITLE
    else:
        fields.update(meeting="Coordination Meeting on International Migration",
                      title_footnote="")
    doc = rfile.add_document(title=title, template=template, language=language,
                             fields=fields)
    count = itertools.count(1)
    for heading, children in outline:
        parent = rfile.add_section(doc.id, heading=heading,
                                   body=body(text, entity, 4, 2, count))
        for child in children:
            rfile.add_section(doc.id, heading=child, body=body(text, entity, 5, 1, count),
                              parent_id=parent.id)
