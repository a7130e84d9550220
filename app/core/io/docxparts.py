"""The OPC parts python-docx has no API for: footnotes, custom properties, numbering."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_PROP_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
PROPERTY_CHUNK = 240  # Word keeps text properties up to 255 characters
NUMBERED_PARAGRAPHS = 90  # our numbering definition for numbered paragraphs

_FOOTNOTES = (
    f'<w:footnotes xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0"/></w:pPr>'
    '<w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0"/>'
    '</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>'
)


class Footnotes:
    """The footnotes part of a document being written; notes numbered by Word."""

    def __init__(self, doc: WordDocument) -> None:
        package = doc.part.package
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                            parse_xml(_FOOTNOTES), package)
        doc.part.relate_to(self.part, RT.FOOTNOTES)
        self.next_id = 1
        _footnote_settings(doc)

    def add(self, paragraph: Paragraph) -> Paragraph:
        """Call a new footnote at the end of paragraph; return the note's paragraph."""
        note_id = self.next_id
        self.next_id += 1
        call = paragraph.add_run()
        call.style = "Footnote Reference"
        ref = call._r.makeelement(qn("w:footnoteReference"), {qn("w:id"): str(note_id)})
        call._r.append(ref)
        note = parse_xml(
            f'<w:footnote xmlns:w="{W_NS}" w:id="{note_id}"><w:p><w:pPr>'
            '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
            '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>')
        self.part.element.append(note)
        return Paragraph(note[0], _PartHolder(self.part))  # type: ignore[arg-type]


class _PartHolder:
    """A parent for paragraphs outside the main story: gives them their part."""

    def __init__(self, part: Part) -> None:
        self.part = part


def _footnote_settings(doc: WordDocument) -> None:
    """Declare the separator notes in settings.xml, as Word does."""
    settings = doc.settings.element
    if settings.find(qn("w:footnotePr")) is not None:
        return
    pr = parse_xml(f'<w:footnotePr xmlns:w="{W_NS}"><w:footnote w:id="-1"/>'
                   '<w:footnote w:id="0"/></w:footnotePr>')
    anchor = settings.find(qn("w:compat"))
    if anchor is not None:
        anchor.addprevious(pr)
    else:
        settings.append(pr)


def set_custom_properties(doc: WordDocument, props: dict[str, str]) -> None:
    """Write docProps/custom.xml; long values are split into name.1, name.2… chunks."""
    entries: list[tuple[str, str]] = []
    for name, value in props.items():
        if len(value) <= PROPERTY_CHUNK:
            entries.append((name, value))
            continue
        chunks = [value[i:i + PROPERTY_CHUNK] for i in range(0, len(value), PROPERTY_CHUNK)]
        entries.append((f"{name}.chunks", str(len(chunks))))
        entries.extend((f"{name}.{n}", chunk) for n, chunk in enumerate(chunks, 1))
    body = "".join(
        f'<property fmtid="{_PROP_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(entries, 2))
    xml = f'<Properties xmlns="{_PROPS_NS}" xmlns:vt="{_VT_NS}">{body}</Properties>'
    package = doc.part.package
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES,
                ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + xml
                 ).encode("utf-8"), package)
    package.relate_to(part, RT.CUSTOM_PROPERTIES)


def read_custom_properties(xml: bytes | None) -> dict[str, str]:
    """Return the text custom properties of a docProps/custom.xml, chunks joined."""
    if not xml:
        return {}
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        return {}
    raw = {str(p.get("name")): "".join(p.itertext()) for p in root
           if isinstance(p.tag, str)}
    out: dict[str, str] = {}
    for name, value in raw.items():
        if name.endswith(".chunks"):
            base = name[: -len(".chunks")]
            count = int(value) if value.isdigit() else 0
            out[base] = "".join(raw.get(f"{base}.{n}", "") for n in range(1, count + 1))
        elif not _is_chunk(name, raw):
            out[name] = value
    return out


def _is_chunk(name: str, raw: dict[str, Any]) -> bool:
    """Return whether name is one chunk of a split property."""
    base, _, number = name.rpartition(".")
    return number.isdigit() and f"{base}.chunks" in raw


def add_paragraph_numbering(doc: WordDocument) -> int:
    """Add a 1. 2. 3. numbering through the document; return its numId."""
    numbering = doc.part.numbering_part.element
    abstract = parse_xml(
        f'<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{NUMBERED_PARAGRAPHS}">'
        '<w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
        '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:tabs><w:tab w:val="num" w:pos="567"/></w:tabs>'
        '<w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="{NUMBERED_PARAGRAPHS}">'
        f'<w:abstractNumId w:val="{NUMBERED_PARAGRAPHS}"/></w:num>'))
    return NUMBERED_PARAGRAPHS


def drop_thumbnail(doc: WordDocument) -> None:
    """Remove the stock template's thumbnail picture from the package."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
