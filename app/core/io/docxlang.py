"""The language of each paragraph of a .docx (w:lang, w:bidi), which mammoth drops.

Word keeps a language on each run (w:lang: w:val for Latin text, w:bidi for
right-to-left text), on the paragraph mark, in the paragraph's style and in the
document defaults. A paragraph's language is the one most of its text is in. The
paragraphs are then matched in order, by their text, to the blocks of mammoth's HTML,
which get lang (and dir="rtl" for a right-to-left language) where the paragraph is not
in the document's language.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass

from lxml import etree

from app.core.io.htmltree import Element, Node

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_P, _R, _T = f"{{{W}}}p", f"{{{W}}}r", f"{{{W}}}t"
_LANG, _RTL, _BIDI = f"{{{W}}}lang", f"{{{W}}}rtl", f"{{{W}}}bidi"
_VAL, _BIDI_VAL = f"{{{W}}}val", f"{{{W}}}bidi"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li"})
_RTL_LANGS = frozenset({"ar", "fa", "he", "ur"})
_LANG_TAG = re.compile(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*")


@dataclass(frozen=True)
class WordParagraph:
    """A paragraph's text key and language."""

    key: str
    lang: str


def is_rtl(lang: str) -> bool:
    """Return whether a language tag is written right to left."""
    return lang.split("-")[0].lower() in _RTL_LANGS


def paragraph_languages(data: bytes) -> tuple[list[WordParagraph], str]:
    """Return the body's paragraphs with their language, and the default language."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = etree.fromstring(archive.read("word/document.xml"), _PARSER)
            styles = _styles(archive)
    except (KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return [], ""
    default = styles.get("", "")
    out = []
    for p in body.iter(_P):
        if any(a.tag == _P for a in p.iterancestors()):
            continue  # a text box's paragraph inside another
        ppr = p.find(f"{{{W}}}pPr")
        bidi = ppr is not None and ppr.find(_BIDI) is not None
        style = ppr.find(f"{{{W}}}pStyle") if ppr is not None else None
        mark = _lang(ppr.find(f"{{{W}}}rPr") if ppr is not None else None, bidi)
        base = mark or styles.get(str(style.get(_VAL)) if style is not None else "Normal",
                                  "") or default
        weights: Counter[str] = Counter()
        for r in p.iter(_R):
            text = "".join(t.text or "" for t in r.iter(_T))
            if text.strip():
                weights[_lang(r.find(f"{{{W}}}rPr"), bidi) or base] += len(text.strip())
        text = "".join(t.text or "" for t in p.iter(_T))
        lang = weights.most_common(1)[0][0] if weights else base
        out.append(WordParagraph(key(text), lang if _LANG_TAG.fullmatch(lang) else ""))
    return out, default


def _styles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return each paragraph style's language by style id ('' the document default)."""
    try:
        root = etree.fromstring(archive.read("word/styles.xml"), _PARSER)
    except KeyError:
        return {}
    found: dict[str, str] = {}
    default = root.find(f"{{{W}}}docDefaults/{{{W}}}rPrDefault/{{{W}}}rPr")
    found[""] = _lang(default, False)
    for style in root.iter(f"{{{W}}}style"):
        lang = _lang(style.find(f"{{{W}}}rPr"), False)
        if lang:
            found[str(style.get(f"{{{W}}}styleId"))] = lang
    if found.get("Normal"):
        found[""] = found["Normal"]
    return found


def _lang(rpr: etree._Element | None, bidi: bool) -> str:
    """Return the language of run properties ('' when they name none)."""
    if rpr is None:
        return ""
    tag = rpr.find(_LANG)
    if tag is None:
        return ""
    rtl = bidi or rpr.find(_RTL) is not None
    value = (tag.get(_BIDI_VAL) if rtl else None) or tag.get(_VAL) or tag.get(_BIDI_VAL)
    return str(value or "")


def key(text: str) -> str:
    """Return the matching key of a paragraph's text: its letters and digits."""
    return "".join(c for c in text if c.isalnum())[:80].casefold()


def mark_languages(nodes: list[Node], paragraphs: list[WordParagraph], document: str
                   ) -> None:
    """Give mammoth's blocks the language of their Word paragraph where it differs from
    the document's (dir="rtl" too for a right-to-left language)."""
    position = 0
    for block in _blocks(nodes):
        text = key(_text(block.children))
        if not text:
            continue
        found = next((n for n in range(position, len(paragraphs))
                      if paragraphs[n].key == text), None)
        if found is None:
            continue
        position = found + 1
        lang = paragraphs[found].lang
        if not lang or lang.casefold() == document.casefold() or block.get("lang"):
            continue
        if lang.split("-")[0].casefold() == document.split("-")[0].casefold():
            continue
        block.attrs.append(("lang", lang))
        if is_rtl(lang) != is_rtl(document):
            block.attrs.append(("dir", "rtl" if is_rtl(lang) else "ltr"))


def _blocks(nodes: list[Node]) -> list[Element]:
    """Return the paragraph-like elements in document order."""
    out: list[Element] = []
    for node in nodes:
        if not isinstance(node, Element):
            continue
        if node.tag in _BLOCKS:
            out.append(node)
            if node.tag == "li":
                out.extend(_blocks([c for c in node.children if isinstance(c, Element)
                                    and c.tag in ("ul", "ol")]))
        else:
            out.extend(_blocks(node.children))
    return out


def _text(nodes: list[Node]) -> str:
    """Return the text of inline nodes, leaving out footnote calls and nested lists."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif node.tag not in ("ul", "ol") and not _is_call(node):
            out.append(_text(node.children))
    return "".join(out)


def _is_call(node: Element) -> bool:
    """Return whether node is a footnote call of mammoth's (<sup><a href=#footnote-N>)."""
    target = node
    if node.tag == "sup" and len(node.children) == 1 and isinstance(node.children[0], Element):
        target = node.children[0]
    href = target.get("href") or ""
    return target.tag == "a" and href.startswith(("#footnote-", "#endnote-"))
