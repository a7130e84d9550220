"""A Chinese or Arabic passage in a document of another language, measured in the PDF:
the Chinese one spaced out (chinese.space_out) in the Chinese font and justified flush at
both edges, the Arabic one right to left (bidi.set_directions) in the Naskh face, flush
at both edges, its last line at the right."""

from __future__ import annotations

import io
import re
from collections import defaultdict
from functools import cache
from typing import Any

import pdfplumber
import pytest

from app.core.document.model import Document, Section
from app.core.render.chinese import space_out
from app.core.render.html import render_html
from app.core.render.pdf import render_pdf
from tests.core.render.arabic_sample import TEXTS as ARABIC
from tests.core.render.chinese_docs import P1, P2, P4
from tests.core.render.language_samples import sample

CHINESE = P1 + P4 + P2
ENGLISH = ("International migration is a driver of sustainable development: it links "
           "countries of origin, transit and destination.")
TEMPLATES = ("sg-report", "agency-input", "meeting-paper")


@cache
def _chars(template: str) -> list[dict[str, Any]]:
    """Return page 1's characters of an English document with a Chinese and an Arabic
    paragraph in its first section."""
    base = sample(template, "en")
    body = (f"<p>{ENGLISH}</p><p lang=\"zh\">{CHINESE}</p>"
            f"<p lang=\"ar\">{ARABIC[0]} {ARABIC[1]}</p><p>{ENGLISH}</p>")
    document = Document(id="mixed", title=base.title, template=template, language="en",
                        fields=base.fields, sections=[Section(id="s", heading="Mixed",
                                                              body=body)])
    pdf = render_pdf(render_html(document)).pdf
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        return [dict(c) for c in opened.pages[0].chars]


def _rows(chars: list[dict[str, Any]], keep: str) -> list[list[dict[str, Any]]]:
    """Return the lines (top to bottom) of the visible characters matching a pattern."""
    rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for char in chars:
        if re.match(keep, char["text"]):
            rows[round(char["bottom"])].append(char)
    return [sorted(rows[key], key=lambda c: c["x0"]) for key in sorted(rows)]


def _column(chars: list[dict[str, Any]]) -> tuple[float, float]:
    """Return the left and right edges of the English paragraph after the passages."""
    arabic = [c for c in chars if re.match(r"[\u0600-\u06ff]", c["text"])]
    below = max(c["bottom"] for c in arabic)
    rows = [row for row in _rows([c for c in chars if c["top"] > below], r"[\w.,:]")
            if len(row) >= 30]  # full lines of text, not the job number or a folio
    return min(row[0]["x0"] for row in rows), max(row[-1]["x1"] for row in rows)


def _font(char: dict[str, Any]) -> str:
    """Return a character's font name without the subset prefix."""
    return str(char["fontname"]).split("+", 1)[-1]


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_chinese_passage_is_set_flush_in_the_chinese_font(template: str) -> None:
    chars = _chars(template)
    han = _rows(chars, r"[\u4e00-\u9fff，。、；：“”《》（）]")
    left, right = _column(chars)
    assert len(han) >= 4
    assert {_font(c) for row in han for c in row} == {"UN-Serif-SC"}
    for row in han[:-1]:  # every line but the last is justified flush at both edges
        assert row[-1]["x1"] == pytest.approx(right, abs=2), "".join(c["text"] for c in row)
        assert row[0]["x0"] <= left + 25  # (the first line starts after its number)


@pytest.mark.parametrize("template", TEMPLATES)
def test_an_arabic_passage_runs_right_to_left_in_the_naskh_face(template: str) -> None:
    chars = _chars(template)
    arabic = _rows(chars, r"[\u0600-\u06ff]")
    left, right = _column(chars)
    assert len(arabic) >= 3
    assert all("Naskh" in _font(c) for row in arabic for c in row)
    for row in arabic[:-1]:
        assert row[0]["x0"] == pytest.approx(left, abs=2.5)
    assert arabic[-1][-1]["x1"] == pytest.approx(right, abs=3)  # the last line at the right
    assert arabic[-1][0]["x0"] > left + 20


def test_only_chinese_passages_are_spaced_out() -> None:
    page = ('<html lang="en"><body><p>中文 in English</p><p lang="zh">国际<em>移徙</em>'
            '<span lang="en">English 中</span></p><br><p>后</p></body></html>')
    out = space_out(page, "en")
    assert "<p>中文 in English</p>" in out
    assert '<span class="cjk">国 际</span><em><span class="cjk">移 徙</span></em>' in out
    assert '<span lang="en">English 中</span>' in out
    assert out.endswith("<p>后</p></body></html>")
    assert space_out("<body><p>中文</p></body>", "zh-Hans").count("cjk") == 1
