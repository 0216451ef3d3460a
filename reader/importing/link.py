"""An article from a link: the page is fetched, then read as a saved page is.

The page's own canonical address wins (it is what duplicate detection compares); a page
that names none gets the address it was finally fetched from, after redirects. Whatever
goes wrong, a dead link, a PDF or an image instead of a page, a page with no article in
it, ends in NotAnArticle with a reason fit for the user, as a file that cannot be read does.
"""

from __future__ import annotations

from msgspec import Struct

from reader.errors import NotAnArticle
from reader.importing.formats import parse_archive
from reader.importing.mhtml import is_mhtml
from reader.importing.parsing import DEFAULT_MAX_BYTES, ParsedArticle
from reader.importing.web_page import WEB_PAGE_MAX_BYTES, parse_web_page
from reader.net.fetcher import CancelCheck, Fetcher, FetchLimits
from reader.net.results import FetchResult, Outcome

ACCEPT_PAGE = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
# What a page fetched for its article may weigh: pages fetched carry no inline images (as
# saved pages do), so this is generous; the article text kept has the usual text limit.
PAGE_MAX_BYTES = 10 * 1024 * 1024
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Servers that do not know what they send say one of these; the bytes decide.
UNSURE_TYPES = frozenset({"application/octet-stream", "text/plain", "application/xml",
                          "text/xml", "binary/octet-stream"})
_KINDS = {
    "application/pdf": "a PDF document",
    "application/zip": "a ZIP archive",
    "application/json": "JSON data",
    "application/epub+zip": "an e-book",
    "application/msword": "a Word document",
    "application/rss+xml": "a feed",
    "application/atom+xml": "a feed",
    "application/feed+json": "a feed",
}
_FAMILIES = {"image": "an image", "audio": "audio", "video": "a video", "font": "a font"}


class FetchedPage(Struct, frozen=True):
    data: bytes
    url: str  # where it was finally fetched from, after redirects
    content_type: str | None  # the media type the server declared, lower case
    charset: str | None  # the charset the server declared, if any


def page_fetcher() -> Fetcher:
    """A fetcher with the limits a page gets."""
    return Fetcher(FetchLimits(max_bytes=PAGE_MAX_BYTES))


def fetch_article(
    url: str, *, fetcher: Fetcher | None = None, cancel: CancelCheck | None = None
) -> FetchedPage:
    """The page at ``url``. Raises NotAnArticle for a link that cannot be fetched, or that
    leads to something other than a web page."""
    return page_of((fetcher or page_fetcher()).fetch(url, accept=ACCEPT_PAGE, cancel=cancel))


def page_of(result: FetchResult) -> FetchedPage:
    """The page a fetch brought back. Raises NotAnArticle when the fetch failed, or brought
    something other than a web page."""
    if result.outcome is not Outcome.FETCHED:
        raise NotAnArticle(result.reason or "the page could not be fetched")
    kind = not_a_page(result.content_type)
    if kind is not None:
        raise NotAnArticle(f"the link leads to {kind}, not a web page")
    if not result.body.strip():
        raise NotAnArticle("the page is empty")
    return FetchedPage(result.body, result.final_url, result.content_type, result.charset)


def article_from_page(page: FetchedPage, max_bytes: int = DEFAULT_MAX_BYTES) -> ParsedArticle:
    """The article in a fetched page (its address given as the fallback for the page's own)."""
    if len(page.data) > max(WEB_PAGE_MAX_BYTES, max_bytes):
        raise NotAnArticle("the page is too large to read")
    if is_mhtml(page.data):
        return parse_archive(page.data, max_bytes)
    charset = page.charset if page.content_type in PAGE_TYPES else None
    return parse_web_page(page.data, max_bytes, charset=charset, url=page.url)


def load_link(
    url: str,
    max_bytes: int = DEFAULT_MAX_BYTES,
    *,
    fetcher: Fetcher | None = None,
    cancel: CancelCheck | None = None,
) -> ParsedArticle:
    """Fetch ``url`` and read its article. Raises NotAnArticle with the reason it cannot."""
    return article_from_page(fetch_article(url, fetcher=fetcher, cancel=cancel), max_bytes)


def not_a_page(content_type: str | None) -> str | None:
    """What a declared media type is when it is plainly not a web page ("a PDF document"),
    else None (a page, or a type too vague to judge: the bytes are looked at instead)."""
    if content_type is None or content_type in PAGE_TYPES or content_type in UNSURE_TYPES:
        return None
    if content_type in _KINDS:
        return _KINDS[content_type]
    family = content_type.partition("/")[0]
    if family in _FAMILIES:
        return _FAMILIES[family]
    if content_type.endswith(("+xml", "/xml")):
        return None  # XHTML served under another XML type reads as a page
    return f"a file of type {content_type}"
