"""Render jobs built once in core: the whole document, the section preview, writing the PDF."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from app.core.document.model import Document
from app.core.document.service import RapporteurFile
from app.core.errors import RenderError
from app.core.io import interchange
from app.core.io.interchange import document_from_dict, export_document
from app.core.render import jobs, preview
from app.core.render.annotate import render_annotations
from app.core.render.jobs import SectionJob, document_job, section_job, write_pdf
from app.core.render.pdf import PdfResult
from app.core.render.preview import CurrentOffsets, FullBuild, current_offsets, section_request
from app.core.render.worker import RenderOutcome, RenderPool
from app.core.text import comments

NOTE = '<span class="footnote">A note.</span>'


def _document(rfile: RapporteurFile) -> Document:
    """Return a stored document: nested sections, footnotes, numbered paragraphs, a comment."""
    doc = rfile.add_document(title="Contribution", template="agency-input")
    first = rfile.add_section(doc.id, heading="Introduction",
                              body=f"<p>One.{NOTE}</p><p>Two.</p>")
    rfile.add_section(doc.id, heading="Background", body=f"<p>Three.{NOTE}</p>",
                      parent_id=first.id)
    middle = rfile.add_section(doc.id, heading="Activities", body="<p>Four.</p><p>Five.</p>")
    rfile.add_section(doc.id, heading="Detail", body=f"<p>Six.{NOTE}</p>", parent_id=middle.id)
    rfile.add_section(doc.id, heading="Closing", body="<p>Seven.</p>")
    comments.add(rfile, first.id, 0, 3, "Say more")
    return rfile.document(doc.id)


def _ids(document: Document) -> dict[str, str]:
    return {s.heading: s.id for s in document.all_sections()}


# the old paths (MainWindow.current_document_dict, refresh_preview, section_request),
# kept here to show that the jobs built in core are the same


def _old_document_dict(rfile: RapporteurFile, document: Document, shown: str | None,
                       body: str | None, review: bool = False) -> dict[str, Any]:
    data = export_document(document)
    data["annotations"] = render_annotations(rfile, document, review=review)
    if body is not None and shown:
        for section in _walk_dicts(data["sections"]):
            if section["id"] == shown:
                section["body"] = body
    return data


def _old_section_request(rfile: RapporteurFile, document: Document, section_id: str,
                         body: str | None, build: FullBuild | None
                         ) -> tuple[dict[str, Any], dict[str, int], bool]:
    data = _old_document_dict(rfile, document, section_id, body)
    model = document_from_dict(data)
    node = next(s for s in model.all_sections() if s.id == section_id)
    offsets = current_offsets(model, section_id, build)
    excerpt, counted = section_request(data, section_id, offsets)
    return excerpt, counted, not node.children


def _walk_dicts(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for section in sections:
        out.append(section)
        out.extend(_walk_dicts(section.get("sections", [])))
    return out


def test_document_job_patches_the_unsaved_body_and_leaves_the_model_alone(rfile) -> None:
    document = _document(rfile)
    detail = _ids(document)["Detail"]
    before = copy.deepcopy(document)
    job = document_job(rfile, document, unsaved={detail: "<p>Typed, not saved.</p>"})
    bodies = {s["id"]: s["body"] for s in _walk_dicts(job["sections"])}
    assert bodies[detail] == "<p>Typed, not saved.</p>"
    assert document == before, "the window's cached model is never changed"
    assert job == _old_document_dict(rfile, document, detail, "<p>Typed, not saved.</p>")
    assert document_job(rfile, document.id) == export_document(document) | {
        "annotations": render_annotations(rfile, document)}, "read by id, nothing unsaved"


def test_document_job_carries_the_annotations_and_the_review_notes(rfile) -> None:
    document = _document(rfile)
    plain = document_job(rfile, document)
    review = document_job(rfile, document, review=True)
    assert set(plain["annotations"]) == {"draft", "conflicts", "review"}
    assert plain["annotations"]["review"] == {}
    notes = review["annotations"]["review"][_ids(document)["Introduction"]]
    assert notes[0]["body"] == "Say more"
    assert review == _old_document_dict(rfile, document, None, None, review=True)


@pytest.mark.parametrize("heading", ["Introduction", "Background", "Detail", "Closing"])
def test_section_job_is_what_the_old_three_conversions_produced(rfile, heading) -> None:
    document = _document(rfile)
    section_id = _ids(document)[heading]
    build = FullBuild(PdfResult(b"", 9, ()), {
        s.id: preview.Offsets(page, 0, 0, 9)
        for page, s in enumerate(document.all_sections())})
    typed = f"<p>Typed.{NOTE}</p><p>More.</p>"
    for body, built in ((None, None), (typed, build)):
        job = section_job(rfile, document, section_id, built,
                          unsaved=None if body is None else {section_id: body})
        excerpt, offsets, subsections = _old_section_request(rfile, document, section_id,
                                                             body, built)
        assert job == SectionJob(excerpt, section_id, CurrentOffsets(**offsets), subsections)


def test_section_job_counts_the_unsaved_text_of_sections_before_it(rfile) -> None:
    document = _document(rfile)
    ids = _ids(document)
    plain = section_job(rfile, document, ids["Closing"])
    typed = section_job(rfile, document, ids["Closing"],
                        unsaved={ids["Introduction"]: f"<p>A.{NOTE}{NOTE}</p>"})
    assert plain is not None
    assert typed is not None
    assert typed.offsets.footnote == plain.offsets.footnote + 1
    assert typed.offsets.paragraph == plain.offsets.paragraph - 1
    assert [s["body"] for s in _walk_dicts(typed.document["sections"])
            if s["body"]] == ["<p>Seven.</p>"], "only the section's own text travels"


def test_section_job_converts_once_and_counts_once(rfile, monkeypatch) -> None:
    document = _document(rfile)
    section_id = _ids(document)["Activities"]
    calls: dict[str, int] = {"export": 0, "from_dict": 0, "offsets": 0}

    def counted(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls[name] += 1
            return function(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(jobs, "export_document", counted("export", export_document))
    monkeypatch.setattr(interchange, "document_from_dict",
                        counted("from_dict", interchange.document_from_dict))
    monkeypatch.setattr(jobs, "current_offsets", counted("offsets", current_offsets))
    job = section_job(rfile, document, section_id, unsaved={section_id: "<p>New.</p>"})
    assert job is not None
    assert job.subsections is False, "a section with subsections previews its own text"
    assert calls == {"export": 1, "from_dict": 0, "offsets": 1}


def test_section_job_of_an_unknown_section_is_none(rfile) -> None:
    assert section_job(rfile, _document(rfile), "zz") is None


def test_the_pool_sends_a_section_job_as_it_is(rfile, monkeypatch) -> None:
    document = _document(rfile)
    job = section_job(rfile, document, _ids(document)["Closing"])
    assert job is not None
    monkeypatch.setattr(preview, "section_request", _refuse)
    pool = RenderPool()
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(pool, "_safe", lambda on_error, function, *args: sent.append(args))
    try:
        pool.submit_section(job.document, job.section_id, job.offsets,
                            subsections=job.subsections)
    finally:
        pool.shutdown()
    assert sent == [(job.document, job.section_id, job.offsets.to_dict())]


def _refuse(*args: Any) -> Any:
    raise AssertionError("counted again")


def test_write_pdf_writes_the_render_and_returns_its_warnings(tmp_path: Path) -> None:
    outcome = RenderOutcome(b"%PDF-1.7 test", 14, ("14 pages: over the 4-page limit",))
    out = tmp_path / "paper.pdf"
    assert write_pdf(outcome, out) is outcome
    assert out.read_bytes() == b"%PDF-1.7 test"
    with pytest.raises(RenderError, match="rendering failed: boom"):
        write_pdf(RenderOutcome(error="rendering failed: boom"), tmp_path / "no.pdf")
    assert not (tmp_path / "no.pdf").exists()
    with pytest.raises(RenderError, match="Cannot write"):
        write_pdf(outcome, tmp_path / "missing" / "paper.pdf")
