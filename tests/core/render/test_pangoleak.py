"""Text layouts free their Pango features and look the same (app.core.render.pangoleak)."""

from __future__ import annotations

import ctypes
import gc
import shutil

import pytest

from app.core.render import pangoleak
from app.core.render.pdf import layout, render_pdf
from tests.core.render.conftest import gray_pages

FEATURES = """<style>
p { font-kerning: normal; font-variant-numeric: tabular-nums oldstyle-nums }
p:nth-child(2n) { font-kerning: none; font-feature-settings: "liga" 0 }
</style>"""


def _html(paragraphs: int) -> str:
    """Return paragraphs of text with OpenType features over some pages."""
    text = "AVAILABLE To Wave: office affairs of 1,234 staff in 2013, fluffy. " * 12
    body = "".join(f"<p>{number}. {text}</p>" for number in range(paragraphs))
    return f"<html lang='en'><head>{FEATURES}</head><body>{body}</body></html>"


def _leaky(monkeypatch: pytest.MonkeyPatch) -> None:
    """Put WeasyPrint's own Layout.setup back."""
    from weasyprint.text import fonts, line_break

    pangoleak.install()
    monkeypatch.setattr(line_break.Layout, "setup", pangoleak._installed[0])
    monkeypatch.setattr(line_break, "font_features", fonts.font_features)


def _featureless(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lay text out with WeasyPrint's own setup, its features left out (as a broken fix would)."""
    from weasyprint.text import line_break

    pangoleak.install()
    monkeypatch.setattr(line_break.Layout, "setup", pangoleak._installed[0])


def _in_use() -> int:
    """Return the bytes glibc's malloc has handed out and not had back."""
    class Info(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in (
            "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
            "uordblks", "fordblks", "keepcost")]

    libc = ctypes.CDLL("libc.so.6")
    libc.mallinfo2.restype = Info
    gc.collect()
    return int(libc.mallinfo2().uordblks)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_pages_look_as_weasyprints_own_setup_lays_them_out(monkeypatch):
    html = _html(30)
    fixed = render_pdf(html).pdf
    _leaky(monkeypatch)
    own = render_pdf(html).pdf
    assert len(gray_pages(own, 60)) >= 3
    assert gray_pages(fixed, 60) == gray_pages(own, 60)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_the_features_are_set(monkeypatch):
    html = _html(6)
    fixed = render_pdf(html).pdf
    _featureless(monkeypatch)
    assert gray_pages(render_pdf(html).pdf, 60) != gray_pages(fixed, 60)


def _growth(layouts: int) -> int:
    """Return the bytes malloc holds more after some layouts of the same text than before."""
    html = _html(60)
    layout(html)
    before = _in_use()
    for _ in range(layouts):
        layout(html)
    return _in_use() - before


def _glibc() -> bool:
    """Return whether this process's malloc is glibc's, which can say what it holds."""
    try:
        return hasattr(ctypes.CDLL("libc.so.6"), "mallinfo2")
    except OSError:
        return False


@pytest.mark.skipif(not _glibc(), reason="measures glibc's malloc")
def test_laying_out_again_and_again_holds_no_more_memory(monkeypatch):
    assert _growth(3) < 100_000
    _leaky(monkeypatch)
    assert _growth(3) > 200_000  # what WeasyPrint's own setup leaks: the test can tell
