"""Document symbols in text and fields."""

from __future__ import annotations

import pytest

from app.core.text.lint.symbols import symbol_problem, symbols


@pytest.mark.parametrize("symbol", [
    "A/C.3/67/L.40/Rev.1", "A/HRC/WG.6/34/ITA/3", "E/CN.4/Sub.2/AC.2/1987/WP.4/Add.1",
    "A/68/190", "A/68/190*", "A/RES/67/172", "A/INF/76/1", "S/2013/123", "E/2026/24",
    "A/RES/S-27/2", "A/RES/2200", "A/CONF.171/13", "A/AC.105/C.1/L.320", "A/HRC/RES/22/1",
])
def test_well_formed_symbols(symbol):
    assert symbol_problem(symbol) is None
    assert symbols(f"see {symbol}, para. 4.") == []


@pytest.mark.parametrize(("text", "target", "fix"), [
    ("see A/68/190/Rev1.", "A/68/190/Rev1", "A/68/190/Rev.1"),
    ("see A/68/190/rev.1", "A/68/190/rev.1", "A/68/190/Rev.1"),
    ("resolution A/RES/67 on", "A/RES/67", None),
    ("draft A/C.7/67/L.1", "A/C.7/67/L.1", None),
    ("see A/68//190", "A/68//190", None),
])
def test_malformed_symbols(text, target, fix):
    hits = symbols(text)
    assert [(text[h.start:h.end], h.fix) for h in hits] == [(target, fix)]


def test_words_with_slashes_are_not_symbols():
    assert symbols("HIV/AIDS, develop/reform, UN/POP/MIG-11CM/2013/3 and 24/7") == []
