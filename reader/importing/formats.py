"""One entry point for every kind of file an article comes in: the reader is chosen by the
file's suffix, then the bytes are checked to be what the suffix says.

* ``.txt`` and anything unnamed: plain text (``parsing.load_article``);
* ``.md``, ``.markdown``: clipped Markdown when it opens with front matter, else plain text;
* ``.html``, ``.htm``, ``.xhtml``: a saved web page (an MHTML archive saved under that name
  is read as one);
* ``.mhtml``, ``.mht``: a web archive.

Web pages get a larger limit on their raw bytes, since inline images and scripts are most of
a saved page; the usual limit applies to the article text kept from them.
"""

from __future__ import annotations

from pathlib import Path

from reader.errors import NotAnArticle
from reader.importing.clipping import parse_clipping
from reader.importing.decoding import read_file_bytes, read_text_file
from reader.importing.mhtml import is_mhtml, page_from_mhtml
from reader.importing.parsing import DEFAULT_MAX_BYTES, ParsedArticle, load_article
from reader.importing.web_page import WEB_PAGE_MAX_BYTES, parse_web_page

HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
MHTML_SUFFIXES = frozenset({".mhtml", ".mht"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
WEB_PAGE_SUFFIXES = HTML_SUFFIXES | MHTML_SUFFIXES
# What an import of a folder picks up.
IMPORTABLE_SUFFIXES = frozenset({".txt"}) | MARKDOWN_SUFFIXES | WEB_PAGE_SUFFIXES


def load_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedArticle:
    """Read one file of any supported kind. Raises NotAnArticle with a reason for the user.

    ``max_bytes`` limits a text file and the article text kept from a web page; a web page's
    own bytes may be up to ``WEB_PAGE_MAX_BYTES`` (or ``max_bytes`` when that is larger).
    """
    suffix = path.suffix.lower()
    if suffix in WEB_PAGE_SUFFIXES:
        data = read_file_bytes(path, max(WEB_PAGE_MAX_BYTES, max_bytes))
        if suffix in MHTML_SUFFIXES:
            return parse_archive(data, max_bytes)
        return parse_page(data, max_bytes)
    if suffix in MARKDOWN_SUFFIXES:
        return parse_clipping(read_text_file(path, max_bytes))
    return load_article(path, max_bytes)


def parse_archive(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedArticle:
    """The article in an MHTML archive's bytes."""
    page = page_from_mhtml(data)
    return parse_web_page(
        page.html, max_bytes, charset=page.charset, url=page.url, fallback_title=page.subject
    )


def parse_page(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedArticle:
    """The article in an HTML file's bytes; an archive saved as ``.html`` is read as one."""
    if is_mhtml(data):
        return parse_archive(data, max_bytes)
    if not data.strip():
        raise NotAnArticle("empty file")
    return parse_web_page(data, max_bytes)
