"""HTML to PDF with WeasyPrint: bundled fonts, guarded fetches, no attachments.

WeasyPrint is imported inside the functions, after fonts.configure() has set
FONTCONFIG_FILE. Its log records (missing glyphs, refused images, CSS it ignores)
are captured for the duration of a render and returned as warnings. The capture
hooks the shared "weasyprint" logger, so renders in parallel threads of one process
would see each other's warnings: use worker processes for parallel renders.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.beside import temp_beside
from app.core.document.model import Document
from app.core.document.templates import load_template
from app.core.errors import RenderError
from app.core.render.fonts import configure, describe, is_missing_glyph_warning
from app.core.render.html import RenderedHtml, render_html

VARIANTS = ("pdf/ua-1", "pdf/a-3b")
DEFAULT_VARIANT = "pdf/ua-1"  # what `render` and Export PDF write: a tagged PDF
ARCHIVE_VARIANT = "pdf/a-3b"  # Export for Archive: tagged too, with its manifest


def variant_of(name: str | None) -> str | None:
    """Return the PDF variant a user named: "none" (or None) is the untagged PDF."""
    return None if name in (None, "none") else name
_SKIP = ("RefusedResource",)
_NOTDEF = ".notdef glyph rendered"
_CODEPOINT = re.compile(r"U\+([0-9A-F]{4,6})")


@dataclass(frozen=True)
class PdfResult:
    """A rendered PDF, its page count and what to warn the user about."""

    pdf: bytes
    page_count: int
    warnings: tuple[str, ...]


class _Collect(logging.Handler):
    """Keep WeasyPrint's warning and error messages as one-line strings."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        if not any(skip in message for skip in _SKIP):
            self.messages.append(f"WeasyPrint: {message}")


@contextmanager
def captured_log() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings while the block runs."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    old_level = logger.level
    if old_level == logging.NOTSET or old_level > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def render_pdf(
    html: RenderedHtml | str,
    *,
    variant: str | None = None,
    extra_allowed: Path | None = None,
) -> PdfResult:
    """Return html rendered to PDF; variant is None, "pdf/ua-1" or "pdf/a-3b"."""
    return render_pdf_with_pages(html, variant=variant, extra_allowed=extra_allowed)[0]


def render_pdf_with_pages(
    html: RenderedHtml | str,
    *,
    variant: str | None = None,
    extra_allowed: Path | None = None,
) -> tuple[PdfResult, list[Any]]:
    """Return html rendered to PDF and WeasyPrint's laid-out pages (for their anchors)."""
    document, warnings = layout(html, variant=variant, extra_allowed=extra_allowed)
    with captured_log() as logged:
        pdf = _write(document, variant)
    warnings = fold_missing_glyphs([*warnings, *logged])
    return PdfResult(pdf, len(document.pages), tuple(dict.fromkeys(warnings))), \
        list(document.pages)


def fold_missing_glyphs(warnings: list[str]) -> list[str]:
    """Return warnings with WeasyPrint's one-per-glyph .notdef lines merged into one."""
    chars: list[str] = []
    kept: list[str] = []
    for warning in warnings:
        if _NOTDEF in warning or is_missing_glyph_warning(warning):
            chars += [chr(int(point, 16)) for point in _CODEPOINT.findall(warning)]
        else:
            kept.append(warning)
    return [describe(list(dict.fromkeys(chars))), *kept] if chars else kept


def layout(
    html: RenderedHtml | str,
    *,
    variant: str | None = None,
    extra_allowed: Path | None = None,
) -> tuple[Any, list[str]]:
    """Return html laid out by WeasyPrint (a Document, attachments dropped) and warnings."""
    if variant is not None and variant not in VARIANTS:
        raise RenderError(f"Unknown PDF variant {variant!r}: use one of {', '.join(VARIANTS)}")
    own_folder = None
    if isinstance(html, RenderedHtml):
        source, base_url, warnings = html.html, html.base_url, list(html.warnings)
        own_folder = html.own_folder
    else:
        source, base_url, warnings = html, None, []
    configure()
    from app.core.render.fetcher import SafeFetcher, user_template_roots

    fetcher = (SafeFetcher(roots=user_template_roots(own_folder)) if own_folder
               else SafeFetcher(extra_allowed))
    with captured_log() as logged:
        document = _layout(source, base_url, fetcher, variant)
        dropped = drop_attachments(document)
    return document, [*warnings, *fetcher.refused, *dropped, *logged]


def write_joined(documents: list[Any], variant: str | None = None
                 ) -> tuple[bytes, list[str]]:
    """Return the pages of laid-out documents written as one PDF, and WeasyPrint's warnings.

    Each page keeps its own layout; metadata comes from the first document.
    """
    joined = documents[0].copy([page for document in documents for page in document.pages])
    with captured_log() as logged:
        pdf = _write(joined, variant)
    return pdf, logged


def write_pages(document: Any, pages: list[Any], variant: str | None = None
                ) -> tuple[bytes, list[str]]:
    """Return some pages of a laid-out document written as one PDF, and WeasyPrint's warnings."""
    with captured_log() as logged:
        pdf = _write(document.copy(pages), variant)
    return pdf, logged


def _layout(source: str, base_url: str | None, fetcher: Any, variant: str | None) -> Any:
    """Return source laid out by WeasyPrint; RenderError, one line, if it fails."""
    import weasyprint

    from app.core.render.pangoleak import install
    from app.core.render.stylesheets import counter_styles, font_config, split

    install()
    sheets: list[Any] = []
    shared_fonts = shared_counters = None  # a document with sheets of its own keeps its own
    pre_parsed = split(source, base_url, fetcher.roots)
    if pre_parsed is not None:
        source, sheets = pre_parsed
        shared_fonts, shared_counters = font_config(), counter_styles()
    try:
        return weasyprint.HTML(
            string=source, base_url=base_url, url_fetcher=fetcher
        ).render(pdf_variant=variant, stylesheets=sheets, font_config=shared_fonts,
                 counter_style=shared_counters)
    except Exception as error:
        raise _failed(error) from error


def _write(document: Any, variant: str | None) -> bytes:
    """Return a laid-out document written as PDF; RenderError, one line, if it fails."""
    from app.core.render.tagging import install

    install()
    try:
        return bytes(document.write_pdf(pdf_variant=variant, attachments=None,
                                        pdf_tags=variant is not None or None))
    except Exception as error:
        raise _failed(error) from error


def _failed(error: Exception) -> RenderError:
    """Return the one-line RenderError for a WeasyPrint failure."""
    message = " ".join(f"{type(error).__name__}: {error}".split())
    return RenderError(f"PDF rendering failed: {message}")


def drop_attachments(document: Any) -> list[str]:
    """Remove <link rel=attachment> files and <a rel=attachment> links before writing."""
    dropped = []
    count = len(document.metadata.attachments)
    if count:
        dropped.append(f"{count} attached file(s) not embedded: PDFs never carry attachments")
    document.metadata.attachments = []
    for page in document.pages:
        for link in [link for link in page.links if link[0] == "attachment"]:
            dropped.append(f"Attachment link not embedded: {str(link[1])[:120]}")
            page.links.remove(link)
    return dropped


def page_limit_warning(page_count: int, max_pages: int | None, template: str) -> str | None:
    """Return a warning when page_count exceeds max_pages."""
    if max_pages is None or page_count <= max_pages:
        return None
    return f"{page_count} pages: over the {max_pages}-page limit for {template}"


def write_document_pdf(document: Document, out: Path, variant: str | None = None) -> PdfResult:
    """Render document to the PDF file out (written atomically) and return the result."""
    template = load_template(document.template)
    result = render_pdf(render_html(document), variant=variant)
    over = page_limit_warning(result.page_count, template.max_pages, template.name)
    if over:
        result = PdfResult(result.pdf, result.page_count, (*result.warnings, over))
    write_atomically(out, result.pdf)
    return result


def write_atomically(out: Path, data: bytes) -> None:
    """Write data to out through a temporary file in the same folder and os.replace."""
    out = Path(out)
    tmp = temp_beside(out)
    try:
        with tmp.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise RenderError(f"Cannot write {out}: {error.strerror or error}") from error
