"""A .docx is untrusted: zip bombs, outside references, macros and huge images refused."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from app.cli import main
from app.core.document.model import Document, Section
from app.core.errors import ValidationError
from app.core.io.docx import parse_docx
from app.core.io.docxsafety import vet_docx
from app.core.io.docxwrite import Export, build_docx
from tests.core.io.docx_helpers import replace_part

GOOD = build_docx(Export(Document(id="d", title="T", fields={"meeting": "M", "author": "A"},
                                  sections=[Section(id="s", heading="H", body="<p>x</p>")])))
RELS = "word/_rels/document.xml.rels"


def _with_rel(kind: str, target: str) -> bytes:
    """Return GOOD with one more external relationship of a kind."""
    with zipfile.ZipFile(io.BytesIO(GOOD)) as archive:
        rels = archive.read(RELS).decode()
    rel = (f'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/'
           f'officeDocument/2006/relationships/{kind}" Target="{target}" '
           'TargetMode="External"/>')
    return replace_part(GOOD, RELS, rels.replace("</Relationships>", rel + "</Relationships>"
                                                 ).encode())


def _png(width: int, height: int) -> bytes:
    """Return a PNG of a size (one colour: compresses well)."""
    out = io.BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


CASES = [
    ("zip bomb", replace_part(GOOD, "word/padding.xml", b"<a/>" + b" " * (8 << 20)),
     "zip bomb"),
    ("external image", _with_rel("image", "file:///etc/passwd"), "outside content"),
    ("external frame", _with_rel("frame", "http://example.org/x"), "outside content"),
    ("macros", replace_part(GOOD, "word/vbaProject.bin", b"\0" * 100), "macros"),
    ("huge image", replace_part(GOOD, "word/media/image1.png", _png(6000, 5000)),
     "megapixels"),
]


@pytest.mark.parametrize(("kind", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_unsafe_docx_is_refused(kind: str, data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        vet_docx(data)
    with pytest.raises(ValidationError, match=message):
        parse_docx(data)


def test_links_and_attached_template_are_kept_but_not_fetched() -> None:
    vet_docx(_with_rel("attachedTemplate", "file:///C:/Normal.dotm"))
    vet_docx(_with_rel("hyperlink", "https://www.un.org/"))


@pytest.mark.parametrize(("kind", "data", "message"), CASES, ids=[c[0] for c in CASES])
def test_cli_refuses_in_one_line(kind: str, data: bytes, message: str, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "bad.docx"
    source.write_bytes(data)
    target = tmp_path / "x.rapporteur"
    assert main(["import", str(target), str(source)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
    assert not target.exists()


def test_docm_is_refused_for_review(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "reviewed.docm"
    source.write_bytes(GOOD)
    assert main(["import", str(tmp_path / "x.rapporteur"), str(source), "--review"]) == 2
    assert "macro" in capsys.readouterr().err
