"""Russian in the PDF: « » quotation marks, digit groups and "№ 5" that never break,
footnote calls before the full stop, subdivisions a) b) (test_heading_labels.py)."""

from __future__ import annotations

import io
import re
from functools import cache

import pypdf
import pytest

from app.core.document.model import Document, Section
from app.core.render.html import render_html
from app.core.render.pdf import render_pdf
from app.core.render.typography import NBSP, NNBSP, russian
from tests.core.render.language_samples import TEMPLATES, sample

BODY = ("<p>Государства-члены призвали \"защищать права всех мигрантов\" и снизить "
        "стоимость переводов, превышающую 1 000 000 долларов в год"
        '<span class="footnote">См. резолюцию № 68/4.</span>. Доклад “О миграции” '
        "подготовлен в 2013 году — к диалогу на высоком уровне.</p>")


@cache
def _text(template: str) -> str:
    """Return the text of a Russian sample whose first section holds BODY."""
    base = sample(template, "ru")
    first = base.sections[0]
    document = Document(id=base.id, title=base.title, template=template, language="ru",
                        fields=base.fields,
                        sections=[Section(id=first.id, heading=first.heading, body=BODY),
                                  *base.sections[1:]])
    pdf = render_pdf(render_html(document)).pdf
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("template", TEMPLATES)
def test_russian_quotes_are_guillemets(template: str) -> None:
    found = _text(template)
    assert "«защищать права всех мигрантов»" in found
    assert "«О миграции»" in found
    assert '"' not in found
    assert "“" not in found


@pytest.mark.parametrize("template", TEMPLATES)
def test_russian_digit_groups_and_number_sign_do_not_break(template: str) -> None:
    found = _text(template)
    assert f"1{NNBSP}000{NNBSP}000 долларов" in found.replace("\n", " ")
    assert f"№{NBSP}68/4" in found


@pytest.mark.parametrize("template", TEMPLATES)
def test_russian_footnote_calls_precede_the_full_stop(template: str) -> None:
    found = " ".join(_text(template).split())
    assert re.search(r"в год ?\d\. Доклад", found), found[:400]


def test_russian_function() -> None:
    assert russian('сказал: "да"') == "сказал: «да»"
    assert russian('" и', after_inline=True) == "» и"
    assert russian("слово — дело") == f"слово{NBSP}— дело"
    assert russian("„внутри“") == "„внутри“"
