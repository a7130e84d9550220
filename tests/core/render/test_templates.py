"""Templates: discovery, manifests, field validation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.document import templates
from app.core.document.templates import (
    default_fields,
    list_templates,
    load_template,
    missing_required,
    validate_fields,
)
from app.core.errors import TemplateError

UN_SYMBOLS = [
    "A/RES/67/219",
    "A/68/190",
    "A/C.3/67/L.40/Rev.1",
    "A/HRC/WG.6/34/ITA/3",
    "E/CN.4/Sub.2/AC.2/1987/WP.4/Add.1",
    "S/2013/1*",
]
NOT_UN_SYMBOLS = ["a/68/190", "A//68", "A/68/190 ", "A/68/12345", "UN/POP/MIG-11CM/2013/3"]


def _write_template(root: Path, name: str, manifest: str) -> Path:
    """Create a template folder under root with the given manifest text."""
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "manifest.toml").write_text(manifest, encoding="utf-8")
    (folder / "template.html.j2").write_text("<p>{{ document.title }}</p>", encoding="utf-8")
    return folder


@pytest.fixture
def fake_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point templates_dir() at an empty temporary folder."""
    root = tmp_path / "templates"
    root.mkdir()
    monkeypatch.setattr(templates, "templates_dir", lambda: root)
    return root


def test_bundled_templates_are_listed_and_shared_folder_is_not():
    names = [t.name for t in list_templates()]
    assert "meeting-paper" in names
    assert "agency-input" in names
    assert "_shared" not in names


def test_meeting_paper_manifest():
    t = load_template("meeting-paper")
    assert t.max_pages == 4
    assert t.page_sizes == ("Letter", "A4")
    assert t.folder.name == "meeting-paper"
    kinds = {f.name: (f.type, f.required) for f in t.fields}
    assert kinds["meeting"] == ("text", True)
    assert kinds["author"] == ("text", True)
    assert kinds["organizer"] == ("lines", False)
    assert kinds["page_size"] == ("choice", False)
    assert t.field("page_size") is not None
    assert t.field("page_size").default == "Letter"  # type: ignore[union-attr]
    assert {"venue", "dates", "title_footnote", "symbol"} <= set(kinds)


def test_agency_input_manifest():
    t = load_template("agency-input")
    assert t.max_words == 8500
    assert t.max_pages is None
    required = {f.name for f in t.fields if f.required}
    assert required == {"entity", "report_title"}
    assert {"mandate", "symbol", "session", "agenda_item", "date", "page_size"} <= {
        f.name for f in t.fields
    }


@pytest.mark.parametrize(
    "name", ["../templates", "_shared", "meeting-paper/..", "", ".", "..", "/etc", "nope",
             "meeting-paper/../agency-input", "meeting paper", "a\\b"],
)
def test_bad_names_are_refused_with_one_line(name: str):
    with pytest.raises(TemplateError) as caught:
        load_template(name)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("symbol", UN_SYMBOLS)
def test_un_symbol_pattern_accepts(symbol: str):
    t = load_template("agency-input")
    assert validate_fields(t, {"mandate": symbol, "symbol": symbol}) == []


@pytest.mark.parametrize("symbol", NOT_UN_SYMBOLS)
def test_un_symbol_pattern_refuses(symbol: str):
    t = load_template("agency-input")
    problems = validate_fields(t, {"mandate": symbol})
    assert len(problems) == 1
    assert "Mandate" in problems[0]


def test_desa_symbols_accepted_in_meeting_papers():
    t = load_template("meeting-paper")
    assert validate_fields(t, {"symbol": "UN/POP/MIG-11CM/2013/3"}) == []
    assert validate_fields(t, {"symbol": "not a symbol"}) != []


def test_validate_fields_reports_each_kind_of_problem():
    t = load_template("meeting-paper")
    problems = validate_fields(t, {
        "bogus": "x",
        "organizer": "Population Division",
        "meeting": ["a", "b"],
        "page_size": "A3",
        "symbol": "lower/case",
    })
    assert len(problems) == 5
    text = " | ".join(problems)
    assert "unknown field 'bogus'" in text
    assert "Organizer: expected a list of lines" in text
    assert "Meeting: expected text" in text
    assert "'A3' is not one of Letter, A4" in text
    assert "Symbol" in text


def test_validate_fields_accepts_good_values_and_ignores_missing_required():
    t = load_template("meeting-paper")
    assert validate_fields(t, {}) == []
    assert validate_fields(t, {"meeting": "", "author": None, "page_size": "A4"}) == []
    assert validate_fields(t, {"organizer": ["One", "Two"], "symbol": ""}) == []


def test_missing_required_counts_blanks_and_not_defaults():
    t = load_template("meeting-paper")
    assert missing_required(t, {}) == ["Meeting", "Author entity"]
    assert missing_required(t, {"meeting": "  ", "author": "OHCHR"}) == ["Meeting"]
    assert missing_required(t, {"meeting": "M", "author": "A"}) == []


def test_default_fields_are_fresh_copies():
    t = load_template("meeting-paper")
    first = default_fields(t)
    first["organizer"].append("changed")
    second = default_fields(t)
    assert "changed" not in second["organizer"]
    assert second["page_size"] == "Letter"
    assert second["organizer"][0] == "Population Division"
    assert set(second) == {f.name for f in t.fields}


def test_adding_a_folder_adds_a_template(fake_root: Path):
    _write_template(fake_root, "note", 'label = "A note"\n[[fields]]\nname = "who"\n')
    (fake_root / "_shared").mkdir()
    (fake_root / "stray-folder").mkdir()
    found = list_templates()
    assert [t.name for t in found] == ["note"]
    assert found[0].label == "A note"
    assert found[0].fields[0].type == "text"
    assert found[0].fields[0].default == ""


@pytest.mark.parametrize(
    ("manifest", "fragment"),
    [
        ("label = ", "cannot read manifest.toml"),
        ('label = "x"\nmax_pages = 0\n', "max_pages"),
        ('label = "x"\nmax_pages = true\n', "max_pages"),
        ('label = "x"\nsurprise = 1\n', "unknown manifest keys"),
        ('[[fields]]\nname = "a"\ntype = "number"\n', "type must be one of"),
        ('[[fields]]\nname = "a"\ntype = "choice"\n', "needs a list of string choices"),
        ('[[fields]]\nname = "a"\npattern = "[0-9]+"\ndefault = "abc"\n', "bad default"),
        ('[[fields]]\nname = "a"\npattern = "(["\n', "Template bad"),
        ('[[fields]]\nname = "a"\n[[fields]]\nname = "a"\n', "duplicate field names"),
        ('[[fields]]\nname = "A b"\n', "bad field name"),
        ('[[fields]]\nname = "a"\nrequired = "yes"\n', "true or false"),
        ('[[fields]]\nname = "a"\ncolour = "red"\n', "unknown field keys"),
        ('page_sizes = ["Tabloid"]\n', "page sizes"),
        ('[[fields]]\nname = "page_size"\ntype = "choice"\nchoices = ["B5"]\n', "page sizes"),
        ('fields = "nope"\n', "array of tables"),
    ],
)
def test_malformed_manifests_raise_one_line_and_are_skipped_in_lists(
    fake_root: Path, manifest: str, fragment: str
):
    _write_template(fake_root, "bad", manifest)
    with pytest.raises(TemplateError) as caught:
        load_template("bad")
    message = str(caught.value)
    assert fragment in message
    assert "\n" not in message
    assert list_templates() == []


def test_template_without_entry_file_is_refused(fake_root: Path):
    folder = _write_template(fake_root, "empty", 'label = "x"\n')
    (folder / "template.html.j2").unlink()
    with pytest.raises(TemplateError, match="no template.html.j2"):
        load_template("empty")


def test_symlinked_template_folder_pointing_outside_is_refused(
    fake_root: Path, tmp_path: Path
):
    outside = _write_template(tmp_path / "elsewhere", "evil", 'label = "x"\n')
    (fake_root / "evil").symlink_to(outside, target_is_directory=True)
    with pytest.raises(TemplateError, match="No template called evil"):
        load_template("evil")


def test_messages_name_the_field_label_and_keep_long_values_short():
    t = load_template("agency-input")
    problems = validate_fields(t, {"symbol": "x" * 500})
    assert len(problems) == 1
    assert problems[0].startswith("Report symbol: ")
    assert len(problems[0]) < 200
    assert re.search(r"x{10}\.\.\.", problems[0])
