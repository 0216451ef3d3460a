"""A feed's bytes, as the fetcher got them, read into plain entries.

RSS 0.9x, 1.0 (RDF) and 2.0 and Atom are read by feedparser, which decodes the bytes by the
charset the server declared, else the XML declaration (a ``gb2312`` feed included), and
sanitises entry HTML. JSON Feed is read by ``json_feed``. Anything else is refused with a
reason a person can act on: a web page, JSON of another kind, XML that is no feed, garbage.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from time import struct_time
from typing import Any
from urllib.parse import urljoin

from reader.feeds.entry import FeedEntry, NotAFeed, ParsedFeed
from reader.feeds.entry_text import html_lines
from reader.feeds.json_feed import looks_like_json, parse_json_feed

JSON_TYPES = frozenset({"application/feed+json", "application/json"})
XML_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml",
                            "application/xml", "text/xml"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# What a feed is asked for with: feeds first, then anything (a server that knows no better).
ACCEPT_FEED = ("application/rss+xml, application/atom+xml, application/feed+json, "
               "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5")

_KINDS = {
    "rss090": "RSS 0.90", "rss091n": "RSS 0.91", "rss091u": "RSS 0.91", "rss092": "RSS 0.92",
    "rss093": "RSS 0.93", "rss094": "RSS 0.94", "rss20": "RSS 2.0", "rss10": "RSS 1.0",
    "rss": "RSS", "atom01": "Atom 0.1", "atom02": "Atom 0.2", "atom03": "Atom 0.3",
    "atom10": "Atom 1.0", "atom": "Atom", "cdf": "CDF",
}
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]",
                         re.IGNORECASE | re.DOTALL)
# What a feed's document begins with, whatever type the server declared for it.
_FEED_START = re.compile(rb"^(?:\xef\xbb\xbf)?(?:\s|<\?[^>]*>|<!--.*?-->|<!DOCTYPE[^>]*>)*"
                         rb"<(?:rss|feed|(?:rdf:)?RDF)[\s>]", re.DOTALL | re.IGNORECASE)
_EMAIL_AND_NAME = re.compile(r"[^\s@()]+@[^\s@()]+\s*\((.*)\)")
_HTML_CONTENT = frozenset({"text/html", "application/xhtml+xml"})


def looks_like_html(data: bytes, content_type: str | None) -> bool:
    """A web page rather than a feed: by how it begins, else by its declared type. The
    content decides first: many servers send their feeds as text/html."""
    head = data[:4096]
    if _FEED_START.match(head) is not None or looks_like_json(head):
        return False
    return content_type in HTML_TYPES or _HTML_START.match(head) is not None


def parse_feed(data: bytes, content_type: str | None = None,
               charset: str | None = None, base_url: str | None = None) -> ParsedFeed:
    """The feed in ``data``, its links made absolute against ``base_url`` (where the feed
    came from). Raises NotAFeed with a one-line reason when it is not one."""
    if not data.strip():
        raise NotAFeed("not a feed: the answer is empty")
    if content_type in JSON_TYPES or (content_type not in XML_FEED_TYPES
                                      and looks_like_json(data)):
        return parse_json_feed(data, base_url)
    if looks_like_html(data, content_type):
        raise NotAFeed("not a feed: a web page that names no feed")
    import feedparser  # ~60 ms to load: only when a feed is read

    headers = {}
    if content_type:
        headers["content-type"] = content_type + (f"; charset={charset}" if charset else "")
    # feedparser's sanitiser and link resolver rewrite entry HTML that ``entry_text`` then
    # reduces to text, keeping no markup and no address: a third of the parsing time, spent
    # on nothing that is kept.
    parsed: Any = feedparser.parse(data, response_headers=headers, sanitize_html=False,
                                   resolve_relative_uris=False)
    kind = _KINDS.get(parsed.get("version") or "")
    if kind is None:
        raise NotAFeed(_not_a_feed_reason(parsed))
    feed = parsed.feed
    entries = tuple(_entry(item, base_url) for item in parsed.entries)
    return ParsedFeed(kind, _plain(feed.get("title"), feed.get("title_detail")),
                      _absolute(feed.get("link"), base_url), entries)


def _not_a_feed_reason(parsed: Any) -> str:
    problem = parsed.get("bozo_exception")
    if problem is not None and parsed.get("bozo"):
        text = str(problem).splitlines()[0] if str(problem) else type(problem).__name__
        where = getattr(problem, "getLineNumber", None)
        line = f" at line {where()}" if callable(where) else ""
        return f"not a feed: the XML cannot be read ({text}{line})"
    return "not a feed: no RSS, Atom or JSON Feed found in it"


def _entry(item: Any, base_url: str | None) -> FeedEntry:
    html, text = _content(item)
    return FeedEntry(
        id=_clean(item.get("id")),
        link=_absolute(item.get("link"), base_url),
        title=_plain(item.get("title"), item.get("title_detail")),
        html=html,
        text=text,
        published=_when(item.get("published_parsed") or item.get("updated_parsed")),
        author=_author(item),
    )


def _content(item: Any) -> tuple[str | None, str | None]:
    """The fullest text the entry carries, as (HTML, None) or (None, plain text)."""
    candidates = [*item.get("content", []), item.get("summary_detail")]
    for detail in candidates:
        if not detail or not (detail.get("value") or "").strip():
            continue
        if (detail.get("type") or "text/html") in _HTML_CONTENT:
            return detail["value"], None
        return None, detail["value"]
    return None, None


def _plain(value: object, detail: Any) -> str | None:
    """A title as text: feedparser keeps the markup of an HTML title."""
    if not isinstance(value, str) or not value.strip():
        return None
    if detail and detail.get("type") in _HTML_CONTENT and "<" in value:
        return " ".join(html_lines(value)) or None
    return " ".join(value.split())


def _author(item: Any) -> str | None:
    written = _clean(item.get("author"))
    # RSS writes "desk@port.example (Ana Lima)"; the name is what a reader wants.
    named = _EMAIL_AND_NAME.fullmatch(written or "")
    if named is not None:
        return named.group(1).strip() or None
    detail = item.get("author_detail") or {}
    return written or _clean(detail.get("name"))


def _when(value: object) -> datetime | None:
    if not isinstance(value, struct_time):
        return None
    try:  # feedparser gives UTC
        return datetime(*value[:6], tzinfo=UTC)
    except (ValueError, OverflowError):
        return None


def _absolute(value: object, base_url: str | None) -> str | None:
    """A link as written ("/2024/story" is the feed's own site) made absolute against where
    the feed came from. Only links: the feed's base is not passed to feedparser, which would
    resolve entry ids too, and an id must not change when the feed moves."""
    link = _clean(value)
    return urljoin(base_url, link) if link and base_url else link


def _clean(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None
