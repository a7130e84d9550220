"""Fonts: a private fontconfig file that sees only the bundled fonts.

WeasyPrint reads FONTCONFIG_FILE each time it builds a FontConfiguration, so
configure() must run before the first render (pdf.py calls it before importing
weasyprint). The file lists no folder but resources/fonts, so a PDF uses the same
faces on every machine: Liberation Serif (Latin, Cyrillic), Noto Naskh Arabic and
UN Serif SC (a subset of Noto Serif CJK SC, made by resources/fonts/make_cjk_subset.py).
Aliases send the generic families and the names UN documents ask for (Times New
Roman, Simplified Arabic, SimSun…) to them. A character none of them has would print
as a blank box: missing_characters() finds those before rendering.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from app.paths import fonts_dir, user_cache_dir

LATIN = "Liberation Serif"
ARABIC = "Noto Naskh Arabic"
CHINESE = "UN Serif SC"
FAMILIES = (LATIN, ARABIC, CHINESE)
ALIASES: dict[str, tuple[str, ...]] = {
    **{name: (LATIN, ARABIC, CHINESE) for name in (
        "serif", "sans-serif", "monospace", "Times New Roman", "Times", "Tinos")},
    **{name: (ARABIC, LATIN, CHINESE) for name in (
        "Simplified Arabic", "Traditional Arabic", "Arabic Typesetting", "Amiri")},
    **{name: (CHINESE, LATIN, ARABIC) for name in (
        "SimSun", "宋体", "NSimSun", "Songti SC", "STSong", "SimHei", "黑体", "FangSong",
        "KaiTi", "Noto Serif CJK SC", "Source Han Serif SC", "Noto Sans CJK SC")},
}
MISSING = "Characters in no bundled font (they print as blank boxes)"


def bundled_files(folder: Path | None = None) -> list[Path]:
    """Return the bundled font files, sorted."""
    folder = folder or fonts_dir()
    return sorted(p for p in folder.iterdir() if p.suffix in {".ttf", ".otf"})


def _alias(family: str, prefer: tuple[str, ...]) -> str:
    """Return one strong fontconfig alias preferring the given families."""
    names = "".join(f"<family>{escape(name)}</family>" for name in prefer)
    return (
        f'  <alias binding="strong"><family>{escape(family)}</family>'
        f"<prefer>{names}</prefer></alias>\n"
    )


def build_config(bundled: Path, cache: Path) -> str:
    """Return the fonts.conf text: the bundled folder only, its cache, the aliases."""
    aliases = "".join(_alias(name, prefer) for name, prefer in ALIASES.items())
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"  <dir>{escape(str(bundled))}</dir>\n"
        f"  <cachedir>{escape(str(cache))}</cachedir>\n"
        f"{aliases}"
        "</fontconfig>\n"
    )


def config_path() -> Path:
    """Return where the private fonts.conf lives."""
    return user_cache_dir() / "fontconfig" / "fonts.conf"


def _write_if_changed(path: Path, text: str) -> None:
    """Write text to path atomically unless it already holds exactly that."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".fonts.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def configure() -> Path:
    """Write the private fonts.conf and point FONTCONFIG_FILE at it; return its path."""
    path = config_path()
    cache = path.parent / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    _write_if_changed(path, build_config(fonts_dir().resolve(), cache))
    os.environ["FONTCONFIG_FILE"] = str(path)
    return path


@lru_cache(maxsize=1)
def bundled_codepoints() -> frozenset[int]:
    """Return the code points some bundled font covers."""
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for path in bundled_files():
        with TTFont(path, lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


def _needs_glyph(char: str) -> bool:
    """Return whether char is drawn (not a space, control or format character)."""
    return not char.isspace() and unicodedata.category(char) not in {"Cc", "Cf", "Zl", "Zp"}


def missing_characters(text: str) -> list[str]:
    """Return the distinct characters of text that no bundled font has, in order."""
    covered = bundled_codepoints()
    return [c for c in dict.fromkeys(text) if _needs_glyph(c) and ord(c) not in covered]


def describe(chars: list[str]) -> str:
    """Return the one-line warning naming the missing characters."""
    shown = ", ".join(f"{c} (U+{ord(c):04X})" for c in chars[:20])
    more = f" and {len(chars) - 20} more" if len(chars) > 20 else ""
    return f"{MISSING}: {shown}{more}"


def coverage_warnings(text: str) -> list[str]:
    """Return a warning naming the characters of text no bundled font has, if any."""
    missing = missing_characters(text)
    return [describe(missing)] if missing else []


def is_missing_glyph_warning(warning: str) -> bool:
    """Return whether a render warning says some characters print blank."""
    return warning.startswith(MISSING)
