"""Find and replace across the file: text only, never markup; FTS5 index kept fresh."""

from __future__ import annotations

from app.core import search


def _file(rfile):
    doc = rfile.add_document(title="T")
    a = rfile.add_section(doc.id, heading="Migration trends",
                          body='<p>Resolution A/C.3/67/L.40/Rev.1 on <em>migrants</em>.'
                               '<span class="footnote">See migrants &amp; refugees.</span></p>')
    b = rfile.add_section(doc.id, heading="Other", body='<p><a href="https://migrants.org">x'
                                                        '</a> nothing here</p>')
    return a, b


def test_find_lists_sections_with_counts(rfile):
    a, _b = _file(rfile)
    hits = search.find(rfile, "migra")
    assert [(h.section_id, h.count) for h in hits] == [(a.id, 3)]
    assert search.find(rfile, "A/C.3/67")[0].section_id == a.id
    assert search.find(rfile, "&")[0].count == 1


def test_find_sees_changes_made_after_the_index_was_built(rfile):
    a, b = _file(rfile)
    assert [h.section_id for h in search.find(rfile, "nothing")] == [b.id]
    rfile.update_section(a.id, body="<p>nothing at all</p>")
    assert [h.section_id for h in search.find(rfile, "nothing")] == [a.id, b.id]


def test_whole_word_and_case(rfile):
    _file(rfile)
    assert search.find(rfile, "migrant", whole_word=True) == []
    assert search.find(rfile, "MIGRANTS", case=True) == []
    assert search.find(rfile, "MIGRANTS")[0].count == 2


def test_replace_touches_text_not_links_or_tags(rfile):
    a, b = _file(rfile)
    count = search.replace_all(rfile, "migrants", "people on the move")
    assert count == 2
    assert rfile.section(a.id).body == (
        '<p>Resolution A/C.3/67/L.40/Rev.1 on <em>people on the move</em>.'
        '<span class="footnote">See people on the move &amp; refugees.</span></p>')
    assert 'href="https://migrants.org"' in rfile.section(b.id).body


def test_replace_escapes_markup_in_the_replacement(rfile):
    a, _b = _file(rfile)
    search.replace_all(rfile, "refugees", "<script>x</script>")
    assert "&lt;script&gt;x&lt;/script&gt;" in rfile.section(a.id).body
