"""The `rapporteur` command: exit codes, one-line errors, files left untouched."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main

REPO = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the real command in a subprocess."""
    return subprocess.run([sys.executable, "-m", "app", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=120)


def test_import_markdown_then_export_json(tmp_path, ohchr_markdown, capsys):
    target = tmp_path / "x.rapporteur"
    assert main(["import", str(target), str(ohchr_markdown)]) == 0
    assert main(["export", str(target)]) == 0
    data = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    doc = data["documents"][0]
    assert doc["template"] == "meeting-paper"
    assert doc["fields"]["organizer"][0] == "Population Division"
    assert [s["heading"] for s in doc["sections"]][0] == "Introduction"
    assert len(doc["sections"]) == 4


def test_json_import_is_upsert_from_cli(tmp_path, ohchr_markdown, capsys):
    target = tmp_path / "x.rapporteur"
    main(["import", str(target), str(ohchr_markdown)])
    dump = tmp_path / "dump.json"
    assert main(["export", str(target), "-o", str(dump)]) == 0
    assert main(["import", str(target), str(dump)]) == 0
    assert "0 added, 0 updated; sections: 0 added, 0 updated" in capsys.readouterr().out
    main(["export", str(target), "-o", str(tmp_path / "again.json")])
    assert json.loads(dump.read_text()) == json.loads((tmp_path / "again.json").read_text())


def test_copy_and_check(tmp_path, ohchr_markdown, capsys):
    target = tmp_path / "x.rapporteur"
    main(["import", str(target), str(ohchr_markdown)])
    assert main(["copy", str(target), str(tmp_path / "y.rapporteur")]) == 0
    assert main(["check", str(tmp_path / "y.rapporteur")]) == 0
    assert "documents: 1, sections: 4" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["check", "{bad}"], "not a Rapporteur file"),
        (["export", "{bad}"], "not a Rapporteur file"),
        (["render", "{bad}"], "not a Rapporteur file"),
        (["import", "{bad}", "{md}"], "not a Rapporteur file"),
        (["copy", "{bad}", "{out}"], "not a Rapporteur file"),
        (["check", "{missing}"], "no such file"),
        (["import", "{new}", "{bad}"], "unknown source format"),
        (["import", "{new}", "{badjson}"], "not valid JSON"),
        (["frobnicate", "x", "y"], "invalid choice"),
    ],
)
def test_bad_input_one_line_exit_2_no_traceback(tmp_path, args, message):
    bad = tmp_path / "bad.rapporteur"
    bad.write_bytes(b"PK\x03\x04 this is a zip, not a database" * 50)
    md = tmp_path / "in.md"
    md.write_text("## A\n\ntext\n")
    badjson = tmp_path / "in.json"
    badjson.write_text("{not json")
    names = {"bad": bad, "md": md, "out": tmp_path / "out.rapporteur",
             "missing": tmp_path / "missing.rapporteur", "new": tmp_path / "new.rapporteur",
             "badjson": badjson}
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    result = run(*[a.format(**names) for a in args])
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    assert not (tmp_path / "new.rapporteur").exists()
    assert not (tmp_path / "out.rapporteur").exists()


def test_check_exit_code_zero_for_healthy_file(tmp_path, ohchr_markdown):
    target = tmp_path / "x.rapporteur"
    assert run("import", str(target), str(ohchr_markdown)).returncode == 0
    result = run("check", str(target))
    assert result.returncode == 0, result.stderr
    assert "integrity: ok" in result.stdout


def test_every_command_has_help():
    from app.cli import build_parser, command_names

    parser = build_parser()
    text = parser.format_help()
    for command in command_names():
        assert command in text


def test_export_markdown_and_html(tmp_path, ohchr_markdown, capsys):
    target = tmp_path / "x.rapporteur"
    main(["import", str(target), str(ohchr_markdown)])
    capsys.readouterr()
    assert main(["export", str(target), "--format", "markdown"]) == 0
    markdown = capsys.readouterr().out
    assert markdown.startswith("---\n")
    assert "\n## Introduction\n" in markdown
    assert "*Migration and human rights*" in markdown
    assert main(["export", str(target), "--format", "html", "-o", str(tmp_path / "x.html")]) == 0
    html = (tmp_path / "x.html").read_text()
    assert "<em>Migration and human rights</em>" in html
    assert 'lang="en"' in html


def test_render_writes_beside_the_file_named_after_the_document(tmp_path, capsys):
    sample = REPO / "resources" / "samples" / "contribution.md"
    target = tmp_path / "s.rapporteur"
    main(["import", str(target), str(sample)])
    assert main(["render", str(target), "--html", str(tmp_path / "s.html")]) == 0
    pdfs = sorted(p.name for p in tmp_path.glob("*.pdf"))
    assert pdfs == ["Climate-related-displacement-and-the-protection-of-migrants-in-coastal-"
                    "regions.pdf"]
    assert "pages" in capsys.readouterr().out
    assert (tmp_path / "s.html").read_text().startswith("<!DOCTYPE html>")


def test_merge_and_history_from_the_command_line(tmp_path, capsys):
    sample = REPO / "resources" / "samples" / "contribution.md"
    mine = tmp_path / "maria.rapporteur"
    main(["--author", "Maria", "import", str(mine), str(sample)])
    theirs = tmp_path / "jean.rapporteur"
    assert main(["copy", str(mine), str(theirs)]) == 0
    from app.core.document.service import RapporteurFile

    for path, who, text in ((mine, "Maria", "Maria's opening."), (theirs, "Jean", "Jean's.")):
        with RapporteurFile.open(path, author=who) as rfile:
            sec = rfile.documents()[0].sections[0]
            rfile.update_section(sec.id, body=f"<p>{text}</p>" + sec.body)
    capsys.readouterr()
    assert main(["merge", str(mine), str(theirs), "--dry-run"]) == 0
    assert "dry run: conflicts: 1" in capsys.readouterr().out
    assert main(["merge", str(mine), str(theirs)]) == 3
    assert "conflicts: 1" in capsys.readouterr().out
    assert main(["check", str(mine)]) == 3
    capsys.readouterr()
    assert main(["history", str(mine), sec.id]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert any("Jean" in line and "+1 -0" in line for line in lines)
    assert any("Maria" in line for line in lines)


def test_merge_refuses_a_bad_copy(tmp_path):
    sample = REPO / "resources" / "samples" / "contribution.md"
    mine = tmp_path / "maria.rapporteur"
    main(["import", str(mine), str(sample)])
    bad = tmp_path / "bad.rapporteur"
    bad.write_bytes(b"\x00" * 4096)
    result = run("merge", str(mine), str(bad))
    assert result.returncode == 2
    assert "not a Rapporteur file" in result.stderr


def _conflicted(tmp_path):
    sample = REPO / "resources" / "samples" / "contribution.md"
    mine = tmp_path / "maria.rapporteur"
    main(["--author", "Maria", "import", str(mine), str(sample)])
    theirs = tmp_path / "jean.rapporteur"
    main(["copy", str(mine), str(theirs)])
    from app.core.document.service import RapporteurFile

    for path, who in ((mine, "Maria"), (theirs, "Jean")):
        with RapporteurFile.open(path, author=who) as rfile:
            sec = rfile.documents()[0].sections[0]
            rfile.update_section(sec.id, body=f"<p>{who} wrote this.</p>")
    main(["merge", str(mine), str(theirs)])
    return mine


def _pdf_text(path):
    from pypdf import PdfReader

    return " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_conflicted_section_renders_both_versions_with_draft_watermark(tmp_path):
    mine = _conflicted(tmp_path)
    assert main(["render", str(mine), "-o", str(tmp_path / "c.pdf")]) == 0
    text = _pdf_text(tmp_path / "c.pdf")
    assert "Unresolved merge conflict" in text
    assert "Maria wrote this." in text
    assert "Jean wrote this." in text
    assert "DRAFT" in text


def test_review_pdf_prints_comments_as_notes(tmp_path):
    sample = REPO / "resources" / "samples" / "contribution.md"
    target = tmp_path / "s.rapporteur"
    main(["import", str(target), str(sample)])
    from app.core.document.service import RapporteurFile
    from app.core.text import comments

    with RapporteurFile.open(target, author="Reviewer") as rfile:
        sec = rfile.documents()[0].sections[0]
        note = comments.add(rfile, sec.id, 4, 18, "Spell out once")
        comments.reply(rfile, note.id, "Done")
    assert main(["render", str(target), "--review", "-o", str(tmp_path / "r.pdf")]) == 0
    text = _pdf_text(tmp_path / "r.pdf")
    assert "“United Nations”: Reviewer: Spell out once" in text
    assert "Done" in text
    assert main(["render", str(target), "-o", str(tmp_path / "plain.pdf")]) == 0
    assert "Spell out once" not in _pdf_text(tmp_path / "plain.pdf")


def test_rescue_from_the_command_line(tmp_path):
    sample = REPO / "resources" / "samples" / "contribution.md"
    good = tmp_path / "good.rapporteur"
    main(["import", str(good), str(sample)])
    import sqlite3

    bad = tmp_path / "bad.rapporteur"
    bad.write_bytes(good.read_bytes())
    conn = sqlite3.connect(bad)
    conn.execute("CREATE TRIGGER wipe AFTER UPDATE ON meta BEGIN DELETE FROM sections; END")
    conn.close()
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    assert run("check", str(bad)).returncode == 2
    result = run("rescue", str(bad), str(tmp_path / "saved.rapporteur"))
    assert result.returncode == 0, result.stderr
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    assert run("check", str(tmp_path / "saved.rapporteur")).returncode == 0
    from app.core.document.service import RapporteurFile

    with RapporteurFile.open(tmp_path / "saved.rapporteur", readonly=True) as rfile:
        assert len(rfile.documents()[0].all_sections()) == 5


def test_render_with_html_lays_the_document_out_once(tmp_path, monkeypatch, capsys):
    from app.core.render import html, limits, pdf

    sample = REPO / "resources" / "samples" / "contribution.md"
    target = tmp_path / "s.rapporteur"
    main(["import", str(target), str(sample)])
    calls = {"render_html": 0, "render_pdf": 0}

    def counted(module, name):
        function = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)

    counted(html, "render_html")
    counted(pdf, "render_pdf")
    monkeypatch.setattr(limits, "run_limited", lambda function, *args: function(*args))
    out, page = tmp_path / "s.pdf", tmp_path / "s.html"
    assert main(["render", str(target), "-o", str(out), "--html", str(page)]) == 0
    assert calls == {"render_html": 1, "render_pdf": 1}
    assert out.read_bytes().startswith(b"%PDF")
    assert page.read_text().startswith("<!DOCTYPE html>")
    assert f"{out}: " in capsys.readouterr().out


def test_lint_on_the_ohchr_fixture(tmp_path, ohchr_markdown, capsys):
    target = tmp_path / "x.rapporteur"
    main(["import", str(target), str(ohchr_markdown)])
    capsys.readouterr()
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    assert main(["lint", str(target), "--format", "json"]) == 1
    found = json.loads(capsys.readouterr().out)
    assert set(found[0]) >= {"rule", "document_id", "section_id", "field", "excerpt",
                             "message", "fix", "where"}
    pairs = {(f["rule"], f["target"]) for f in found}
    assert ("date-range", "21-22") in pairs  # the header field: 21–22 February 2013
    assert ("united-nations", "UN System") in pairs
    assert ("united-nations", "UN") in pairs
    assert {name for rule, name in pairs if rule == "acronym"} == {"DESA", "GMG", "IOM",
                                                                   "ICRMW", "CMW"}
    # well-formed symbols, years, dates, "article 3", "No. 2", "session 3.1", defined acronyms
    assert not {"symbol", "small-number", "date", "footnote-call", "session"} & {
        f["rule"] for f in found}
    assert not any(f["target"] in ("OHCHR", "FRONTEX", "GFMD", "2013", "3", "2") for f in found)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before  # read-only
    assert main(["lint", str(target)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(found)
    assert lines[0].startswith("date-range Office of the High Commissioner")
    assert "› field dates: ranges in headers take an en dash" in lines[0]
    assert lines[0].endswith("“21-22 February 2013” [fix: “21–22”]")


def test_lint_exit_codes(tmp_path, capsys):
    clean = tmp_path / "clean.rapporteur"
    source = tmp_path / "in.md"
    source.write_text("---\nmeeting: M\nauthor: A\n---\n## Introduction\n\nThe Office met "
                      "three times in 2013 (A/RES/67/172).\n")
    assert main(["import", str(clean), str(source)]) == 0
    capsys.readouterr()
    assert main(["lint", str(clean)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["lint", str(clean), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["lint", str(clean), "--document", "nope"]) == 2
    assert main(["lint", str(tmp_path / "missing.rapporteur")]) == 2
    bad = tmp_path / "bad.rapporteur"
    bad.write_bytes(b"not a database" * 100)
    result = run("lint", str(bad))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_check_reports_words_against_the_limit(tmp_path, ohchr_markdown, capsys):
    target = tmp_path / "x.rapporteur"
    main(["import", str(target), str(ohchr_markdown)])
    capsys.readouterr()
    assert main(["check", str(target)]) == 0
    assert "words: 2,204 of 10,700 (Office of the High Commissioner for Hum…)" in \
        capsys.readouterr().out
