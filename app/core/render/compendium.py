"""A compendium: every contribution of a file in one PDF, each laid out by its own template.

Combining several templates' CSS in one HTML page would let them fight, so each
contribution is laid out alone (its header, title and footnotes numbered from 1, in
its own language and direction) and the pages are joined. Page numbers run on: each
part is rendered as the template renders a section preview, with the pages before it
as its page offset (which also keeps its furniture on the right side of a spread).
The front (cover and contents) is laid out first with placeholder numbers, to count
its pages, and again with the real ones once every part is laid out; should its page
count change, everything is laid out again, so the contents never print a guess.
In the outline each contribution is one entry with its sections under it. The front's
fixed words are in the cover's language (render/terms.py); each contribution's title
keeps its own language and direction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from app.core.errors import RenderError
from app.core.render.bidi import direction
from app.core.render.html import RenderedHtml, render_html, render_shared_page
from app.core.render.pdf import PdfResult, fold_missing_glyphs, layout, write_joined
from app.core.render.terms import term, terms_for
from app.core.render.typography import space_punctuation
from app.core.render.worker import RenderOutcome, failure, job_annotations, with_page_limit

FRONT = "compendium.html.j2"
PLACEHOLDER = "999"  # as wide as any real page number the contents will print
ATTEMPTS = 3


@dataclass(frozen=True)
class Part:
    """A contribution laid out: WeasyPrint's document, the page it starts on, warnings."""

    document: Any
    start: int
    warnings: tuple[str, ...]


def compendium_render_job(job: dict[str, Any], variant: str | None = None) -> RenderOutcome:
    """Render a compendium job (app.core.render.jobs.compendium_job); never raises."""
    try:
        result = render_compendium(job, variant)
        return RenderOutcome(result.pdf, result.page_count, result.warnings)
    except Exception as exc:  # noqa: BLE001 - a worker reports, it never crashes the app
        return failure(exc)


def render_compendium(job: dict[str, Any], variant: str | None = None) -> PdfResult:
    """Return the compendium of a job as one PDF: front, then each contribution."""
    items = job["contributions"]
    if not items:
        raise RenderError("there is no contribution to compile")
    front_pages = len(front_layout(job, None, variant)[0].pages)
    for _ in range(ATTEMPTS):
        parts = _parts(items, front_pages, variant)
        front, warnings = front_layout(job, [part.start for part in parts], variant)
        if len(front.pages) == front_pages:
            break
        front_pages = len(front.pages)
    else:
        raise RenderError("the contents did not settle on a number of pages")
    pdf, logged = write_joined([front, *(part.document for part in parts)], variant)
    every = fold_missing_glyphs(
        [*warnings, *(w for part in parts for w in part.warnings), *logged])
    pages = front_pages + sum(len(part.document.pages) for part in parts)
    return PdfResult(pdf, pages, tuple(dict.fromkeys(every)))


def _parts(items: list[dict[str, Any]], front_pages: int, variant: str | None
           ) -> list[Part]:
    """Return each contribution laid out, numbered on from the front's pages."""
    parts, before = [], front_pages
    for index, item in enumerate(items, start=1):
        part = contribution_layout(item, index, before, variant)
        parts.append(part)
        before += len(part.document.pages)
    return parts


def contribution_layout(item: dict[str, Any], index: int, before: int,
                        variant: str | None) -> Part:
    """Return one contribution laid out by its template, its pages numbered after before."""
    from app.core.io.interchange import document_from_dict

    data = item["document"]
    model = document_from_dict(data)
    context = {**job_annotations(data), "compendium_part": True, "section_preview": {
        "page": before, "footnote": 0, "paragraph": 0, "total_pages": 0,
        "headings": [0, 0, 0, 0, 0]}}
    document, warnings = layout(render_html(model, extra_context=context), variant=variant)
    _nest(document.pages, index, _label(item))
    limited = with_page_limit((), len(document.pages), model.template)
    named = [f"{_label(item)}: {warning}" for warning in [*warnings, *limited]]
    return Part(document, before + 1, tuple(named))


def _nest(pages: list[Any], index: int, label: str) -> None:
    """Give a part's pages their own anchors and put its bookmarks under one for it."""
    prefix = f"c{index}-"
    for page in pages:
        page.anchors = {prefix + name: place for name, place in page.anchors.items()}
        page.links = [(kind, prefix + target if kind == "internal" else target, *rest)
                      for kind, target, *rest in page.links]
        page.bookmarks = [(level + 1, *rest) for level, *rest in page.bookmarks]
    if pages:
        pages[0].anchors[anchor(index)] = (0, 0, 0, 0)
        pages[0].bookmarks.insert(0, (1, label, (0, 0), "open"))


def anchor(index: int) -> str:
    """Return the anchor of the first page of contribution index (from 1)."""
    return f"contribution-{index}"


def _label(item: dict[str, Any]) -> str:
    """Return a contribution's name in the outline: entity and title."""
    title = item.get("title") or term(item["document"].get("language") or "en", "untitled")
    return f"{item['entity']} — {title}" if item.get("entity") else title


def _language(item: dict[str, Any]) -> dict[str, str]:
    """Return the language and direction of a contribution's title in the contents."""
    language = item["document"].get("language") or "en"
    return {"language": language, "dir": direction(language)}


def front_layout(job: dict[str, Any], starts: list[int] | None, variant: str | None
           ) -> tuple[Any, list[str]]:
    """Lay out the cover and contents; page numbers are placeholders without starts."""
    return layout(front_page(job, starts), variant=variant)


def front_page(job: dict[str, Any], starts: list[int] | None) -> RenderedHtml:
    """Return the cover and contents as HTML, in the cover's language."""
    cover = job["cover"]
    numbers = [str(n) for n in starts] if starts else [PLACEHOLDER] * len(job["contributions"])
    entries = [{"entity": item.get("entity", ""), "title": item.get("title", ""),
                "page": number, "anchor": anchor(index), **_language(item)}
               for index, (item, number) in enumerate(zip(job["contributions"], numbers,
                                                          strict=True), start=1)]
    language = cover.get("language") or "en"
    page = render_shared_page(FRONT, {"cover": cover, "entries": entries,
                                      "dir": direction(language), "terms": terms_for(language)})
    return replace(page, html=space_punctuation(page.html, language))
