"""Find and replace across the file: text only, never markup; FTS5 index kept fresh."""

from __future__ import annotations

from app.core.text import search


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
    changes = search.replace_all(rfile, "migrants", "people on the move")
    assert sum(c.count for c in changes) == 2
    assert rfile.section(a.id).body == (
        '<p>Resolution A/C.3/67/L.40/Rev.1 on <em>people on the move</em>.'
        '<span class="footnote">See people on the move &amp; refugees.</span></p>')
    assert 'href="https://migrants.org"' in rfile.section(b.id).body


def test_replace_escapes_markup_in_the_replacement(rfile):
    a, _b = _file(rfile)
    search.replace_all(rfile, "refugees", "<script>x</script>")
    assert "&lt;script&gt;x&lt;/script&gt;" in rfile.section(a.id).body


def test_find_and_replace_cover_the_title_and_fields(rfile):
    doc = rfile.add_document(title="Coastal migrants", fields={
        "meeting": "Meeting on migrants", "organizer": ["Migrants unit", "DESA"],
        "page_size": "Letter"})
    sec = rfile.add_section(doc.id, heading="Intro", body="<p>About migrants.</p>")
    hits = search.find(rfile, "migrants")
    assert [(h.section_id, h.field, h.count) for h in hits] == [
        (None, "title", 1), (None, "meeting", 1), (None, "organizer", 1), (sec.id, "", 1)]
    changes = search.replace_all(rfile, "migrants", "people")
    stored = rfile.document(doc.id)
    assert stored.title == "Coastal people"
    assert stored.fields["meeting"] == "Meeting on people"
    assert stored.fields["organizer"] == ["people unit", "DESA"]
    assert rfile.section(sec.id).body == "<p>About people.</p>"
    assert {(c.kind, c.field) for c in changes} == {
        ("title", ""), ("field", "meeting"), ("field", "organizer"), ("body", "")}


def test_replace_skips_a_field_the_replacement_would_make_invalid(rfile):
    doc = rfile.add_document(title="Letter", fields={"page_size": "Letter"})
    changes = search.replace_all(rfile, "Letter", "Memo")
    assert [c.kind for c in changes] == ["title"]
    assert rfile.document(doc.id).fields["page_size"] == "Letter"


def test_apply_undo_writes_every_old_value_back(rfile):
    a, b = _file(rfile)
    doc_id = a.document_id
    rfile.update_document(doc_id, title="Migrants report")
    before = [rfile.section(a.id).body, rfile.section(b.id).body, rfile.section(a.id).heading]
    changes = search.plan(rfile, "migra", "Mobi")
    assert rfile.section(a.id).body == before[0]  # planning writes nothing
    assert len(search.apply(rfile, changes)) == 3
    assert rfile.section(a.id).heading == "Mobition trends"
    assert search.find(rfile, "migra") == []
    assert len(search.apply(rfile, changes, undo=True)) == 3
    assert [rfile.section(a.id).body, rfile.section(b.id).body,
            rfile.section(a.id).heading] == before
    assert rfile.document(doc_id).title == "Migrants report"


def test_apply_leaves_values_changed_since_alone(rfile):
    a, _b = _file(rfile)
    changes = search.replace_all(rfile, "migrants", "people")
    rfile.update_section(a.id, body="<p>Rewritten since.</p>")
    assert search.apply(rfile, changes, undo=True) == []
    assert rfile.section(a.id).body == "<p>Rewritten since.</p>"


def test_a_word_split_by_formatting_is_found_and_replaced(rfile):
    doc = rfile.add_document(title="T")
    sec = rfile.add_section(doc.id, body='<p>The mig<strong>ra</strong>nts and '
                                         '<a href="https://x.org">migr</a>ants.'
                                         '<span class="footnote">Migrants</span>, not mi</p>'
                                         '<p>grants. Coast<span class="footnote">al</span></p>')
    assert search.find(rfile, "coastal") == []  # a footnote is not part of the sentence
    hits = search.find(rfile, "migrants")
    assert [h.count for h in hits] == [3]
    assert "The migrants and migrants." in hits[0].snippet
    search.replace_all(rfile, "migrants", "people")
    assert rfile.section(sec.id).body == (
        '<p>The people<strong></strong> and <a href="https://x.org">people</a>.'
        '<span class="footnote">people</span>, not mi</p>'
        '<p>grants. Coast<span class="footnote">al</span></p>')

