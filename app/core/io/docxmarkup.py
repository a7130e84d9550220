"""Word's review markup in a .docx: tracked changes (w:ins, w:del) and comments.

`variant` rewrites the document with chosen authors' changes accepted and the rest
rejected, so the ordinary importer can read each view; `read_comments` returns the
comments with the text they are anchored to and the section they sit in (found by
the rs_ bookmarks the export puts at each section's start).
"""

from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from typing import Any

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from app.core.io.docxwrite import BOOKMARK_PREFIX

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_INS, _DEL, _P = f"{{{W}}}ins", f"{{{W}}}del", f"{{{W}}}p"
_MOVE_TO, _MOVE_FROM = f"{{{W}}}moveTo", f"{{{W}}}moveFrom"  # a tracked move: ins and del
_ADDS = (_INS, _MOVE_TO)
_TRACKED = (_INS, _DEL, _MOVE_TO, _MOVE_FROM)
_AUTHOR, _DATE, _ID = f"{{{W}}}author", f"{{{W}}}date", f"{{{W}}}id"
_MARKS = (f"{{{W}}}commentRangeStart", f"{{{W}}}commentRangeEnd",
          f"{{{W}}}commentReference")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


@dataclass(frozen=True)
class Change:
    """What one author changed with tracking on."""

    author: str
    date: str


@dataclass(frozen=True)
class WordComment:
    """A comment of the Word file, with its anchor text and section."""

    author: str
    date: str
    text: str
    quote: str
    section_id: str


def tracked_changes(data: bytes) -> dict[str, Change]:
    """Return each author who tracked changes, with their latest date."""
    word = docx.Document(io.BytesIO(data))
    roots = [word.element.body] + [etree.fromstring(p.blob, _PARSER)
                                    for p in _note_parts(word)]
    found: dict[str, Change] = {}
    for mark in (m for root in roots for m in root.iter(*_TRACKED)):
        author = str(mark.get(_AUTHOR) or "Reviewer")
        date = str(mark.get(_DATE) or "")
        if author not in found or date > found[author].date:
            found[author] = Change(author, date)
    return found


def variant(data: bytes, accepted: set[str]) -> bytes:
    """Return the .docx with the accepted authors' changes applied, the others undone."""
    word = docx.Document(io.BytesIO(data))
    _resolve(word.element.body, accepted)
    for part in _note_parts(word):
        root = etree.fromstring(part.blob, _PARSER)
        _resolve(root, accepted)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                    standalone=True)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _note_parts(word: Any) -> list[Any]:
    """Return the footnotes and endnotes parts (plain parts python-docx keeps as bytes)."""
    return [rel.target_part for rel in word.part.rels.values()
            if rel.reltype in (RT.FOOTNOTES, RT.ENDNOTES) and not rel.is_external
            and hasattr(rel.target_part, "_blob")]


def _resolve(root: etree._Element, accepted: set[str]) -> None:
    """Apply the accepted authors' changes under root and undo the others'."""
    for mark in list(root.iter(_MARKS[0], _MARKS[1], _MARKS[2])):
        _drop(mark)
    for mark in [m for m in root.iter(*_TRACKED) if m.getparent() is not None]:
        keep = (mark.get(_AUTHOR) or "Reviewer") in accepted
        holder = mark.getparent().tag if mark.getparent() is not None else ""
        if holder == f"{{{W}}}rPr":
            _paragraph_mark(mark, keep)
        elif holder == f"{{{W}}}trPr":
            _row_mark(mark, keep)
        elif (mark.tag in _ADDS) == keep:
            _unwrap(mark)
        else:
            _drop(mark)


def _paragraph_mark(mark: etree._Element, keep: bool) -> None:
    """Handle a tracked paragraph mark: drop the paragraph when it ends up empty."""
    paragraph = next((a for a in mark.iterancestors(_P)), None)
    inserted = mark.tag in _ADDS
    mark.getparent().remove(mark)
    if paragraph is None or keep == inserted:
        return
    text = "".join(t.text or "" for t in paragraph.iter(f"{{{W}}}t", f"{{{W}}}delText")
                   if not any(a.tag in _TRACKED for a in t.iterancestors()))
    if not text.strip() and paragraph.getparent() is not None:
        paragraph.getparent().remove(paragraph)


def _row_mark(mark: etree._Element, keep: bool) -> None:
    """Handle a tracked table row: drop the row when it is undone (inserted) or kept
    (deleted)."""
    row = mark.getparent().getparent()
    mark.getparent().remove(mark)
    if keep != (mark.tag in _ADDS) and row is not None and row.getparent() is not None:
        row.getparent().remove(row)


def _unwrap(mark: etree._Element) -> None:
    """Replace a change mark with its runs, deleted text turned back into text."""
    for text in mark.iter(f"{{{W}}}delText"):
        text.tag = f"{{{W}}}t"
    parent = mark.getparent()
    index = parent.index(mark)
    for offset, child in enumerate(list(mark)):
        parent.insert(index + offset, child)
    parent.remove(mark)


def _drop(mark: etree._Element) -> None:
    """Remove an element."""
    parent = mark.getparent()
    if parent is not None:
        parent.remove(mark)


def read_comments(data: bytes) -> list[WordComment]:
    """Return the Word file's comments anchored to their text (as it was before changes)."""
    word = docx.Document(io.BytesIO(data))
    part = next((rel.target_part for rel in word.part.rels.values()
                 if rel.reltype == RT.COMMENTS and not rel.is_external), None)
    if part is None:
        return []
    root = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False,
                                                       no_network=True))
    anchors = _anchors(copy.deepcopy(word.element.body))
    out = []
    for comment in root.iter(f"{{{W}}}comment"):
        cid = str(comment.get(_ID))
        text = "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                         for p in comment.iter(_P)).strip()
        quote, section_id = anchors.get(cid, ("", ""))
        out.append(WordComment(str(comment.get(_AUTHOR) or "Reviewer"),
                               str(comment.get(_DATE) or ""), text,
                               " ".join(quote.split()), section_id))
    return out


def _anchors(body: etree._Element) -> dict[str, tuple[str, str]]:
    """Return each comment id's anchored text and the section id it starts in."""
    open_ranges: dict[str, list[str]] = {}
    found: dict[str, tuple[str, str]] = {}
    section = ""
    for node in body.iter():
        tag = node.tag
        if tag == f"{{{W}}}bookmarkStart":
            name = str(node.get(f"{{{W}}}name") or "")
            if name.startswith(BOOKMARK_PREFIX):
                section = _uuid(name[len(BOOKMARK_PREFIX):])
        elif tag == _MARKS[0]:
            open_ranges[str(node.get(_ID))] = [section]
        elif tag == _MARKS[1]:
            parts = open_ranges.pop(str(node.get(_ID)), None)
            if parts is not None:
                found[str(node.get(_ID))] = ("".join(parts[1:]), parts[0])
        elif tag in (f"{{{W}}}t", f"{{{W}}}delText") and not _inserted(node):
            for parts in open_ranges.values():
                parts.append(node.text or "")
    return found


def _inserted(node: etree._Element) -> bool:
    """Return whether a text node is inside a tracked insertion."""
    return any(a.tag in _ADDS for a in node.iterancestors())


def _uuid(hex_id: str) -> str:
    """Return the dashed form of a 32-digit hex id (other names unchanged)."""
    if len(hex_id) != 32:
        return hex_id
    return f"{hex_id[:8]}-{hex_id[8:12]}-{hex_id[12:16]}-{hex_id[16:20]}-{hex_id[20:]}"
