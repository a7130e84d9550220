"""Read bold, italic, underline, sup and sub from tags and styles (Google Docs, Word)."""

from __future__ import annotations

from dataclasses import replace

from app.core.io.paste.nodes import State, names

_ITALIC_TAGS = names("i em cite dfn var")
_VERTICAL = {"sup": "super", "sub": "sub"}
_VERTICAL_TAGS = {"super": "sup", "sub": "sub"}


def formatting(tag: str, styles: dict[str, str], state: State) -> tuple[list[str], State]:
    """Return the formatting tags an element adds to its state, and the state for its content."""
    weight = styles.get("font-weight") or _font_keyword(styles, ("bold", "bolder"))
    slant = styles.get("font-style") or _font_keyword(styles, ("italic", "oblique"))
    decoration = styles.get("text-decoration-line") or styles.get("text-decoration", "")
    bold = _setting(tag in ("b", "strong"), _is_bold(weight))
    italic = _setting(tag in _ITALIC_TAGS, _is_italic(slant))
    underline = _setting(tag == "u", _is_underline(decoration))
    vertical = styles.get("vertical-align", "")
    vertical = vertical if vertical in ("super", "sub") else _VERTICAL.get(tag, "")
    added = [
        name for name, on in (
            ("strong", bold and not state.bold), ("em", italic and not state.italic),
            ("u", underline and not state.underline),
            (_VERTICAL_TAGS.get(vertical, ""), bool(vertical) and not state.vertical),
        ) if on
    ]
    state = replace(state, bold=state.bold or bold, italic=state.italic or italic,
                    underline=state.underline or underline, vertical=state.vertical or vertical)
    return added, state


def _font_keyword(styles: dict[str, str], keywords: tuple[str, ...]) -> str:
    """Return the first of keywords in the font shorthand, or an empty string."""
    return next((w for w in styles.get("font", "").split() if w in keywords), "")


def _setting(by_tag: bool, by_style: bool | None) -> bool:
    """Return whether a property is on: the style decides if it says, else the tag."""
    return by_tag if by_style is None else by_style


def _is_bold(weight: str) -> bool | None:
    """Return whether a font-weight value is bold, or None if it says nothing."""
    if weight in ("bold", "bolder"):
        return True
    if weight in ("normal", "lighter"):
        return False
    return int(weight) >= 600 if weight.isdigit() else None


def _is_italic(slant: str) -> bool | None:
    """Return whether a font-style value is italic, or None if it says nothing."""
    if slant in ("italic", "oblique") or slant.startswith("oblique "):
        return True
    return False if slant == "normal" else None


def _is_underline(decoration: str) -> bool | None:
    """Return whether a text-decoration value underlines, or None if it says nothing."""
    if "underline" in decoration.split():
        return True
    return False if decoration == "none" else None
