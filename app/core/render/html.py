"""Document to HTML: a template's Jinja files filled with sanitised, escaped content.

Content is data, never template source: headings, fields and the title enter the
template as plain strings (autoescaped), bodies only after sanitize.clean() and
then marked safe. Templates run in Jinja's sandbox with StrictUndefined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from app import __version__
from app.core.document.model import Document, Section
from app.core.document.templates import (
    ENTRY,
    FieldSpec,
    Template,
    default_fields,
    load_template,
    missing_required,
    validate_fields,
)
from app.core.errors import TemplateError
from app.core.render.barcode import code39_data_url, job_digits
from app.core.render.bidi import comma, direction, set_directions
from app.core.render.chinese import space_out
from app.core.render.fonts import coverage_warnings
from app.core.render.jobline import job_line
from app.core.render.nobreak import keep_together
from app.core.render.notecalls import move_note_calls
from app.core.render.sessions import un_agenda_item, un_session
from app.core.render.terms import format_date, terms_for
from app.core.render.typography import space_punctuation
from app.core.text import sanitize
from app.paths import templates_dir

SHARED = "_shared"
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$")
_CSS_SAFE = frozenset(" .,:;/-_()*#+=!?@%[]'")


@dataclass(frozen=True)
class RenderedHtml:
    """A complete HTML page, what to warn the user about, and the URL it resolves from."""

    html: str
    warnings: tuple[str, ...]
    base_url: str
    own_folder: Path | None = None  # a user template: the only folder it may fetch from


@dataclass(frozen=True)
class SectionView:
    """One section as a template sees it: depth 0 is a top-level section."""

    heading: str
    body: Markup
    depth: int
    anchor: str
    id: str = ""

    @property
    def level(self) -> int:
        """Return the HTML heading level (h2 for top-level sections, at most h6)."""
        return min(self.depth + 2, 6)


@dataclass(frozen=True)
class DocumentView:
    """The document as a template sees it."""

    title: str
    language: str
    dir: str
    template: Template
    fields: dict[str, Any]


def render_html(
    document: Document, *, extra_context: dict[str, Any] | None = None, warn: bool = True
) -> RenderedHtml:
    """Return document rendered through its template as one HTML page.

    Without warn the content is not checked (a build's parts: the whole was checked).
    """
    template = load_template(document.template)
    language, _ = _language(document.language)
    fields = usable_fields(template, document.fields, language)
    sections = flatten(document.sections, direction(language))
    warnings = html_warnings(document) if warn else []
    view = DocumentView(document.title, language, direction(language), template, fields)
    context = {
        "section_preview": None,
        "section_anchors": False,
        "compendium_part": False,
        "build_part": {"masthead": False, "end": False},
        "draft": False,
        "conflicts": {},
        "review": {},
        **(extra_context or {}),
        "document": view,
        "fields": fields,
        "sections": sections,
        "author": str(fields.get("author") or fields.get("entity") or ""),
        "generator": f"Rapporteur {__version__}",
        "shared_url": _folder_url(templates_dir() / SHARED),
        "page_size": fields.get("page_size") or template.page_sizes[0],
        "terms": terms_for(language),
    }
    html = keep_together(space_punctuation(
        move_note_calls(_render(template, context), language), language))
    html = space_out(html, language)
    return RenderedHtml(html, tuple(dict.fromkeys(warnings)), _folder_url(template.folder),
                        template.folder if template.user else None)


def html_warnings(document: Document) -> list[str]:
    """Return what render_html warns about a document: language, fields, content."""
    template = load_template(document.template)
    language, lang_warnings = _language(document.language)
    fields = usable_fields(template, document.fields, language)
    return [
        *lang_warnings,
        *validate_fields(template, document.fields),
        *(f"Missing required field: {label}" for label in missing_required(template, fields)),
        *content_warnings(document, template),
    ]


def render_shared_page(entry: str, context: dict[str, Any]) -> RenderedHtml:
    """Return a page of the shared folder (e.g. a compendium's front) rendered with context."""
    folder = templates_dir() / SHARED
    try:
        html = _environment(folder).get_template(entry).render(
            {**context, "generator": f"Rapporteur {__version__}"})
    except jinja2.TemplateError as error:
        raise TemplateError(f"{entry} failed: {' '.join(str(error).split())}") from error
    return RenderedHtml(html, (), _folder_url(folder))


def _render(template: Template, context: dict[str, Any]) -> str:
    """Return the template's entry file rendered with context, or raise TemplateError."""
    try:
        return _environment(template.folder).get_template(ENTRY).render(context)
    except jinja2.TemplateError as error:
        message = " ".join(str(error).split())
        raise TemplateError(f"Template {template.name} failed: {message}") from error


@lru_cache(maxsize=16)
def _environment(folder: Path) -> jinja2.Environment:
    """Return the sandboxed Jinja environment for one template folder."""
    loader = jinja2.FileSystemLoader([str(folder), str(templates_dir() / SHARED)])
    environment = SandboxedEnvironment(
        loader=loader,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["css_string"] = css_string
    environment.filters["comma"] = comma
    environment.filters["html_subset"] = _html_subset
    environment.filters["code39"] = code39_data_url
    environment.filters["job_digits"] = job_digits
    environment.filters["job_line"] = job_line
    environment.filters["un_date"] = format_date
    environment.filters["un_session"] = un_session
    environment.filters["un_agenda_item"] = un_agenda_item
    return environment


@jinja2.pass_context
def _html_subset(context: Any, value: Any) -> Markup:
    """Return a field's HTML reduced to the body subset, blocks directed within the page."""
    document = context.get("document")
    return _body(str(value), getattr(document, "dir", ""))


def css_string(value: Any) -> Markup:
    """Return value as a quoted CSS string that cannot end a <style> element or the string."""
    escaped = "".join(
        char if char.isalnum() or char in _CSS_SAFE else f"\\{ord(char):x} " for char in str(value)
    )
    return Markup(f'"{escaped}"')


def _folder_url(folder: Path) -> str:
    """Return the file: URL of a folder, with the trailing slash relative URLs need."""
    return folder.resolve().as_uri().rstrip("/") + "/"


def usable_fields(template: Template, given: dict[str, Any], language: str = "") -> dict[str, Any]:
    """Return the template defaults in language overlaid with every given value of the right
    type; a value equal to the field's default in any language (one the user left as it
    was) gives way to the default in language, so a user's own text is never replaced."""
    fields = default_fields(template, language)
    for spec in template.fields:
        value = given.get(spec.name)
        if value is None or not _fits(spec, value):
            continue
        if spec.defaults and spec.is_a_default(value):
            continue
        fields[spec.name] = list(value) if spec.type == "lines" else value
    return fields


def _fits(spec: FieldSpec, value: Any) -> bool:
    """Return whether value has the shape the template expects (patterns aside)."""
    if spec.type == "lines":
        return isinstance(value, list | tuple) and all(isinstance(v, str) for v in value)
    if spec.type == "choice":
        return value in spec.choices
    return isinstance(value, str)


def flatten(sections: list[Section], page_direction: str = "") -> list[SectionView]:
    """Return the section tree as a reading-order list with depths and anchors.

    With a page_direction, each body block gets the `dir` its language or first strong
    letter asks for where that differs (bidi.set_directions).
    """
    return [
        SectionView(section.heading.strip(), _body(section.body, page_direction), depth,
                    f"section-{number}", section.id)
        for number, (section, depth) in enumerate(_walk(sections, 0), start=1)
    ]


def _walk(sections: list[Section], depth: int) -> Iterator[tuple[Section, int]]:
    """Yield each section with its depth, depth first."""
    for section in sections:
        yield section, depth
        yield from _walk(section.children, depth + 1)


def _body(html: str, page_direction: str = "") -> Markup:
    """Return a body sanitised and marked safe, its blocks directed when a direction is given."""
    if not html.strip():
        return Markup("")
    clean = sanitize.clean(html)
    return Markup(set_directions(clean, page_direction) if page_direction else clean)


def _language(language: str) -> tuple[str, list[str]]:
    """Return a well-formed language tag for language, and a warning if it was not one."""
    tag = (language or "").strip()
    if _LANG.match(tag):
        return tag, []
    return "en", [f"Language {tag!r} is not a language tag: using en"]


class _TextOf(HTMLParser):
    """Collect the text of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        self.parts.append(" ")


def plain_text(html: str) -> str:
    """Return the text of an HTML fragment, tags replaced by spaces."""
    parser = _TextOf()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


@lru_cache(maxsize=16384)
def body_words(body: str) -> int:
    """Return the number of words of a body's text, footnotes included (cached)."""
    return len(plain_text(body).split())


def document_text(document: Document) -> str:
    """Return the document's title, fields, headings and bodies as plain text."""
    texts = [document.title, *(_field_text(v) for v in document.fields.values())]
    for section in document.all_sections():
        texts += [section.heading, plain_text(section.body)]
    return "\n".join(texts)


def content_warnings(document: Document, template: Template) -> list[str]:
    """Return warnings about the content: characters in no bundled font, word limit."""
    warnings = coverage_warnings(document_text(document))
    words = count_words(document)
    if template.max_words is not None and words > template.max_words:
        warnings.append(
            f"{words:,} words: over the {template.max_words:,}-word limit for {template.name}"
        )
    return warnings


def _field_text(value: Any) -> str:
    """Return a field value as text."""
    if isinstance(value, list | tuple):
        return "\n".join(str(v) for v in value)
    return str(value)


def count_words(document: Document) -> int:
    """Return the words in the title, headings and bodies, footnotes included."""
    return len(document.title.split()) + sum(
        len(section.heading.split()) + body_words(section.body)
        for section in document.all_sections())
