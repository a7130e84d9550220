"""Find where a few words of a section's text fall among a PDF's pages."""

from __future__ import annotations

import re
import unicodedata

LONGEST = 8


def words(text: str) -> list[str]:
    """Return text's words, case-folded, ligatures and widths normalised."""
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


def words_around(text: str, position: int, count: int = 6) -> str:
    """Return up to count words either side of position in text."""
    before = re.findall(r"\S+", text[:position])[-count:]
    after = re.findall(r"\S+", text[position:])[:count]
    return " ".join(before + after)


def find_page(pages: list[str], snippet: str) -> tuple[int, list[str]] | None:
    """Return the first page holding the longest run of snippet's words, and that run.

    Runs nearer the middle of the snippet (the cursor) are tried first; a run is at
    least two words, so that a lone common word does not decide the page.
    """
    wanted = words(snippet)
    texts = [f" {' '.join(words(page))} " for page in pages]
    for size in range(min(len(wanted), LONGEST), min(len(wanted), 2) - 1, -1):
        starts = sorted(range(len(wanted) - size + 1),
                        key=lambda s: abs(2 * s + size - len(wanted)))
        for start in starts:
            needle = f" {' '.join(wanted[start:start + size])} "
            for page, text in enumerate(texts):
                if needle in text:
                    return page, wanted[start:start + size]
    return None


def locate(page_text: str, run: list[str]) -> tuple[int, int] | None:
    """Return the start and length of run's words in page_text as written there."""
    pattern = r"\W+".join(re.escape(word) for word in run)
    match = re.search(pattern, page_text, re.IGNORECASE)
    return (match.start(), len(match.group())) if match else None
