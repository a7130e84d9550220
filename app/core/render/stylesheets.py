"""Stylesheets parsed once per process, and one font configuration for every render.

Parsing a template's CSS costs ~20 ms and a fresh FontConfiguration ~30 ms of each
render, a tenth of a section preview. split() takes a document's <link rel=stylesheet>
and <style> sheets out of its <head> and returns them as parsed CSS objects, cached by
file content and text, to hand to WeasyPrint in the same order. WeasyPrint treats
sheets passed this way as user stylesheets; with every author sheet moved, their
order and specificity decide the cascade exactly as before (the documents carry no
style attributes and presentational hints are off). Anything unusual (a media query,
an @import or @font-face, a refused file) leaves the document as it is. The
@counter-style rules of the parsed sheets (the Arabic heading labels of
_shared/numbered.css) go into one shared table, counter_styles(), which the render
hands to WeasyPrint with the sheets.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from app.core.render.fetcher import (
    RefusedResource,
    SafeFetcher,
    file_url_path,
    resolve_allowed,
)

_SHEET = re.compile(r"<link\b[^>]*>|<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_FETCHING_RULES = frozenset({"import", "font-face"})  # would fetch while parsing
_NESTING_RULES = frozenset({"media", "supports", "layer", "container", "document"})
CACHED_SHEETS = 64


@lru_cache(maxsize=1)
def font_config() -> Any:
    """Return the process's FontConfiguration (fonts are looked up once, not per render)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


@lru_cache(maxsize=1)
def counter_styles() -> Any:
    """Return the process's table of @counter-style rules of the parsed sheets."""
    from weasyprint.css.counters import CounterStyle

    return CounterStyle()


def split(source: str, base_url: str | None, roots: tuple[Path, ...]
          ) -> tuple[str, list[Any]] | None:
    """Return source without its head's stylesheets and those sheets parsed, or None.

    None also when the body has stylesheets of its own (they would then come after the
    moved ones in the cascade) or any sheet has @import or @font-face.
    """
    lowered = source.lower()
    head_end = lowered.find("</head>")
    if head_end < 0 or "<style" in lowered[head_end:] or "<link" in lowered[head_end:]:
        return None
    sheets: list[Any] = []
    kept: list[str] = []
    last = 0
    for match in _SHEET.finditer(source, 0, head_end):
        sheet = _sheet(match, base_url, roots)
        if sheet is _KEEP:
            continue
        if sheet is None:
            return None
        sheets.append(sheet)
        kept.append(source[last:match.start()])
        last = match.end()
    kept.append(source[last:])
    return "".join(kept), sheets


_KEEP = object()  # a <link> that is not a stylesheet: left in the document


def _sheet(match: re.Match[str], base_url: str | None, roots: tuple[Path, ...]) -> Any:
    """Return the parsed sheet of a <link> or <style>, _KEEP, or None when unusual."""
    tag = match.group(0)
    attrs = {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "")
             for m in _ATTR.finditer(tag.split(">", 1)[0])}
    if attrs.get("media", "all").strip().lower() not in ("all", "print", ""):
        return None
    if tag[:5].lower() == "<link":
        rel = attrs.get("rel", "").lower().split()
        if "stylesheet" not in rel:
            return _KEEP
        if "alternate" in rel or not attrs.get("href"):
            return None
        return _linked(urljoin(base_url or "", attrs["href"]), roots)
    text = match.group(1) or ""
    return None if _fetches(text) else _parsed(text, base_url or "")


def _linked(url: str, roots: tuple[Path, ...]) -> Any:
    """Return the parsed sheet of an allowed local file, or None."""
    if not url.lower().startswith("file:"):
        return None
    try:
        path = resolve_allowed(file_url_path(url), roots)
        text = path.read_text(encoding="utf-8")
    except (RefusedResource, OSError, UnicodeDecodeError):
        return None
    return None if _fetches(text) else _parsed(text, url)


@lru_cache(maxsize=CACHED_SHEETS)
def _fetches(text: str) -> bool:
    """Return whether a stylesheet has an @import or @font-face rule (escapes decoded)."""
    import tinycss2

    return _has_fetching_rule(tinycss2.parse_stylesheet(text, skip_comments=True,
                                                        skip_whitespace=True))


def _has_fetching_rule(rules: list[Any]) -> bool:
    """Return whether parsed rules, or rules nested in them, would fetch."""
    import tinycss2

    for rule in rules:
        if rule.type != "at-rule":
            continue
        if rule.lower_at_keyword in _FETCHING_RULES:
            return True
        if rule.lower_at_keyword in _NESTING_RULES and rule.content is not None and \
                _has_fetching_rule(tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True)):
            return True
    return False


@lru_cache(maxsize=CACHED_SHEETS)
def _parsed(text: str, base_url: str) -> Any:
    """Return text parsed as a stylesheet, from the cache when seen before."""
    import weasyprint

    # Nothing that fetches is cached (see _fetches); should anything try, no file is allowed.
    return weasyprint.CSS(string=text, base_url=base_url, url_fetcher=SafeFetcher(roots=()),
                          font_config=font_config(), counter_style=counter_styles())
