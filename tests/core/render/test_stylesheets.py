"""Pre-parsed stylesheets and the shared font configuration change no byte of a PDF."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.core.render.stylesheets as stylesheets
from app.core.document.model import Document
from app.core.io.importing import import_source
from app.core.render.annotate import render_annotations
from app.core.render.fetcher import allowed_roots
from app.core.render.html import render_html
from app.core.render.pdf import PdfResult, render_pdf


def _both(html_source, monkeypatch: pytest.MonkeyPatch) -> tuple[PdfResult, PdfResult]:
    """Return the PDF rendered with the sheets pre-parsed, then as WeasyPrint parses them."""
    fast = render_pdf(html_source)
    with monkeypatch.context() as patch:
        patch.setattr(stylesheets, "split", lambda *args: None)
        slow = render_pdf(html_source)
    return fast, slow


@pytest.mark.parametrize("name", ["meeting_doc", "agency_doc"])
def test_template_documents_render_byte_for_byte_the_same(name, request, monkeypatch) -> None:
    fast, slow = _both(render_html(request.getfixturevalue(name)), monkeypatch)
    assert fast.pdf == slow.pdf
    assert fast.warnings == slow.warnings


def test_the_fixture_with_annotations_renders_the_same(rfile, ohchr_markdown: Path,
                                                       monkeypatch) -> None:
    import_source(rfile, ohchr_markdown)
    doc = rfile.documents()[0]
    extra = render_annotations(rfile, doc, review=True)
    extra["draft"] = True
    fast, slow = _both(render_html(doc, extra_context=extra), monkeypatch)
    assert fast.page_count == slow.page_count >= 4
    assert fast.pdf == slow.pdf


def test_split_moves_every_sheet_out_of_the_head_in_order(agency_doc: Document) -> None:
    html = render_html(agency_doc)
    source, sheets = stylesheets.split(html.html, html.base_url, allowed_roots())
    head = source.split("</head>")[0]
    assert "<style" not in head
    assert 'rel="stylesheet"' not in head
    assert len(sheets) == 4, "base.css, numbered.css, the template's style.css, the page size"
    assert stylesheets.split(html.html, html.base_url, allowed_roots())[1] == sheets, \
        "parsed once, then taken from the cache"
    assert source.count("<body") == 1
    assert source.endswith(html.html.split("</head>")[1])


@pytest.mark.parametrize("head", [
    '<link rel="stylesheet" href="style.css" media="screen">',
    "<style>@import url(other.css);</style>",
    "<style>@font-face { font-family: X; src: url(https://example.org/x.ttf) }</style>",
    '<link rel="stylesheet" href="https://example.org/x.css">',
    '<link rel="stylesheet" href="file:///etc/passwd">',
    "<style>@\\69mport url(file:///etc/passwd);</style>",
    "<style>@media print { @font-face { font-family: X; src: url(x.ttf) } }</style>",
    '<style>p { color: red }</style></head><body><style>p { color: blue }</style><p>x</p>'
    '</body></html><html><head>',
])
def test_anything_unusual_is_left_to_weasyprint(head: str) -> None:
    html = f"<html><head>{head}</head><body><p>x</p></body></html>"
    base = (Path(__file__).resolve().parents[3] / "templates" / "agency-input").as_uri() + "/"
    assert stylesheets.split(html, base, allowed_roots()) is None


def test_other_links_stay_in_the_document() -> None:
    html = '<html><head><link rel="author" href="a.html"></head><body></body></html>'
    source, sheets = stylesheets.split(html, None, allowed_roots())
    assert source == html
    assert sheets == []


def test_an_empty_document_renders(monkeypatch) -> None:
    fast, slow = _both(render_html(Document("empty")), monkeypatch)
    assert fast.pdf == slow.pdf


def test_a_cached_sheet_never_fetches(tmp_path, caplog) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text("p { color: red }")
    stylesheets._parsed("@\\69mport url(" + secret.as_uri() + ");", tmp_path.as_uri())
    assert f"Refused resource {secret.as_uri()}" in caplog.text
