"""Footnote calls after punctuation in English, before it in French and Spanish."""

from __future__ import annotations

import html as html_lib
import io
import re
from collections import Counter

import pypdf
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.core.document.model import Document, Section
from app.core.render.html import render_html
from app.core.render.notecalls import AFTER_PUNCTUATION, BEFORE_PUNCTUATION, move_note_calls
from app.core.render.pdf import render_pdf

NOTE = '<span class="footnote">See <em>Survey</em>, <span class="nobr">A/67/254</span>.</span>'
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize(("source", "moved"), [
    (f"<p>rights{NOTE}. More</p>", f"<p>rights.{NOTE} More</p>"),
    (f"<p>rights{NOTE}, and{NOTE}; then{NOTE}: so{NOTE}! no{NOTE}?</p>",
     f"<p>rights,{NOTE} and;{NOTE} then:{NOTE} so!{NOTE} no?{NOTE}</p>"),
    (f"<p>“Peace{NOTE}”. Next</p>", f"<p>“Peace”.{NOTE} Next</p>"),
    (f"<p>said &quot;yes{NOTE}&quot;, then</p>", f"<p>said &quot;yes&quot;,{NOTE} then</p>"),
    (f"<p>two{NOTE}{NOTE}. Next</p>", f"<p>two.{NOTE}{NOTE} Next</p>"),
    (f"<p><em>Title</em>{NOTE}. Next</p>", f"<p><em>Title</em>.{NOTE} Next</p>"),
    (f"<p>ends{NOTE}...</p>", f"<p>ends...{NOTE}</p>"),
])
def test_english_calls_move_after_punctuation(source: str, moved: str) -> None:
    assert move_note_calls(source, "en") == moved
    assert move_note_calls(source, "en-GB") == moved
    assert move_note_calls(moved, "en") == moved, "already in place: unchanged"


@pytest.mark.parametrize("source", [
    f"<p>rights.{NOTE} More</p>",  # already after
    f"<p>(see A/67/254{NOTE}).</p>",  # a call inside parentheses stays there
    f"<p>rights{NOTE} — more</p>",  # never past a space or a dash
    f"<p><em>rights{NOTE}</em>. More</p>",  # not out of the element it is in
    f"<p>rights{NOTE}</p><p>. More</p>",
    '<p>rights<span class="footnote">unclosed. More</p>',
    "<p>no notes. At all.</p>",
    f"<p>and so on, etc.{NOTE}. Next</p>",  # no double full stop
    f"<p>really?{NOTE}? Yes</p>",
])
def test_english_leaves_everything_else_alone(source: str) -> None:
    assert move_note_calls(source, "en") == source


def test_footnote_content_with_spans_and_markup_is_one_call() -> None:
    note = ('<span class="footnote">A <span class="nobr">A/1</span><em>b.</em>'
            '<span><span>deep</span>.</span> end</span>')
    assert move_note_calls(f"<p>x{note}. y</p>", "en") == f"<p>x.{note} y</p>"


@pytest.mark.parametrize("language", ["fr", "es", "fr-CH", "ru"])
@pytest.mark.parametrize(("source", "moved"), [
    (f"<p>droits.{NOTE} Plus</p>", f"<p>droits{NOTE}. Plus</p>"),
    (f"<p>droits,{NOTE} et</p>", f"<p>droits{NOTE}, et</p>"),
    (f"<p>droits :{NOTE} et</p>", f"<p>droits{NOTE} : et</p>"),
    (f"<p>droits&#160;;{NOTE} et</p>", f"<p>droits{NOTE}&#160;; et</p>"),
    (f"<p>deux.{NOTE}{NOTE}</p>", f"<p>deux{NOTE}{NOTE}.</p>"),
    (f"<p><em>Titre</em>.{NOTE}<em>x</em></p>", f"<p><em>Titre</em>{NOTE}.<em>x</em></p>"),
])
def test_french_and_spanish_calls_move_before_punctuation(
        language: str, source: str, moved: str) -> None:
    assert move_note_calls(source, language) == moved
    assert move_note_calls(moved, language) == moved


@pytest.mark.parametrize("source", [f"<p>droits?{NOTE} x</p>",
                                    f"<p>«\u00a0droits\u00a0»{NOTE}</p>"])
def test_french_keeps_calls_after_other_marks(source: str) -> None:
    assert move_note_calls(source, "fr") == source


@pytest.mark.parametrize("language", ["fr", "es"])
def test_etc_keeps_its_full_stop(language: str) -> None:
    source = f"<p>les droits, etc.{NOTE} Plus</p>"
    assert move_note_calls(source, language) == source


@pytest.mark.parametrize("language", ["ar", "zh", "de", ""])
def test_other_languages_are_left_alone(language: str) -> None:
    source = f"<p>rights{NOTE}. droits.{NOTE}</p>"
    assert move_note_calls(source, language) == source


def test_only_the_body_of_a_page_is_touched() -> None:
    head = f"<head><title>x{NOTE}.</title></head>"
    page = f"<html>{head}<body><p>a{NOTE}.</p></body></html>"
    assert move_note_calls(page, "en") == f"<html>{head}<body><p>a.{NOTE}</p></body></html>"


# properties: the transform only reorders


def _note(content: str) -> str:
    """Return a footnote around content."""
    return f'<span class="footnote">{content}</span>'


_CHUNK = st.lists(st.sampled_from(["ab", " ", ".", ",", ";", ":", "!", "?", "\"", "’", "”",
                                   ")", "&quot;", "&#160;", "\u00a0", "&amp;", "x y"]),
                  max_size=5).map("".join)
_INNER = st.recursive(
    _CHUNK,
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        inner.map(lambda text: f"<em>{text}</em>"),
        inner.map(lambda text: f'<span class="nobr">{text}</span>'),
        inner.map(lambda text: f"<span>{text}</span>"),
    ),
    max_leaves=4,
)
_NOTES = st.lists(_INNER.map(_note), min_size=1, max_size=3)
_ITEM = st.one_of(_CHUNK, _NOTES.map("".join), _CHUNK.map(lambda text: f"<em>{text}</em>"),
                  st.just("</p><p>"), st.just("<br>"))
_BODY = st.lists(_ITEM, max_size=8).map(lambda items: "<p>" + "".join(items) + "</p>")


def _split_notes(html: str) -> tuple[str, list[str]]:
    """Return html without its footnotes, and the footnotes (span depth counted, no regex)."""
    outside: list[str] = []
    notes: list[str] = []
    depth = 0
    for piece in re.split(r"(<[^>]*>)", html):
        if depth == 0 and piece == '<span class="footnote">':
            notes.append("")
        if depth or piece == '<span class="footnote">':
            depth += piece.startswith("<span") - (piece == "</span>")
            notes[-1] += piece
        else:
            outside.append(piece)
    return "".join(outside), notes


@SETTINGS
@given(_BODY, st.sampled_from(["en", "fr", "es"]))
def test_moving_calls_only_reorders(body: str, language: str) -> None:
    out = move_note_calls(body, language)
    assert Counter(out) == Counter(body), "no character lost or added"
    assert _split_notes(out) == _split_notes(body), \
        "the notes are unchanged and the text around them keeps its order"
    assert move_note_calls(out, language) == out, "a second pass changes nothing"


@SETTINGS
@given(_BODY)
def test_english_leaves_no_call_before_punctuation(body: str) -> None:
    out = move_note_calls(body, "en")
    for before, after in _around_note_runs(out):
        assert after not in AFTER_PUNCTUATION or after == before, out


def _around_note_runs(html: str) -> list[tuple[str, str]]:
    """Return the characters right before and right after each run of adjacent notes."""
    pieces = [piece for piece in re.split(r"(<[^>]*>)", html) if piece]
    found: list[tuple[str, str]] = []
    depth, previous, before = 0, "", ""
    for piece in pieces:
        if depth == 0 and piece == '<span class="footnote">':
            before = before if previous == "</note>" else _last_char(previous)
        if depth or piece == '<span class="footnote">':
            depth += piece.startswith("<span") - (piece == "</span>")
            previous = "</note>" if depth == 0 else previous
            continue
        if previous == "</note>":
            found.append((before, html_lib.unescape(piece)[:1] if piece[0] != "<" else ""))
        previous = piece
    if previous == "</note>":
        found.append((before, ""))
    return found


def _last_char(piece: str) -> str:
    """Return the last character of a text piece ("" for a tag)."""
    return "" if not piece or piece.startswith("<") else html_lib.unescape(piece)[-1:]


@SETTINGS
@given(_BODY, st.sampled_from(["fr", "es"]))
@example('<p>.<span class="footnote"></span>.<span class="footnote"></span></p>', "fr")
def test_french_and_spanish_leave_no_call_after_punctuation(body: str, language: str) -> None:
    out = move_note_calls(body, language)
    for start in re.finditer('<span class="footnote">', out):
        before = out[:start.start()]
        if before and not re.search(r"&#?\w+;$", before) and not _own_mark(before):
            assert before[-1] not in BEFORE_PUNCTUATION, out


def _own_mark(before: str) -> bool:
    """Return whether before ends with a note and the mark its call was moved before.

    In ".<note/>.<note/>" each call goes before its own full stop: "<note/>.<note/>.".
    """
    if before[-1:] not in BEFORE_PUNCTUATION or not before[:-1].endswith("</span>"):
        return False
    stack: list[str] = []
    closed = ""
    for tag in re.findall(r"<(/?)span([^>]*)>", before[:-1]):
        if tag[0]:
            closed = stack.pop() if stack else ""
        else:
            stack.append(tag[1])
    return 'class="footnote"' in closed


# in the rendered documents


@pytest.mark.parametrize("template", ["meeting-paper", "agency-input", "sg-report"])
def test_every_template_moves_calls_in_english(template: str) -> None:
    body = f"<p>Member States recognized their rights{NOTE}. They acted{NOTE}, too.</p>"
    doc = Document(id="d", title="Calls", template=template, language="en",
                   fields={"symbol": "A/68/190"}, sections=[Section(id="s", heading="One",
                                                                     body=body)])
    html = render_html(doc).html
    assert "rights.<span class=\"footnote\">" in html
    assert "acted,<span class=\"footnote\">" in html


def test_the_pdf_prints_the_call_after_the_full_stop() -> None:
    body = f"<p>Member States recognized their rights{NOTE} in the outcome.</p>" \
           f"<p>They also recognized their duties{NOTE}. Next sentence.</p>"
    doc = Document(id="d", title="Calls", template="agency-input", language="en",
                   sections=[Section(id="s", heading="One", body=body)])
    page = pypdf.PdfReader(io.BytesIO(render_pdf(render_html(doc)).pdf)).pages[0]
    text = " ".join(page.extract_text().split())
    assert "their duties.2 Next sentence." in text
    assert "duties2." not in text
