"""PDF/A-3b for the archive: the embedded manifest and `rapporteur verify`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from app.cli import main
from app.core.document.service import RapporteurFile

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def archived(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    """Return (FILE, its document rendered with --pdf-variant pdf/a-3b)."""
    path = tmp_path / "c.rapporteur"
    with RapporteurFile.create(path, author="Amina Diallo") as rfile:
        doc = rfile.add_document(title="Protection at sea", template="agency-input",
                                 fields={"entity": "UNHCR"})
        rfile.add_section(doc.id, heading="Introduction", body="<p>Arrivals by sea.</p>")
        rfile.add_section(doc.id, heading="Findings", body="<p>Rescue capacity.</p>")
    out = tmp_path / "c.pdf"
    assert main(["render", str(path), "-o", str(out), "--pdf-variant", "pdf/a-3b"]) == 0
    capsys.readouterr()
    return path, out


def _manifest(pdf: Path) -> tuple[dict[str, object], str]:
    """Return the embedded manifest and its AFRelationship."""
    with pikepdf.open(pdf) as document:
        [spec] = list(document.Root.AF)
        assert spec.EF.F.Subtype == "/application/json"
        assert "/ModDate" in spec.EF.F.Params
        return json.loads(spec.EF.F.read_bytes()), str(spec.AFRelationship)


def test_the_archive_is_pdf_a_3b_with_the_manifest_as_associated_file(archived) -> None:
    path, pdf = archived
    manifest, relationship = _manifest(pdf)
    assert relationship == "/Data"
    with pikepdf.open(pdf) as document:
        xmp = document.Root.Metadata.read_bytes().decode()
        assert 'pdfaid:part="3"' in xmp
        assert 'pdfaid:conformance="B"' in xmp
        assert "/StructTreeRoot" in document.Root  # tagged as well
        pages = len(document.pages)
    with RapporteurFile.open(path, readonly=True) as rfile:
        [doc] = rfile.documents()
        sections = {s.id: s for s in doc.all_sections()}
        hashes = {s.id: rfile.revision(s.revision_id).content_hash for s in sections.values()}
    assert manifest["document"]["id"] == doc.id
    assert manifest["document"]["title"] == "Protection at sea"
    assert manifest["app"]["version"]
    assert manifest["authors"] == ["Amina Diallo"]
    assert {s["id"]: (s["revision_id"], s["content_hash"]) for s in manifest["sections"]} == {
        sid: (sections[sid].revision_id, hashes[sid]) for sid in sections}
    assert len(manifest["pages"]) == pages
    assert manifest["pulls"] == []


def test_verify_round_trip_then_a_changed_section(archived, capsys) -> None:
    path, pdf = archived
    assert main(["verify", str(pdf), str(path)]) == 0
    assert "verified “Protection at sea”: 2 sections" in capsys.readouterr().out
    with RapporteurFile.open(path, author="Someone Else") as rfile:
        [doc] = rfile.documents()
        findings = doc.sections[1]
        rfile.update_section(findings.id, body="<p>Rescue capacity fell.</p>")
    assert main(["verify", str(pdf), str(path)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"c.pdf: section “Findings” ({findings.id}): changed since export")
    assert main(["verify", str(pdf)]) == 0  # the PDF itself is still what was exported


def test_a_tampered_pdf_differs(archived, tmp_path, capsys) -> None:
    _path, pdf = archived
    with pikepdf.open(pdf) as document:
        contents = document.pages[0].obj.Contents  # one stream, or several in turn
        streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        text = next(stream for stream in streams if b"TJ" in stream.read_bytes())
        text.write(text.read_bytes().replace(b"TJ", b"TJ\n", 1))
        document.save(tmp_path / "tampered.pdf")
    assert main(["verify", str(tmp_path / "tampered.pdf")]) == 1
    assert capsys.readouterr().out.strip() == (
        "tampered.pdf: page 1: its content differs from the manifest's hash")


def test_an_unrelated_pdf_is_bad_input_in_one_line(archived, tmp_path) -> None:
    path, _pdf = archived
    plain = tmp_path / "plain.pdf"
    assert main(["render", str(path), "-o", str(plain)]) == 0
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 not really")
    for target, message in ((plain, "plain.pdf holds no Rapporteur manifest"),
                            (junk, "junk.pdf is not a readable PDF")):
        done = subprocess.run([sys.executable, "-m", "app", "verify", str(target)], cwd=REPO,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr.count("\n") == 1
        assert message in done.stderr
        assert "Traceback" not in done.stderr


def test_a_manifest_for_another_file_is_reported(archived, tmp_path, capsys) -> None:
    _path, pdf = archived
    other = tmp_path / "other.rapporteur"
    with RapporteurFile.create(other, author="T") as rfile:
        rfile.add_document(title="Other", template="agency-input")
    assert main(["verify", str(pdf), str(other)]) == 1
    assert "is not in other.rapporteur" in capsys.readouterr().out


def test_a_compiled_report_lists_the_sources_of_its_pulled_paragraphs(tmp_path, capsys
                                                                      ) -> None:
    from app.core.compile.pull import pull
    from tests.core.render.compendium_sample import REPORT_TITLE, build

    path = build(tmp_path / "migration.rapporteur")
    with RapporteurFile.open(path) as rfile:
        report = next(d for d in rfile.documents() if d.title == REPORT_TITLE)
        source = next(d for d in rfile.documents() if d.template == "agency-input")
        pull(rfile, report.sections[0].id, source.sections[0].id, 1)
    out = tmp_path / "report.pdf"
    assert main(["render", str(path), "--document", report.id, "-o", str(out),
                 "--pdf-variant", "pdf/a-3b"]) == 0
    manifest, _relationship = _manifest(out)
    [pull] = manifest["pulls"]
    assert pull["source_document_id"] == source.id
    assert pull["source_section_id"] == source.sections[0].id
    assert pull["source_title"] == source.title
    assert pull["section_id"] == report.sections[0].id
    capsys.readouterr()
    assert main(["verify", str(out), str(path)]) == 0


def test_tampered_page_furniture_differs(tmp_path, capsys) -> None:
    """A first build lays each page's running head and number over it (a form): hashed too."""
    path = tmp_path / "long.rapporteur"
    with RapporteurFile.create(path, author="Amina Diallo") as rfile:
        doc = rfile.add_document(title="Protection at sea", template="agency-input",
                                 fields={"entity": "UNHCR", "symbol": "A/81/100"})
        for number in range(12):
            rfile.add_section(doc.id, heading=f"Finding {number + 1}",
                              body="<p>Rescue capacity at sea is stretched.</p>" * 12)
    pdf = tmp_path / "long.pdf"
    assert main(["render", str(path), "-o", str(pdf), "--pdf-variant", "pdf/a-3b",
                 "--jobs", "2"]) == 0
    assert main(["verify", str(pdf)]) == 0
    capsys.readouterr()
    with pikepdf.open(pdf) as document:
        found = [(number, name) for number, page in enumerate(document.pages, 1)
                 for name in page.Resources.get("/XObject", {})
                 if str(name).startswith("/Fur") and str(name).encode() + b" Do" in
                 b"".join(part.read_bytes() for part in page.obj.Contents)]
        assert found, "no page furniture laid over: the build did not go in turns"
        number, name = found[-1]
        form = document.pages[number - 1].Resources.XObject[name]
        form.write(form.read_bytes().replace(b"TJ", b"TJ\n", 1))
        document.save(tmp_path / "tampered.pdf")
    assert main(["verify", str(tmp_path / "tampered.pdf")]) == 1
    assert capsys.readouterr().out.strip() == (
        f"tampered.pdf: page {number}: its content differs from the manifest's hash")
