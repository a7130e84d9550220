"""Generated documents of about a given number of pages, for benchmarks and build tests.

An agency-input contribution: chapters of parts, every other part with two subsections,
numbered paragraphs of about 110 words, a footnote every third paragraph.
"""

from __future__ import annotations

import random
from typing import Any

PARAGRAPHS_PER_PAGE = 4.0  # measured: the generated paragraphs fill about 4 a page
PART_PARAGRAPHS = 12  # about 3 pages per part, the usual unit being edited
_VOCABULARY = (
    "States Member migrants human rights Office framework cooperation development policy "
    "implementation national regional international protection access services labour "
    "mobility recruitment remittances integration data capacity partnership resolution "
    "Assembly Council mechanism dialogue review progress commitments inclusive sustainable "
    "governance safe orderly regular pathways returns reintegration children women workers "
    "discrimination xenophobia detention alternatives consular assistance legal identity"
)
WORDS = tuple(_VOCABULARY.split())
SYMBOLS = ("A/RES/67/219", "A/68/190", "A/HRC/23/46", "E/CN.9/2013/3", "A/67/254")



def sentence(rng: random.Random) -> str:
    """Return one sentence of plausible report prose."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(14, 26))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng: random.Random, counter: list[int]) -> str:
    """Return one numbered paragraph of about 110 words, every third with a footnote."""
    counter[0] += 1
    text = " ".join(sentence(rng) for _ in range(rng.randint(4, 6)))
    if counter[0] % 3 == 0:
        note = f"See {rng.choice(SYMBOLS)}, para. {rng.randint(1, 90)}; {sentence(rng)}"
        cut = text.rfind(" ", 0, len(text) // 2)
        text = f'{text[:cut]}<span class="footnote">{note}</span>{text[cut:]}'
    return f"<p>{text}</p>"


def body(rng: random.Random, counter: list[int], count: int) -> str:
    """Return count paragraphs."""
    return "".join(paragraph(rng, counter) for _ in range(count))


def section(sid: str, heading: str, html: str, children: list[dict[str, Any]]
            ) -> dict[str, Any]:
    """Return an interchange section."""
    return {"id": sid, "heading": heading, "body": html, "sections": children}


def chapter(rng: random.Random, counter: list[int], n: int, parts: int) -> dict[str, Any]:
    """Return chapter n: an introduction, parts, every other part with two subsections."""
    children = []
    for m in range(1, parts + 1):
        subs = []
        if m % 2 == 0:
            subs = [section(f"c{n}p{m}s{k}", f"Subsection {n}.{m}.{k}",
                            body(rng, counter, PART_PARAGRAPHS // 2), []) for k in (1, 2)]
        children.append(section(f"c{n}p{m}", f"Part {n}.{m} on {rng.choice(WORDS)}",
                                body(rng, counter, PART_PARAGRAPHS), subs))
    return section(f"c{n}", f"Chapter {n}: {rng.choice(WORDS)} and {rng.choice(WORDS)}",
                   body(rng, counter, 2), children)


def make_document(pages: int, seed: int = 1) -> dict[str, Any]:
    """Return an interchange agency-input document of about pages pages."""
    rng, counter = random.Random(seed), [0]
    wanted = pages * PARAGRAPHS_PER_PAGE
    chapters: list[dict[str, Any]] = []
    while counter[0] < wanted:
        left = (wanted - counter[0]) / (PART_PARAGRAPHS * 1.5)
        chapters.append(chapter(rng, counter, len(chapters) + 1, max(1, min(5, round(left)))))
    return {
        "id": f"bench-{pages}", "title": f"Generated contribution ({pages} pages)",
        "template": "agency-input", "language": "en",
        "fields": {
            "entity": "Office of the United Nations High Commissioner for Human Rights",
            "report_title": "International migration and development",
            "mandate": "A/RES/67/219", "symbol": "A/68/190", "session": "Sixty-eighth session",
            "agenda_item": "Item 21 (e) of the provisional agenda", "date": "25 July 2013",
        },
        "sections": chapters,
    }


def make_compendium(contributions: int, pages: int = 5) -> dict[str, Any]:
    """Return a compendium job of generated contributions of about pages pages each.

    Every third one is a meeting paper, the others agency inputs; each its own entity.
    """
    items = []
    for n in range(1, contributions + 1):
        document = make_document(pages, seed=n)
        entity = f"Entity {n:02d} for {WORDS[n % len(WORDS)]}"
        document.update(id=f"bench-contribution-{n}", title=f"Contribution {n} on migration")
        if n % 3 == 0:
            document.update(template="meeting-paper", fields={
                "meeting": "Coordination Meeting on International Migration",
                "author": entity, "title_footnote": ""})
        else:
            document["fields"] = {**document["fields"], "entity": entity}
        items.append({"entity": entity, "title": document["title"], "document": document})
    cover = {"title": "International migration and development", "symbol": "A/68/190",
             "session": ["Sixty-eighth session"], "subtitle": "Compendium of contributions",
             "language": "en", "page_size": "Letter"}
    return {"cover": cover, "contributions": items}
