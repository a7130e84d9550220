"""Fonts: a private fontconfig file that makes the bundled Liberation Serif win.

WeasyPrint reads FONTCONFIG_FILE each time it builds a FontConfiguration, so
configure() must run before the first render (pdf.py calls it before importing
weasyprint). System font folders stay listed only so that scripts we do not ship
yet (Arabic, CJK) still find a font; every Liberation Serif outside the bundled
folder is rejected, so Latin text always uses the bundled files. fontconfig lets an
<acceptfont> beat a <rejectfont> only of the same kind (glob vs glob, pattern vs
pattern), so the bundled files are accepted by a pattern on their "file" property.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from app.paths import fonts_dir, user_cache_dir

FAMILY = "Liberation Serif"
ALIASES = ("serif", "Times New Roman", "Times", "Tinos", "sans-serif", "monospace")
FALLBACKS = (
    "Noto Naskh Arabic",
    "Amiri",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "SimSun",
    "Noto Sans CJK SC",
)
_SCRIPTS = (
    ("Arabic", "Arabic", ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF),
                          (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    ("CJK", "Chinese", ((0x2E80, 0x2FDF), (0x3000, 0x30FF), (0x3100, 0x31FF),
                        (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xAC00, 0xD7AF),
                        (0xF900, 0xFAFF), (0xFF00, 0xFFEF), (0x20000, 0x3134F))),
)


def system_font_dirs() -> list[str]:
    """Return the platform's usual font folders, as fontconfig <dir> values."""
    home = Path.home()
    if sys.platform == "win32":
        return ["WINDOWSFONTDIR", "WINDOWSUSERFONTDIR"]
    if sys.platform == "darwin":
        return ["/System/Library/Fonts", "/Library/Fonts", str(home / "Library" / "Fonts")]
    data_home = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return [
        "/usr/share/fonts",
        "/usr/local/share/fonts",
        str(data_home / "fonts"),
        str(home / ".fonts"),
    ]


def _alias(family: str, prefer: tuple[str, ...]) -> str:
    """Return one strong fontconfig alias preferring the given families."""
    names = "".join(f"<family>{escape(name)}</family>" for name in prefer)
    return (
        f'  <alias binding="strong"><family>{escape(family)}</family>'
        f"<prefer>{names}</prefer></alias>\n"
    )


def _accept(path: Path) -> str:
    """Return an acceptfont rule for one bundled file (a pattern, so it beats rejectfont)."""
    return (
        '    <acceptfont><pattern><patelt name="file">'
        f"<string>{escape(str(path))}</string></patelt></pattern></acceptfont>\n"
    )


def build_config(bundled: Path, cache: Path, system_dirs: list[str]) -> str:
    """Return the fonts.conf text for these folders."""
    dirs = "".join(f"  <dir>{escape(d)}</dir>\n" for d in [str(bundled), *system_dirs])
    accept = "".join(_accept(path) for path in sorted(bundled.glob("*.[ot]tf")))
    aliases = "".join(_alias(name, (FAMILY, *FALLBACKS)) for name in ALIASES)
    return (
        '<?xml version="1.0"?>\n'
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n"
        f"{dirs}"
        f"  <cachedir>{escape(str(cache))}</cachedir>\n"
        "  <selectfont>\n"
        f"{accept}"
        "    <rejectfont><pattern><patelt name=\"family\">"
        f"<string>{FAMILY}</string></patelt></pattern></rejectfont>\n"
        "  </selectfont>\n"
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
    text = build_config(fonts_dir().resolve(), cache, system_font_dirs())
    _write_if_changed(path, text)
    os.environ["FONTCONFIG_FILE"] = str(path)
    return path


@lru_cache(maxsize=1)
def bundled_codepoints() -> frozenset[int]:
    """Return the code points the bundled regular face covers."""
    from fontTools.ttLib import TTFont

    with TTFont(fonts_dir() / "LiberationSerif-Regular.ttf", lazy=True) as font:
        return frozenset(font.getBestCmap())


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    """Return whether char falls in one of the code point ranges."""
    point = ord(char)
    return any(low <= point <= high for low, high in ranges)


def script_warnings(text: str) -> list[str]:
    """Return one line per script in text that the bundled fonts do not cover."""
    chars = {c for c in text if not c.isspace()}
    warnings = []
    for script, language, ranges in _SCRIPTS:
        found = {c for c in chars if _in_ranges(c, ranges)}
        if found:
            warnings.append(
                f"{script} text uses installed system fonts: "
                f"bundled {language} fonts are not shipped yet"
            )
            chars -= found
    covered = bundled_codepoints()
    other = [c for c in dict.fromkeys(text) if c in chars and ord(c) not in covered]
    other = [c for c in other if c.isprintable()]
    if other:
        warnings.append(
            f"{len(other)} distinct characters are not in the bundled fonts "
            f"(first: {''.join(other[:5])}): installed system fonts are used"
        )
    return warnings
