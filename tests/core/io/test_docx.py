"""Tests for the .docx importer, on small Word files built here with zipfile."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from itertools import count

import pytest

from app.core.errors import ValidationError
from app.core.io.docx import parse_docx
from app.core.text.sanitize import is_clean

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
</Types>"""
PACKAGE_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="{R}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{R}/footnotes" Target="footnotes.xml"/>
</Relationships>"""


def _style(level: int) -> str:
    """Return a paragraph style definition for Heading level."""
    return (
        f'<w:style w:type="paragraph" w:styleId="Heading{level}">'
        f'<w:name w:val="heading {level}"/></w:style>'
    )


STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W}">'
    + "".join(_style(level) for level in range(1, 7))
    + "</w:styles>"
)


def run(text: str, props: str = "") -> str:
    """Return a w:r run with optional run properties."""
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(*runs: str, style: str = "") -> str:
    """Return a w:p paragraph with an optional paragraph style."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{''.join(runs)}</w:p>"


def note_call(number: int) -> str:
    """Return a run holding a footnote reference."""
    return f'<w:r><w:footnoteReference w:id="{number}"/></w:r>'


def footnotes(*notes: str) -> str:
    """Return footnotes.xml with the separator notes and the given paragraphs."""
    body = "".join(
        f'<w:footnote w:id="{number}">{content}</w:footnote>'
        for number, content in enumerate(notes, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        f"<w:continuationSeparator/></w:r></w:p></w:footnote>{body}</w:footnotes>"
    )


def docx(paragraphs: list[str], notes: tuple[str, ...] = ()) -> bytes:
    """Return a minimal .docx holding paragraphs and footnotes."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{"".join(paragraphs)}</w:body>'
        "</w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr("word/_rels/document.xml.rels", DOCUMENT_RELS)
        archive.writestr("word/document.xml", document)
        archive.writestr("word/styles.xml", STYLES)
        archive.writestr("word/footnotes.xml", footnotes(*notes))
    return buffer.getvalue()


def ids() -> Callable[[], str]:
    """Return a deterministic id factory."""
    numbers = count(1)
    return lambda: f"id{next(numbers)}"


SAMPLE = docx(
    [
        para(run("Contributions to the Dialogue"), style="Heading1"),
        para(run("Introduction"), style="Heading2"),
        para(
            run("At its 67"),
            run("th", '<w:vertAlign w:val="superscript"/>'),
            run(" session, "),
            run("inter alia", "<w:i/>"),
            run(", the "),
            run("Assembly", "<w:b/>"),
            run(" "),
            run("acted", '<w:u w:val="single"/>'),
            run("."),
            note_call(1),
        ),
        para(run("Background"), style="Heading3"),
        para(run("Detail"), style="Heading4"),
        para(run("Smaller"), style="Heading6"),
        para(run("Nested text.")),
        para(run("Conclusions"), style="Heading2"),
        para(run("Last words.")),
    ],
    notes=(para(run(" See "), run("A/67/L.40", "<w:i/>"), run(".")),),
)


def test_headings_become_title_and_sections() -> None:
    doc = parse_docx(SAMPLE, new_id=ids()).document
    assert doc.title == "Contributions to the Dialogue"
    assert [s.heading for s in doc.sections] == ["Introduction", "Conclusions"]
    assert [c.heading for c in doc.sections[0].children] == ["Background"]
    child = doc.sections[0].children[0]
    assert child.parent_id == doc.sections[0].id
    assert child.body == "<h4>Detail</h4><h5>Smaller</h5><p>Nested text.</p>"
    assert doc.sections[1].body == "<p>Last words.</p>"


def test_inline_formatting_and_footnote_in_place() -> None:
    parsed = parse_docx(SAMPLE, new_id=ids())
    body = parsed.document.sections[0].body
    assert "At its 67<sup>th</sup> session, <em>inter alia</em>" in body
    assert "<strong>Assembly</strong>" in body
    assert body.endswith(' <u>acted</u>.<span class="footnote">See <em>A/67/L.40</em>.</span></p>')
    assert "footnote-" not in body
    assert "<ol>" not in body
    assert parsed.dropped == ()


def test_bodies_are_clean_and_ids_deterministic() -> None:
    first = parse_docx(SAMPLE, new_id=ids()).document
    second = parse_docx(SAMPLE, new_id=ids()).document
    assert first == second
    assert all(is_clean(s.body) for s in first.all_sections())


def test_no_heading_title_means_untitled_first_section() -> None:
    data = docx([para(run("Preamble.")), para(run("One"), style="Heading1")])
    doc = parse_docx(data, new_id=ids()).document
    assert doc.title == ""
    assert [(s.heading, s.body) for s in doc.sections] == [
        ("", "<p>Preamble.</p>"),
        ("One", ""),
    ]


def test_later_heading1_is_a_section_and_multi_paragraph_note() -> None:
    data = docx(
        [
            para(run("Title"), style="Heading1"),
            para(run("A"), style="Heading1"),
            para(run("Text"), note_call(1)),
            para(run("Orphan"), style="Heading3"),
        ],
        notes=(para(run("One.")) + para(run("Two.")),),
    )
    doc = parse_docx(data, new_id=ids()).document
    assert doc.title == "Title"
    assert [s.heading for s in doc.sections] == ["A"]
    assert doc.sections[0].body == '<p>Text<span class="footnote">One.<br>Two.</span></p>'
    assert [c.heading for c in doc.sections[0].children] == ["Orphan"]


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"plain text, not a zip",
        SAMPLE[: len(SAMPLE) // 2],
        docx(["<w:p><w:r><w:t>unclosed"]),
    ],
    ids=["empty", "text", "truncated", "bad-xml"],
)
def test_bad_data_is_a_validation_error(data: bytes) -> None:
    with pytest.raises(ValidationError):
        parse_docx(data)


def test_zip_without_document_is_a_validation_error() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ValidationError, match="Word"):
        parse_docx(buffer.getvalue())


def test_title_footnote_goes_to_the_title_footnote_field() -> None:
    data = docx([para(run("Title"), note_call(1), style="Heading1"),
                 para(run("A"), style="Heading1"), para(run("Text."))],
                notes=(para(run("The views are the author's.")),))
    parsed = parse_docx(data, new_id=ids())
    assert parsed.document.title == "Title"
    assert parsed.document.fields["title_footnote"] == "The views are the author's."
    assert parsed.dropped == ()


def test_heading_footnote_ends_its_sections_first_paragraph() -> None:
    data = docx([para(run("Title"), style="Heading1"),
                 para(run("A"), note_call(1), style="Heading1"),
                 para(run("First.")), para(run("Second."))],
                notes=(para(run("See "), run("A/67/L.40", "<w:i/>"), run(".")),))
    parsed = parse_docx(data, new_id=ids())
    assert parsed.document.sections[0].heading == "A"
    assert parsed.document.sections[0].body == (
        '<p>First.<span class="footnote">See <em>A/67/L.40</em>.</span></p><p>Second.</p>')
    assert parsed.dropped == ()
