"""Tests for the Markdown importer and exporter."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.document.model import Document, Section
from app.core.errors import ValidationError
from app.core.io.markdown import parse_markdown, to_markdown
from app.core.io.parsed import ParsedImport
from app.core.text.sanitize import clean, is_clean

FIXTURE = Path(__file__).parents[3] / ".." / "shared" / "fixtures" / "ohchr-2013-contribution.md"
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ids() -> Callable[[], str]:
    """Return a deterministic id factory."""
    numbers = count(1)
    return lambda: f"id{next(numbers)}"


def parse(text: str) -> Document:
    """Parse text with deterministic ids."""
    return parse_markdown(text, new_id=ids()).document


def shape(doc: Document) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return the headings, bodies and nesting of doc."""
    return [(s.heading, s.body, [(c.heading, c.body) for c in s.children]) for s in doc.sections]


def exported(doc: Document) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Return shape(doc) as the Markdown export keeps it: without empty paragraphs."""
    def kept(body: str) -> str:
        return body.replace("<p></p>", "")
    return [(h, kept(b), [(ch, kept(cb)) for ch, cb in kids]) for h, b, kids in shape(doc)]


def same(first: Document, second: Document) -> None:
    """Assert two parsed documents carry the same content."""
    assert (first.title, first.template, first.language) == (
        second.title,
        second.template,
        second.language,
    )
    assert first.fields == second.fields
    assert shape(first) == shape(second)


# --- the OHCHR fixture -------------------------------------------------------


@pytest.fixture(scope="module")
def source() -> str:
    if not FIXTURE.exists():
        pytest.skip("shared fixture not present")
    return FIXTURE.read_text(encoding="utf-8")


def test_fixture_sections_and_fields(source: str) -> None:
    doc = parse(source)
    headings = [line[3:].strip() for line in source.splitlines() if line.startswith("## ")]
    assert len(headings) == 4
    assert [s.heading for s in doc.sections] == headings
    assert doc.title.startswith("Office of the High Commissioner for Human Rights contributions")
    assert (doc.template, doc.language) == ("meeting-paper", "en")
    assert doc.fields["meeting"] == "Eleventh Coordination Meeting on International Migration"
    assert doc.fields["organizer"] == [
        "Population Division",
        "Department of Economic and Social Affairs",
        "United Nations Secretariat",
    ]
    assert doc.fields["venue"] == "New York"
    assert doc.fields["dates"] == "21-22 February 2013"
    assert doc.fields["title_footnote"].startswith("The views expressed in the paper")
    assert doc.fields["author"] == "Office of the High Commissioner for Human Rights (OHCHR)"
    assert set(doc.fields) == {"meeting", "organizer", "venue", "dates", "title_footnote", "author"}


def test_fixture_inline_markup(source: str) -> None:
    text = "".join(s.body for s in parse(source).sections)
    for phrase in ("Migration and human rights", "Hirsi Jamaa and others v. Italy", "inter alia"):
        assert f"<em>{phrase}</em>" in text
    assert "<em>the</em> fundamental basis" in text
    assert "At its 67<sup>th</sup> session" in text
    assert "(A/C.3/67/L.40/Rev.1)" in text
    assert all(is_clean(s.body) for s in parse(source).sections)


def test_fixture_paragraph_counts(source: str) -> None:
    body_text = source.split("\n---\n", 1)[1]
    chunks = re.split(r"^## .*$", body_text, flags=re.MULTILINE)[1:]
    expected = [len([p for p in chunk.split("\n\n") if p.strip()]) for chunk in chunks]
    assert [s.body.count("<p>") for s in parse(source).sections] == expected


def test_fixture_round_trip(source: str) -> None:
    first = parse(source)
    second = parse(to_markdown(first))
    same(first, second)
    assert to_markdown(second) == to_markdown(first)


# --- parsing -----------------------------------------------------------------


def test_footnotes_are_placed_at_their_calls() -> None:
    doc = parse("Text[^1] more[^2].\n\n[^1]: First *note*.\n[^2]: Second.")
    assert doc.sections[0].body == (
        '<p>Text<span class="footnote">First <em>note</em>.</span>'
        ' more<span class="footnote">Second.</span>.</p>'
    )
    assert len(doc.sections) == 1


def test_footnote_definitions_anywhere_and_missing_ones() -> None:
    doc = parse(
        "[^a]: Defined first.\n\n## One\n\nCall[^a] and [^missing].\n\n"
        "[^b]: Para one.\n\n    Para two.\n\n## Two\n\nLater[^b]."
    )
    assert [s.heading for s in doc.sections] == ["One", "Two"]
    assert doc.sections[0].body == (
        '<p>Call<span class="footnote">Defined first.</span> and [^missing].</p>'
    )
    assert (
        doc.sections[1].body == '<p>Later<span class="footnote">Para one.<br>Para two.</span>.</p>'
    )


def test_nesting_and_body_headings() -> None:
    doc = parse(
        "### Orphan\n\nx\n\n## A\n\n#### Four\n\n##### Five\n\n###### Six\n\n"
        "### A.1\n\ny\n\n### A.2\n\n## B"
    )
    assert [s.heading for s in doc.sections] == ["Orphan", "A", "B"]
    a = doc.sections[1]
    assert a.body == "<h4>Four</h4><h5>Five</h5><h5>Six</h5>"
    assert [(c.heading, c.body, c.parent_id, c.position) for c in a.children] == [
        ("A.1", "<p>y</p>", a.id, 0),
        ("A.2", "", a.id, 1),
    ]
    assert all(s.document_id == doc.id for s in doc.all_sections())


def test_leading_title_and_untitled_first_section() -> None:
    doc = parse("# The *Title*\n\nIntro text.\n\n## First\n\nBody.")
    assert doc.title == "The Title"
    assert [(s.heading, s.body) for s in doc.sections] == [
        ("", "<p>Intro text.</p>"),
        ("First", "<p>Body.</p>"),
    ]
    assert parse("---\ntitle: Set\n---\n# Not title\n").sections[0].heading == "Not title"
    assert [s.heading for s in parse("\n\n## Only\n").sections] == ["Only"]


def test_defaults_without_front_matter() -> None:
    doc = parse("Just text.")
    assert (doc.title, doc.template, doc.language, doc.fields) == ("", "meeting-paper", "en", {})
    assert re.fullmatch(r"[0-9a-f-]{36}", parse_markdown("x").document.id)


def test_front_matter_values() -> None:
    doc = parse("---\ntitle: 2013\nlanguage: fr\ndate: 2013-02-21\nn: 3\n---\n")
    assert (doc.title, doc.language) == ("2013", "fr")
    assert doc.fields == {"date": "2013-02-21", "n": 3}


@pytest.mark.parametrize(
    "text",
    [
        "---\ntitle: [unclosed\n---\n",
        "---\n- a\n- b\n---\n",
        "---\njust a string\n---\n",
        "---\ntitle: [a, b]\n---\n",
        "---\nx: !!binary aGVsbG8=\n---\n",
    ],
    ids=["bad-yaml", "list", "scalar", "list-title", "binary"],
)
def test_bad_front_matter(text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse(text)
    assert "\n" not in str(caught.value)


def test_unsafe_html_is_dropped_and_reported() -> None:
    parsed = parse_markdown(
        'Hi <script>alert(1)</script> there.\n\n<iframe src="https://x.org"></iframe>\n\n'
        "Keep <sup>th</sup> and <u>u</u>."
    )
    body = parsed.document.sections[0].body
    assert "alert" not in body
    assert body == "<p>Hi  there.</p><p>Keep <sup>th</sup> and <u>u</u>.</p>"
    assert {"<script>", "<iframe>", '<iframe src="https://x.org">'} <= set(parsed.dropped)


@pytest.mark.parametrize(
    "text", ["<!A<![0", "a\x00b\ud800c", "\r\n## H\r\n\r\ntext\r"], ids=["decl", "nul", "crlf"]
)
def test_odd_input_is_read(text: str) -> None:
    doc = parse(text)
    assert all(is_clean(s.body) for s in doc.all_sections())


@pytest.mark.parametrize("text", ["<blockquote>" * 3000 + "x", "<ul><li>" * 3000 + "x"])
def test_absurd_nesting_is_flattened_and_the_text_kept(text: str) -> None:
    body = parse(text).all_sections()[0].body
    assert body.count("<") <= 2 * 24 + 2
    assert "x" in body


def test_code_becomes_plain_paragraphs() -> None:
    parsed = parse_markdown("```\na < b\nc\n```")
    assert parsed.document.sections[0].body == "<p>a &lt; b<br>c</p>"
    assert "<code>" in parsed.dropped


# --- writing -----------------------------------------------------------------


def section(heading: str, body: str, *children: Section) -> Section:
    """Return a section with a fixed id."""
    return Section(id=heading or "untitled", heading=heading, body=body, children=list(children))


def test_to_markdown_layout() -> None:
    doc = Document(
        id="d",
        title="T",
        fields={"venue": "Genève", "organizer": ["A", "B"]},
        sections=[
            section("", "<p>Preamble.</p>"),
            section(
                "One",
                '<p>a <strong>b</strong> <em>c</em><span class="footnote">n1</span></p>',
                section(
                    "Deep",
                    "<p>x</p>",
                    section("Deeper", '<p>y<span class="footnote">n2</span></p>'),
                ),
            ),
        ],
    )
    assert to_markdown(doc) == (
        "---\ntitle: T\ntemplate: meeting-paper\nlanguage: en\nvenue: Genève\n"
        "organizer:\n- A\n- B\n---\n\nPreamble.\n\n## One\n\na **b** *c*[^1]\n\n[^1]: n1\n\n"
        "### Deep\n\nx\n\n### Deeper\n\ny[^2]\n\n[^2]: n2\n"
    )
    again = parse(to_markdown(doc))
    assert [c.heading for c in again.sections[1].children] == ["Deep", "Deeper"]


def test_to_markdown_escapes_text() -> None:
    body = clean(
        "<p>1. *not* _em_ [x](y) `c` &lt;b&gt; &amp;amp; # \\ | ![i]</p>"
        "<p>- item? + no &gt; quote</p><h4>ends #</h4>"
    )
    doc = Document(id="d", sections=[section("## *h* #", body)])
    text = to_markdown(doc)
    assert "## ## \\*h\\* \\#\n" in text
    assert "1\\. \\*not\\* \\_em\\_ \\[x\\](y) \\`c\\` \\<b> \\&amp; # \\\\ \\| !\\[i\\]\n" in text
    assert "\\- item? + no > quote\n\n#### ends \\#\n" in text
    back = parse(text).sections[0]
    assert (back.heading, back.body) == ("## *h* #", body)


def test_to_markdown_refuses_absurd_nesting() -> None:
    doc = Document(id="d", sections=[section("S", "<p>" + "<em>" * 3000 + "x</p>")])
    with pytest.raises(ValidationError):
        to_markdown(doc)


def test_front_matter_that_looks_like_a_fence() -> None:
    fields = {"note": "a\n---\nb", "dots": "x\n...\n", "nel": "a\x85b", "n": 5, "flag": True}
    doc = Document(id="d", title="---", fields=fields)
    back = parse(to_markdown(doc))
    assert (back.title, back.fields) == ("---", fields)


def test_empty_paragraphs_are_dropped_by_the_markdown_export() -> None:
    """An empty paragraph has no text and Markdown no way to write one: it is left out."""
    body = "<p></p><p>0</p><p></p><blockquote><p></p></blockquote><h4></h4><ul><li></li></ul>"
    doc = Document(id="d", sections=[section("S", body)])
    written = parse(to_markdown(doc)).sections[0].body
    assert written == "<p>0</p><blockquote></blockquote><h4></h4><ul><li></li></ul>"


def test_subset_constructs_round_trip() -> None:
    body = clean(
        "<p>x<sup>th</sup> H<sub>2</sub>O <u>u</u> "
        '<span lang="ar" dir="rtl">مرحبا</span> <a href="https://example.org/a?b=1&amp;c=(2)">'
        "link</a> a<br>b <strong>a.</strong>b</p>"
        "<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>"
        "<ol><li><p>loose</p></li><li><p>list</p></li></ol>"
        "<blockquote><p>quoted</p><blockquote><p>twice</p></blockquote></blockquote>"
        "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>*c*</td></tr></tbody></table>"
        "<h3>three</h3><h5>five</h5>"
    )
    doc = Document(id="d", sections=[section("S", body)])
    assert parse(to_markdown(doc)).sections[0].body == body


# --- properties --------------------------------------------------------------

# Text from several scripts plus the characters Markdown treats as markup.
ALPHABET = "aeéèçñüÅøßжщЮяمرحباس中文字漢 *_[]#<>&`\\!():|-+=~.'\"/;^{}0123456789\xa0"
HREFS = ["https://example.org/a", "https://example.org/p?q=1&r=2", "mailto:a@example.org"]
words = st.text(alphabet=ALPHABET, min_size=1, max_size=10)


def wrapper(tag: str) -> Callable[[str], str]:
    """Return a function wrapping HTML in tag."""
    return lambda inner: f"<{tag}>{inner}</{tag}>"


def inline(depth: int = 2, links: bool = True, notes: bool = True) -> st.SearchStrategy[str]:
    """Return inline HTML of the subset.

    Restrictions: a <br> is always followed by text (a paragraph or note that is
    only a line break reads back as an HTML block); links do not hold links and
    notes do not hold notes (HTML forbids the first, the editor the second).
    """
    text = words.map(lambda t: html.escape(t, quote=False))
    if depth == 0:
        return text
    kids = st.lists(inline(depth - 1, links, notes), min_size=1, max_size=3).map("".join)
    options = [
        text,
        text.map(lambda t: "<br>" + t),
        *(kids.map(wrapper(tag)) for tag in ("strong", "em", "sup", "sub", "u")),
    ]
    if links:
        inner = st.lists(inline(depth - 1, False, notes), min_size=1, max_size=2).map("".join)
        options.append(
            st.tuples(st.sampled_from(HREFS), inner).map(
                lambda pair: f'<a href="{html.escape(pair[0])}">{pair[1]}</a>'
            )
        )
    if notes:
        inner = st.lists(inline(depth - 1, links, False), min_size=1, max_size=2).map("".join)
        options.append(inner.map(lambda s: f'<span class="footnote">{s}</span>'))
    return st.one_of(options)


runs = st.lists(inline(), min_size=1, max_size=4).map("".join)


def listing(tag: str) -> st.SearchStrategy[str]:
    """Return a tight list; items are never empty (an empty item cannot follow text)."""
    items = st.lists(runs, min_size=1, max_size=3)
    return items.map(lambda xs: f"<{tag}>" + "".join(f"<li>{x}</li>" for x in xs) + f"</{tag}>")


def block(depth: int = 1) -> st.SearchStrategy[str]:
    """Return one block of the subset."""
    options = [
        runs.map(lambda s: f"<p>{s}</p>"),
        runs.map(lambda s: f"<h4>{s}</h4>"),
        listing("ul"),
        listing("ol"),
    ]
    if depth:
        quoted = st.lists(block(depth - 1), min_size=1, max_size=2).map("".join)
        options.append(quoted.map(lambda s: f"<blockquote>{s}</blockquote>"))
    return st.one_of(options)


bodies = st.lists(block(), max_size=4).map(lambda blocks: clean("".join(blocks)))
headings = st.text(alphabet=ALPHABET, max_size=20).map(lambda t: " ".join(t.split()))
keys = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True).filter(
    lambda k: k not in ("title", "template", "language")
)
values = st.one_of(
    st.text(alphabet=ALPHABET, max_size=30), st.lists(st.text(alphabet=ALPHABET, max_size=10))
)


@st.composite
def documents(draw: Callable[[st.SearchStrategy[Any]], Any]) -> Document:
    """Return a document of up to four sections with up to two children each."""
    numbers = count()

    def make(children: int) -> Section:
        kids = [make(0) for _ in range(children)]
        return Section(str(next(numbers)), draw(headings), draw(bodies), children=kids)

    sections = [make(draw(st.integers(0, 2))) for _ in range(draw(st.integers(0, 4)))]
    fields = draw(st.dictionaries(keys, values, max_size=3))
    return Document(id="d", title=draw(headings), fields=fields, sections=sections)


@SETTINGS
@given(documents())
def test_generated_documents_round_trip(doc: Document) -> None:
    back = parse(to_markdown(doc))
    assert (back.title, back.fields) == (doc.title, doc.fields)
    assert shape(back) == exported(doc)
    same(back, parse(to_markdown(back)))


MARKDOWN_BITS = [
    "word", "mot ", "жщ", "مرحبا", "中文", " ", "\n", "\n\n", "- ", "1. ", "> ", "## ", "### ",
    "#### ", "*", "**", "_", "`", "[", "]", "(", ")", "!", "<", "&", "&#32;", "\\", "|", "#",
    ":", "[^1]", "\n[^1]: note *x*\n", "<sup>x</sup>", "<br>", "[a](https://example.org/x)",
    "\n| a | b |\n|---|---|\n| 1 | 2 |\n", "    ", "---", "===", "```", "  \n", "\xa0",
]  # fmt: skip
markdown_texts = st.lists(st.sampled_from(MARKDOWN_BITS), max_size=30).map("".join)


@SETTINGS
@given(markdown_texts)
def test_parsed_markdown_round_trips(text: str) -> None:
    try:
        first = parse(text)
    except ValidationError:
        return
    same(first, parse(to_markdown(first)))


@SETTINGS
@given(st.one_of(st.text(), markdown_texts.map(lambda t: "<script>" + t + "<iframe>\x00\r")))
def test_any_text_parses_cleanly_or_fails_validation(text: str) -> None:
    try:
        parsed: ParsedImport | str = parse_markdown(text, new_id=ids())
    except ValidationError as exc:
        parsed = str(exc)
    if isinstance(parsed, str):
        assert "\n" not in parsed
    else:
        assert all(is_clean(s.body) for s in parsed.document.all_sections())
        to_markdown(parsed.document)
