"""The body HTML subset: sanitise with nh3, canonicalise tags, report what was dropped.

The subset: p, h3-h5, strong, em, u, sup, sub, a[href], ul/ol/li, blockquote,
table/thead/tbody/tr/th/td, br, span (with class="footnote" for a footnote, or
plain with lang/dir), and the lang/dir attributes on any of these. A paragraph pulled
into a report keeps its link as data-pull="<pull id>" (first attribute, once per body). b and i are
accepted and stored as strong and em. The canonical form has no whitespace between
blocks or after <br>, and no newlines or tabs in text (HTML shows them as spaces).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

TAGS = frozenset([
    "p", "h3", "h4", "h5", "strong", "b", "em", "i", "u", "sup", "sub", "a", "ul", "ol", "li",
    "blockquote", "table", "thead", "tbody", "tr", "th", "td", "br", "span",
])
DROP_WITH_CONTENT = frozenset([
    "script", "style", "iframe", "object", "embed", "template", "noscript", "title", "head",
    "svg", "math", "textarea", "select", "frame", "frameset", "applet",
])
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$")
_DIRS = frozenset({"ltr", "rtl", "auto"})
_ATTRIBUTES = {"*": {"lang", "dir"}, "a": {"href"}, "p": {"data-pull"}}
PULL_ATTRIBUTE = "data-pull"
PULL_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_PULL_TAG = re.compile(r"<p\b([^>]*)>")
_PULL_VALUE = re.compile(r' data-pull="([^"]*)"')
_CANONICAL = {"b": "strong", "i": "em"}
_CANON_RE = re.compile(r"<(/?)(b|i)(?=[\s>/])")
_BLOCK = "p|h3|h4|h5|ul|ol|li|blockquote|table|thead|tbody|tr|th|td"
_BETWEEN_BLOCKS = re.compile(rf"(</?(?:{_BLOCK})\b[^>]*>)\s+(?=</?(?:{_BLOCK})\b)")
_AFTER_BREAK = re.compile(r"(<br>)\s+")
_CONTROL_SPACE = re.compile(r"[\r\n\t\f\v]+")


@dataclass(frozen=True)
class Sanitized:
    """A sanitised body and the names of what was removed from it."""

    html: str
    dropped: tuple[str, ...]


def _filter_attribute(tag: str, attr: str, value: str) -> str | None:
    """Keep only well-formed lang/dir values and hrefs free of angle brackets."""
    if attr == "lang":
        return value if _LANG.match(value) else None
    if attr == "dir":
        return value.lower() if value.lower() in _DIRS else None
    if attr == "href":
        return value.replace("<", "%3C").replace(">", "%3E")
    if attr == PULL_ATTRIBUTE:
        return value if PULL_ID.fullmatch(value) else None
    return value


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Remove control characters (NUL, ESC…) that text must never carry."""
    return CONTROL.sub("", text)


def clean(html: str) -> str:
    """Return html reduced to the body subset, with canonical tag names."""
    cleaned = nh3.clean(
        strip_controls(html),
        tags=set(TAGS),
        clean_content_tags=set(DROP_WITH_CONTENT),
        attributes={k: set(v) for k, v in _ATTRIBUTES.items()},
        attribute_filter=_filter_attribute,
        strip_comments=True,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        url_relative="deny",
        allowed_classes={"span": {"footnote"}},
    )
    cleaned = _CANON_RE.sub(lambda m: f"<{m.group(1)}{_CANONICAL[m.group(2)]}", cleaned)
    return _canonical_space(_pull_anchors(_limit_depth(cleaned)))


def _pull_anchors(html: str) -> str:
    """Put data-pull first among a paragraph's attributes; keep each id's first use only."""
    if PULL_ATTRIBUTE not in html:
        return html
    seen: set[str] = set()

    def anchor(match: re.Match[str]) -> str:
        found = _PULL_VALUE.search(match.group(1))
        if found is None:
            return match.group(0)
        rest = match.group(1)[:found.start()] + match.group(1)[found.end():]
        if found.group(1) in seen:
            return f"<p{rest}>"
        seen.add(found.group(1))
        return f'<p data-pull="{found.group(1)}"{rest}>'

    return _PULL_TAG.sub(anchor, html)


MAX_DEPTH = 24
_ANY_TAG = re.compile(r"<(/?)([a-z0-9]+)[^>]*>")


def _limit_depth(html: str) -> str:
    """Drop tags nested deeper than MAX_DEPTH (their text stays): no absurd nesting."""
    if html.count("<") < MAX_DEPTH:
        return html
    out: list[str] = []
    stack: list[bool] = []  # for each open element: was its tag kept?
    position = 0
    for match in _ANY_TAG.finditer(html):
        out.append(html[position:match.start()])
        position = match.end()
        closing, name = match.group(1) == "/", match.group(2)
        if name == "br":
            out.append(match.group(0))
        elif closing:
            if stack and stack.pop():
                out.append(match.group(0))
        else:
            keep = sum(stack) < MAX_DEPTH
            stack.append(keep)
            if keep:
                out.append(match.group(0))
    out.append(html[position:])
    return "".join(out)


def _canonical_space(html: str) -> str:
    """Drop whitespace between blocks and after line breaks; newlines in text become spaces."""
    html = _BETWEEN_BLOCKS.sub(r"\1", html.strip() if html.lstrip().startswith("<") else html)
    html = _AFTER_BREAK.sub(r"\1", html)
    return _CONTROL_SPACE.sub(" ", html)


def sanitize(html: str) -> Sanitized:
    """Sanitise html and say which tags and attributes were dropped."""
    out = clean(html)
    try:
        before, after = _inventory(html), _inventory(out)
    except AssertionError:  # html.parser gives up on some malformed declarations
        return Sanitized(out, ("malformed markup",) if out != html else ())
    return Sanitized(out, tuple(sorted(before - after)))


def is_clean(html: str) -> bool:
    """Return whether html is already exactly in the canonical subset."""
    return clean(html) == html


class _Inventory(HTMLParser):
    """Collect the tag and attribute names used in a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        tag = _CANONICAL.get(tag, tag)
        self.items.add(f"<{tag}>")
        for name, value in attrs:
            shown = f'{name}="{value}"' if name in ("class", "href", "src") else name
            self.items.add(f"<{tag} {shown}>")

    def handle_comment(self, data: str) -> None:
        self.items.add("comment")


def _inventory(html: str) -> set[str]:
    """Return the set of tags and attributes a fragment uses."""
    parser = _Inventory()
    parser.feed(html)
    parser.close()
    return parser.items
