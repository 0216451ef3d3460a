"""A site's feeds, from the ``<link rel="alternate">`` elements of its home page.

Only the page's head is looked at, by lxml with network access off; the links are made
absolute against the page's address (or its ``<base href>``), in the order the page gives
them, RSS, Atom and JSON Feed alike.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml.html import HTMLParser, document_fromstring

from reader.addresses import web_url
from reader.errors import NotAnArticle
from reader.importing.html_charset import decode_html

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json",
                        "application/rdf+xml", "application/json"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PARSER = HTMLParser(no_network=True, remove_comments=True, collect_ids=False)
# The head of any page fits in this; the rest is body the links are not in.
_HEAD_BYTES = 512 * 1024


def feed_links(page: bytes, page_url: str, charset: str | None = None) -> list[str]:
    """The addresses of the feeds a page names as its alternates, first named first."""
    try:
        html = decode_html(page[:_HEAD_BYTES], charset)
        # lxml refuses text that carries an encoding declaration; the text is decoded already.
        tree = document_fromstring(_XML_DECLARATION.sub("", html, count=1), parser=_PARSER)
    except NotAnArticle:
        return []  # binary, not a page
    except Exception:  # lxml's errors share no useful base; a page it cannot read has none
        return []
    base = page_url
    for element in tree.iter("base"):
        href = element.get("href")
        if href:
            base = urljoin(page_url, href.strip())
            break
    found: list[str] = []
    for link in tree.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if "alternate" not in rels or kind not in FEED_TYPES or not href:
            continue
        address = web_url(urljoin(base, href))
        if address is not None and address not in found:
            found.append(address)
    return found
