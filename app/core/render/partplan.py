"""The parts of a whole-document build: where they are cut and the job each worker gets.

A build (app.core.render.build) plans its parts at the page tops of the last layout
(app.core.render.parts), gives each a worker job keyed for the build cache
(app.core.render.buildcache) and adds the part's HTML when it must be rendered.
"""

from __future__ import annotations

from typing import Any

from app.core.document.model import Document
from app.core.render.buildcache import part_key
from app.core.render.html import RenderedHtml
from app.core.render.parts import (
    LOOKAHEAD,
    Layout,
    PartSpec,
    choose_cuts,
    fingerprint,
    part_html,
    part_source,
)


def html_fields(rendered: RenderedHtml, warnings: bool = True) -> dict[str, Any]:
    """Return rendered HTML as the plain dict a worker job carries."""
    return {"html": rendered.html, "base_url": rendered.base_url,
            "warnings": list(rendered.warnings) if warnings else [],
            "own_folder": str(rendered.own_folder) if rendered.own_folder else None}


def plan_parts(layout: Layout, tops: dict[int, int], total: int, size: int) -> list[PartSpec]:
    """Return the parts of a document cut at known page tops, numbered from a layout."""
    cuts = choose_cuts(tops, len(layout.blocks), total, size)
    starts = [0, *cuts]
    ends = [*cuts, len(layout.blocks)]
    return [PartSpec(start, end, tops.get(start, 0) if start else 0, total)
            for start, end in zip(starts, ends, strict=True)]


def part_job(layout: Layout, spec: PartSpec, variant: str | None,
             extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return the worker job of a part, with its cache key (its HTML is added by with_html)."""
    from app.core.document.templates import load_template

    document, context, lead = part_source(layout, spec, extra)
    own = spec.end - spec.start
    blocks = min(spec.end + LOOKAHEAD, len(layout.blocks)) - spec.start \
        if spec.end < len(layout.blocks) else own
    key = part_key(fingerprint(document, context, lead),
                   load_template(document.template).folder, own=own,
                   lookahead=blocks - own, variant=variant)
    return {"variant": variant, "lead": lead, "own": own, "blocks": blocks,
            "prefix": f"p{key[:10]}-", "key": key, "total": spec.total_pages}


def with_html(job: dict[str, Any], layout: Layout, spec: PartSpec,
              extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return a part's job with the HTML a worker lays out."""
    rendered, _ = part_html(layout, spec, extra)
    return {**job, "html": html_fields(rendered, warnings=False)}


def extra_context(job: dict[str, Any]) -> dict[str, Any]:
    """Return the context a part of this job renders with (the DRAFT mark)."""
    return {"draft": bool((job.get("annotations") or {}).get("draft"))}


def parallel_ok(job: dict[str, Any], document: Document) -> bool:
    """Return whether the document can be built in parts (else: in one process)."""
    from app.core.document.templates import load_template

    annotations = job.get("annotations") or {}
    if annotations.get("conflicts") or annotations.get("review"):
        return False
    if load_template(document.template).user:
        return False
    return not any('href="#' in s.body or "href='#" in s.body for s in document.all_sections())
