"""Find and replace across every section of a file, in text only (never in markup)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from app.core.render.html import plain_text
from app.core.service import RapporteurFile
from app.core.storage.fts import TextIndex

_TAG = re.compile(r"(<[^>]*>)")


@dataclass(frozen=True)
class Hit:
    """Where a search matched: a section, how often, and a snippet of context."""

    section_id: str
    document_id: str
    heading: str
    count: int
    snippet: str


def _pattern(needle: str, *, case: bool, whole_word: bool) -> re.Pattern[str]:
    """Return the regex for a plain-text needle."""
    body = re.escape(needle)
    if whole_word:
        body = rf"(?<!\w){body}(?!\w)"
    return re.compile(body, 0 if case else re.IGNORECASE)


def _text(body: str) -> str:
    """Return a body's plain text with whitespace folded."""
    return " ".join(plain_text(body).split())


def _index(rfile: RapporteurFile) -> TextIndex:
    """Return the file's find index, rebuilt if the file changed since it was built."""
    index = _INDEXES.get(id(rfile))
    if index is None or index.conn is not rfile.db.conn:
        index = _INDEXES[id(rfile)] = TextIndex(rfile.db.conn)
    if index.stale():
        index.rebuild((s.id, s.heading, _text(s.body))
                      for d in rfile.documents() for s in d.all_sections())
    return index


_INDEXES: dict[int, TextIndex] = {}


def find(rfile: RapporteurFile, needle: str, *, case: bool = False,
         whole_word: bool = False) -> list[Hit]:
    """Return the sections whose heading or text contain needle, in reading order."""
    if not needle:
        return []
    pattern = _pattern(needle, case=case, whole_word=whole_word)
    candidates = _index(rfile).matching(needle) if len(needle) >= 3 else None
    hits = []
    for doc in rfile.documents():
        for sec in doc.all_sections():
            if candidates is not None and sec.id not in candidates:
                continue
            text = _text(sec.body)
            found = len(pattern.findall(sec.heading)) + len(pattern.findall(text))
            if found:
                match = pattern.search(text)
                start = max(0, match.start() - 40) if match else 0
                snippet = ("…" if start else "") + text[start:start + 100]
                hits.append(Hit(sec.id, doc.id, sec.heading, found, snippet))
    return hits


def replace_in_html(body: str, needle: str, replacement: str, *, case: bool = False,
                    whole_word: bool = False) -> tuple[str, int]:
    """Replace needle in the text of a body (tags untouched); return it and the count."""
    pattern = _pattern(html.escape(needle, quote=False), case=case, whole_word=whole_word)
    escaped = html.escape(replacement, quote=False)
    total = 0
    parts = _TAG.split(body)
    for index in range(0, len(parts), 2):
        parts[index], count = pattern.subn(lambda _m: escaped, parts[index])
        total += count
    return "".join(parts), total


def replace_all(rfile: RapporteurFile, needle: str, replacement: str, *, case: bool = False,
                whole_word: bool = False) -> int:
    """Replace needle in every heading and body of the file, as one transaction."""
    if not needle:
        return 0
    total = 0
    pattern = _pattern(needle, case=case, whole_word=whole_word)
    with rfile.transaction():
        for doc in rfile.documents():
            for sec in doc.all_sections():
                body, in_body = replace_in_html(sec.body, needle, replacement, case=case,
                                                whole_word=whole_word)
                heading, in_heading = pattern.subn(lambda _m: replacement, sec.heading)
                if in_body or in_heading:
                    rfile.update_section(sec.id, body=body, heading=heading)
                    total += in_body + in_heading
    return total
