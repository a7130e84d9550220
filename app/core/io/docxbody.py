"""Write section bodies (the HTML subset) into a python-docx document."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from app.core.io.docxparts import Footnotes
from app.core.io.htmltree import Element, Node, parse_fragment

_HEADINGS = {"h3": "Heading 3", "h4": "Heading 4", "h5": "Heading 5"}
LINK_COLOUR = RGBColor(0x05, 0x63, 0xC1)
LINK_STYLE = "Hyperlink"
NUMBERED_STYLE = "Numbered Paragraph"


@dataclass(frozen=True)
class Look:
    """The character formatting in force at a point of the HTML."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    sup: bool = False
    sub: bool = False
    lang: str = ""
    href: str = ""


_TAG_LOOKS: dict[str, dict[str, Any]] = {
    "strong": {"bold": True}, "b": {"bold": True}, "em": {"italic": True},
    "i": {"italic": True}, "u": {"underline": True}, "sup": {"sup": True}, "sub": {"sub": True}}


def is_rtl(lang: str) -> bool:
    """Return whether a language tag is written right to left."""
    return lang.split("-")[0].lower() in {"ar", "fa", "he", "ur"}


def set_language(paragraph: Paragraph, lang: str) -> None:
    """Mark a paragraph right to left when its language is."""
    if is_rtl(lang):
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(OxmlElement("w:bidi"))


def mark_run(run: Run, lang: str) -> None:
    """Give a run its language (w:lang; w:bidi and w:rtl for right-to-left)."""
    rpr = run._r.get_or_add_rPr()
    if is_rtl(lang):
        rpr.append(OxmlElement("w:rtl"))
    tag = OxmlElement("w:lang")
    tag.set(qn("w:bidi" if is_rtl(lang) else "w:val"), lang)
    rpr.append(tag)


class BodyWriter:
    """Appends the blocks of section bodies to a Word document."""

    def __init__(self, doc: WordDocument, notes: Footnotes, language: str, *,
                 numbered: bool) -> None:
        self.doc = doc
        self.notes = notes
        self.language = language
        self.numbered = numbered

    def write(self, html: str) -> Paragraph | None:
        """Append a body; return its first paragraph (None when empty)."""
        first: Paragraph | None = None
        for node in parse_fragment(html):
            made = self._block(node, Look(lang=self.language), top=True)
            first = first or made
        return first

    def _block(self, node: Node, look: Look, *, top: bool = False,
               style: str | None = None) -> Paragraph | None:
        """Append one block node; return the first paragraph made."""
        if isinstance(node, str):
            if not node.strip():
                return None
            para = self._paragraph(style or "Normal", look.lang)
            self.inline(para, [node], look)
            return para
        look = _with_lang(node, look)
        if node.tag in _HEADINGS:
            para = self._paragraph(_HEADINGS[node.tag], look.lang)
            self.inline(para, node.children, look)
            return para
        if node.tag in ("ul", "ol"):
            return self._list(node, look, depth=1)
        if node.tag == "blockquote":
            return self._blocks(node.children, look, "Quote")
        if node.tag == "table":
            self._table(node, look)
            return None
        chosen = style or (NUMBERED_STYLE if top and self.numbered else "Normal")
        para = self._paragraph(chosen, look.lang)
        self.inline(para, node.children, look)
        return para

    def _blocks(self, nodes: list[Node], look: Look, style: str) -> Paragraph | None:
        """Append nodes as paragraphs of one style, inline runs gathered."""
        first: Paragraph | None = None
        loose: list[Node] = []
        for node in [*nodes, None]:
            if node is None or (isinstance(node, Element) and node.tag in _BLOCK_TAGS):
                if any(not isinstance(n, str) or n.strip() for n in loose):
                    para = self._paragraph(style, look.lang)
                    self.inline(para, loose, look)
                    first = first or para
                loose = []
                if node is not None:
                    made = self._block(node, look, style=style if node.tag == "p" else None)
                    first = first or made
            else:
                loose.append(node)
        return first

    def _list(self, node: Element, look: Look, depth: int) -> Paragraph | None:
        """Append a list's items as List Bullet / List Number paragraphs."""
        base = "List Bullet" if node.tag == "ul" else "List Number"
        style = base if depth == 1 else f"{base} {min(depth, 3)}"
        first: Paragraph | None = None
        for item in node.children:
            if not isinstance(item, Element):
                continue
            inline = [c for c in item.children
                      if not (isinstance(c, Element) and c.tag in ("ul", "ol"))]
            made = self._blocks(inline, _with_lang(item, look), style)
            first = first or made
            for sub in item.children:
                if isinstance(sub, Element) and sub.tag in ("ul", "ol"):
                    self._list(sub, look, depth + 1)
        return first

    def _table(self, node: Element, look: Look) -> None:
        """Append a table, its header row in bold."""
        rows = [(tr, section.tag == "thead") for section in _elements(node)
                for tr in (_elements(section) if section.tag != "tr" else [section])]
        rows = [(tr, head) for tr, head in rows if tr.tag == "tr"]
        if not rows:
            return
        width = max(len(_elements(tr)) for tr, _ in rows) or 1
        table = self.doc.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for row, (tr, head) in zip(table.rows, rows, strict=True):
            if head:
                row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
            for cell, td in zip(row.cells, _elements(tr), strict=False):
                para = cell.paragraphs[0]
                cell_look = replace(look, bold=look.bold or (td.tag == "th" and not head))
                self.inline(para, td.children, _with_lang(td, cell_look))

    def _paragraph(self, style: str, lang: str) -> Paragraph:
        """Add an empty paragraph of a style in a language."""
        para = self.doc.add_paragraph(style=style)
        set_language(para, lang)
        return para

    def inline(self, para: Paragraph, nodes: list[Node], look: Look) -> None:
        """Append inline nodes to a paragraph as runs, links and footnotes."""
        for node in nodes:
            if isinstance(node, str):
                self._text(para, node, look)
            elif node.tag == "br":
                para.add_run().add_break()
            elif node.tag == "span" and node.get("class") == "footnote":
                note = self.notes.add(para)
                mark_run(para.runs[-1], look.lang)
                self.inline(note, node.children, Look(lang=look.lang))
            elif node.tag == "a" and node.get("href"):
                self._link(para, node, replace(_with_lang(node, look), href=node.get("href")
                                                or ""))
            elif node.tag in ("p", "li", "ul", "ol", "blockquote") + tuple(_HEADINGS):
                self.inline(para, node.children, _with_lang(node, look))
            else:
                self.inline(para, node.children, _styled(node, look))

    def _text(self, para: Paragraph, text: str, look: Look) -> Run:
        """Append one run of text with the formatting of look."""
        text = " ".join(text.split("\n"))
        run = para.add_run(text)
        run.bold = look.bold or None
        run.italic = look.italic or None
        run.underline = look.underline or None
        if look.sup:
            run.font.superscript = True
        elif look.sub:
            run.font.subscript = True
        mark_run(run, look.lang)
        return run

    def _link(self, para: Paragraph, node: Element, look: Look) -> None:
        """Append an external hyperlink whose runs keep their formatting."""
        rid = para.part.relate_to(look.href, RT.HYPERLINK, is_external=True)
        link = OxmlElement("w:hyperlink")
        link.set(qn("r:id"), rid)
        start = len(para._p.r_lst)
        self.inline(para, node.children, replace(look, href=""))
        for r in para._p.r_lst[start:]:
            Run(r, para).style = LINK_STYLE
            link.append(r)
        para._p.append(link)


_BLOCK_TAGS = frozenset({"p", "h3", "h4", "h5", "ul", "ol", "blockquote", "table"})


def _elements(node: Element) -> list[Element]:
    """Return the element children of node."""
    return [c for c in node.children if isinstance(c, Element)]


def _with_lang(node: Element, look: Look) -> Look:
    """Return look in node's language when it names one."""
    lang = node.get("lang")
    return replace(look, lang=lang) if lang else look


def _styled(node: Element, look: Look) -> Look:
    """Return look with node's formatting and language added."""
    changes = _TAG_LOOKS.get(node.tag, {})
    return _with_lang(node, replace(look, **changes) if changes else look)
