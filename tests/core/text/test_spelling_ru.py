"""Russian words from pymorphy3's dictionary: forms, names, ё, one-edit corrections."""

from __future__ import annotations

import pytest

from app.core.text import spelling_ru

pytestmark = pytest.mark.skipif(not spelling_ru.available(), reason="pymorphy3 missing")


@pytest.mark.parametrize("word", [
    "государств", "государствами", "мигрантов", "трудящихся", "представленном",
    "осуществляющих", "резолюциях", "учет", "учёт", "ее", "её", "женщин", "прав",
])
def test_inflected_forms_and_e_for_yo_are_words(word: str) -> None:
    assert spelling_ru.known(word)


@pytest.mark.parametrize("word", ["долно", "правительсво", "резолюцмя", "мигарнтов"])
def test_typos_are_not_words(word: str) -> None:
    assert not spelling_ru.known(word)


def test_a_name_needs_its_capital() -> None:
    assert spelling_ru.known("москва", capitalised=True)
    assert not spelling_ru.known("москва")


def test_corrections_are_known_words_one_edit_away() -> None:
    found = spelling_ru.corrections("долно")
    assert "должно" in found
    assert "долго" in found
    assert all(spelling_ru.known(word) for word in found)
    assert "долно" not in found
    assert found.index("должно") < found.index("долго"), "a missing letter before a wrong one"


def test_edits_cover_the_four_slips() -> None:
    edits = set(spelling_ru._edits("кот"))
    assert ("del", "от") in edits
    assert ("swap", "окт") in edits
    assert ("ins", "крот") in edits
    assert ("sub", "кит") in edits
