"""`rapporteur render FILE --compendium`: every contribution in one PDF, rendered limited."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest

from app.cli import main
from app.core.document.service import RapporteurFile
from tests.core.render.compendium_sample import CONTRIBUTIONS, build


def test_compendium_is_written_beside_the_file_in_a_limited_child(tmp_path: Path, capsys,
                                                                  monkeypatch) -> None:
    from app.core.render import limits

    limited: list[str] = []
    real = limits.run_limited
    monkeypatch.setattr(limits, "run_limited", lambda function, *args: (
        limited.append(function.__name__), real(function, *args))[1])
    path = build(tmp_path / "migration.rapporteur")
    assert main(["render", str(path), "--compendium"]) == 0
    out = tmp_path / "migration-compendium.pdf"
    reader = pypdf.PdfReader(io.BytesIO(out.read_bytes()))
    assert f"{out}: {len(reader.pages)} pages" in capsys.readouterr().out
    assert limited == ["compendium_render_job"]
    tops = [item.title for item in reader.outline if not isinstance(item, list)]
    assert len(tops) == 1 + len(CONTRIBUTIONS)


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
