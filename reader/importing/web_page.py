"""From a saved web page to its article: the main text as paragraphs and headings, and the
page's title, date, author, site and address.

The article is found by trafilatura, the extractor that scores best on news pages in
published comparisons; menus, cookie banners, share buttons, related links and comments are
what it leaves out. Nothing on the page is run and nothing is fetched: the page is parsed by
lxml with network access off, scripts are never evaluated, and no address is followed.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from datetime import date
from typing import Any

from lxml.html import HtmlElement, HTMLParser, document_fromstring

from reader.addresses import site_of
from reader.errors import NotAnArticle
from reader.importing.article_body import article_body, body_lines, tidy_title
from reader.importing.decoding import clean_text, too_large
from reader.importing.html_charset import decode_html
from reader.importing.page_url import page_url, saver_note_url
from reader.importing.parsing import (
    MIN_WORDS,
    ParsedArticle,
    content_hash,
    make_title,
)
from reader.importing.words import count_words

NO_ARTICLE = "no article text found in the page"

# Saved pages carry their images, fonts and scripts inline: a "complete" page of a news site
# is commonly 2-10 MB and a SingleFile page up to a few tens. The text limit applies to the
# article kept, so this one only stops what no browser would save.
WEB_PAGE_MAX_BYTES = 50 * 1024 * 1024

# Removed before parsing: they are never part of the article, and on a saved page they are
# most of the bytes (parsing them would cost more than extracting the article). JSON-LD
# scripts stay: they carry the author and the publication date.
_SCRIPT = re.compile(
    r"<script\b(?![^>]*application/ld\+json)[^>]*>.*?</script\s*>", re.IGNORECASE | re.DOTALL
)
_STYLE = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.IGNORECASE | re.DOTALL)
_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[^;,\"']*)*;base64,[\w+/=\s]*")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# A web page has tags near its top; a text file named .html has none.
_MARKUP = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|main|div|p|h[1-6])[\s>/]",
    re.IGNORECASE,
)
_SNIFF_CHARS = 64 * 1024

_PARSER = HTMLParser(
    no_network=True,
    remove_comments=True,
    remove_pis=True,
    collect_ids=False,
    huge_tree=True,
)

# Extraction settings, chosen on the benchmark in bench/extraction_bench.py: precision mode
# drops the comment threads and "read more" blocks that recall mode lets through (F1 0.92 →
# 0.96 on the news pages of tests/data/pages), and tables stay because some articles are one.
_EXTRACTION: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "include_formatting": False,
    "with_metadata": True,
    "deduplicate": False,
    # Dates in the page's markup and address only: the extensive search guesses from any date
    # in the text, and an article quoting last year's events would get last year's date.
    "date_extraction_params": {"extensive_search": False, "original_date": True},
}

_LETTER = re.compile(r"[^\W\d_]")

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    # The extractor logs every page it discards as a warning; the reason reaches the user
    # through NotAnArticle instead.
    logging.getLogger(_name).addHandler(logging.NullHandler())
    logging.getLogger(_name).propagate = False


def parse_web_page(
    data: bytes,
    max_text_bytes: int,
    *,
    charset: str | None = None,
    url: str | None = None,
    fallback_title: str | None = None,
) -> ParsedArticle:
    """The article in a web page's bytes. Raises NotAnArticle with a reason fit for the user.

    ``charset`` and ``url`` are what an archive says about the page (an MHTML part's charset
    and location); the page's own declarations are used otherwise.
    """
    html = decode_html(data, charset)
    if _MARKUP.search(html, 0, _SNIFF_CHARS) is None:
        raise NotAnArticle("not a web page (no HTML markup)")
    note_url = saver_note_url(html)
    tree = _parse(html)
    document = _extract(tree)
    if document is None:
        raise NotAnArticle(NO_ARTICLE)
    address = page_url(tree, note_url or url)
    source = _clean_line(document.sitename) or site_of(address)
    title = _clean_line(document.title) or _clean_line(fallback_title)
    lines = body_lines(document.body)
    # The extractor often keeps the headline as the body's first line: evidence like an h1.
    title = tidy_title(title, [*_headlines(tree), *lines[:1]], source) if title else None
    body = article_body(lines, title)
    if not _LETTER.search(body):
        raise NotAnArticle(NO_ARTICLE)
    words = count_words(body, MIN_WORDS)
    if words < MIN_WORDS:
        raise NotAnArticle(f"too short to be an article ({words} words)")
    size = len(body.encode("utf-8"))
    if size > max_text_bytes:
        raise NotAnArticle(f"article text {too_large(max_text_bytes, size)}")
    return ParsedArticle(
        title=title or make_title(body.split("\n\n", 1)[0]),
        published=_published(document.date),
        body=body,
        content_hash=content_hash(body),
        url=address,
        author=_clean_line(document.author),
        source=source,
    )


def _parse(html: str) -> HtmlElement:
    stripped = _DATA_URI.sub("data:,", _STYLE.sub("", _SCRIPT.sub("", html)))
    # lxml refuses text that carries an encoding declaration; the text is decoded already.
    stripped = _XML_DECLARATION.sub("", stripped, count=1)
    if not stripped.strip():
        raise NotAnArticle(NO_ARTICLE)
    try:
        return document_fromstring(stripped, parser=_PARSER)
    except Exception as exc:  # lxml's errors share no useful base beyond this
        raise NotAnArticle(f"unreadable web page ({exc})") from exc


def _extract(tree: HtmlElement) -> Any:
    # Imported here: trafilatura and its dependencies take ~0.4 s to load, which text-only
    # imports and the window's start-up should not pay.
    from trafilatura import bare_extraction

    try:
        return bare_extraction(tree, **_EXTRACTION)
    except (ValueError, TypeError, RecursionError):
        return None


def _published(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _clean_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(unicodedata.normalize("NFC", clean_text(value)).split())
    return text or None


def _headlines(tree: HtmlElement) -> list[str]:
    return [text for h1 in tree.iter("h1") if (text := _clean_line(h1.text_content()))]
