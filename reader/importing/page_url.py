"""Where a saved page came from: its canonical link, ``og:url``, or the saver's note.

The page's own canonical address is preferred: it is the same however the page was reached
(tracking parameters, mobile hosts), which is what duplicate detection needs. A saver's note
(SingleFile's header comment, the browser's "saved from" mark, an MHTML archive's location)
is the address the page was actually read at, used when the page names none.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml.html import HtmlElement

from reader.addresses import web_url

# SingleFile writes "<!--\n Page saved with SingleFile \n url: https://… \n saved date: …-->".
_SINGLEFILE = re.compile(r"<!--\s*Page saved with SingleFile\b[^>]*?\burl:\s*(\S+)", re.IGNORECASE)
# Browsers' "Web Page, complete" writes "<!-- saved from url=(0042)https://… -->".
_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)\s*(\S+?)\s*-->", re.IGNORECASE)
# Both notes sit at the top of the page, before any inline image or style.
_NOTE_SEARCH_CHARS = 64 * 1024
_CANONICAL = "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
_OG_URL = "//meta[@property='og:url' or @name='og:url']/@content"


def saver_note_url(html: str) -> str | None:
    """The address in a SingleFile or "saved from" comment, if the page carries one."""
    head = html[:_NOTE_SEARCH_CHARS]
    for pattern in (_SINGLEFILE, _SAVED_FROM):
        match = pattern.search(head)
        if match is not None:
            url = web_url(match.group(1))
            if url is not None:
                return url
    return None


def page_url(tree: HtmlElement, fallback: str | None) -> str | None:
    """The page's canonical link or ``og:url`` (resolved against ``fallback``), else fallback."""
    candidates = [*tree.xpath(_CANONICAL), *tree.xpath(_OG_URL)]
    for candidate in candidates:
        url = web_url(urljoin(fallback, str(candidate).strip()) if fallback else str(candidate))
        if url is not None:
            return url
    return fallback
