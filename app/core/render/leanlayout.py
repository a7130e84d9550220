"""Memory a relay's layouts (app.core.render.relay) give back to stay small.

WeasyPrint 70 computes about seven styles per element, as its user-agent sheet gives each
element ::marker, ::footnote-call and the like, and keeps them all for as long as the
layout lives, though only the boxes and the page types use them once the boxes are built.
It shares an element's style with the elements that the same rules match under the same
parent, but not their pseudo-elements'. And it computes the styles of every page anew,
since a page type holds the page's index.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any


def drop_element_styles(context: Any, root: Any) -> None:
    """Forget the computed styles kept for elements, once their boxes are built: pagination
    looks up the page types' only, which inherit from root's."""
    from weasyprint.layout.page import PageType

    computed = context.style_for.get_computed_styles()
    for key in [key for key in computed
                if not isinstance(key[0], PageType) and key != (root, None)]:
        del computed[key]


@contextlib.contextmanager
def shared_pseudo_styles() -> Iterator[None]:
    """While the block runs, an element's pseudo-elements share computed styles with those
    of the elements that share its style, when the same rules match them."""
    from weasyprint.css import StyleFor

    original = StyleFor.set_computed_styles
    known: dict[tuple[Any, ...], Any] = {}

    def shared(self: Any, element: Any, parent: Any, root: Any = None,
               pseudo_type: str | None = None, base_url: str | None = None,
               target_collector: Any = None) -> None:
        if pseudo_type is None or not hasattr(element, "tag"):  # an element, or a page
            original(self, element, parent, root, pseudo_type, base_url, target_collector)
            return
        computed = self.get_computed_styles()
        cascaded = self.get_cascaded_styles().get((element, pseudo_type), {})
        key = (self, pseudo_type, id(computed[parent, None]), base_url,
               tuple((name, id(values), weight) for name, (values, weight) in cascaded.items()))
        if key not in known:
            original(self, element, parent, root, pseudo_type, base_url, target_collector)
            known[key] = computed[element, pseudo_type]
        elif target_collector and known[key]["anchor"]:  # as the original does
            target_collector.collect_anchor(known[key]["anchor"])
        computed[element, pseudo_type] = known[key]

    StyleFor.set_computed_styles = shared
    try:
        yield
    finally:
        StyleFor.set_computed_styles = original
        known.clear()


@contextlib.contextmanager
def shared_page_styles() -> Iterator[None]:
    """While the block runs, pages that the same @page rules match share computed styles."""
    import weasyprint.layout.page as module

    original = module.set_page_type_computed_styles
    known: dict[tuple[Any, tuple[bool, ...]], list[tuple[Any, Any]]] = {}

    def shared(page_type: Any, html: Any, style_for: Any) -> None:
        computed = style_for.get_computed_styles()
        matched = (style_for, _matches(style_for, page_type))  # kept alive: not an id
        if matched not in known:
            original(page_type, html, style_for)
            known[matched] = [(pseudo, style) for (key, pseudo), style in computed.items()
                              if key == page_type]
        for pseudo, style in known[matched]:
            computed[page_type, pseudo] = style

    module.set_page_type_computed_styles = shared
    try:
        yield
    finally:
        module.set_page_type_computed_styles = original
        known.clear()


def _matches(style_for: Any, page_type: Any) -> tuple[bool, ...]:
    """Return which selectors of the @page rules match page_type."""
    return tuple(style_for._page_type_match(selector[2], page_type)
                 for sheet, _, _ in style_for._sheets
                 for _, selectors, _ in sheet.page_rules for selector in selectors)


def forget_before(root: Any, resume_at: Any) -> None:
    """Let the boxes that come before resume_at in root go (pagination goes on from there
    and never comes back): a block's children before the one it resumes in are replaced
    by copies without children. Tables, flex and grid boxes keep theirs (a table's
    header is laid out again on every page)."""
    from weasyprint.formatting_structure.boxes import BlockBox

    box, skip = root, resume_at
    while isinstance(skip, dict) and len(skip) == 1:
        (index, skip), = skip.items()
        children = getattr(box, "children", None)
        if not isinstance(index, int) or not children or index >= len(children):
            return
        if type(box) is BlockBox and any(child.children for child in children[:index]
                                         if hasattr(child, "children")):
            box.children = [*map(_emptied, children[:index]), *children[index:]]
        box = children[index]


def _emptied(box: Any) -> Any:
    """Return a copy of box without its children (box itself, if it has none)."""
    if not getattr(box, "children", None):
        return box
    copy = box.copy()
    copy.children = []
    return copy
