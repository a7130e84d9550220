"""Give every block of a page the direction of its language or of its first strong letter.

WeasyPrint 70 knows `dir="rtl"` and `dir="ltr"` but not `dir="auto"`, so an Arabic
paragraph typed without `dir` (an import, a Markdown round trip) in an English
document, or a Latin symbol in an Arabic masthead, would take the page's direction
and come out with its runs in the wrong order. set_directions() writes the missing
`dir` on each block of the <body>: from its `lang` when it has one, else from the
first strong character of its text (as `dir="auto"` would), and only where that
differs from the direction the block inherits. Blocks that say `dir` keep it.
"""

from __future__ import annotations

import re
import unicodedata

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv"})
BLOCKS = frozenset(
    ["p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "th", "caption", "dd", "dt"]
)
_CONTAINERS = frozenset(
    [
        "div",
        "section",
        "header",
        "main",
        "footer",
        "ul",
        "ol",
        "table",
        "thead",
        "tbody",
        "tr",
        "body",
    ]
)
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9]*)([^>]*?)(/?)>", re.DOTALL)
_ATTR = re.compile(r"""\s(lang|dir)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_VOID = frozenset(["br", "img", "hr", "meta", "link", "input", "wbr", "col"])


def direction(language: str) -> str:
    """Return "rtl" for right-to-left languages, else "ltr"."""
    return "rtl" if language.split("-")[0].lower() in RTL_LANGUAGES else "ltr"


def first_strong(text: str) -> str | None:
    """Return "rtl" or "ltr" after the first strong character of text, or None."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _attributes(rest: str) -> dict[str, str]:
    """Return the lang and dir attributes found in a start tag's attribute text."""
    return {
        m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
        for m in _ATTR.finditer(rest)
    }


def _block_text(tokens: list[str], start: int) -> str:
    """Return the text after tokens[start] up to the next block boundary."""
    parts = []
    for token in tokens[start + 1 :]:
        match = _TAG.fullmatch(token)
        if match and match.group(2).lower() in BLOCKS | _CONTAINERS:
            break
        if not match and not token.startswith("<"):
            parts.append(token)
    return "".join(parts)


def set_directions(html: str, page_direction: str) -> str:
    """Return html with `dir` on each body block whose direction differs from its parent's."""
    body = _BODY.search(html)
    start = body.end() if body else 0
    tokens = _TOKEN.split(html[start:])
    return html[:start] + "".join(_directed(tokens, page_direction))


def _directed(tokens: list[str], page_direction: str) -> list[str]:
    """Return tokens with dir written into the start tags of blocks that need it."""
    stack: list[tuple[str, str]] = [("", page_direction)]
    out = []
    for index, token in enumerate(tokens):
        match = _TAG.fullmatch(token) if token.startswith("<") else None
        if not match:
            out.append(token)
            continue
        closing, name, rest, self_closing = match.groups()
        name = name.lower()
        if closing:
            while len(stack) > 1 and stack.pop()[0] != name:
                pass
            out.append(token)
            continue
        if name in _VOID or self_closing:
            out.append(token)
            continue
        inherited = stack[-1][1]
        attributes = _attributes(rest)
        mine = attributes.get("dir", "").lower()
        if mine not in ("ltr", "rtl"):
            mine = _wanted(name, attributes, tokens, index) or inherited
            if mine != inherited:
                token = f'<{match.group(2)}{rest} dir="{mine}"{self_closing}>'
        stack.append((name, mine))
        out.append(token)
    return out


def _wanted(name: str, attributes: dict[str, str], tokens: list[str], index: int) -> str | None:
    """Return the direction a start tag without dir asks for, or None to inherit."""
    if "lang" in attributes and attributes["lang"].strip():
        return direction(attributes["lang"])
    if name in BLOCKS:
        return first_strong(_block_text(tokens, index))
    return None


_ARABIC_COMMA = frozenset({"ar", "fa", "ur", "ps"})


def comma(language: str) -> str:
    """Return the comma that joins parts of a line ("نيويورك، 21-22", "纽约，2013年") in a
    language: the full-width Chinese one takes no space after it."""
    base = language.split("-")[0].lower()
    if base == "zh":
        return "\uff0c"
    return "\u060c " if base in _ARABIC_COMMA else ", "
