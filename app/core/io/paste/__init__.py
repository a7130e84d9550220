"""Turn clipboard HTML (Word, LibreOffice, Google Docs, web pages) into the body subset.

The HTML is parsed with tinyhtml5 (WeasyPrint's HTML5 parser) into htmltree nodes, Word's
downlevel-only content (<![if !support...]> ... <![endif]>) skipped as Word itself skips it
(parsing). Footnote and endnote bodies replace their calls as <span class="footnote">
(notes), Word's list paragraphs become nested ul/ol (wordlists), then the walk (convert)
turns tags and styles into strong/em/u/sup/sub (formatting) and regularises the structure
(structure): div to p, paragraphs in list items and table cells unwrapped, blocks lifted
out of inline elements. clean() has the last word, and any failure falls back to clean()
alone.
"""

from __future__ import annotations

import re

from app.core.io.htmltree import VOID, Node, serialize
from app.core.io.paste.convert import convert, inherit, own_attrs
from app.core.io.paste.nodes import names
from app.core.io.paste.notes import place_notes, take_notes
from app.core.io.paste.parsing import parse
from app.core.io.paste.structure import arrange
from app.core.io.paste.wordlists import word_lists
from app.core.text.sanitize import clean, strip_controls

MAX_PARSE_CHARS = 2_000_000  # tinyhtml5 parses Word's HTML at about 4 µs a character
MAX_DEPTH = 250  # deeper nesting is slow to parse (quadratic) and beyond our recursion
_START_OR_END_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*?(/?)>")
_NOT_NESTING = VOID | names(
    "p li dt dd tr td th thead tbody tfoot colgroup caption option optgroup rb rt rp html "
    "head body"
)
_CF_HEADER = re.compile(r"\AVersion:[^<]*")


def from_clipboard_html(html: str) -> str:
    """Return pasted HTML reduced to the body subset; never raises."""
    html = _CF_HEADER.sub("", html.encode("utf-8", "replace").decode("utf-8"), count=1)
    html = strip_controls(html)
    if len(html) <= MAX_PARSE_CHARS and not _too_deep(html):
        try:
            return _settled(serialize(_transform(html)))
        except Exception:  # any parser or transformation failure: plain sanitising
            pass
    return _settled(html)


def _too_deep(html: str) -> bool:
    """Return whether elements that need end tags seem to nest deeper than MAX_DEPTH."""
    depth = 0
    for match in _START_OR_END_TAG.finditer(html):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _NOT_NESTING:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        if depth > MAX_DEPTH:
            return True
    return False


def _settled(html: str) -> str:
    """Return clean(html), cleaned again until it no longer changes."""
    out = clean(html)
    for _ in range(4):
        again = clean(out)
        if again == out:
            break
        out = again
    return out


def _transform(html: str) -> list[Node]:
    """Return the subset nodes for a clipboard document."""
    body, state = parse(html)
    notes: dict[str, list[Node]] = {}
    nodes = word_lists(place_notes(take_notes(body.children, notes), notes))
    attrs, state = own_attrs(body, state)
    return inherit(arrange(convert(nodes, state)), attrs)
