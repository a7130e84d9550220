"""Fonts: the bundled files, the private fonts.conf, coverage of the text."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.core.render.fonts import (
    build_config,
    bundled_files,
    configure,
    coverage_warnings,
    is_missing_glyph_warning,
    missing_characters,
)
from app.paths import fonts_dir

FACES = ["Regular", "Bold", "Italic", "BoldItalic"]
needs_fc = pytest.mark.skipif(shutil.which("fc-match") is None, reason="needs fc-match")


def fc(command: str, *args: str) -> str:
    """Run a fontconfig tool against the private configuration."""
    env = {**os.environ, "FONTCONFIG_FILE": str(configure())}
    return subprocess.run([command, *args], env=env, capture_output=True, text=True,
                          check=True, timeout=120).stdout


def names(path: Path) -> tuple[str, str, str]:
    """Return a font file's family, style and version strings."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        table = font["name"]
        return table.getDebugName(1), table.getDebugName(2), table.getDebugName(5)


def test_bundled_files_and_licences_are_present():
    folder = fonts_dir()
    assert [p.name for p in bundled_files()] == [
        *(f"LiberationSerif-{face}.ttf" for face in ["Bold", "BoldItalic", "Italic", "Regular"]),
        "NotoNaskhArabic-Bold.ttf", "NotoNaskhArabic-Regular.ttf",
        "UNSerifSC-Bold.otf", "UNSerifSC-Regular.otf",
    ]
    for path in bundled_files():
        assert path.read_bytes()[:4] in (b"\x00\x01\x00\x00", b"OTTO")
    liberation = (folder / "LICENSE").read_text(encoding="utf-8")
    assert "Reserved Font Name Liberation" in liberation
    for licence in ("NotoNaskhArabic-OFL.txt", "UNSerifSC-OFL.txt"):
        assert "SIL OPEN FONT LICENSE Version 1.1" in (folder / licence).read_text("utf-8")
    assert (folder / "make_cjk_subset.py").is_file()


def test_each_family_has_a_real_bold():
    found = {names(p)[:2] for p in bundled_files()}
    assert found == {
        ("Liberation Serif", "Regular"), ("Liberation Serif", "Bold"),
        ("Liberation Serif", "Italic"), ("Liberation Serif", "Bold Italic"),
        ("Noto Naskh Arabic", "Regular"), ("Noto Naskh Arabic", "Bold"),
        ("UN Serif SC", "Regular"), ("UN Serif SC", "Bold"),
    }
    assert names(fonts_dir() / "LiberationSerif-Regular.ttf")[2].startswith("Version 2.1")


def test_chinese_subset_is_small_renamed_and_covers_gb2312():
    from fontTools.ttLib import TTFont

    path = fonts_dir() / "UNSerifSC-Regular.otf"
    assert path.stat().st_size < 3_500_000
    with TTFont(path) as font:
        cmap = font.getBestCmap()
        assert font["CFF "].cff.fontNames == ["UNSerifSC-Regular"]
        naming = [r.toUnicode() for r in font["name"].names if r.nameID in (1, 3, 4, 6, 16)]
        assert naming
        assert all("Noto" not in n and "Source" not in n for n in naming)
    gb2312 = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                gb2312.add(ord(bytes((high, low)).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    assert len(gb2312) == 6763
    assert gb2312 <= set(cmap)
    assert {ord(c) for c in "镕“”‘’《》〈〉【】、。，；：！？（）—…·"} <= set(cmap)


def test_config_lists_only_the_bundled_folder(tmp_path: Path):
    text = build_config(tmp_path / "fonts", tmp_path / "cache")
    assert text.count("<dir") == 1
    assert f"<dir>{tmp_path / 'fonts'}</dir>" in text
    assert f"<cachedir>{tmp_path / 'cache'}</cachedir>" in text
    for family, first in (("serif", "Liberation Serif"), ("Times New Roman", "Liberation Serif"),
                          ("SimSun", "UN Serif SC"), ("Simplified Arabic", "Noto Naskh Arabic")):
        assert (f'<alias binding="strong"><family>{family}</family>'
                f"<prefer><family>{first}</family>") in text


def test_config_escapes_paths(tmp_path: Path):
    odd = tmp_path / "a&b<c>"
    text = build_config(odd, tmp_path)
    assert "a&amp;b&lt;c&gt;" in text
    assert "a&b<c>" not in text


def test_configure_sets_the_environment_and_is_idempotent():
    path = configure()
    assert os.environ["FONTCONFIG_FILE"] == str(path)
    assert path.is_file()
    before = path.stat().st_mtime_ns
    assert configure() == path
    assert path.stat().st_mtime_ns == before


@needs_fc
@pytest.mark.parametrize(("request_", "file"), [
    ("serif", "LiberationSerif-Regular.ttf"),
    ("Times New Roman:italic", "LiberationSerif-Italic.ttf"),
    ("Liberation Serif:bold:italic", "LiberationSerif-BoldItalic.ttf"),
    ("sans-serif", "LiberationSerif-Regular.ttf"),
    ("Simplified Arabic", "NotoNaskhArabic-Regular.ttf"),
    ("Simplified Arabic:bold", "NotoNaskhArabic-Bold.ttf"),
    ("SimSun", "UNSerifSC-Regular.otf"),
    ("SimSun:bold", "UNSerifSC-Bold.otf"),
    ("DejaVu Sans", "LiberationSerif-Regular.ttf"),
])
def test_requests_resolve_to_the_bundled_files(request_: str, file: str):
    found = Path(fc("fc-match", "-f", "%{file}", request_))
    assert found == fonts_dir().resolve() / file


@needs_fc
def test_fontconfig_sees_no_system_font():
    listed = [line.rstrip(":") for line in fc("fc-list", "-f", "%{file}\n").split("\n") if line]
    assert sorted(Path(p).name for p in listed) == sorted(p.name for p in bundled_files())


@pytest.mark.parametrize(
    "text", ["Plain English", "Français, Español", "Русский текст", "Ελληνικά",
             "“quotes” – dashes — …", "تعزيز حقوق الإنسان، ١٢٣", "联合国大会“可持续发展”：朱镕基。",
             "tab\tand\u200bzero-width", ""],
)
def test_scripts_we_ship_are_covered(text: str):
    assert missing_characters(text) == []
    assert coverage_warnings(text) == []


def test_missing_characters_are_named_once_each():
    assert missing_characters("Snow ☃ and देव ☃ 龘") == ["☃", "द", "े", "व", "龘"]
    [warning] = coverage_warnings("Snow ☃ 龘")
    assert warning == ("Characters in no bundled font (they print as blank boxes): "
                       "☃ (U+2603), 龘 (U+9F98)")
    assert is_missing_glyph_warning(warning)
    assert not is_missing_glyph_warning("3 pages: over the 2-page limit")


ARABIC = "تعزيز حقوق الإنسان للمهاجرين، ولا سيما النساء والأطفال."
CHINESE = "联合国大会第六十八届会议“国际移民与发展”高级别对话。"


def _page(body: str) -> str:
    """Return a small HTML page of the given body in the shared stylesheet's fonts."""
    return (f'<html lang="en"><body style="font-family: serif"><p>Latin text</p>{body}'
            "</body></html>")


def test_arabic_and_chinese_render_with_bundled_fonts_only(pdf_fonts, page_texts):
    from app.core.render.pdf import render_pdf

    result = render_pdf(_page(
        f'<p lang="ar" dir="rtl">{ARABIC}</p><p lang="ar" dir="rtl"><b>{ARABIC}</b></p>'
        f'<p lang="zh">{CHINESE}</p><p lang="zh"><b>{CHINESE}</b></p>'
        '<p style="font-family: \'Simplified Arabic\'">عربي</p>'
        '<p style="font-family: SimSun">宋体</p><p style="font-family: \'Times New Roman\'">'
        "<i>Times</i></p>"))
    assert result.warnings == ()
    fonts = pdf_fonts(result.pdf)
    assert all(embedded for _, embedded in fonts)
    assert {name.split("+", 1)[-1] for name, _ in fonts} == {
        "Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic",
        "Noto-Naskh-Arabic", "Noto-Naskh-Arabic-Bold", "UN-Serif-SC", "UN-Serif-SC-Bold"}
    assert CHINESE in "".join(page_texts(result.pdf))


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs pdffonts")
def test_pdffonts_sees_no_system_font(tmp_path: Path):
    from app.core.render.pdf import render_pdf

    out = tmp_path / "six.pdf"
    out.write_bytes(render_pdf(_page(f"<p>Русский {ARABIC} {CHINESE}</p>")).pdf)
    listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                             check=True, timeout=60).stdout
    rows = listing.splitlines()[2:]
    assert len(rows) == 3
    assert all(" yes yes yes " in row for row in rows)
    for unwanted in ("DejaVu", "Droid", "Noto Sans", "Arial", "Helvetica"):
        assert unwanted not in listing


def test_a_character_no_font_has_is_named_once():
    from app.core.render.pdf import render_pdf

    result = render_pdf(_page("<p>Snow ☃☃ and 龘 and 联合国</p>"))
    missing = [w for w in result.warnings if is_missing_glyph_warning(w)]
    assert missing == ["Characters in no bundled font (they print as blank boxes): "
                       "☃ (U+2603), 龘 (U+9F98)"]
    assert not [w for w in result.warnings if ".notdef" in w]


def test_render_command_names_missing_characters_and_exits_1(tmp_path: Path, capsys):
    from app.cli import main

    source = tmp_path / "in.md"
    source.write_text("---\nmeeting: M\nauthor: A\n---\n## Introduction\n\nA snowman ☃ "
                      "and 联合国.\n", encoding="utf-8")
    target = tmp_path / "snow.rapporteur"
    assert main(["import", str(target), str(source)]) == 0
    out = tmp_path / "snow.pdf"
    capsys.readouterr()
    assert main(["render", str(target), "-o", str(out)]) == 1
    assert out.read_bytes().startswith(b"%PDF")
    err = capsys.readouterr().err
    assert "Characters in no bundled font (they print as blank boxes): ☃ (U+2603)" in err
    source.write_text("---\nmeeting: M\nauthor: A\n---\n## Introduction\n\n联合国.\n",
                      encoding="utf-8")
    clean = tmp_path / "clean.rapporteur"
    assert main(["import", str(clean), str(source)]) == 0
    assert main(["render", str(clean), "-o", str(tmp_path / "clean.pdf")]) == 0
