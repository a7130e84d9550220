"""Fonts: the bundled files, the private fonts.conf, script warnings."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.render import fonts
from app.core.render.fonts import build_config, configure, script_warnings
from app.paths import fonts_dir

FACES = ["Regular", "Bold", "Italic", "BoldItalic"]
needs_fc = pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fc-match")


def fc(command: str, *args: str) -> str:
    """Run a fontconfig tool against the private configuration."""
    env = {**os.environ, "FONTCONFIG_FILE": str(configure())}
    return subprocess.run([command, *args], env=env, capture_output=True, text=True,
                          check=True, timeout=120).stdout


def test_bundled_fonts_and_licence_are_present():
    folder = fonts_dir()
    for face in FACES:
        data = (folder / f"LiberationSerif-{face}.ttf").read_bytes()
        assert data[:4] == b"\x00\x01\x00\x00"
        assert len(data) > 300_000
    licence = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Reserved Font Name Liberation" in licence
    assert sorted(p.suffix for p in folder.iterdir() if p.suffix == ".ttf") == [".ttf"] * 4


def test_bundled_fonts_are_version_2_1():
    from fontTools.ttLib import TTFont

    with TTFont(fonts_dir() / "LiberationSerif-Regular.ttf", lazy=True) as font:
        version = font["name"].getDebugName(5)
        family = font["name"].getDebugName(1)
    assert family == "Liberation Serif"
    assert version.startswith("Version 2.1")


def test_config_accepts_bundled_files_and_rejects_other_liberation_serif(tmp_path: Path):
    bundled = tmp_path / "fonts"
    bundled.mkdir()
    for face in FACES:
        (bundled / f"LiberationSerif-{face}.ttf").write_bytes(b"")
    text = build_config(bundled, tmp_path / "cache", ["/usr/share/fonts"])
    assert f"<dir>{bundled}</dir>" in text
    assert text.index(f"<dir>{bundled}</dir>") < text.index("<dir>/usr/share/fonts</dir>")
    assert f"<cachedir>{tmp_path / 'cache'}</cachedir>" in text
    for face in FACES:
        assert (f'<acceptfont><pattern><patelt name="file"><string>'
                f"{bundled / f'LiberationSerif-{face}.ttf'}</string>") in text
    assert ('<rejectfont><pattern><patelt name="family"><string>Liberation Serif'
            "</string></patelt></pattern></rejectfont>") in text
    for family in ("serif", "Times New Roman", "Times"):
        assert (f'<alias binding="strong"><family>{family}</family>'
                "<prefer><family>Liberation Serif</family>") in text


def test_config_escapes_paths(tmp_path: Path):
    odd = tmp_path / "a&b<c>"
    odd.mkdir()
    text = build_config(odd, tmp_path, [])
    assert "a&amp;b&lt;c&gt;" in text
    assert "a&b<c>" not in text


def test_configure_sets_the_environment_and_is_idempotent():
    path = configure()
    assert os.environ["FONTCONFIG_FILE"] == str(path)
    assert path.is_file()
    before = path.stat().st_mtime_ns
    assert configure() == path
    assert path.stat().st_mtime_ns == before


def test_system_font_dirs_are_listed_for_fallback():
    dirs = fonts.system_font_dirs()
    assert dirs
    assert str(fonts_dir().resolve()) not in dirs


@needs_fc
@pytest.mark.parametrize(
    "request_", ["Liberation Serif", "serif", "Times New Roman", "Times",
                 "Liberation Serif:bold:italic", "Times New Roman:italic"],
)
def test_requests_resolve_to_the_bundled_files(request_: str):
    found = Path(fc("fc-match", "-f", "%{file}", request_))
    assert found.parent == fonts_dir().resolve()


@needs_fc
def test_no_other_liberation_serif_is_visible():
    listed = fc("fc-list", ":family=Liberation Serif", "file").split()
    files = [Path(line.rstrip(":")) for line in listed if line.strip()]
    assert len(files) == 4
    assert {f.parent for f in files} == {fonts_dir().resolve()}


@pytest.mark.parametrize(
    "text", ["Plain English", "Français, Español", "Русский текст", "Ελληνικά", "עברית",
             "“quotes” – dashes — …", ""],
)
def test_scripts_we_ship_give_no_warning(text: str):
    assert script_warnings(text) == []


def test_arabic_and_cjk_give_one_line_each():
    warnings = script_warnings("مرحبا 你好 مرحبا 世界")
    assert warnings == [
        "Arabic text uses installed system fonts: bundled Arabic fonts are not shipped yet",
        "CJK text uses installed system fonts: bundled Chinese fonts are not shipped yet",
    ]


def test_other_uncovered_characters_are_reported():
    warnings = script_warnings("Snow ☃ and देवनागरी ☃")
    assert warnings == [
        "9 distinct characters are not in the bundled fonts (first: ☃देवन): "
        "installed system fonts are used"
    ]
