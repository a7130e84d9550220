"""Make UNSerifSC-Regular.otf and UNSerifSC-Bold.otf from Noto Serif CJK SC.

Run from anywhere with the Debian fonts-noto-cjk files unpacked:

    apt-get download fonts-noto-cjk && dpkg-deb -x fonts-noto-cjk_*.deb x
    python resources/fonts/make_cjk_subset.py x/usr/share/fonts/opentype/noto

The subset keeps the 6,763 hanzi of GB2312 levels 1 and 2 with all of GB2312's symbols,
the extra characters listed below (names, UN terms), every CJK character used in the
app's templates and fixed words, ASCII, Latin-1, general punctuation, CJK symbols and
fullwidth forms. Layout features are fontTools' defaults without `locl` (the Japanese,
Korean and Traditional alternates) plus the vertical and width features. The family is
renamed "UN Serif SC": the OFL asks that a Modified Version not use the original name.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FAMILY = "UN Serif SC"
POSTSCRIPT = "UNSerifSC"
SC_FACE = 2  # face index of Simplified Chinese in NotoSerifCJK-*.ttc
RANGES = (
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2000, 0x206F), (0x2100, 0x214F),
    (0x2150, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF), (0x2500, 0x257F),
    (0x3000, 0x303F), (0x3200, 0x32FF), (0xFE10, 0xFE1F), (0xFE30, 0xFE4F),
    (0xFF00, 0xFFEF),
)
# Simplified characters outside GB2312 found in personal and place names (GB2312
# lacks e.g. 镕 of 朱镕基); add here what a user reports missing and rerun.
EXTRA = "镕堃喆珺昇彧晞玥瑄璟垚犇赟锜翀啰祎祐谞偲"
FEATURES_DROP = ("locl",)
FEATURES_ADD = ("vert", "vrt2", "halt", "vhal", "palt", "vpal", "pwid", "fwid", "hwid")
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")


def gb2312_characters() -> set[str]:
    """Return every character GB2312 encodes (symbols and both hanzi levels)."""
    found = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                found.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return found


def app_characters() -> set[str]:
    """Return the CJK characters in the app's templates and fixed words."""
    sources = [*sorted((ROOT / "templates").rglob("*.*")),
               *sorted((ROOT / "app" / "core" / "render").glob("*.py"))]
    found: set[str] = set()
    for path in sources:
        if path.suffix in {".j2", ".css", ".toml", ".py", ".html"}:
            found.update(CJK.findall(path.read_text(encoding="utf-8")))
    return found


def wanted() -> list[int]:
    """Return the code points the subset keeps, sorted."""
    points = {ord(c) for c in gb2312_characters() | app_characters() | set(EXTRA)}
    for low, high in RANGES:
        points.update(range(low, high + 1))
    return sorted(points)


def rename(font: TTFont, style: str) -> None:
    """Give the font the family name FAMILY (name table and CFF)."""
    full = FAMILY if style == "Regular" else f"{FAMILY} {style}"
    postscript = f"{POSTSCRIPT}-{style}"
    names = font["name"]
    version = names.getDebugName(5) or ""
    names.names = [r for r in names.names if r.nameID not in (1, 2, 3, 4, 6, 16, 17)]
    for name_id, value in ((1, FAMILY), (2, style), (3, f"{version};{postscript}"),
                           (4, full), (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
    cff = font["CFF "].cff
    cff.fontNames = [postscript]
    top = cff.topDictIndex[0]
    top.FamilyName, top.FullName = FAMILY, full


def make(source_dir: Path, style: str, out_dir: Path) -> Path:
    """Write the subset of one weight and return its path."""
    font = TTFont(source_dir / f"NotoSerifCJK-{style}.ttc", fontNumber=SC_FACE)
    options = subset.Options()
    options.layout_features = [f for f in options.layout_features if f not in FEATURES_DROP]
    options.layout_features += list(FEATURES_ADD)
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    rename(font, style)
    out = out_dir / f"{POSTSCRIPT}-{style}.otf"
    font.save(out)
    return out


def main(argv: list[str]) -> int:
    """Make both weights from the folder holding NotoSerifCJK-Regular.ttc."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    for style in ("Regular", "Bold"):
        out = make(Path(argv[1]), style, HERE)
        print(f"{out.name}: {out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
