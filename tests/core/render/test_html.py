"""Document to HTML: escaping, sanitising, metadata, warnings."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from app import __version__
from app.core.document.model import Document, Section
from app.core.errors import TemplateError
from app.core.render.html import RenderedHtml, count_words, flatten, render_html
from app.paths import templates_dir


class _Tags(HTMLParser):
    """Collect (tag, attrs) of every start tag."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def meta(html: str, name: str) -> str | None:
    for tag, attrs in tags(html):
        if tag == "meta" and attrs.get("name") == name:
            return attrs.get("content")
    return None


def test_returns_rendered_html_with_base_url_of_the_template(meeting_doc: Document):
    out = render_html(meeting_doc)
    assert isinstance(out, RenderedHtml)
    assert out.base_url.startswith("file://")
    assert out.base_url.endswith("/meeting-paper/")
    assert out.html.lstrip().startswith("<!DOCTYPE html>")


def test_head_carries_title_author_generator_description(meeting_doc: Document):
    html = render_html(meeting_doc).html
    assert "<title>Contributions to the High-Level Dialogue</title>" in html
    assert meta(html, "author") == "Office of the High Commissioner for Human Rights (OHCHR)"
    assert meta(html, "generator") == f"Rapporteur {__version__}"
    assert meta(html, "description") == (
        "Eleventh Coordination Meeting on International Migration"
    )


def test_agency_input_author_comes_from_entity(agency_doc: Document):
    html = render_html(agency_doc).html
    assert meta(html, "author") == agency_doc.fields["entity"]
    assert "International migration and development" in (meta(html, "description") or "")


@pytest.mark.parametrize(
    ("language", "direction"), [("en", "ltr"), ("fr-CH", "ltr"), ("ar", "rtl"), ("he", "rtl"),
                                ("fa", "rtl")],
)
def test_html_element_has_lang_and_dir(meeting_doc: Document, language: str, direction: str):
    meeting_doc.language = language
    html_tag = tags(render_html(meeting_doc).html)[0]
    assert html_tag == ("html", {"lang": language, "dir": direction})


def test_bad_language_falls_back_to_en_with_warning(meeting_doc: Document):
    meeting_doc.language = 'en" onload="x'
    out = render_html(meeting_doc)
    assert tags(out.html)[0][1]["lang"] == "en"
    assert any("not a language tag" in w for w in out.warnings)


def test_template_syntax_in_content_is_printed_literally(meeting_doc: Document):
    meeting_doc.title = "{{ 7 * 7 }} and {% if true %}yes{% endif %}"
    meeting_doc.sections[0].heading = "{{ ''.__class__.__mro__ }}"
    meeting_doc.sections[1].body = "<p>{{ config }} {{ 6 * 7 }}</p>"
    meeting_doc.fields["venue"] = "{{ cycler.__init__.__globals__ }}"
    html = render_html(meeting_doc).html
    assert "{{ 7 * 7 }} and {% if true %}yes{% endif %}" in html
    assert "{{ &#39;&#39;.__class__.__mro__ }}" in html
    assert "{{ config }} {{ 6 * 7 }}" in html
    assert "{{ cycler.__init__.__globals__ }}" in html
    assert "49" not in html
    assert "42" not in html
    assert "object" not in html


def test_headings_fields_and_title_are_escaped(meeting_doc: Document):
    meeting_doc.title = "<script>alert(1)</script>"
    meeting_doc.sections[0].heading = "<b>bold?</b> & more"
    meeting_doc.fields["author"] = '"><img src=x>'
    html = render_html(meeting_doc).html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;bold?&lt;/b&gt; &amp; more" in html
    assert "<img" not in html


def test_bodies_are_sanitised(meeting_doc: Document):
    meeting_doc.sections[0].body = (
        '<p onclick="x()">Kept <b>bold</b><script>alert(1)</script></p>'
        '<img src="file:///etc/passwd"><style>p{}</style><link rel="attachment" href="x">'
        '<a href="javascript:alert(1)">link</a><span class="footnote">Note</span>'
    )
    html = render_html(meeting_doc).html
    body = html[html.index("<main>"):]
    assert "<p>Kept <strong>bold</strong></p>" in body
    for bad in ("onclick", "<script", "alert(1)", "<img", "<style", "<link", "javascript:"):
        assert bad not in body
    assert '<span class="footnote">Note</span>' in body


def test_sections_flatten_with_depth_levels_and_anchors(meeting_doc: Document):
    views = flatten(meeting_doc.sections)
    assert [(v.heading, v.depth, v.level, v.anchor) for v in views] == [
        ("Introduction", 0, 2, "section-1"),
        ("Background", 1, 3, "section-2"),
        ("Conclusions", 0, 2, "section-3"),
    ]
    html = render_html(meeting_doc).html
    assert '<h2 class="heading depth-0" id="section-1">Introduction</h2>' in html
    assert '<h3 class="heading depth-1" id="section-2">Background</h3>' in html
    assert '<div class="body depth-0"><p>First paragraph' in html


def test_deep_sections_stop_at_h6():
    deep = Section(id="0", heading="L0")
    node = deep
    for i in range(1, 8):
        child = Section(id=str(i), heading=f"L{i}")
        node.children.append(child)
        node = child
    assert [v.level for v in flatten([deep])] == [2, 3, 4, 5, 6, 6, 6, 6]


def test_fields_are_merged_over_defaults(meeting_doc: Document):
    html = render_html(meeting_doc).html
    assert "Department of Economic and Social Affairs" in html
    assert 'New York, <span class="nobr">21-22 February 2013</span>' in html
    assert "The views expressed in this paper are those of the author entity" in html
    assert "@page { size: Letter; }" in html


def test_page_size_choice_reaches_the_page_rule(meeting_doc: Document):
    meeting_doc.fields["page_size"] = "A4"
    assert "@page { size: A4; }" in render_html(meeting_doc).html


def test_wrongly_typed_fields_fall_back_to_defaults_with_a_warning(meeting_doc: Document):
    meeting_doc.fields["organizer"] = "Population Division"
    meeting_doc.fields["page_size"] = "} body { display: none"
    out = render_html(meeting_doc)
    assert "Department of Economic and Social Affairs" in out.html
    assert "display: none" not in out.html
    assert any("Organizer: expected a list of lines" in w for w in out.warnings)
    assert any("Page size" in w for w in out.warnings)


def test_missing_required_fields_are_warnings_not_errors(meeting_doc: Document):
    del meeting_doc.fields["meeting"]
    meeting_doc.fields["author"] = ""
    out = render_html(meeting_doc)
    assert "Missing required field: Meeting" in out.warnings
    assert "Missing required field: Author entity" in out.warnings


def test_clean_document_has_no_warnings(meeting_doc: Document, agency_doc: Document):
    assert render_html(meeting_doc).warnings == ()
    assert render_html(agency_doc).warnings == ()


def test_coverage_warning_covers_the_whole_text(meeting_doc: Document):
    meeting_doc.sections[1].children.append(
        Section(id="x", heading="Arabic", body="<p>مرحبا بالعالم</p>")
    )
    meeting_doc.fields["venue"] = "北京 ☃"
    meeting_doc.sections[0].body += "<p>龘</p>"
    warnings = [w for w in render_html(meeting_doc).warnings if "bundled font" in w]
    assert warnings == ["Characters in no bundled font (they print as blank boxes): "
                        "☃ (U+2603), 龘 (U+9F98)"]


def test_word_limit_warning(agency_doc: Document):
    agency_doc.sections[0].body = "<p>" + "word " * 8600 + "</p>"
    out = render_html(agency_doc)
    over = [w for w in out.warnings if "word limit" in w]
    assert len(over) == 1
    assert re.match(r"8,6\d\d words: over the 8,500-word limit for agency-input", over[0])


def test_count_words_includes_title_headings_and_footnotes():
    doc = Document(id="d", title="Two words", sections=[
        Section(id="s", heading="Three more words",
                body='<p>Four<span class="footnote">five six</span></p><ul><li>seven</li></ul>'),
    ])
    assert count_words(doc) == 2 + 3 + 4


def test_unknown_template_raises_template_error(meeting_doc: Document):
    meeting_doc.template = "no-such-template"
    with pytest.raises(TemplateError):
        render_html(meeting_doc)


def test_extra_context_cannot_replace_the_document(meeting_doc: Document):
    out = render_html(meeting_doc, extra_context={"document": "evil", "preview": True})
    assert "evil" not in out.html
    assert "Contributions to the High-Level Dialogue" in out.html


def test_stylesheets_are_linked_from_the_template_and_shared_folders(meeting_doc: Document):
    links = [a["href"] for t, a in tags(render_html(meeting_doc).html) if t == "link"]
    shared = (templates_dir() / "_shared").resolve().as_uri() + "/base.css"
    assert links == [shared, "style.css"]


def test_body_subheadings_stay_inside_bodies(meeting_doc: Document):
    html = render_html(meeting_doc).html
    assert "<h3>Run-in heading</h3>" in html
    start = html.index('<div class="body depth-0">')
    assert html.index("<h3>Run-in heading</h3>") > start
