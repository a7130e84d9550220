"""Section previews: offsets from a full build, one section rendered alone, worker jobs."""

from __future__ import annotations

import io
import os
import re
import signal
from concurrent.futures import Future
from dataclasses import replace
from typing import Any

import pypdf
import pytest

from app.core.document.model import Document, Section
from app.core.errors import RenderError
from app.core.io.interchange import export_document
from app.core.render.html import css_string, render_html
from app.core.render.preview import (
    FullBuild,
    Offsets,
    count_markup,
    current_offsets,
    full_build,
    heading_counts,
    prefix_footnotes,
    render_section,
    section_request,
)
from app.core.render.worker import RenderPool, full_build_job, section_job

LABEL = re.compile(r"^(\d+)/(\d+)$")
LOREM = (
    "The Office advocates for a human rights-based approach to migration and the need "
    "to ground migration policymaking in the international legal framework."
)
AGENCY_FIELDS = {
    "entity": "Office of the United Nations High Commissioner for Human Rights",
    "report_title": "International migration and development",
    "symbol": "A/68/190",
    "session": "Sixty-eighth session",
    "date": "25 July 2013",
}


def _body(key: str, count: int) -> str:
    """Return count long paragraphs marked key-i, every third with a marked footnote."""
    out = []
    for i in range(count):
        note = f'<span class="footnote">Note {key}-{i} text.</span>' if i % 3 == 1 else ""
        out.append(f"<p>Marker {key}-{i} {LOREM} {LOREM}{note} {LOREM}</p>")
    return "".join(out)


def long_agency_doc() -> Document:
    """Return an agency input of about a dozen pages: nested sections, many footnotes."""
    doc = Document(id="long", title="Contribution of the Office", template="agency-input",
                   fields=dict(AGENCY_FIELDS))
    doc.sections = [
        Section(id=f"s{n}", heading=f"Chapter {n}", body=_body(f"s{n}", 6), children=[
            Section(id=f"s{n}.{m}", heading=f"Part {n}.{m}", body=_body(f"s{n}.{m}", 4 + m))
            for m in range(1, 3)
        ])
        for n in range(1, 5)
    ]
    doc.sections[2].children[0].children = [
        Section(id="deep", heading="Deep item", body=_body("deep", 3)),
        Section(id="bare", heading="", body=_body("bare", 2)),
    ]
    return doc


@pytest.fixture(scope="module")
def build() -> FullBuild:
    """Return the full build of the long agency input (once per module)."""
    return full_build(long_agency_doc())


def _texts(pdf: bytes) -> list[str]:
    """Return the extracted text of each page."""
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def _numbers(text: str, pattern: str) -> dict[str, int]:
    """Return marker -> number for every match of pattern (groups: number, marker)."""
    return {m.group(2): int(m.group(1)) for m in re.finditer(pattern, text)}


def _paragraphs(text: str) -> dict[str, int]:
    """Return paragraph marker -> printed paragraph number."""
    return _numbers(text, r"(\d+)\.\s+Marker (\S+?-\d+)")


def _footnotes(text: str) -> dict[str, int]:
    """Return footnote marker -> printed footnote number (from the footnote area)."""
    return _numbers(text, r"(?m)^(\d+)\s*Note (\S+?-\d+) text")


def _headings(text: str) -> dict[str, str]:
    """Return section heading text -> printed heading number."""
    found = re.finditer(r"(?m)^(\S+?)\s*((?:Chapter|Part) [\d.]+|Deep item)$", text)
    return {m.group(2): m.group(1) for m in found}


def _label(text: str) -> str | None:
    """Return the "n/N" page label of a page's text, if any."""
    found = [line.strip() for line in text.splitlines() if LABEL.match(line.strip())]
    return found[-1] if found else None


def _label_side(pdf: bytes, index: int) -> str:
    """Return which half of page index the "n/N" label is printed in."""
    page = pypdf.PdfReader(io.BytesIO(pdf)).pages[index]
    xs: list[float] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if LABEL.match(text.strip()):
            xs.append(cm[0] * tm[4] + cm[2] * tm[5] + cm[4])

    page.extract_text(visitor_text=visit)
    assert xs, "no page label found"
    return "left" if xs[-1] < float(page.mediabox.width) / 2 else "right"


def _sections_of(doc: Document, section_id: str) -> list[Section]:
    """Return a section and its subsections."""
    return next(s for s in doc.all_sections() if s.id == section_id).walk()


def test_offsets_are_recorded_for_every_section_in_reading_order(build: FullBuild) -> None:
    doc = long_agency_doc()
    assert list(build.offsets) == [s.id for s in doc.all_sections()]
    pages = [o.page for o in build.offsets.values()]
    assert pages == sorted(pages)
    assert build.page_count >= 10
    assert build.offsets_for("s1") == Offsets(0, 0, 0, build.page_count)
    assert build.offsets_for("s2").paragraph == 6 + 5 + 6
    assert build.start_page("s3") == build.offsets_for("s3").page + 1
    start = build.start_page("s3")
    first_there = next(k for k, o in build.offsets.items() if o.page + 1 == start)
    assert build.section_at(start) == first_there
    assert build.section_at(build.page_count) in build.offsets
    assert not [w for w in build.result.warnings if "missing from the PDF" in w]


def test_full_build_pdf_is_the_ordinary_render(build: FullBuild) -> None:
    from app.core.render.pdf import render_pdf

    plain = render_pdf(render_html(long_agency_doc()))
    assert build.page_count == plain.page_count
    assert _texts(build.result.pdf) == _texts(plain.pdf)


@pytest.mark.parametrize("section_id", ["s2", "s2.2", "s3.1", "deep", "bare", "s4"])
def test_section_alone_numbers_like_the_full_build(build: FullBuild, section_id: str) -> None:
    doc = long_agency_doc()
    offsets = build.offsets_for(section_id)
    full_pages = _texts(build.result.pdf)
    full = "\n".join(full_pages)
    preview = render_section(doc, section_id, offsets)
    shown = _texts(preview.pdf)
    alone = "\n".join(shown)
    keys = {s.id for s in _sections_of(doc, section_id)}
    paragraphs = _paragraphs(alone)
    footnotes = _footnotes(alone)
    assert {k.rsplit("-", 1)[0] for k in paragraphs} == keys
    assert paragraphs == {k: v for k, v in _paragraphs(full).items() if k in paragraphs}
    assert footnotes, "the section has footnotes"
    headings = _headings(alone)
    assert headings == {k: v for k, v in _headings(full).items() if k in headings}
    assert footnotes == {k: v for k, v in _footnotes(full).items() if k in footnotes}
    assert _label(shown[0]) == _label(full_pages[offsets.page])
    assert _label(shown[0]) == f"{offsets.page + 1}/{build.page_count}"
    assert _label_side(preview.pdf, 0) == _label_side(build.result.pdf, offsets.page)
    if len(shown) > 1:
        assert _label_side(preview.pdf, 1) == _label_side(build.result.pdf, offsets.page + 1)


def test_right_to_left_previews_print_labels_on_the_documents_side() -> None:
    doc = replace(long_agency_doc(), language="ar")
    build = full_build(doc)
    odd = next(sid for sid, o in build.offsets.items() if o.page % 2 == 1)
    even = next(sid for sid, o in build.offsets.items() if o.page and o.page % 2 == 0)
    for section_id in (odd, even):
        offsets = build.offsets_for(section_id)
        preview = render_section(doc, section_id, offsets)
        assert _label_side(preview.pdf, 0) == _label_side(build.result.pdf, offsets.page)


def test_section_alone_keeps_heading_numbers_and_drops_the_title(build: FullBuild) -> None:
    doc = long_agency_doc()
    pages = _texts(render_section(doc, "s3.1", build.offsets_for("s3.1")).pdf)
    assert pages[0].startswith("A. Part 3.1")
    assert re.search(r"(?m)^1\.\s*Deep item$", "\n".join(pages))
    assert "Contribution of the Office" not in pages[0]
    assert "Input to the report" not in pages[0]
    assert heading_counts(doc, "s3.1") == [3, 0, 0, 0, 0]
    assert heading_counts(doc, "s3.2") == [3, 1, 1, 0, 0]  # "bare" has no heading
    own = "\n".join(_texts(render_section(doc, "s3.1", build.offsets_for("s3.1"),
                                          subsections=False).pdf))
    assert own.startswith("A. Part 3.1")
    assert "Deep item" not in own
    assert "Marker s3.1-3" in own


def test_first_page_of_the_document_keeps_its_bare_first_page(build: FullBuild) -> None:
    doc = long_agency_doc()
    shown = _texts(render_section(doc, "s1", build.offsets_for("s1")).pdf)
    assert _label(shown[0]) is None
    assert _label(shown[1]) == f"2/{build.page_count}"


def test_meeting_paper_footnotes_continue_after_the_title_note(meeting_doc: Document) -> None:
    doc = meeting_doc
    build = full_build(doc)
    assert build.offsets_for("s1").footnote == 1
    assert build.offsets_for("s2") == Offsets(0, 2, 3, 1)
    text = _texts(render_section(doc, "s2", build.offsets_for("s2")).pdf)[0]
    assert "Closing words.3" in text
    assert re.search(r"(?m)^3\s*Body footnote beta", text)
    assert "CONTRIBUTIONS TO THE HIGH-LEVEL DIALOGUE" not in text
    assert text.rstrip().endswith("1")


def test_unknown_section_is_a_one_line_render_error(meeting_doc: Document) -> None:
    doc = meeting_doc
    with pytest.raises(RenderError, match="No section 'nope'") as caught:
        render_section(doc, "nope", Offsets(0, 0, 0))
    assert "\n" not in str(caught.value)
    with pytest.raises(RenderError, match="not in the last full build"):
        FullBuild(render_section(doc, "s1", Offsets(0, 0, 0))).offsets_for("s1")


def test_current_offsets_recount_footnotes_and_keep_build_pages(build: FullBuild) -> None:
    doc = long_agency_doc()
    doc.sections[0].body += '<p>Added.<span class="footnote">New note.</span></p>'
    now = current_offsets(doc, "s3", build)
    before = build.offsets_for("s3")
    assert now == replace(before, footnote=before.footnote + 1, paragraph=before.paragraph + 1)
    doc.sections.insert(1, Section(id="new", heading="New", body="<p>x</p>"))
    assert current_offsets(doc, "new", build).page == build.offsets_for("s1.2").page


def test_count_markup_counts_footnotes_and_top_level_paragraphs() -> None:
    html = ('<p>a<span class="footnote">n</span></p><ul><li><p>in list</p></li></ul>'
            '<p>b<br>c</p><blockquote><p>q</p></blockquote><p>d</p>')
    assert count_markup(html) == (1, 3)


def test_css_string_cannot_break_out_of_a_style_element() -> None:
    quoted = str(css_string('A/68/190"; } </style><script>\\'))
    assert quoted.startswith('"A/68/190')
    assert quoted.endswith('"')
    assert not set('<>"') & set(quoted[1:-1])
    assert "\\" + "\\" not in quoted


def test_full_document_html_unchanged_without_preview_flags(agency_doc: Document) -> None:
    doc = agency_doc
    assert render_html(doc).html == render_html(doc, extra_context={"section_preview": None}).html
    assert "@page :first { counter-reset" not in render_html(doc).html


def test_worker_jobs_return_outcomes_and_never_raise(meeting_doc: Document) -> None:
    data = export_document(meeting_doc)
    outcome, offsets = full_build_job(data)
    assert not outcome.error
    assert outcome.page_count == 1
    assert offsets["s2"] == {"page": 0, "footnote": 2, "paragraph": 3, "total_pages": 1}
    shown = section_job(data, "s2", offsets["s2"])
    assert not shown.error
    assert shown.pdf.startswith(b"%PDF")
    assert "No section 'zz'" in section_job(data, "zz", offsets["s2"]).error
    assert full_build_job({"template": "no-such-template"})[0].error


def test_section_job_recounts_footnotes_from_the_document(meeting_doc: Document) -> None:
    data = export_document(meeting_doc)
    shown = section_job(data, "s2", {"page": 0, "footnote": 0, "paragraph": 0})
    assert "Closing words.3" in _texts(shown.pdf)[0]


def test_section_request_sends_only_the_section_text_and_current_counts() -> None:
    data = export_document(long_agency_doc())
    excerpt, offsets = section_request(data, "s3.1", {"page": 7, "footnote": 0,
                                                      "total_pages": 12})
    bodies = {s.id: s.body for s in long_agency_doc().all_sections()}
    sent = {s["id"]: s for s in _walk_dicts(excerpt["sections"])}
    assert set(sent) == set(bodies), "every section is still there, for heading numbers"
    kept = {sid for sid, s in sent.items() if s["body"]}
    assert kept == {"s3.1", "deep", "bare"}, "the section and its subsections only"
    assert all(sent[sid]["body"] == bodies[sid] for sid in kept)
    assert [s["heading"] for s in sent.values()] == [s["heading"] for s in
                                                     _walk_dicts(data["sections"])]
    expected = current_offsets(long_agency_doc(), "s3.1")
    assert offsets == {"page": 7, "footnote": expected.footnote,
                       "paragraph": expected.paragraph, "total_pages": 12}
    assert expected.footnote > 0
    assert expected.paragraph > 0
    assert data["sections"][0]["body"], "the caller's document is left as it was"


def test_section_request_preview_matches_the_whole_document_job() -> None:
    data = export_document(long_agency_doc())
    excerpt, offsets = section_request(data, "s3.1", None)
    small = section_job(excerpt, "s3.1", offsets, recount=False)
    whole = section_job(data, "s3.1", offsets)
    assert not small.error
    assert _texts(small.pdf) == _texts(whole.pdf)


def test_prefix_footnotes_follow_the_title_footnote_field(meeting_doc: Document) -> None:
    meeting_doc.fields["title_footnote"] = "Not edited."
    assert prefix_footnotes(meeting_doc) == 1
    assert prefix_footnotes(meeting_doc) == 1, "the same from the cache"
    meeting_doc.fields["title_footnote"] = ""
    assert prefix_footnotes(meeting_doc) == 0
    assert prefix_footnotes(replace(meeting_doc, template="agency-input")) == 0


def test_section_request_names_an_unknown_section() -> None:
    with pytest.raises(RenderError, match="No section 'zz'"):
        section_request(export_document(long_agency_doc()), "zz", None)


def _walk_dicts(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return interchange sections in reading order."""
    out = []
    for section in sections:
        out.append(section)
        out.extend(_walk_dicts(section["sections"]))
    return out


def _wait(future: Future[Any]) -> Any:
    """Return a Future's result, waiting for a cold worker."""
    return future.result(timeout=120)


@pytest.mark.slow
def test_pool_runs_full_builds_and_section_previews(meeting_doc: Document) -> None:
    pool = RenderPool()
    data = export_document(meeting_doc)
    try:
        assert _wait(pool.start()) > 0
        outcome, offsets = _wait(pool.submit_full(data))
        assert outcome.page_count == 1
        assert "s1a" in offsets
        shown = _wait(pool.submit_section(data, "s1a", Offsets.from_dict(offsets["s1a"])))
        assert not shown.error
        assert shown.page_count == 1
        assert "No section" in _wait(pool.submit_section(data, "zz", None)).error
        os.kill(_wait(pool.start()), signal.SIGKILL)  # the worker this test started
        outcomes = [_wait(pool.submit_section(data, "s2", None)) for _ in range(3)]
        assert not outcomes[-1].error, "a new worker replaces a dead one"
    finally:
        pool.shutdown()
    assert "stopped" in _wait(pool.submit_section(data, "s1", None)).error
    assert "stopped" in _wait(pool.submit_full(data))[0].error
