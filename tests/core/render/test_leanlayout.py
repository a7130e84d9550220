"""A relay's layouts keep less and lay out the same pages (app.core.render.leanlayout)."""

from __future__ import annotations

import shutil
from typing import Any

import pytest

from app.core.render.leanlayout import (
    drop_element_styles,
    forget_before,
    shared_page_styles,
    shared_pseudo_styles,
)
from app.core.render.pdf import layout, write_pages
from app.core.render.relay import _boxes_only
from tests.core.render.conftest import gray_pages

STYLE = """<style>
@page { size: A6; margin: 15mm 12mm; @bottom-center { content: counter(page) "/" counter(pages) } }
@page :first { margin-top: 30mm }
@page :left { @top-left { content: "left" } }
.note { float: footnote }
h2 { break-before: page }
</style>"""


def _html(sections: int = 6) -> str:
    """Return a document of lists, footnotes and page breaks over some pages."""
    body = "".join(
        f"<h2>Part {n}</h2><p>Text of part {n}<span class='note'>Note {n}.</span> goes on "
        + "and on " * 40 + f"</p><ol><li>one of {n}</li><li>two of {n}</li></ol>"
        for n in range(sections))
    return f"<html lang='en'><head>{STYLE}</head><body>{body}</body></html>"


def _pdf(html: str) -> bytes:
    """Return html laid out and written in full, as a build does."""
    document, _ = layout(html)
    return write_pages(document, document.pages)[0]


def _boxes(html: str) -> dict[str, Any]:
    """Return html's boxes built, no page laid out: its html, root box and context."""
    with _boxes_only() as found:
        layout(html)
    return found


def _styles(context: Any) -> dict[Any, Any]:
    """Return the computed styles a layout context keeps."""
    return dict(context.style_for.get_computed_styles())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_shared_styles_lay_out_the_same_pages():
    html = _html()
    alone = _pdf(html)
    with shared_pseudo_styles(), shared_page_styles():
        shared = _pdf(html)
    assert len(gray_pages(alone, 40)) >= 6
    assert gray_pages(shared, 40) == gray_pages(alone, 40)


def test_pseudo_elements_under_equal_elements_share_one_style():
    plain = _styles(_boxes(_html())["context"])
    with shared_pseudo_styles():
        shared = _styles(_boxes(_html())["context"])
    assert sorted((key[0].tag, key[1] or "") for key in plain) == \
        sorted((key[0].tag, key[1] or "") for key in shared)
    markers = [key for key in shared if key[1] == "marker"]
    assert len(markers) > 20  # WeasyPrint's sheet gives every element a ::marker
    assert len({id(shared[key]) for key in markers}) < len(markers) / 4
    assert len({id(style) for key, style in plain.items() if key[1] == "marker"}) == \
        len(markers)


def test_pages_the_same_rules_match_share_their_styles():
    from weasyprint.layout.page import PageType

    with shared_page_styles():
        found = _boxes(_html())
        from weasyprint.layout.page import remake_page

        context, index, resume_at = found["context"], 0, {}
        while resume_at is not None:
            _, resume_at = remake_page(index, context, found["root"], found["html"])
            index += 1
    pages = {key: style for key, style in _styles(context).items()
             if isinstance(key[0], PageType) and key[1] is None}
    assert len(pages) == index >= 6
    assert len({id(style) for style in pages.values()}) == 3  # the first, left and right


def test_dropping_element_styles_keeps_the_pages_and_the_root():
    found = _boxes(_html())
    root = found["html"].etree_element
    drop_element_styles(found["context"], root)
    assert list(_styles(found["context"])) == [(root, None)]


def test_boxes_before_the_point_pagination_resumes_at_are_let_go():
    found = _boxes(_html())
    body = found["root"].children[0]
    sections = list(body.children)
    assert all(box.children for box in sections[:6])
    forget_before(found["root"], {0: {4: {0: None}}})
    assert all(not box.children for box in body.children[:4])
    assert body.children[4] is sections[4]
    assert body.children[4].children
    assert all(box.children for box in sections[:4])  # copies are emptied, not the boxes
