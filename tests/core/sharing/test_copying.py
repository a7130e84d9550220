"""`copy`: a consistent, sealed, checked single-file copy, atomically written."""

from __future__ import annotations

import os

import pytest

from app.core.document.service import RapporteurFile
from app.core.errors import RapporteurError, ValidationError
from app.core.sharing.checking import check_file
from app.core.sharing.copying import copy_file


def test_copy_while_open_elsewhere(rfile, tmp_path):
    doc = rfile.add_document(title="T")
    sec = rfile.add_section(doc.id, heading="A", body="<p>open edit</p>")
    out = copy_file(rfile.path, tmp_path / "copy.rapporteur")
    assert check_file(out).exit_code == 0
    with RapporteurFile.open(out, readonly=True) as copy:
        assert copy.section(sec.id).body == "<p>open edit</p>"
        assert all(r.sealed for r in copy.revisions(sec.id))
    assert all(r.sealed for r in rfile.revisions(sec.id))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_copy_refuses_to_overwrite_its_original(rfile):
    with pytest.raises(ValidationError):
        copy_file(rfile.path, rfile.path)


def test_failed_copy_leaves_no_file_under_final_name(rfile, tmp_path, monkeypatch):
    rfile.add_document(title="T")

    def boom(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(RapporteurError, match="No space left"):
        copy_file(rfile.path, tmp_path / "copy.rapporteur")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["test.rapporteur"]
