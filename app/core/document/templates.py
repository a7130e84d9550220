"""Templates: folders under templates/ holding manifest.toml, template.html.j2 and style.css.

Adding a template is adding a folder. Folders whose name starts with "_" or "."
(such as templates/_shared) hold shared files and are not templates.
"""

from __future__ import annotations

import logging
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from app.core.errors import TemplateError
from app.paths import templates_dir

LOG = logging.getLogger(__name__)
MANIFEST = "manifest.toml"
ENTRY = "template.html.j2"
FIELD_TYPES = frozenset({"text", "lines", "choice"})
PAGE_SIZES = frozenset({"Letter", "A4", "Legal", "A5", "A3"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
_TOP_KEYS = frozenset({"label", "description", "max_pages", "max_words", "page_sizes", "fields",
                       "kind", "entity_field"})
_FIELD_KEYS = frozenset(
    {"name", "label", "type", "required", "pattern", "choices", "default", "defaults", "help"}
)
_LANGUAGE_KEY = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class FieldSpec:
    """One template field: what it holds and how it is checked."""

    name: str
    label: str
    type: str = "text"
    required: bool = False
    pattern: str | None = None
    choices: tuple[str, ...] = ()
    default: Any = None
    help: str = ""
    # Per-language defaults ([fields.defaults] in the manifest: fr = "…"), as pairs.
    defaults: tuple[tuple[str, Any], ...] = ()

    def default_for(self, language: str) -> Any:
        """Return the default in a language ("fr-CH" uses "fr"), else the plain default."""
        base = (language or "").split("-")[0].lower()
        value = dict(self.defaults).get(base, self.default)
        return list(value) if self.type == "lines" else value

    def is_a_default(self, value: Any) -> bool:
        """Return whether value is this field's default in some language (left unchanged)."""
        candidates = [self.default, *(given for _, given in self.defaults)]
        return any(_same(value, candidate) for candidate in candidates)


@dataclass(frozen=True)
class Template:
    """A template folder and what its manifest says."""

    name: str
    label: str
    description: str
    folder: Path
    fields: tuple[FieldSpec, ...]
    max_pages: int | None = None
    max_words: int | None = None
    page_sizes: tuple[str, ...] = ("Letter", "A4")
    kind: str = "contribution"  # "report" for a report that compiles contributions
    entity_field: str | None = None  # the field naming the contributing entity
    user: bool = False  # a folder the user added: sandboxed, fetches only from itself

    def field(self, name: str) -> FieldSpec | None:
        """Return the field called name, or None."""
        return next((spec for spec in self.fields if spec.name == name), None)


def user_templates_dir() -> Path:
    """Return the folder where templates the user adds live."""
    from app.paths import user_data_dir

    return user_data_dir() / "templates"


def list_templates() -> list[Template]:
    """Return every well-formed template (bundled, then the user's); skip broken ones."""
    found: dict[str, Template] = {}
    for root in (templates_dir(), user_templates_dir()):
        if not root.is_dir():
            continue
        for folder in sorted(root.iterdir()):
            if folder.name in found or not _NAME.match(folder.name) or \
                    not (folder / MANIFEST).is_file():
                continue
            try:
                found[folder.name] = load_template(folder.name)
            except TemplateError as error:
                LOG.warning("Skipping template %s: %s", folder.name, error)
    return list(found.values())


def load_template(name: str) -> Template:
    """Return the template called name, or raise TemplateError."""
    folder = _template_folder(name)
    try:
        text = (folder / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        message = f"Template {name}: cannot read {MANIFEST}: {_one_line(error)}"
        raise TemplateError(message) from error
    return _parsed(name, folder, text)


@lru_cache(maxsize=64)
def _parsed(name: str, folder: Path, text: str) -> Template:
    """Return the Template a manifest's text describes (parsed once per text)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = f"Template {name}: cannot read {MANIFEST}: {_one_line(error)}"
        raise TemplateError(message) from error
    try:
        return _build(name, folder, data)
    except (TypeError, ValueError, re.error) as error:
        raise TemplateError(f"Template {name}: {_one_line(error)}") from error


def _one_line(error: BaseException) -> str:
    """Return an exception's message on one line."""
    return " ".join(str(error).split())


def _template_folder(name: str) -> Path:
    """Return the folder of template name, refusing anything but a plain folder name."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise TemplateError(f"Not a template name: {name!r}")
    for root in (templates_dir().resolve(), user_templates_dir().resolve()):
        folder = (root / name).resolve()
        if folder.parent == root and (folder / MANIFEST).is_file():
            break
    else:
        raise TemplateError(f"No template called {name}")
    if not (folder / ENTRY).is_file():
        raise TemplateError(f"Template {name} has no {ENTRY}")
    return folder


def _build(name: str, folder: Path, data: dict[str, Any]) -> Template:
    """Return a Template from a parsed manifest, or raise ValueError/TypeError."""
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise ValueError(f"unknown manifest keys: {', '.join(sorted(unknown))}")
    raw_fields = data.get("fields", [])
    if not isinstance(raw_fields, list):
        raise TypeError("'fields' must be an array of tables ([[fields]])")
    fields = tuple(_field(item) for item in raw_fields)
    names = [spec.name for spec in fields]
    if len(set(names)) != len(names):
        raise ValueError("duplicate field names")
    template = Template(
        name=name,
        label=_str(data, "label", name),
        description=_str(data, "description", ""),
        folder=folder,
        fields=fields,
        max_pages=_limit(data, "max_pages"),
        max_words=_limit(data, "max_words"),
        page_sizes=_page_sizes(data, fields),
        kind=_kind(data),
        entity_field=_entity_field(data, names),
        user=folder.parent != templates_dir().resolve(),
    )
    for spec in fields:
        _check_default(spec)
    return template


def _kind(data: dict[str, Any]) -> str:
    """Return the manifest's kind: a "contribution" (the default) or a "report"."""
    kind = _str(data, "kind", "contribution")
    if kind not in ("contribution", "report"):
        raise ValueError(f"kind must be 'contribution' or 'report', not {kind!r}")
    return kind


def _entity_field(data: dict[str, Any], names: list[str]) -> str | None:
    """Return the name of the field holding the entity, which must be one of the fields."""
    if "entity_field" not in data:
        return None
    name = _str(data, "entity_field", "")
    if name not in names:
        raise ValueError(f"entity_field {name!r} is not one of the fields")
    return name


def _str(data: dict[str, Any], key: str, fallback: str) -> str:
    """Return data[key] as a string, or fallback when absent."""
    value = data.get(key, fallback)
    if not isinstance(value, str):
        raise TypeError(f"'{key}' must be a string")
    return value


def _limit(data: dict[str, Any], key: str) -> int | None:
    """Return a positive integer limit, or None when absent."""
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"'{key}' must be a positive integer")
    return value


def _page_sizes(data: dict[str, Any], fields: tuple[FieldSpec, ...]) -> tuple[str, ...]:
    """Return the page sizes: the page_size field's choices, else the manifest's list."""
    spec = next((f for f in fields if f.name == "page_size"), None)
    sizes = spec.choices if spec is not None else tuple(data.get("page_sizes", ("A4",)))
    bad = [size for size in sizes if size not in PAGE_SIZES]
    if not sizes or bad:
        raise ValueError(f"page sizes must be some of {', '.join(sorted(PAGE_SIZES))}")
    return tuple(sizes)


def _field(item: Any) -> FieldSpec:
    """Return a FieldSpec from one [[fields]] table."""
    if not isinstance(item, dict):
        raise TypeError("each [[fields]] entry must be a table")
    unknown = set(item) - _FIELD_KEYS
    if unknown:
        raise ValueError(f"unknown field keys: {', '.join(sorted(unknown))}")
    name = item.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ValueError(f"bad field name {name!r}")
    kind = item.get("type", "text")
    if kind not in FIELD_TYPES:
        raise ValueError(f"field {name}: type must be one of {', '.join(sorted(FIELD_TYPES))}")
    choices = tuple(item.get("choices", ()))
    if kind == "choice" and (not choices or not all(isinstance(c, str) for c in choices)):
        raise ValueError(f"field {name}: a choice field needs a list of string choices")
    pattern = item.get("pattern")
    if pattern is not None:
        re.compile(pattern)
    return FieldSpec(
        name=name,
        label=_str(item, "label", name.replace("_", " ").capitalize()),
        type=kind,
        required=_bool(item, "required"),
        pattern=pattern,
        choices=choices,
        default=_default(kind, choices, item.get("default")),
        help=_str(item, "help", ""),
        defaults=_language_defaults(name, kind, item.get("defaults", {})),
    )


def _language_defaults(name: str, kind: str, table: Any) -> tuple[tuple[str, Any], ...]:
    """Return a field's per-language defaults as (language, value) pairs."""
    if not isinstance(table, dict):
        raise TypeError(f"field {name}: 'defaults' must be a table of language = value")
    pairs = []
    for language, value in table.items():
        if not _LANGUAGE_KEY.match(language):
            raise ValueError(f"field {name}: {language!r} is not a language code")
        pairs.append((language, _default(kind, (), value)))
    return tuple(pairs)


def _same(value: Any, default: Any) -> bool:
    """Return whether a field value equals a default (a list of lines equals a tuple)."""
    if isinstance(value, list | tuple) and isinstance(default, list | tuple):
        return list(value) == list(default)
    return bool(value == default)


def _bool(data: dict[str, Any], key: str) -> bool:
    """Return data[key] as a boolean, False when absent."""
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise TypeError(f"'{key}' must be true or false")
    return value


def _default(kind: str, choices: tuple[str, ...], value: Any) -> Any:
    """Return the field's default, filling in an empty one of the right type."""
    if value is not None:
        return list(value) if kind == "lines" and isinstance(value, list) else value
    if kind == "lines":
        return []
    if kind == "choice":
        return choices[0]
    return ""


def _check_default(spec: FieldSpec) -> None:
    """Raise ValueError if a field's default would not pass its own checks."""
    for language, value in (("", spec.default), *spec.defaults):
        problems = _problems(spec, value)
        if problems:
            where = f" ({language})" if language else ""
            raise ValueError(f"field {spec.name}: bad default{where}: {problems[0]}")


def default_fields(template: Template, language: str = "") -> dict[str, Any]:
    """Return a fresh dict of every field's default value (in a language when given)."""
    return {spec.name: spec.default_for(language) for spec in template.fields}


def validate_fields(template: Template, fields: dict[str, Any]) -> list[str]:
    """Return problems with fields (unknown keys, wrong types, patterns, choices); blanks pass."""
    problems = []
    for key, value in fields.items():
        spec = template.field(key)
        if spec is None:
            problems.append(f"unknown field '{key}'")
        elif value is not None:
            problems.extend(_problems(spec, value))
    return problems


def _problems(spec: FieldSpec, value: Any) -> list[str]:
    """Return what is wrong with one field value (empty values are not wrong here)."""
    if spec.type == "lines":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return [f"{spec.label}: expected a list of lines"]
        return [p for line in value for p in _text_problems(spec, line)]
    if not isinstance(value, str):
        return [f"{spec.label}: expected text"]
    if spec.type == "choice":
        if value and value not in spec.choices:
            return [f"{spec.label}: '{_cut(value)}' is not one of {', '.join(spec.choices)}"]
        return []
    return _text_problems(spec, value)


def _text_problems(spec: FieldSpec, value: str) -> list[str]:
    """Return a pattern problem for a non-empty text value."""
    if spec.pattern and value and not re.fullmatch(spec.pattern, value):
        hint = f" ({spec.help})" if spec.help else ""
        return [f"{spec.label}: '{_cut(value)}' is not in the expected form{hint}"]
    return []


def _cut(value: str, size: int = 60) -> str:
    """Return value cut to size characters for a message."""
    return value if len(value) <= size else value[: size - 3] + "..."


def missing_required(template: Template, fields: dict[str, Any]) -> list[str]:
    """Return the labels of required fields left empty (defaults count as filled)."""
    merged = {**default_fields(template), **fields}
    return [
        spec.label for spec in template.fields
        if spec.required and _is_empty(merged.get(spec.name))
    ]


def _is_empty(value: Any) -> bool:
    """Return whether a field value says nothing."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return not any(isinstance(v, str) and v.strip() for v in value)
    return False
