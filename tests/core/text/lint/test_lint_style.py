"""Footnote calls, bullet items, double spaces, "United Nations" and the body's runs."""

from __future__ import annotations

from app.core.text.lint.footnotes import footnote_calls, shown
from app.core.text.lint.pieces import Setting
from app.core.text.lint.runs import runs, splice
from app.core.text.lint.style import bullet_semicolons, double_spaces, united_nations

NOTE = '<span class="footnote">A/68/190, para. 12.</span>'


def applied(body, hit):
    return body[:hit.start] + hit.fix + body[hit.end:]


def test_english_footnote_call_goes_after_punctuation():
    body = f"<p>As the report notes{NOTE}, migration grows.</p>"
    [hit] = footnote_calls(body, "en")
    assert applied(body, hit) == f"<p>As the report notes,{NOTE} migration grows.</p>"
    assert shown(body, hit.start, hit.end) == "As the report notes[note],"
    assert footnote_calls(f"<p>As the report notes,{NOTE} migration grows.</p>", "en") == []
    assert footnote_calls(f"<p>As the report notes{NOTE} migration grows.</p>", "en") == []


def test_adjacent_calls_move_together():
    body = f'<p>grows{NOTE}<span class="footnote">Second <span lang="fr">note</span>.</span>.</p>'
    [hit] = footnote_calls(body, "en-GB")
    assert applied(body, hit).startswith(f"<p>grows.{NOTE}<span")


def test_french_and_spanish_calls_go_before_punctuation():
    body = f"<p>Comme le note le rapport.{NOTE} Ensuite</p>"
    [hit] = footnote_calls(body, "fr")
    assert applied(body, hit) == f"<p>Comme le note le rapport{NOTE}. Ensuite</p>"
    assert footnote_calls(f"<p>Como señala el informe{NOTE}.</p>", "es") == []
    assert footnote_calls(f"<p>Comme le note le rapport{NOTE}.</p>", "fr") == []
    assert footnote_calls(f"<p>Текст{NOTE}.</p>", "ru") == []  # Russian: before, too
    [hit] = footnote_calls(f"<p>Текст.{NOTE} Далее</p>", "ru")
    assert applied(f"<p>Текст.{NOTE} Далее</p>", hit) == f"<p>Текст{NOTE}. Далее</p>"
    [hit] = footnote_calls(f"<p>les droits;{NOTE} puis</p>", "fr")  # as the renderer moves it
    assert hit.fix == f"{NOTE};"


def test_english_calls_go_after_a_closing_quote():
    [hit] = footnote_calls(f"<p>the “rights{NOTE}”</p>", "en")
    assert hit.fix == f"”{NOTE}"


def test_bullet_items_without_semicolons():
    item = Setting(item_end=True)
    assert [(h.start, h.fix) for h in bullet_semicolons("more data;", item)] == [(9, "")]
    assert [(h.start, h.end) for h in bullet_semicolons("more data; and", item)] == [(9, 14)]
    assert bullet_semicolons("more data", item) == []
    assert bullet_semicolons("more data.", item) == []
    assert bullet_semicolons("more data;", Setting()) == []  # not the end of a bullet item


def test_runs_know_bullet_ends_tables_notes_and_headings():
    body = ("<ul><li>one;<span class=\"footnote\">n;</span></li><li>two<ul><li>x;</li></ul></li>"
            "</ul><ol><li>(a) sub;</li></ol><table><tr><td>5</td></tr></table><h3>Sub</h3>")
    found = {r.text: r for r in runs(body)}
    assert found["one;"].item_end
    assert found["x;"].item_end
    assert found["two"].item_end
    assert not found["n;"].item_end
    assert not found["(a) sub;"].item_end
    assert found["5"].table
    assert found["n;"].footnote
    assert found["Sub"].heading == 3


def test_double_spaces():
    assert [(h.start, h.end, h.fix) for h in double_spaces("a  b   c")] == [(1, 3, " "),
                                                                        (4, 7, " ")]
    assert double_spaces("a b. C") == []


def test_united_nations_never_abbreviated():
    def fix(text):
        return [(text[h.start:h.end], h.fix) for h in united_nations(text)]
    assert fix("the UN System partners") == [("UN System", "United Nations system")]
    assert fix("the UN's role") == [("UN's", "United Nations'")]
    assert fix("U.N. agencies") == [("U.N.", "United Nations")]
    assert fix("OHCHR and UN DESA") == [("UN", None)]
    assert fix("UN Women, UN-Habitat, UNDP, UN/POP/MIG-11CM/2013/3 and the United Nations") == []
    assert united_nations("l'ONU et le UN", Setting(language="fr")) == []


def test_splice_keeps_tags_and_drops_emptied_superscripts():
    body = "<p>At its 67<sup>th</sup> session  the <em> A</em>&amp;B.</p>"
    text = runs(body)[0].text
    at = text.index("67th")
    assert splice(body, 0, at, at + 4, "sixty-seventh") == (
        "<p>At its sixty-seventh session  the <em> A</em>&amp;B.</p>")
    at = text.index("  the  ")
    assert splice(body, 0, at + 5, at + 7, " ") == (
        "<p>At its 67<sup>th</sup> session  the <em>A</em>&amp;B.</p>")
