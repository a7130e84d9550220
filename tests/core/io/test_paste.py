"""Tests for clipboard HTML (Word, LibreOffice, Google Docs, web pages) to the body subset."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.io import paste
from app.core.io.paste import from_clipboard_html
from app.core.text.sanitize import clean, is_clean

# What Word (Windows, Microsoft 365) puts on the clipboard as HTML, cut down by hand: the
# head junk, the StartFragment/EndFragment comments, downlevel-only conditional comments,
# a footnote call and the footnote list after the fragment, style- and tag-based formatting,
# a bulleted and a numbered list made of list paragraphs, line breaks inside attributes.
WORD_HEAD = """<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word"
xmlns:m="http://schemas.microsoft.com/office/2004/12/omml"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=utf-8">
<meta name=ProgId content=Word.Document>
<meta name=Generator content="Microsoft Word 15">
<meta name=Originator content="Microsoft Word 15">
<link rel=File-List
href="file:///C:/Users/drafter/AppData/Local/Temp/msohtmlclip1/01/clip_filelist.xml">
<!--[if gte mso 9]><xml>
 <o:OfficeDocumentSettings>
  <o:AllowPNG/>
 </o:OfficeDocumentSettings>
</xml><![endif]-->
<style>
<!--
 /* Style Definitions */
 p.MsoNormal, li.MsoNormal, div.MsoNormal
\t{mso-style-unhide:no;
\tmargin:0cm;
\tfont-size:12.0pt;
\tfont-family:"Times New Roman",serif;}
p.MsoFootnoteText, li.MsoFootnoteText, div.MsoFootnoteText
\t{mso-style-link:"Footnote Text Char";
\tfont-size:10.0pt;}
span.MsoFootnoteReference
\t{vertical-align:super;}
@list l0:level1
\t{mso-level-number-format:bullet;
\tmso-level-text:\\F0B7;
\tfont-family:Symbol;}
-->
</style>
<!--[if gte mso 10]>
<style>
 table.MsoNormalTable
\t{mso-style-name:"Table Normal";}
</style>
<![endif]-->
</head>

"""
WORD_BODY = """<body lang=EN-GB style='tab-interval:36.0pt;word-wrap:break-word'>
<!--StartFragment-->

<h1><a name="_Toc170000001"><span lang=EN-GB>Implementation of resolution 75/1</span></a></h1>

<p class=MsoNormal><span lang=EN-GB style='mso-ansi-language:EN-GB'>At its 67<sup>th</sup>
session the Committee <span style='font-weight:bold'>welcomed</span> the <i>Report
of the Secretary-General</i><a style='mso-footnote-id:ftn1' href="#_ftn1"
name="_ftnref1" title=""><span class=MsoFootnoteReference><span
style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span lang=EN-GB style='font-size:12.0pt;
font-family:"Times New Roman",serif'>[1]</span></span><![endif]></span></span></a>
and took note of the <a href="https://www.un.org/en/about-us"><span
style='color:windowtext;text-decoration:none;text-underline:none'>work</span></a>
done.<o:p></o:p></span></p>

<p class=MsoNormal><o:p>&nbsp;</o:p></p>

<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;
mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>Food security;<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpMiddle style='text-indent:-18.0pt;
mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>Water and <b style='mso-bidi-font-weight:
normal'>sanitation</b>;<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;
mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol;mso-fareast-font-family:Symbol;mso-bidi-font-family:
Symbol'><span style='mso-list:Ignore'>·<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=FR style='mso-ansi-language:FR'>Éducation
pour tous</span><span lang=EN-GB>.<o:p></o:p></span></p>

<p class=MsoNormal><span lang=EN-GB>The Committee decided:<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpFirst style='margin-left:36.0pt;mso-add-space:
auto;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
lang=EN-GB><span style='mso-list:Ignore'>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>To <u>renew</u> the
mandate;<o:p></o:p></span></p>

<p class=MsoListParagraphCxSpLast style='margin-left:36.0pt;mso-add-space:
auto;text-indent:-18.0pt;mso-list:l1 level1 lfo2'><![if !supportLists]><span
lang=EN-GB><span style='mso-list:Ignore'>2.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span></span><![endif]><span lang=EN-GB>To report at its
68<sup>th</sup> session.<o:p></o:p></span></p>

<!--EndFragment-->
<div style='mso-element:footnote-list'><![if !supportFootnotes]><br clear=all>

<hr align=left size=1 width="33%">

<![endif]>

<div style='mso-element:footnote' id=ftn1>

<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1"
name="_ftn1" title=""><span class=MsoFootnoteReference><span lang=EN-GB><span
style='mso-special-character:footnote'><![if !supportFootnotes]><span
class=MsoFootnoteReference><span lang=EN-GB style='font-size:10.0pt;
font-family:"Times New Roman",serif'>[1]</span></span><![endif]></span></span></span></a><span
lang=EN-GB> See <i>A/79/123</i>, para.&nbsp;4.<o:p></o:p></span></p>

</div>

</div>

</body>

</html>
"""
WORD_EXPECTED = (
    "<h3>Implementation of resolution 75/1</h3>"
    "<p>At its 67<sup>th</sup> session the Committee <strong>welcomed</strong> the "
    "<em>Report of the Secretary-General</em>"
    '<span class="footnote">See <em>A/79/123</em>, para.&nbsp;4.</span>'
    ' and took note of the <a href="https://www.un.org/en/about-us">work</a> done.</p>'
    "<ul><li>Food security;</li><li>Water and <strong>sanitation</strong>;</li>"
    '<li><span lang="FR">Éducation pour tous</span>.</li></ul>'
    "<p>The Committee decided:</p>"
    "<ol><li>To <u>renew</u> the mandate;</li><li>To report at its 68<sup>th</sup> session.</li>"
    "</ol>"
)


def _word(body: str, lang: str = "EN-GB") -> str:
    """Return body wrapped as Word wraps a clipboard fragment."""
    return (
        f"{WORD_HEAD}<body lang={lang} style='tab-interval:36.0pt'>\n<!--StartFragment-->\n\n"
        f"{body}\n\n<!--EndFragment-->\n</body>\n\n</html>\n"
    )


def _word_list_paragraph(marker: str, level: int, text: str) -> str:
    """Return one Word list paragraph with its downlevel-only marker."""
    return (
        f"<p class=MsoListParagraphCxSpMiddle style='margin-left:{36 * level}.0pt;"
        f"mso-add-space:\nauto;text-indent:-18.0pt;mso-list:l0 level{level} lfo1'>"
        "<![if !supportLists]><span style='mso-bidi-font-family:Calibri'><span\n"
        f"style='mso-list:Ignore'>{marker}<span style='font:7.0pt \"Times New Roman\"'>"
        "&nbsp;&nbsp;&nbsp;\n</span></span></span><![endif]>"
        f"{text}<o:p></o:p></p>\n"
    )


def test_word_clipboard_document() -> None:
    out = from_clipboard_html(WORD_HEAD + WORD_BODY)
    assert out == WORD_EXPECTED
    assert is_clean(out)


def test_word_footnote_list_inside_the_fragment_and_call_without_conditional() -> None:
    body = """<p class=MsoNormal>Text<a style='mso-footnote-id:ftn2' href="#_ftn2"
name="_ftnref2" title=""><span class=MsoFootnoteReference><span
style='mso-special-character:footnote'></span></span></a> continues.</p>
<div style='mso-element:footnote-list'>
<div style='mso-element:footnote' id=ftn2>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn2' href="#_ftnref2" name="_ftn2"
title=""><span class=MsoFootnoteReference><span style='mso-special-character:footnote'></span>
</span></a> First paragraph.</p>
<p class=MsoFootnoteText>Second <span style='font-style:italic'>paragraph</span>.</p>
</div></div>"""
    assert from_clipboard_html(_word(body)) == (
        '<p>Text<span class="footnote">First paragraph.<br>Second <em>paragraph</em>.</span>'
        " continues.</p>"
    )


def test_word_endnote() -> None:
    body = """<p class=MsoNormal>Agreed<a style='mso-endnote-id:edn1' href="#_edn1"
name="_ednref1" title=""><span class=MsoEndnoteReference><span
style='mso-special-character:footnote'><![if !supportFootnotes]>[i]<![endif]></span></span></a>.</p>
<div style='mso-element:endnote-list'><![if !supportEndnotes]><br clear=all>
<hr align=left size=1 width="33%">
<![endif]>
<div style='mso-element:endnote' id=edn1>
<p class=MsoEndnoteText><a style='mso-endnote-id:edn1' href="#_ednref1" name="_edn1"
title=""><span class=MsoEndnoteReference><![if !supportFootnotes]>[i]<![endif]></span></a>
By consensus.</p>
</div></div>"""
    assert from_clipboard_html(_word(body)) == (
        '<p>Agreed<span class="footnote">By consensus.</span>.</p>'
    )


def test_word_note_called_in_bold_text_is_not_bold_and_keeps_its_cross_reference() -> None:
    body = """<p class=MsoNormal><b>Decision 12/3<a style='mso-footnote-id:ftn1' href="#_ftn1"
name="_ftnref1" title=""><span class=MsoFootnoteReference><![if !supportFootnotes]>[1]<![endif]>
</span></a> adopted</b>.</p>
<div style='mso-element:footnote-list'><div style='mso-element:footnote' id=ftn1>
<p class=MsoFootnoteText><a style='mso-footnote-id:ftn1' href="#_ftnref1" name="_ftn1"
title=""><![if !supportFootnotes]>[1]<![endif]></a> See paragraph <a href="#_Ref170001">5</a>
above.</p></div></div>"""
    assert from_clipboard_html(_word(body)) == (
        '<p><strong>Decision 12/3</strong><span class="footnote">See paragraph 5 above.</span>'
        "<strong> adopted</strong>.</p>"
    )


def test_word_nested_and_mixed_lists() -> None:
    body = (
        _word_list_paragraph("·", 1, "Goals")
        + _word_list_paragraph("a)", 2, "Poverty")
        + _word_list_paragraph("b)", 2, "Hunger")
        + _word_list_paragraph("o", 3, "Rural areas")
        + _word_list_paragraph("·", 1, "Means")
        + _word_list_paragraph("i.", 1, "First")
        + _word_list_paragraph("(2)", 1, "Second")
    )
    assert from_clipboard_html(_word(body)) == (
        "<ul><li>Goals<ol><li>Poverty</li><li>Hunger<ul><li>Rural areas</li></ul></li></ol></li>"
        "<li>Means</li></ul><ol><li>First</li><li>Second</li></ol>"
    )


def test_word_numbered_heading_and_heading_levels() -> None:
    body = """<h1 style='mso-list:l2 level1 lfo3'><![if !supportLists]><span
style='mso-list:Ignore'>1.<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span><![endif]>Introduction</h1>
<h2><b>Background</b></h2>
<h3>Mandate</h3>
<h4>Sources</h4>
<h6>Notes</h6>
<p class=MsoTitle>Title-styled paragraph</p>"""
    assert from_clipboard_html(_word(body)) == (
        "<h3>Introduction</h3><h3>Background</h3><h4>Mandate</h4><h5>Sources</h5><h5>Notes</h5>"
        "<p>Title-styled paragraph</p>"
    )


def test_word_table() -> None:
    body = """<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0
 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184;mso-padding-alt:
 0cm 5.4pt 0cm 5.4pt'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b>Region<o:p></o:p></b></p>
  </td>
  <td width=301 valign=top style='width:225.4pt;border:solid windowtext 1.0pt;
  border-left:none;padding:0cm 5.4pt 0cm 5.4pt'>
  <p class=MsoNormal><b>Share</b><sup>a</sup><o:p></o:p></p>
  </td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=301 valign=top style='width:225.4pt'>
  <p class=MsoNormal>Africa<o:p></o:p></p>
  <p class=MsoNormal>(sub-Saharan)<o:p></o:p></p>
  </td>
  <td width=301 valign=top style='width:225.4pt'>
  <p class=MsoNormal><o:p>&nbsp;</o:p></p>
  </td>
 </tr>
</table>"""
    assert from_clipboard_html(_word(body)) == (
        "<table><tbody><tr><td><strong>Region</strong></td><td><strong>Share</strong><sup>a</sup>"
        "</td></tr><tr><td>Africa<br>(sub-Saharan)</td><td></td></tr></tbody></table>"
    )


def test_word_comments_hidden_text_and_tracked_changes_are_dropped() -> None:
    body = """<p class=MsoNormal>Kept<span class=MsoCommentReference><![if !supportAnnotations]><a
class=msocomanchor id="_anchor_1" href="#_msocom_1" language=JavaScript
name="_msoanchor_1">[JD1]</a><![endif]></span> text<span style='display:none;mso-hide:all'>
hidden</span> <span class=msoIns><ins cite="mailto:Jane"
datetime="2025-01-01T10:00">new</ins></span><span class=msoDel><del cite="mailto:Jane"
datetime="2025-01-01T10:00">old</del></span>.</p>
<div style='mso-element:comment-list'><![if !supportAnnotations]><hr class=msocomoff
align=left size=1 width="33%"><![endif]>
<div style='mso-element:comment'><![if !supportAnnotations]><div id="_com_1"
class=msocomtxt language=JavaScript><![endif]><div><p class=MsoCommentText>Check this.</p>
</div><![if !supportAnnotations]></div><![endif]></div></div>"""
    assert from_clipboard_html(_word(body)) == "<p>Kept text new.</p>"


def test_word_languages_equal_to_the_body_language_are_dropped() -> None:
    body = """<p class=MsoNormal><span lang=EN-US>Same</span> <span lang=X-NONE>none</span>
<span lang=AR-SA dir=RTL style='mso-bidi-language:AR-SA'>نص</span></p>
<p class=MsoNormal lang=FR>Texte <span lang=FR>français</span>
<span lang=EN-US>English</span></p>"""
    assert from_clipboard_html(_word(body, lang="EN-US")) == (
        '<p>Same none <span lang="AR-SA" dir="rtl">نص</span></p>'
        '<p lang="FR">Texte français <span lang="EN-US">English</span></p>'
    )


def test_word_space_runs_become_spaces() -> None:
    body = """<p class=MsoNormal>Item<span style='mso-tab-count:1'>&nbsp;&nbsp;&nbsp; </span>one
<span style='mso-spacerun:yes'>&nbsp;&nbsp; </span>two&nbsp;000</p>"""
    assert from_clipboard_html(_word(body)) == "<p>Item one two&nbsp;000</p>"


LIBREOFFICE = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"/><title></title>
<meta name="generator" content="LibreOffice 24.2.7.2 (Linux)"/><style type="text/css">
@page { size: 21cm 29.7cm; margin: 2cm }
p { line-height: 115%; margin-bottom: 0.25cm; background: transparent }
p.western { font-family: "Liberation Serif", serif; font-size: 12pt; so-language: en-GB }
a:link { color: #000080; so-language: zxx; text-decoration: underline }
.sdfootnoteanc { vertical-align: super }
</style></head>
<body lang="en-GB" link="#000080" vlink="#800000" dir="ltr">
<h1 class="western">Summary</h1>
<p class="western" style="line-height: 100%; margin-bottom: 0cm"><font face="Liberation Serif, \
serif"><font size="3" style="font-size: 12pt">The <b>Board</b> noted the <i>report</i><a \
class="sdfootnoteanc" name="sdfootnote1anc" href="#sdfootnote1sym"><sup>1</sup></a> on \
H<sub>2</sub>O and CO<sub>2</sub> <u>levels</u>.</font></font></p>
<ol>
\t<li><p class="western" style="margin-bottom: 0cm">First <span lang="fr-FR">point</span></p></li>
\t<li><p class="western">Second point</p></li>
</ol>
<div id="sdfootnote1"><p class="sdfootnote-western"><a class="sdfootnotesym-western" \
name="sdfootnote1sym" href="#sdfootnote1anc">1</a>Document <i>E/2024/5</i>.</p>
</div>
</body>
</html>
"""


def test_libreoffice_clipboard_document() -> None:
    assert from_clipboard_html(LIBREOFFICE) == (
        "<h3>Summary</h3>"
        "<p>The <strong>Board</strong> noted the <em>report</em>"
        '<span class="footnote">Document <em>E/2024/5</em>.</span>'
        " on H<sub>2</sub>O and CO<sub>2</sub> <u>levels</u>.</p>"
        '<ol><li>First <span lang="fr-FR">point</span></li><li>Second point</li></ol>'
    )


def test_libreoffice_endnote() -> None:
    html = """<body lang="en-GB"><p>Done<a class="sdendnoteanc" name="sdendnote1anc"
href="#sdendnote1sym"><sup>i</sup></a>.</p>
<div id="sdendnote1"><p class="sdendnote-western"><a class="sdendnotesym-western"
name="sdendnote1sym" href="#sdendnote1anc">i</a>An endnote.</p></div></body>"""
    assert from_clipboard_html(html) == '<p>Done<span class="footnote">An endnote.</span>.</p>'


GOOGLE_DOCS = (
    '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1f2e3d4c-7fff-'
    'a1b2-c3d4-e5f6a7b8c9d0"><p dir="ltr" style="line-height:1.38;margin-top:0pt;margin-bottom:'
    '0pt;"><span style="font-size:11pt;font-family:Arial,sans-serif;color:#000000;background-color:'
    "transparent;font-weight:400;font-style:normal;font-variant:normal;text-decoration:none;"
    'vertical-align:baseline;white-space:pre;white-space:pre-wrap;">Plain and </span><span style='
    '"font-size:11pt;font-family:Arial,sans-serif;color:#000000;font-weight:700;font-style:normal;'
    'text-decoration:none;vertical-align:baseline;white-space:pre-wrap;">bold</span><span style="'
    'font-size:11pt;font-family:Arial,sans-serif;font-weight:400;font-style:italic;text-decoration:'
    'none;vertical-align:baseline;white-space:pre-wrap;"> italic</span><span style="font-size:'
    '6.6pt;font-family:Arial,sans-serif;font-weight:400;vertical-align:super;white-space:pre-wrap;'
    '">2</span><span style="font-size:11pt;font-weight:400;text-decoration:underline;'
    '-webkit-text-decoration-skip:none;white-space:pre-wrap;"> underlined</span> <a href="https:'
    '//undocs.org/A/RES/70/1" style="text-decoration:none;"><span style="font-size:11pt;color:'
    '#1155cc;font-weight:400;text-decoration:underline;-webkit-text-decoration-skip:none;">'
    'A/RES/70/1</span></a></p><br><ul style="margin-top:0;margin-bottom:0;padding-inline-start:'
    '48px;"><li dir="ltr" style="list-style-type:disc;font-size:11pt;" aria-level="1"><p dir="ltr"'
    ' style="line-height:1.38;margin-top:0pt;margin-bottom:0pt;" role="presentation"><span style='
    '"font-size:11pt;font-weight:400;">One</span></p></li><ul style="margin-top:0;margin-bottom:'
    '0;padding-inline-start:48px;"><li dir="ltr" style="list-style-type:circle;" aria-level="2">'
    '<p dir="ltr" role="presentation"><span style="font-weight:400;">One A</span></p></li></ul>'
    '<li dir="ltr" style="list-style-type:disc;" aria-level="1"><p dir="ltr" role="presentation">'
    '<span style="font-weight:400;">Two</span></p></li></ul></b>'
)


def test_google_docs_wrapper_is_not_bold() -> None:
    assert from_clipboard_html(GOOGLE_DOCS) == (
        "<p>Plain and <strong>bold</strong><em> italic</em><sup>2</sup><u> underlined</u> "
        '<a href="https://undocs.org/A/RES/70/1">A/RES/70/1</a></p>'
        "<ul><li>One<ul><li>One A</li></ul></li><li>Two</li></ul>"
    )


def test_web_page_blocks_and_breaks() -> None:
    html = """<html><body><div class="article"><div>First <b>line</b><br>second line</div>
<div><div>Nested</div>tail</div><section><p>Para</p><pre>a
b</pre></section><blockquote><p>Quoted</p>loose</blockquote>
<table><caption>Table 1</caption><thead><tr><th><b>H</b></th></tr></thead>
<tfoot><tr><td>Foot</td></tr></tfoot></table></div></body></html>"""
    assert from_clipboard_html(html) == (
        "<p>First <strong>line</strong><br>second line</p><p>Nested</p><p>tail</p><p>Para</p>"
        "<p>a<br>b</p><blockquote><p>Quoted</p><p>loose</p></blockquote><p>Table 1</p>"
        "<table><thead><tr><th>H</th></tr></thead><tbody><tr><td>Foot</td></tr></tbody></table>"
    )


@pytest.mark.parametrize(
    ("given_html", "expected"),
    [
        ('<html dir="rtl"><body><p>نص <span dir="ltr">abc</span></p><p dir="ltr">left</p>',
         '<p dir="rtl">نص <span dir="ltr">abc</span></p><p dir="ltr">left</p>'),
        ('<html dir="rtl"><body>نص</body></html>', '<span dir="rtl">نص</span>'),
        ('<div lang="fr"><p>un</p><p lang="en">two</p></div>',
         '<p lang="fr">un</p><p lang="en">two</p>'),
        ('<p dir="ltr">Google puts ltr everywhere</p>', "<p>Google puts ltr everywhere</p>"),
    ],
)
def test_direction_and_language_of_containers(given_html: str, expected: str) -> None:
    assert from_clipboard_html(given_html) == expected


@pytest.mark.parametrize(
    ("given_html", "expected"),
    [
        ("<b>x</b> y", "<strong>x</strong> y"),
        ("<meta charset='utf-8'><span style=\"color:red\">a phrase</span>", "a phrase"),
        ("<i>inline</i> with<br>a break", "<em>inline</em> with<br>a break"),
        ("\n  <u>u</u>\n", "<u>u</u>"),
        ("one\x0b\n two", "one two"),
        ("", ""),
    ],
)
def test_inline_fragments_stay_inline(given_html: str, expected: str) -> None:
    assert from_clipboard_html(given_html) == expected


@pytest.mark.parametrize(
    ("given_html", "expected"),
    [
        ("intro<ul><li>a</li></ul>tail", "<p>intro</p><ul><li>a</li></ul><p>tail</p>"),
        ("<b>bold <p>para</p> more</b>",
         "<p><strong>bold</strong></p><p><strong>para</strong></p><p><strong>more</strong></p>"),
        ('<a href="https://un.org"><div>block link</div></a>',
         '<p><a href="https://un.org">block link</a></p>'),
        ("<p>a<table><tr><td>cell</td></tr></table>b</p>",
         "<p>a</p><table><tbody><tr><td>cell</td></tr></tbody></table><p>b</p>"),
        ("<li>orphan</li><li>items</li>", "<ul><li>orphan</li><li>items</li></ul>"),
        ("<p>&nbsp;</p><p> <br> </p><p>x</p>", "<p>x</p>"),
    ],
)
def test_structure_is_regularised(given_html: str, expected: str) -> None:
    assert from_clipboard_html(given_html) == expected


@pytest.mark.parametrize(
    ("given_html", "expected"),
    [
        ('<span style="font-weight:bold">b</span>', "<strong>b</strong>"),
        ('<span style="font-weight: 600 !important">b</span>', "<strong>b</strong>"),
        ('<span style="font:bold 12px Arial">b</span>', "<strong>b</strong>"),
        ('<span style="mso-bidi-font-weight:bold">not</span>', "not"),
        ('<b style="font-weight:normal">not</b>', "not"),
        ('<strong><span style="font-weight:bold">once</span></strong>', "<strong>once</strong>"),
        ('<span style="FONT-STYLE: Italic">i</span>', "<em>i</em>"),
        ('<i style="font-style:normal">not</i>', "not"),
        ('<span style="text-decoration:underline line-through">u</span>', "<u>u</u>"),
        ('<span style="text-decoration-line:underline">u</span>', "<u>u</u>"),
        ('<span style="vertical-align:super">th</span>', "<sup>th</sup>"),
        ('<span style="vertical-align:sub">2</span>', "<sub>2</sub>"),
        ('<span style="font-weight:700;font-style:italic;text-decoration:underline;'
         'vertical-align:super">all</span>', "<strong><em><u><sup>all</sup></u></em></strong>"),
        ('<cite>Title</cite> <s>struck</s> <font color="red">red</font>',
         "<em>Title</em> struck red"),
        ("a<b> </b>x", "a x"),
    ],
)
def test_style_formatting(given_html: str, expected: str) -> None:
    assert from_clipboard_html(given_html) == expected


@pytest.mark.parametrize(
    ("given_html", "expected"),
    [
        ('<a href="mailto:desk@un.org">mail</a>', '<a href="mailto:desk@un.org">mail</a>'),
        ('<a href="javascript:alert(1)">js</a>', "js"),
        ('<a href="/relative/page.html">rel</a>', "rel"),
        ('<a href="#section-2">anchor</a>', "anchor"),
        ('<a name="_Toc1"></a>x', "x"),
        ('<a href="http://[broken">bad</a>', "bad"),
    ],
)
def test_links(given_html: str, expected: str) -> None:
    assert from_clipboard_html(given_html) == expected


def test_note_calls_without_bodies_are_dropped_and_notes_are_not_superscript() -> None:
    html = """<p>One<a href="#_ftn9" name="_ftnref9">[9]</a> two<sup><a class="sdfootnoteanc"
href="#sdfootnote1sym">1</a></sup>.</p><div id="sdfootnote1"><p><a href="#sdfootnote1anc">1</a>
Note.</p></div>"""
    assert from_clipboard_html(html) == '<p>One two<span class="footnote">Note.</span>.</p>'


def test_malicious_content_is_dropped() -> None:
    html = """<html><head><style>p { background: url(https://evil.example/x.png) }</style>
<script>alert(1)</script></head><body onload="alert(1)">
<p onclick="steal()" style="background:url(file:///etc/passwd)">Safe <img
src="file:///etc/passwd" onerror="alert(1)">text<script>alert(2)</script></p>
<iframe src="https://evil.example"></iframe><object data="x.swf"></object>
<svg onload="alert(1)"><a href="https://svg.example">svg</a></svg>
<p><a href="javascript:alert(3)" onmouseover="x()">click</a> <a href="data:text/html,hi">data</a>
<a href="vbscript:x">vb</a></p><form action="https://evil.example"><input value="typed">
<button>Go</button><textarea>secret</textarea></form>
<noscript><p>no</p></noscript><template><p>tpl</p></template>
<p style="display:none">hidden</p><math><mi>x</mi></math>
</body></html>"""
    assert from_clipboard_html(html) == "<p>Safe text</p><p>click data vb</p>"


def test_windows_cf_html_header_is_stripped() -> None:
    html = (
        "Version:0.9\r\nStartHTML:0000000105\r\nEndHTML:0000000199\r\n"
        "StartFragment:0000000141\r\nEndFragment:0000000163\r\n"
        "<html><body>\r\n<!--StartFragment--><b>x</b><!--EndFragment-->\r\n</body></html>"
    )
    assert from_clipboard_html(html) == "<strong>x</strong>"
    too_deep = html.replace("<body>", "<body>" + "<div>" * 300)  # only cleaned
    assert from_clipboard_html(too_deep) == "<strong>x</strong>"


def test_failure_falls_back_to_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(html: str) -> list[object]:
        raise RecursionError(html)

    monkeypatch.setattr(paste, "_transform", broken)
    assert from_clipboard_html("<p><b>x</b><script>y</script></p>") == "<p><strong>x</strong></p>"


def test_very_large_input_is_only_cleaned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paste, "MAX_PARSE_CHARS", 10)
    html = '<span style="font-weight:bold">bold</span><p>para</p>'
    assert from_clipboard_html(html) == clean(html) == "<span>bold</span><p>para</p>"


def test_deep_nesting_is_converted_up_to_a_limit_then_only_cleaned() -> None:
    assert from_clipboard_html("<div><i>" * 120 + "deep" + "</i></div>" * 120) == (
        "<p><em>deep</em></p>"
    )
    deep = "<div><i>" * 3000 + "deep" + "</i></div>" * 3000
    assert from_clipboard_html(deep) == clean(deep)
    lists = "<ul><li>" * 250 + "deep"  # within the limit, but past Python's recursion limit
    assert from_clipboard_html(lists) == clean(lists)


def test_lone_surrogates_do_not_raise() -> None:
    out = from_clipboard_html("<p>a\ud800b</p>")
    assert out == "<p>a?b</p>"


FRAGMENTS = [
    "<p>", "</p>", "<b>", "</b>", "<i>", "<div>", "</div>", "<ul><li>", "</li>", "</ul>", "<li>",
    "<table><tr><td>", "</td><td>", "</table>", "<br>", "<h1>", "</h1>", "<blockquote>", "<pre>",
    '<span style="font-weight:bold">', '<span style="vertical-align:super">', "</span>",
    '<b style="font-weight:normal">', "<sup>", "</sup>", '<a href="https://un.org">', "</a>",
    '<a href="#_ftn1" name="_ftnref1">', "<div style='mso-element:footnote' id=ftn1>",
    "<div style='mso-element:footnote-list'>", '<a href="#_ftnref1">[1]</a>',
    "<p class=MsoListParagraph style='mso-list:l0 level1 lfo1'>", "<p style='mso-list:l0 level2'>",
    "<![if !supportLists]>", "<span style='mso-list:Ignore'>1.", "<![endif]>", "<o:p>", "</o:p>",
    '<a class="sdfootnoteanc" href="#sdfootnote1sym">', '<div id="sdfootnote1">',
    '<span class="footnote">', "<script>", "<style>", "<img src=x>", "<!-- c -->", "&nbsp;",
    '<p lang="fr" dir="rtl">', '<span lang="EN-US">', "&amp;", "<", ">", "\n", " ", "texte", "نص",
]
HTMLISH = st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=6), max_size=30).map("".join)
# Headings are left out here: h1/h2 and h3 map to h3 and h4, so a pasted h3 goes down a level.
NO_HEADINGS = st.lists(
    st.sampled_from([f for f in FRAGMENTS if "h1>" not in f]) | st.text(max_size=6), max_size=30
).map("".join)


@settings(max_examples=100, deadline=None)
@given(st.one_of(st.text(), HTMLISH))
def test_fuzz_never_raises_and_output_is_clean(html: str) -> None:
    out = from_clipboard_html(html)
    assert is_clean(out)
    assert clean(out) == out


@settings(max_examples=100, deadline=None)
@given(NO_HEADINGS)
def test_fuzz_pasting_the_output_again_changes_nothing(html: str) -> None:
    out = from_clipboard_html(html)
    assert from_clipboard_html(out) == out
