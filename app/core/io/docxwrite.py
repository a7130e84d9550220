"""Export a document as a Word (.docx) file through python-docx, with real footnotes.

The template's header block comes from the template itself (its rendered masthead);
section headings are Heading 1 and 2, body sub-headings Heading 3 to 5. Custom
properties keep the document's id, template, language, fields and the exported
revision ids, so a reviewer's copy can be matched and compared when it comes back.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import docx
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.shared import Emu, Inches, Mm, Pt

from app.core.document.model import Document, Section
from app.core.document.templates import Template, load_template
from app.core.io.docxbody import (
    LINK_COLOUR,
    LINK_STYLE,
    NUMBERED_STYLE,
    BodyWriter,
    Look,
    mark_run,
    set_language,
)
from app.core.io.docxparts import (
    Footnotes,
    add_paragraph_numbering,
    drop_thumbnail,
    set_custom_properties,
)
from app.core.io.htmltree import Element, Node, parse_fragment

PROP_PREFIX = "rapporteur."
BOOKMARK_PREFIX = "rs_"  # a bookmark at each section's start: rs_ + the id's hex
MASTHEAD_STYLE, AUTHOR_STYLE = "Masthead", "Author Entity"
SECTION_STYLE = "Section Heading {depth}"
SECTION_DEPTHS = 6
_PAGES = {"Letter": (Inches(8.5), Inches(11)), "A4": (Mm(210), Mm(297))}
_UNITS = {"pt": 12700, "in": 914400, "mm": 36000, "cm": 360000, "px": 9525}
_BOLD_MASTHEAD = frozenset({"meeting", "entity", "report", "symbol", "organ"})


@dataclass(frozen=True)
class Export:
    """What goes into the .docx besides the document: ids for matching it later."""

    document: Document
    file_id: str = ""
    revisions: tuple[str, ...] = ()  # the exported revision of the document and sections
    made: datetime | None = None  # when it was exported (the Word file's created date)
    author: str = ""  # who exported it (the Word file's author)


def build_docx(export: Export) -> bytes:
    """Return the .docx bytes of a document."""
    doc = export.document
    template = load_template(doc.template)
    word = docx.Document()
    drop_thumbnail(word)
    _styles(word, doc.language)
    _page(word, template, doc)
    notes = Footnotes(word)
    numbered = _numbered(template)
    writer = BodyWriter(word, notes, doc.language, numbered=numbered)
    _masthead(word, writer, doc)
    for number, (section, depth) in enumerate(_walk(doc.sections, 1), 1):
        first = _heading(word, section, depth, doc.language)
        made = writer.write(section.body)
        _bookmark(first or made or word.add_paragraph(), section.id, number)
    set_custom_properties(word, _properties(export))
    core = word.core_properties
    core.title, core.language = doc.title, doc.language
    core.author, core.last_modified_by = export.author, ""  # not python-docx's own name
    if export.made is not None:
        core.created = core.modified = export.made
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def _walk(sections: list[Section], depth: int) -> list[tuple[Section, int]]:
    """Return sections in reading order with their depth (1 top level)."""
    out: list[tuple[Section, int]] = []
    for section in sections:
        out.append((section, depth))
        out.extend(_walk(section.children, depth + 1))
    return out


def _heading(word: WordDocument, section: Section, depth: int, lang: str) -> Any:
    """Add a section's heading (Heading 1, 2, then Section Heading N); None without one."""
    if not section.heading:
        return None
    para = word.add_paragraph(style=section_style(depth))
    set_language(para, lang)
    mark_run(para.add_run(section.heading), lang)
    return para


def section_style(depth: int) -> str:
    """Return the Word style of a section heading at depth (1 is the top level).

    Heading 3 to 5 are the sub-headings inside a section's text, so sections nested
    deeper than two have styles of their own, which the import reads back as sections.
    """
    if depth <= 2:
        return f"Heading {max(depth, 1)}"
    return SECTION_STYLE.format(depth=min(depth, SECTION_DEPTHS))


def _bookmark(paragraph: Any, section_id: str, index: int) -> None:
    """Mark the start of a section with a bookmark named after its id."""
    p = paragraph._p
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(index))
    start.set(qn("w:name"), BOOKMARK_PREFIX + section_id.replace("-", ""))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(index))
    ppr = p.find(qn("w:pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    start.addnext(end)


def _properties(export: Export) -> dict[str, str]:
    """Return the custom properties naming the document and its exported revisions."""
    doc = export.document
    return {f"{PROP_PREFIX}{key}": value for key, value in {
        "document_id": doc.id, "file_id": export.file_id, "title": doc.title,
        "template": doc.template, "language": doc.language,
        "fields": json.dumps(doc.fields, ensure_ascii=False, sort_keys=True),
        "revisions": ",".join(export.revisions),
    }.items() if value}


def _masthead(word: WordDocument, writer: BodyWriter, doc: Document) -> None:
    """Write the template's header block, the title with its footnote and the author."""
    for node in _masthead_nodes(doc):
        if not isinstance(node, Element):
            continue
        kind = node.get("class") or ""
        style = "Title" if node.tag == "h1" else \
            AUTHOR_STYLE if kind == "author" else MASTHEAD_STYLE
        para = word.add_paragraph(style=style)
        set_language(para, doc.language)
        look = Look(lang=doc.language, bold=kind in _BOLD_MASTHEAD)
        writer.inline(para, node.children, look)


def _masthead_nodes(doc: Document) -> list[Node]:
    """Return the blocks the template prints before the sections, flattened."""
    from app.core.render.html import render_html

    bare = Document(id=doc.id, title=doc.title, template=doc.template,
                    language=doc.language, fields=doc.fields)
    html = render_html(bare).html
    match = re.search(r"<body[^>]*>(.*?)<main", html, re.DOTALL)
    out: list[Node] = []
    _flatten(parse_fragment(match.group(1) if match else ""), out)
    return out


def _flatten(nodes: list[Node], out: list[Node]) -> None:
    """Collect the paragraphs and headings of nested header markup."""
    for node in nodes:
        if not isinstance(node, Element) or node.get("class") == "watermark":
            continue
        if node.tag in ("p", "h1", "h2", "h3"):
            out.append(node)
        else:
            _flatten(node.children, out)


def _numbered(template: Template) -> bool:
    """Return whether the template numbers its paragraphs (it links numbered.css)."""
    page = template.folder / "template.html.j2"
    return page.is_file() and "numbered.css" in page.read_text(encoding="utf-8")


def _page(word: WordDocument, template: Template, doc: Document) -> None:
    """Set the page size and margins of the template's PDF."""
    size = str(doc.fields.get("page_size") or template.page_sizes[0])
    width, height = _PAGES.get(size, _PAGES["Letter"])
    top, right, bottom, left = _margins(template)
    for section in word.sections:
        section.page_width, section.page_height = width, height
        section.top_margin, section.right_margin = top, right
        section.bottom_margin, section.left_margin = bottom, left


def _margins(template: Template) -> tuple[Emu, Emu, Emu, Emu]:
    """Return the @page margins of the template's style.css (default one inch)."""
    css = template.folder / "style.css"
    text = css.read_text(encoding="utf-8") if css.is_file() else ""
    match = re.search(r"@page\s*\{[^}]*?\bmargin:\s*([^;}]+)", text)
    values = [_length(v) for v in (match.group(1).split() if match else [])]
    if not values or None in values:
        return (Inches(1),) * 4  # type: ignore[return-value]
    sides = [v for v in values if v is not None]
    top, right, bottom, left = (sides * 4)[:1] * 4 if len(sides) == 1 else (
        [sides[0], sides[1], sides[0], sides[1]] if len(sides) == 2 else
        [sides[0], sides[1], sides[2], sides[1]] if len(sides) == 3 else sides[:4])
    return top, right, bottom, left


def _length(value: str) -> Emu | None:
    """Return a CSS length in EMU, or None."""
    match = re.fullmatch(r"([\d.]+)(pt|in|mm|cm|px)", value.strip())
    return Emu(int(float(match.group(1)) * _UNITS[match.group(2)])) if match else None


def _section_styles(styles: Any) -> None:
    """Add the styles of sections nested 3 to SECTION_DEPTHS deep: Heading 2's look, their
    own outline level (Word's navigation pane nests them)."""
    for depth in range(3, SECTION_DEPTHS + 1):
        style = styles.add_style(SECTION_STYLE.format(depth=depth), WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Heading 2"]
        style.next_paragraph_style = styles["Normal"]
        level = OxmlElement("w:outlineLvl")
        level.set(qn("w:val"), str(depth - 1))
        style.element.get_or_add_pPr().append(level)


def _styles(word: WordDocument, language: str) -> None:
    """Set the fonts and add the styles the export uses (a 12 pt serif, as the PDF)."""
    styles = word.styles
    normal = styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(12)
    rpr = normal.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    rpr.append(lang)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5"):
        style = styles[name]
        style.font.name, style.font.color.rgb = "Times New Roman", None
        style.font.size, style.font.bold = Pt(12), True
        _no_theme_font(style)
    _section_styles(styles)
    title = styles["Title"]
    title.font.all_caps = True
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(24)
    title.paragraph_format.space_after = Pt(12)
    _border_off(title)
    for name, italic in ((MASTHEAD_STYLE, False), (AUTHOR_STYLE, True)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.italic = italic or None
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        style.paragraph_format.space_after = Pt(24 if italic else 0)
    numbered = styles.add_style(NUMBERED_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    numbered.base_style = normal
    _numbering(word, numbered)
    _footnote_styles(word)


def _no_theme_font(style: Any) -> None:
    """Drop theme font references, which would override the serif of the PDF."""
    fonts = style.element.get_or_add_rPr().find(qn("w:rFonts"))
    for name in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        if fonts is not None:
            fonts.attrib.pop(qn(f"w:{name}"), None)


def _border_off(style: Any) -> None:
    """Remove the stock Title style's bottom border."""
    ppr = style.element.find(qn("w:pPr"))
    border = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if border is not None:
        ppr.remove(border)


def _numbering(word: WordDocument, style: Any) -> None:
    """Tie the numbered-paragraph style to a 1. 2. 3. list through the document."""
    num_id = add_paragraph_numbering(word)
    ppr = style.element.get_or_add_pPr()
    numpr = OxmlElement("w:numPr")
    num = OxmlElement("w:numId")
    num.set(qn("w:val"), str(num_id))
    numpr.append(num)
    ppr.insert(0, numpr)


def _footnote_styles(word: WordDocument) -> None:
    """Add Footnote Text (10 pt) and Footnote Reference (superscript)."""
    text = word.styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = word.styles["Normal"]
    text.font.size = Pt(10)
    text.paragraph_format.space_after = Pt(0)
    ref = word.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    ref.font.superscript = True
    link = word.styles.add_style(LINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb, link.font.underline = LINK_COLOUR, True


def export_for(rfile: Any, document: Document) -> Export:
    """Return what to export for a document of an open file, with its revision ids."""
    revisions = [document.revision_id or ""] + [s.revision_id or ""
                                                for s in document.all_sections()]
    return Export(document, rfile.repo.get_meta("file_id") or "", tuple(revisions),
                  rfile.now().replace(microsecond=0), rfile.author or "")
