"""What the paste modules share: the walk's state, tag sets, styles and classes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.core.io.htmltree import Element, Node


def names(text: str) -> frozenset[str]:
    """Return the space-separated names in text."""
    return frozenset(text.split())


DROP = names(
    "script style head title iframe object embed template noscript svg math textarea select "
    "frame frameset applet img video audio canvas picture source track map area input button "
    "meta link base hr o:p del col colgroup option datalist dialog"
)
CONTAINERS = names(
    "div section article main header footer nav aside center figure figcaption address dl dt "
    "dd form fieldset legend details summary hgroup body html"
)


@dataclass(frozen=True)
class State:
    """What the enclosing elements already establish for their content."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    vertical: str = ""
    lang: str = ""
    dir: str = "ltr"
    pre: bool = False


def merge_text(nodes: list[Node]) -> list[Node]:
    """Return nodes with adjacent strings joined and empty strings removed."""
    out: list[Node] = []
    for node in nodes:
        if isinstance(node, str) and out and isinstance(out[-1], str):
            out[-1] += node
        elif node != "":
            out.append(node)
    return out


def is_footnote(element: Element) -> bool:
    """Return whether element is a footnote span."""
    return element.tag == "span" and "footnote" in classes_of(element)


def styles_of(element: Element) -> dict[str, str]:
    """Return the inline CSS declarations of element, names and values lower-cased."""
    out: dict[str, str] = {}
    for declaration in (element.get("style") or "").split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            out[name.strip().lower()] = value.replace("!important", "").strip().lower()
    return out


def classes_of(element: Element) -> list[str]:
    """Return the class names of element, lower-cased."""
    return (element.get("class") or "").lower().split()


def find(nodes: list[Node], wanted: Callable[[Element], bool]) -> Element | None:
    """Return the first element among nodes and their descendants that is wanted."""
    for node in nodes:
        if isinstance(node, Element):
            found = node if wanted(node) else find(node.children, wanted)
            if found is not None:
                return found
    return None
