"""Read Markdown with YAML front matter into a Document, and write a Document back."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.renderer import RendererProtocol
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from mdit_py_plugins.attrs import attrs_block_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from app.core.document.model import Document, Section
from app.core.errors import ValidationError
from app.core.io.frontmatter import dump_front_matter, load_front_matter
from app.core.io.mdwrite import Notes, body_markdown, heading_markdown
from app.core.io.parsed import HEADING_NOTE_LOST, SPLITS, ParsedImport, Part, assemble

ParsedMarkdown = ParsedImport

_NOTES = "rapporteur_notes"
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_NESTED_TAGS = {"h1": "h3", "h2": "h3", "h6": "h5"}
_BLOCK_EDGE = re.compile(
    r"\n*(</?(?:p|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|th|td|pre|hr)\b[^>]*>)\n*"
)


def _render_note_call(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """Render a footnote call as the note's text in place, or literally if unknown."""
    label = str(tokens[idx].meta["label"])
    notes: dict[str, str] = env.get(_NOTES, {})
    if label in notes:
        return f'<span class="footnote">{notes[label]}</span>'
    return escapeHtml(f"[^{label}]")


def _render_code(
    self: RendererProtocol,
    tokens: Sequence[Token],
    idx: int,
    options: OptionsDict,
    env: EnvType,
) -> str:
    """Render a code block as a paragraph of lines (the subset has no pre)."""
    lines = escapeHtml(tokens[idx].content.rstrip("\n")).replace("\n", "<br>\n")
    return f"<p><code>{lines}</code></p>\n"


def _make_parser() -> MarkdownIt:
    """Return the CommonMark parser with front matter, footnotes and tables."""
    md = MarkdownIt("commonmark", {"html": True, "typographer": False})
    md.use(front_matter_plugin).use(footnote_plugin, inline=False, move_to_end=False)
    md.use(attrs_block_plugin)
    md.enable("table")
    md.add_render_rule("footnote_ref", _render_note_call)
    md.add_render_rule("code_block", _render_code)
    md.add_render_rule("fence", _render_code)
    return md


_MD = _make_parser()


def parse_markdown(
    text: str, *, new_id: Callable[[], str] = lambda: str(uuid.uuid4())
) -> ParsedImport:
    """Parse Markdown with optional YAML front matter into a Document."""
    text = _SURROGATES.sub("\ufffd", text).removeprefix("\ufeff")
    try:
        tokens = _MD.parse(text, {})
    except RecursionError as exc:
        raise ValidationError("The Markdown is nested too deeply to read.") from exc
    meta: dict[str, Any] = {}
    if tokens and tokens[0].type == "front_matter":
        meta = load_front_matter(tokens.pop(0).content)
    tokens, notes = _take_notes(tokens)
    _rename_headings(tokens)
    _lift_item_attributes(tokens)
    title = _attribute(meta, "title", "")
    if not title and _is_heading(tokens, 0, ("h1",)):
        title, _ = _heading_text(tokens[1])
        tokens = tokens[3:]
    document = Document(
        id=new_id(),
        title=title,
        template=_attribute(meta, "template", "meeting-paper"),
        language=_attribute(meta, "language", "en"),
        fields=meta,
    )
    parts, lost = _parts(tokens, notes)
    return assemble(document, parts, new_id, lost)


def _attribute(meta: dict[str, Any], key: str, default: str) -> str:
    """Pop a Document attribute from the front matter; it must be plain text."""
    value = meta.pop(key, None)
    if isinstance(value, (list, dict)):
        raise ValidationError(f"The front matter '{key}' must be text, not a list or mapping.")
    return default if value is None or value == "" else str(value)


def _take_notes(tokens: list[Token]) -> tuple[list[Token], dict[str, str]]:
    """Remove footnote definitions from tokens; return them rendered as inline HTML."""
    kept: list[Token] = []
    stack: list[tuple[str, list[Token]]] = []
    notes: dict[str, str] = {}
    for token in tokens:
        if token.type == "footnote_reference_open":
            stack.append((str(token.meta["label"]), []))
        elif token.type == "footnote_reference_close" and stack:
            label, inner = stack.pop()
            notes.setdefault(label, _note_html(inner))
        else:
            (stack[-1][1] if stack else kept).append(token)
    return kept, notes


def _note_html(tokens: list[Token]) -> str:
    """Render the inline content of a footnote; paragraphs are joined with <br>."""
    pieces = (
        _MD.renderer.render(token.children or [], _MD.options, {})
        for token in tokens
        if token.type == "inline"
    )
    return "<br>".join(piece for piece in pieces if piece)


def _rename_headings(tokens: list[Token]) -> None:
    """Map h6 to h5, and headings inside lists or quotes to the body subset."""
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            if token.level > 0:
                token.tag = _NESTED_TAGS.get(token.tag, token.tag)
            elif token.tag == "h6":
                token.tag = "h5"


def _lift_item_attributes(tokens: list[Token]) -> None:
    """Give a list item the {lang dir} of its first paragraph when a tight list hides it."""
    for before, token in zip(tokens, tokens[1:], strict=False):
        if before.type == "list_item_open" and token.type == "paragraph_open" and token.hidden:
            before.attrs.update(token.attrs)
            token.attrs.clear()


def _is_heading(tokens: list[Token], index: int, tags: Sequence[str]) -> bool:
    """Return whether tokens[index] opens a top-level heading with one of tags."""
    token = tokens[index] if index < len(tokens) else None
    return bool(token and token.type == "heading_open" and token.level == 0 and token.tag in tags)


def _heading_text(inline: Token) -> tuple[str, bool]:
    """Return the plain text of a heading and whether a footnote call was lost."""
    text, lost = _plain_text(inline.children or [])
    return text.strip(), lost


def _plain_text(tokens: list[Token]) -> tuple[str, bool]:
    """Return the text of inline tokens, markup removed."""
    out: list[str] = []
    lost = False
    for token in tokens:
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "image":
            out.append(_plain_text(token.children or [])[0])
        elif token.type == "footnote_ref":
            lost = True
    return "".join(out), lost


def _parts(tokens: list[Token], notes: dict[str, str]) -> tuple[list[Part], list[str]]:
    """Split tokens at top-level h1-h3 headings and render each part's body."""
    chunks: list[tuple[int, str, list[Token]]] = [(0, "", [])]
    lost: list[str] = []
    index = 0
    while index < len(tokens):
        if _is_heading(tokens, index, tuple(SPLITS)):
            heading, dropped = _heading_text(tokens[index + 1])
            lost.extend([HEADING_NOTE_LOST] if dropped else [])
            chunks.append((SPLITS[tokens[index].tag], heading, []))
            index += 3
            continue
        chunks[-1][2].append(tokens[index])
        index += 1
    env = {_NOTES: notes}
    parts = [Part(d, h, _render(body, env)) for d, h, body in chunks]
    return parts, lost


def _render(tokens: list[Token], env: EnvType) -> str:
    """Render block tokens; the line breaks markdown-it puts around block tags go.

    The sanitiser would keep a break between text and a block (as a space), which
    the editor never writes: '<li>one<ul>', not '<li>one <ul>'.
    """
    return _BLOCK_EDGE.sub(r"\1", _MD.renderer.render(tokens, _MD.options, env))


def to_markdown(document: Document) -> str:
    """Write document as Markdown with YAML front matter.

    Top-level sections become '##' and all their descendants '###', so a tree
    deeper than two levels comes back flattened to two: JSON is the lossless format.
    Footnotes become numbered [^n] calls, defined after each section's body.
    """
    notes = Notes()
    chunks = [dump_front_matter(document)]
    try:
        for index, section in enumerate(document.sections):
            chunks.extend(_section(section, "##", notes, first=index == 0))
            for child in section.walk()[1:]:
                chunks.extend(_section(child, "###", notes, first=False))
    except RecursionError as exc:
        raise ValidationError("A section body is nested too deeply to write as Markdown.") from exc
    return "\n\n".join(chunk for chunk in chunks if chunk) + "\n"


def _section(section: Section, marks: str, notes: Notes, *, first: bool) -> list[str]:
    """Return the heading line, body and footnote definitions of one section."""
    body = body_markdown(section.body, notes)
    bare = first and not section.heading.strip() and body and not section.children
    heading = "" if bare else f"{marks} {heading_markdown(section.heading)}".rstrip()
    return [heading, body, notes.take()]
