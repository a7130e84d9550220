"""Stop WeasyPrint 70 leaking Pango memory with every line of text it lays out.

For text with OpenType features (kerning, ligatures, numerals: most of a UN document),
its Layout.setup makes a Pango attribute and an attribute list that it never frees
(it keeps the first attribute of each kind "to avoid leaking too many", and the list
keeps it alive): about 2 MB per 100 pages, for the life of the process. A build worker
lives for many builds. install() lets WeasyPrint set up a layout without its features,
then sets them as it would, on a list the layout alone holds and frees.
"""

from __future__ import annotations

from typing import Any

_installed: list[Any] = []


def install() -> None:
    """Give WeasyPrint's text layouts their features without the leak (once per process)."""
    if _installed:
        return
    from weasyprint.text import line_break
    from weasyprint.text.ffi import ffi, pango
    from weasyprint.text.fonts import font_features

    original = line_break.Layout.setup
    _installed.append(original)

    def setup(self: Any, style: Any) -> None:
        """Set a layout up as WeasyPrint does, its features on a list of its own."""
        original(self, style)
        features = font_features(
            style["font_kerning"], style["font_variant_ligatures"],
            style["font_variant_position"], style["font_variant_caps"],
            style["font_variant_numeric"], style["font_variant_alternates"],
            style["font_variant_east_asian"], style["font_feature_settings"])
        if features:
            text = ",".join(f"{key} {value}" for key, value in features.items()).encode()
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
            pango.pango_attr_list_insert(attributes, pango.pango_attr_font_features_new(text))
            pango.pango_layout_set_attributes(self.layout, attributes)

    line_break.font_features = lambda *args, **kwargs: {}  # the original sets none
    line_break.Layout.setup = setup
