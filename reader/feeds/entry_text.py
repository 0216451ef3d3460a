"""An entry's HTML as the body text articles are stored in: one line per paragraph, heading,
list item, quotation or table row, separated by blank lines (the shape ``split_blocks`` reads,
short lines standing alone being headings), as ``reader.importing.article_body`` gives a web
page's article.

Nothing of the markup survives: scripts, styles, embedded frames and forms are dropped with
their contents, images (tracking pixels among them) with their attributes, and only text is
kept, so nothing remote can be loaded when the article is read. The fragment is parsed by lxml
with network access off; nothing is run.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml.etree import ParserError, _Element
from lxml.html import HTMLParser, fragments_fromstring

from reader.importing.decoding import clean_text

# Their text is never the article's: code, styling, embedded documents, form controls.
_DROPPED = frozenset({
    "script", "style", "noscript", "template", "iframe", "frame", "frameset", "object",
    "embed", "applet", "svg", "math", "canvas", "video", "audio", "source", "track", "img",
    "picture", "map", "form", "button", "input", "select", "option", "textarea", "head",
    "title", "meta", "link", "base",
})
# Each of these starts a line of its own (and ends it).
_BLOCKS = frozenset({
    "p", "div", "section", "article", "aside", "header", "footer", "main", "nav", "h1", "h2",
    "h3", "h4", "h5", "h6", "li", "dt", "dd", "blockquote", "figure", "figcaption", "table",
    "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl", "hr", "address", "details", "summary",
    "center",
})
_CELLS = frozenset({"td", "th"})
# Where a line ends; the source's own newlines are only spacing, as a browser shows them.
_BREAK = "\ue000"
_PARSER = HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                     collect_ids=False)
_MARKUP = re.compile(r"<[A-Za-z!/]")


def html_lines(html: str) -> list[str]:
    """The text of an HTML fragment, one line per block; no markup is left in it."""
    if not _MARKUP.search(html):
        return text_lines(_unescaped(html))
    try:
        parts = fragments_fromstring(html, parser=_PARSER)
    except (ParserError, ValueError):
        return text_lines(_unescaped(re.sub(r"<[^>]*>", " ", html)))
    pieces: list[str] = []
    for part in parts:
        if isinstance(part, str):
            pieces.append(part)
        else:
            pieces.extend(_walk(part))
            pieces.append(part.tail or "")
    return _split("".join(pieces))


def text_lines(text: str) -> list[str]:
    """Plain text: a line per paragraph, paragraphs being apart by blank lines (the lines
    wrapped inside one are joined)."""
    paragraphs = re.split(r"\n[ \t]*\n", clean_text(text))
    return [line for line in (_fold(piece) for piece in paragraphs) if line]


def _walk(element: _Element) -> Iterator[str]:
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    if tag in _DROPPED or not tag:
        return
    if tag == "br":
        yield _BREAK
        return
    block = tag in _BLOCKS
    if block:
        yield _BREAK
    elif tag in _CELLS:
        yield " | "
    pre = tag == "pre"
    yield _lines_kept(element.text, pre) if pre else element.text or ""
    for child in element:
        yield from _walk(child)
        yield _lines_kept(child.tail, pre)
    if block or tag == "pre":
        yield _BREAK


def _lines_kept(text: str | None, pre: bool) -> str:
    """Text inside ``<pre>`` keeps its line breaks; elsewhere they are spacing."""
    return (text or "").replace("\n", _BREAK) if pre else text or ""


def _split(text: str) -> list[str]:
    lines = []
    for piece in text.split(_BREAK):
        line = _fold(piece).strip(" |")
        if line:
            lines.append(line)
    return lines


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(clean_text(text).split()))


def _unescaped(text: str) -> str:
    import html

    return html.unescape(text)
