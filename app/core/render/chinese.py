"""Chinese text for WeasyPrint: justified lines, CJK punctuation, line breaking.

WeasyPrint 70 justifies by widening spaces only, so a Chinese line (no spaces) stays
ragged and a lone space takes all the slack. space_out() wraps each run of Chinese
characters in <span class="cjk"> and puts a space between its characters; the
templates give .cjk the Chinese font and a word-spacing of minus one space
(templates/_shared/base.css), so the spaces take no room until a line is justified,
when the slack spreads over every gap. Where a line may not break (before a closing
mark such as "，" or "”", after an opening one) the gap is a no-break space. ASCII
quotation marks and punctuation typed next to Chinese become their full-width forms
(a "." ending a Chinese sentence becomes "。"), and a space typed after a full-width
mark is dropped (the mark carries its own: "纽约，2013年", "任务授权：A/RES/67/219").
Only the text of the page's <body> changes, never a tag or an attribute, and only
where the language is Chinese: the whole body of a Chinese page, and in a page of
another language the elements marked lang="zh" (and what they hold, unless it says
another lang), so a Chinese passage in an English report is justified flush too.
"""

from __future__ import annotations

import re

from app.core.render.textnodes import map_body_text

CJK_OPEN = '<span class="cjk">'
CJK_CLOSE = "</span>"
_HAN = (r"\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf"
        r"\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f")
_OPENING = "“‘（《〈「『【〔〖［｛"
_CLOSING = "”’）》〉」』】〕〗］｝，。、；：！？…—·％"
_PUNCT = _OPENING + _CLOSING + "～"
_CHAR = f"[{_HAN}{re.escape(_PUNCT)}]"
_RUN = re.compile(f"{_CHAR}+")
_HAN_CHAR = f"[{_HAN}]"
_FULL_WIDTH = {",": "，", ";": "；", ":": "：", "!": "！", "?": "？"}
_ASCII_AFTER_HAN = re.compile(f"(?<=[{_HAN}{re.escape(_CLOSING)}])([,;:!?])(?!\\d)")
_OPEN_PAREN = re.compile(f"\\((?={_HAN_CHAR})")
_CLOSE_PAREN = re.compile(f"(?<={_HAN_CHAR})\\)")
_OPEN_QUOTE = re.compile(f'(?:(?<=^)|(?<=[\\s{_HAN}{re.escape(_PUNCT)}]))"(?=\\S)')
_CLOSE_QUOTE = re.compile('"')
_SPACES_AROUND = re.compile(f"(?<={_CHAR})[ \u00a0]+(?={_CHAR})")
_FULL_STOP = re.compile(f"(?<={_HAN_CHAR})\\.(?=\\s|$)")
_SPACES_AFTER_MARK = re.compile("(?<=[，、；：。！？])[ \u00a0]+(?=\\S|$)")
_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<(/?)\s*([A-Za-z][A-Za-z0-9]*)([^>]*?)(/?)>", re.DOTALL)
_LANG = re.compile(r"""\slang\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_VOID = frozenset(["br", "img", "hr", "meta", "link", "input", "wbr", "col", "source"])
_RAW = frozenset(["style", "script", "textarea", "title"])
_MARK_BEFORE_NOTE = re.compile(
    "([，。、；：！？”’）》」』])" + re.escape(CJK_CLOSE) + r"""(?=<span class=["']footnote\b)""")


def is_chinese(language: str) -> bool:
    """Return whether a BCP 47 tag is Chinese."""
    return language.lower().split("-")[0] == "zh"


def space_out(html: str, page_language: str = "zh") -> str:
    """Return html with the Chinese runs of its Chinese body text spaced out in cjk spans."""
    if is_chinese(page_language):
        return _chinese_page(html)
    if not re.search(r"\slang\s*=\s*[\"']?zh", html, re.IGNORECASE):
        return html
    body = _BODY.search(html)
    start = body.end() if body else 0
    return html[:start] + half_width_before_notes(
        "".join(_zh_passages(_TOKEN.split(html[start:]), page_language)))


def _chinese_page(html: str) -> str:
    """Return a Chinese page with every text node of its body spaced out."""
    return half_width_before_notes(map_body_text(html, lambda text, _before: _text(text)))


def half_width_before_notes(html: str) -> str:
    """Return html with a full-width mark just before a footnote call set half-width.

    "。" holds its own blank half em, which would stand between the sentence and the
    call: the font's "halt" feature (base.css .halt) takes it away.
    """
    return _MARK_BEFORE_NOTE.sub(r'<span class="halt">\1</span>' + CJK_CLOSE, html)


def _zh_passages(tokens: list[str], page_language: str) -> list[str]:
    """Return tokens with the text inside elements whose language is Chinese spaced out."""
    stack: list[tuple[str, str]] = [("", page_language)]
    out = []
    for token in tokens:
        match = _TAG.fullmatch(token) if token.startswith("<") else None
        if match is None:
            zh = is_chinese(stack[-1][1]) and stack[-1][0] not in _RAW
            out.append(_text(token) if zh and not token.startswith("<!--") else token)
            continue
        closing, name, rest, self_closing = match.groups()
        name = name.lower()
        if closing:
            while len(stack) > 1 and stack.pop()[0] != name:
                pass
        elif name not in _VOID and not self_closing:
            stack.append((name, _lang(rest) or stack[-1][1]))
        out.append(token)
    return out


def _lang(attributes: str) -> str:
    """Return the lang attribute in a start tag's attribute text, or ""."""
    match = _LANG.search(" " + attributes)
    return next((group for group in match.groups() if group is not None), "") if match else ""


def _text(text: str) -> str:
    """Return one text node with full-width punctuation and spaced-out Chinese runs."""
    if not re.search(_HAN_CHAR, text):
        return text
    text = punctuate(text.replace("&#34;", '"').replace("&quot;", '"'))
    return _RUN.sub(lambda match: f"{CJK_OPEN}{gaps(match.group())}{CJK_CLOSE}", text)


def punctuate(text: str) -> str:
    """Return text with ASCII punctuation and quotes beside Chinese made full-width."""
    text = _OPEN_PAREN.sub("（", _CLOSE_PAREN.sub("）", text))
    text = _ASCII_AFTER_HAN.sub(lambda match: _FULL_WIDTH[match.group(1)], text)
    text = _SPACES_AFTER_MARK.sub("", _FULL_STOP.sub("。", text))
    text = _OPEN_QUOTE.sub("“", text)
    text = _CLOSE_QUOTE.sub("”", text) if "“" in text else text
    return _SPACES_AROUND.sub("", text)


def gaps(run: str) -> str:
    """Return a run of Chinese characters with a space (or no-break space) between each."""
    out = [run[0]]
    for before, after in zip(run, run[1:], strict=False):
        if before == after and before in "—…":
            out.append(after)  # —— and …… never split
            continue
        keep = before in _OPENING or after in _CLOSING
        out.append(("\u00a0" if keep else " ") + after)
    return "".join(out)
