"""Fixes to WeasyPrint 70's PDF/UA tag tree: passage languages, footnotes, headings' calls.

WeasyPrint 70 (pinned) builds the structure tree in weasyprint.pdf.tags._build_box_tree,
one generator call per box, recursing through the module's own global. It writes /Lang
only on the catalog, tags a footnote and its call NonStruct, and leaves a call inside
its heading. install() wraps that function so each structure element is fixed while its
box, and so its HTML element, is at hand:

- /Lang on an element whose HTML language differs from the one it inherits in the tree;
- a footnote (span.footnote, laid out in the footnote area) becomes /Note with an /ID,
  its marker /Lbl; its call becomes /Reference; each gets /Ref to the other (the PDF 2.0
  key; the Note's /ID is what PDF/UA-1 asks for);
- a call that is a child of a heading moves out of it, right after the heading;
- every /ID (notes, WeasyPrint's header cells) is mapped in the root's /IDTree, after
  the prefix set by id_prefix() (parts of one build join into one PDF: their IDs,
  numbered per PDF, must not clash).

The state of one PDF lives on its pydyf.PDF object, so renders never share it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

_HEADINGS = frozenset(f"/H{level}" for level in range(1, 7))
_installed: list[Callable[..., Iterator[Any]]] = []
_prefix: list[str] = [""]


@dataclass
class _State:
    """What the wrapped builder knows about one PDF being tagged."""

    root: Any = None
    parents: dict[Any, Any] = field(default_factory=dict)  # HTML element -> its parent
    langs: dict[int, str] = field(default_factory=dict)  # struct element -> HTML language
    calls: dict[bytes, Any] = field(default_factory=dict)  # Reference elements by reference
    notes: dict[int, tuple[list[Any], list[Any]]] = field(default_factory=dict)
    ids: dict[str, bytes] = field(default_factory=dict)  # element /ID -> its reference


def install() -> None:
    """Wrap WeasyPrint's tag-tree builder (once per process)."""
    if _installed:
        return
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    _installed.append(original)

    def build(box: Any, parent: Any, pdf: Any, *args: Any) -> Iterator[Any]:
        """Yield the elements WeasyPrint builds for box, fixed."""
        state = _state(pdf)
        real = getattr(box, "_box", box)  # an AbsolutePlaceholder's box
        if isinstance(real, boxes.PageBox):  # the page's tree is whole once it is built
            elements = list(original(box, parent, pdf, *args))
            for element in elements:
                _set_langs(element, pdf, _catalog_lang(pdf))
            _id_tree(parent, pdf, state)
            yield from elements
            return
        if _transparent(real, state):
            yield from original(box, parent, pdf, *args)
            return
        for element in original(box, parent, pdf, *args):
            yield element
            yield from _fix(real, element, pdf, state)

    tags._build_box_tree = build


def id_prefix(prefix: str) -> None:
    """Put prefix before every element /ID (and /Headers entry) written from now on."""
    _prefix[0] = prefix


def _prefixed(element: Any) -> None:
    """Give element's /ID and the IDs in its /Headers the current prefix."""
    import pydyf

    def add(value: Any) -> Any:
        text = str(value.string)
        return value if text.startswith(_prefix[0]) else pydyf.String(_prefix[0] + text)

    if "ID" in element:
        element["ID"] = add(element["ID"])
    attributes = element.get("A")
    if isinstance(attributes, dict) and "Headers" in attributes:
        attributes["Headers"] = pydyf.Array([add(h) for h in attributes["Headers"]])


def _state(pdf: Any) -> _State:
    """Return the tagging state kept on pdf."""
    state = getattr(pdf, "_rapporteur_tags", None)
    if state is None:
        state = _State()
        pdf._rapporteur_tags = state
    return state


def _transparent(box: Any, state: _State) -> bool:
    """Return whether box yields its children's elements (page, html, body, margins)."""
    from weasyprint.formatting_structure import boxes

    tag = None if box.element is None else box.element_tag
    if tag == "html" and state.root is not box.element:
        state.root = box.element
        state.parents = {child: node for node in box.element.iter() for child in node}
    return tag in ("html", "body") or isinstance(box, boxes.MarginBox)


def _fix(box: Any, element: Any, pdf: Any, state: _State) -> Iterator[Any]:
    """Fix one element built for box; yield the calls moved out of it."""
    if box.element is not None:
        state.langs[element.number] = _html_lang(box.element, state)
    tag = "" if box.element is None else str(box.element_tag)
    if tag.endswith("::footnote-call"):
        element["S"] = "/Reference"
        state.calls[element.reference] = element
        _link(state, box.element, call=element)
    elif tag.endswith("::footnote-marker"):
        element["S"] = "/Lbl"
    elif tag == "span" and "footnote" in box.element.get("class", "").split():
        element["S"] = "/Note"
        _link(state, box.element, note=element)
    elif element.get("S") in _HEADINGS:
        yield from _moved_calls(element, state)


def _set_langs(element: Any, pdf: Any, inherited: str) -> None:
    """Give element and its descendants /Lang where their HTML language differs (top down)."""
    import pydyf

    state = _state(pdf)
    if _prefix[0]:
        _prefixed(element)
    if "ID" in element:
        state.ids[str(element["ID"].string)] = element.reference
    own = state.langs.get(element.number, "")
    if own and own.lower() != inherited.lower():
        element["Lang"] = pydyf.String(own)
        inherited = own
    for kid in element.get("K", ()):
        if isinstance(kid, bytes):
            child = pdf.objects[int(kid.split()[0])]
            if isinstance(child, dict) and "S" in child:
                _set_langs(child, pdf, inherited)


def _html_lang(node: Any, state: _State) -> str:
    """Return the lang attribute of node or its nearest ancestor having one."""
    while node is not None:
        lang = node.get("lang")
        if lang is not None:
            return str(lang).strip()
        node = state.parents.get(node)
    return ""


def _id_tree(document: Any, pdf: Any, state: _State) -> None:
    """Map every element /ID so far (notes, header cells) in the root's /IDTree."""
    import pydyf

    if not state.ids:
        return
    root = pdf.objects[int(document["P"].split()[0])]
    names = pydyf.Array()
    for key in sorted(state.ids):
        names += [pydyf.String(key), state.ids[key]]
    root["IDTree"] = pydyf.Dictionary({"Names": names})


def _catalog_lang(pdf: Any) -> str:
    """Return the document's language as written in the catalog."""
    lang = pdf.catalog.get("Lang")
    return "" if lang is None else str(lang.string)


def _link(state: _State, html: Any, *, call: Any = None, note: Any = None) -> None:
    """Record a footnote's call or note; point every call and note of it at each other."""
    import pydyf

    calls, notes = state.notes.setdefault(id(html), ([], []))
    if note is not None:
        note["ID"] = pydyf.String(f"note-{note.number}")
        notes.append(note)
    if call is not None:
        calls.append(call)
    for item in calls:
        item["Ref"] = pydyf.Array([n.reference for n in notes])
    for item in notes:
        item["Ref"] = pydyf.Array([c.reference for c in calls])


def _moved_calls(heading: Any, state: _State) -> Iterator[Any]:
    """Take the footnote calls out of a heading; yield them to follow it in its parent."""
    import pydyf

    kids = list(heading["K"])
    moved = [kid for kid in kids if isinstance(kid, bytes) and kid in state.calls]
    if not moved:
        return
    heading["K"] = pydyf.Array([kid for kid in kids if kid not in moved])
    for reference in moved:
        call = state.calls[reference]
        call["P"] = heading["P"]
        yield call
