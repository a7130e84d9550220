"""The JSON interchange format: export, upsert by id, validation, lossless round trip."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.document.service import RapporteurFile
from app.core.errors import ValidationError
from app.core.io.interchange import FORMAT, export_file, import_data
from app.core.text.sanitize import clean


def _sample(rfile):
    doc = rfile.add_document(title="Contribution", fields={"meeting": "M", "author": "UNX"})
    a = rfile.add_section(doc.id, heading="A", body="<p>alpha</p>", tags=["x"])
    b = rfile.add_section(doc.id, heading="B", body="<p>beta</p>", word_budget=300)
    rfile.add_section(doc.id, heading="B.1", body="<p>gamma</p>", parent_id=b.id)
    return doc, a, b


def test_export_has_the_documented_keys(rfile):
    _sample(rfile)
    data = export_file(rfile)
    assert data["format"] == FORMAT
    doc = data["documents"][0]
    assert set(doc) >= {"id", "title", "template", "language", "fields", "sections"}
    sec = doc["sections"][1]
    assert set(sec) == {"id", "heading", "body", "status", "tags", "word_budget", "author",
                        "created", "modified", "sections"}
    assert sec["sections"][0]["heading"] == "B.1"
    assert sec["created"].endswith("Z")


def test_import_into_new_file_is_lossless(rfile, tmp_path):
    _sample(rfile)
    first = export_file(rfile)
    with RapporteurFile.create(tmp_path / "new.rapporteur") as other:
        import_data(other, first)
        assert export_file(other) == first


def test_empty_paragraphs_are_kept_by_the_json_export(rfile, tmp_path):
    doc = rfile.add_document(title="T")
    rfile.add_section(doc.id, heading="S", body="<p></p><p>0</p><p></p>")
    data = export_file(rfile)
    assert data["documents"][0]["sections"][0]["body"] == "<p></p><p>0</p><p></p>"
    with RapporteurFile.create(tmp_path / "new.rapporteur") as other:
        import_data(other, json.loads(json.dumps(data)))
        assert export_file(other) == data


def test_upsert_updates_by_id_without_duplicates(rfile, fake_clock):
    doc, a, b = _sample(rfile)
    data = export_file(rfile)
    rfile.seal()
    sections = data["documents"][0]["sections"]
    sections[0]["body"] = "<p>alpha edited</p>"
    sections.reverse()
    sections.append({"heading": "New", "body": "<p>new</p>"})
    summary = import_data(rfile, data)
    assert (summary.sections_added, summary.sections_updated) == (1, 1)
    tree = rfile.document(doc.id).sections
    assert [s.heading for s in tree] == ["B", "A", "New"]
    assert rfile.section(a.id).body == "<p>alpha edited</p>"
    assert len(rfile.revisions(a.id)) == 2
    assert len(rfile.revisions(b.id)) == 1
    assert rfile.repo.count("documents") == 1


def test_unchanged_import_adds_no_revision(rfile):
    doc, _a, _b = _sample(rfile)
    data = export_file(rfile)
    rfile.seal()
    before = rfile.repo.count("revisions")
    summary = import_data(rfile, data)
    assert rfile.repo.count("revisions") == before
    assert (summary.sections_updated, summary.documents_updated) == (0, 0)


def test_sections_absent_from_json_are_kept_in_place(rfile):
    doc, a, b = _sample(rfile)
    data = export_file(rfile)
    data["documents"][0]["sections"] = data["documents"][0]["sections"][1:]
    import_data(rfile, data)
    assert [s.heading for s in rfile.document(doc.id).sections] == ["A", "B"]


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "top level"),
        ({"format": "other/9", "documents": []}, "format"),
        ({"format": FORMAT, "documents": {}}, "documents must be a list"),
        ({"format": FORMAT, "documents": [{"title": 5}]}, "title"),
        ({"format": FORMAT, "documents": [{"sections": [{"status": "done"}]}]}, "status"),
        ({"format": FORMAT, "documents": [{"sections": [{"tags": "a"}]}]}, "tags"),
        ({"format": FORMAT, "documents": [{"sections": [{"word_budget": "9"}]}]}, "word_budget"),
        ({"format": FORMAT, "documents": [{"sections": [{"id": "x"}, {"id": "x"}]}]},
         "more than once"),
        ({"format": FORMAT, "documents": [{"created": "yesterday"}]}, "ISO 8601"),
    ],
)
def test_bad_json_is_refused_and_nothing_written(rfile, payload, message):
    with pytest.raises(ValidationError, match=message):
        import_data(rfile, payload)
    assert rfile.repo.count("documents") == 0


def test_deep_nesting_refused(rfile):
    node: dict = {"heading": "leaf"}
    for _ in range(20):
        node = {"heading": "n", "sections": [node]}
    with pytest.raises(ValidationError, match="deeper"):
        import_data(rfile, {"format": FORMAT, "documents": [{"sections": [node]}]})


SCRIPTS = st.sampled_from([
    "Réunion de coordination — été",  # French
    "Informe del Secretario General, año",  # Spanish
    "Доклад Генерального секретаря",  # Russian
    "تقرير الأمين العام عن الهجرة",  # Arabic
    "秘书长关于国际移民的报告",  # Chinese
    "International migration & <development>",  # English with specials
])
TEXT = st.lists(SCRIPTS, min_size=1, max_size=3).map(" ".join)


@st.composite
def bodies(draw):
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        text = draw(TEXT)
        kind = draw(st.sampled_from(["p", "em", "note", "sup", "list"]))
        if kind == "em":
            parts.append(f"<p><em>{text}</em> {draw(TEXT)}</p>")
        elif kind == "note":
            parts.append(f'<p>{text}<span class="footnote">{draw(TEXT)}</span></p>')
        elif kind == "sup":
            parts.append(f"<p>67<sup>th</sup> {text}</p>")
        elif kind == "list":
            parts.append(f"<ul><li>{text}</li><li>{draw(TEXT)}</li></ul>")
        else:
            parts.append(f"<p>{text}</p>")
    return clean("".join(parts))


@st.composite
def sections(draw, depth=0):
    children = draw(st.lists(sections(depth=depth + 1), max_size=2)) if depth < 2 else []
    return {
        "heading": draw(TEXT), "body": draw(bodies()),
        "status": draw(st.sampled_from(["draft", "in_review", "cleared", "final"])),
        "tags": draw(st.lists(st.sampled_from(["ohchr", "migration", "2013", "مراجعة"]),
                              max_size=2, unique=True)),
        "word_budget": draw(st.none() | st.integers(0, 5000)),
        "author": draw(st.sampled_from(["Maria", "Jean", "Ольга", "李"])),
        "sections": children,
    }


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(st.lists(sections(), min_size=1, max_size=3), TEXT,
       st.sampled_from(["en", "fr", "es", "ru", "ar", "zh"]))
def test_round_trip_property(tmp_path_factory, secs, title, language):
    folder = tmp_path_factory.mktemp("rt")
    payload = {"format": FORMAT, "documents": [{
        "title": title, "template": "meeting-paper", "language": language,
        "fields": {"meeting": title, "organizer": [title, "Division"]}, "sections": secs}]}
    with RapporteurFile.create(folder / "a.rapporteur") as a:
        import_data(a, payload)
        first = export_file(a)
    with RapporteurFile.create(folder / "b.rapporteur") as b:
        import_data(b, json.loads(json.dumps(first)))
        second = export_file(b)
    assert second == first
    assert first["documents"][0]["sections"][0]["heading"] == secs[0]["heading"]
