"""Document symbols and day ranges are kept on one line (render/nobreak.py)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from app.core.document.model import Document, Section
from app.core.io.markdown import parse_markdown
from app.core.render.html import render_html
from app.core.render.nobreak import keep_together, wrap
from app.core.render.pdf import render_pdf


def nobr(text: str) -> str:
    return f'<span class="nobr">{text}</span>'


@pytest.mark.parametrize("symbol", [
    "A/68/190",
    "A/C.3/67/L.40/Rev.1",
    "E/CN.3/2026/12",
    "A/HRC/WG.6/34/ITA/3",
    "E/CN.4/Sub.2/AC.2/1987/WP.4/Add.1",
    "A/RES/79/204",
    "A/81/204*",
    "S/RES/2250 (2015)",
])
def test_symbols_are_wrapped(symbol: str):
    assert wrap(f"see {symbol}, and") == f"see {nobr(symbol)}, and"
    assert wrap(f"({symbol})") == f"({nobr(symbol)})"
    assert wrap(f"{symbol}.") == f"{nobr(symbol)}."


@pytest.mark.parametrize("dates", [
    "21-22 February",
    "21–22 February 2026",
    "4–15 November 2019",
    "30 June–2 July 2026",
    "21\u00a0–\u00a022\u00a0February",
])
def test_day_ranges_are_wrapped(dates: str):
    assert wrap(f"met on {dates}, in Geneva") == f"met on {nobr(dates)}, in Geneva"


def test_only_the_symbol_keeps_a_year_unless_it_is_a_resolution():
    assert wrap("A/68/190 (2013)") == f"{nobr('A/68/190')} (2013)"


@pytest.mark.parametrize("text", [
    "https://undocs.org/A/68/190",
    "see undocs.org/en/A/RES/79/204 online",
    "one half is 1/2",
    "the budget for 2013/14",
    "HIV/AIDS and TV/Radio",
    "develop/reform the law",
    "on 22 February 2026",
    "in February 2012",
    "pages 21-22",
    "folder/A/68/190",
])
def test_other_slashes_and_numbers_are_left_alone(text: str):
    assert wrap(text) == text


def test_tags_and_attributes_are_not_touched():
    html = ('<a href="https://undocs.org/A/68/190" title="21-22 February">A/68/190</a>'
            '<span class="footnote">See E/CN.3/2026/12.</span>')
    assert keep_together(html) == (
        f'<a href="https://undocs.org/A/68/190" title="21-22 February">{nobr("A/68/190")}</a>'
        f'<span class="footnote">See {nobr("E/CN.3/2026/12")}.</span>')


def test_only_the_body_text_of_a_page_is_wrapped():
    page = ("<html><head><title>A/68/190</title><style>p::before { content: 'A/68/1'; }"
            "</style></head><body><p>A/68/190</p><style>/* A/68/2 */</style>"
            "<script>'A/68/3'</script><!-- A/68/4 --></body></html>")
    assert keep_together(page) == page.replace("<p>A/68/190</p>", f"<p>{nobr('A/68/190')}</p>")


def test_wrapping_twice_changes_nothing():
    once = keep_together("<p>A/68/190 on 21-22 February</p>")
    assert keep_together(once) == once


def test_rendered_pages_wrap_body_headings_and_fields():
    document = Document(
        id="d", title="Migration", template="meeting-paper", language="en",
        fields={"dates": "21-22 February 2026"},
        sections=[Section(id="s", heading="Follow-up to A/RES/79/204",
                          body="<p>See A/C.3/67/L.40/Rev.1.</p>")])
    html = render_html(document).html
    assert nobr("21-22 February 2026") in html
    assert nobr("A/RES/79/204") in html
    assert nobr("A/C.3/67/L.40/Rev.1") in html


def test_ohchr_symbol_is_whole_on_one_line_of_the_pdf(ohchr_markdown: Path):
    import pypdf

    document = parse_markdown(ohchr_markdown.read_text(encoding="utf-8")).document
    pdf = render_pdf(render_html(document)).pdf
    lines = [line for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
             for line in page.extract_text().splitlines()]
    symbol = "A/C.3/67/L.40/Rev.1"
    assert any(symbol in line for line in lines)
    assert not any(line.rstrip().endswith(("A/C.3/67/L.", "A/C.3/67/")) for line in lines)
    assert any("21-22 February 2013" in line for line in lines)
