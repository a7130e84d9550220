"""`rapporteur render FILE --compendium`: every contribution in one PDF, built in parts."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from app.cli import main
from app.core.document.service import RapporteurFile
from tests.core.render.compendium_sample import CONTRIBUTIONS, build


def test_compendium_is_written_beside_the_file_by_the_parallel_build(
        tmp_path: Path, capsys, monkeypatch) -> None:
    from app.core.render import compendiumbuild

    built: list[int | None] = []
    real = compendiumbuild.build_compendium
    monkeypatch.setattr(compendiumbuild, "build_compendium", lambda job, variant, **kw: (
        built.append(kw["workers"]), real(job, variant, **kw))[1])
    path = build(tmp_path / "migration.rapporteur")
    assert main(["render", str(path), "--compendium", "--jobs", "2"]) == 0
    out = tmp_path / "migration-compendium.pdf"
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    captured = capsys.readouterr()
    assert f"{out}: {len(reader.pages)} pages" in captured.out
    assert "rendering:" not in captured.err  # no progress line when stderr is not a terminal
    assert built == [2]
    tops = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(tops) == 1 + len(CONTRIBUTIONS)
    first = out.read_bytes()
    assert main(["render", str(path), "--compendium"]) == 0
    assert out.read_bytes() == first  # from the build cache
    assert main(["render", str(path), "--compendium", "--no-cache"]) == 0
    assert len(pypdf.PdfReader(out).pages) == len(reader.pages)
    assert main(["render", str(path), "--compendium", "--jobs", "0"]) == 2


def test_compendium_goes_to_the_output_given(tmp_path: Path) -> None:
    path = build(tmp_path / "m.rapporteur", report=False)
    out = tmp_path / "all.pdf"
    assert main(["render", str(path), "--compendium", "-o", str(out)]) == 0
    first = pypdf.PdfReader(out).pages[0].extract_text()
    assert "Compendium of contributions" in first
    assert "m.rapporteur" in first


@pytest.mark.parametrize("extra", [["--document", "x"], ["--html", "x.html"]])
def test_compendium_refuses_a_single_document_or_html(tmp_path: Path, capsys,
                                                      extra: list[str]) -> None:
    path = build(tmp_path / "m.rapporteur")
    assert main(["render", str(path), "--compendium", *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "--compendium" in err


def test_a_file_without_contributions_exits_2_with_one_line(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.rapporteur"
    RapporteurFile.create(path).close()
    assert main(["render", str(path), "--compendium"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "no contribution" in err
    assert not (tmp_path / "empty-compendium.pdf").exists()
