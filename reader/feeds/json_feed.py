"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with ``json`` and checked:
a document that is not shaped as the specification says is refused with the first thing
wrong with it, rather than half read. Two slips common in published feeds are forgiven,
item by item, so that one odd item does not stop a feed: an item without an id is known by
its address or text (as an RSS item without a guid is), and a date that cannot be read is
left out.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from reader.feeds.entry import FeedEntry, NotAFeed, ParsedFeed

VERSIONS = {
    "https://jsonfeed.org/version/1": "JSON Feed 1.0",
    "https://jsonfeed.org/version/1.1": "JSON Feed 1.1",
}
# What a JSON Feed begins with, give or take white space and a byte-order mark.
_PREFIX = b"{"


def looks_like_json(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(_PREFIX)


def parse_json_feed(data: bytes, base_url: str | None = None) -> ParsedFeed:
    """The feed in ``data``, its addresses made absolute against ``base_url`` (where it
    came from); NotAFeed with the reason when it is not a valid JSON Feed."""
    try:
        document: Any = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise NotAFeed("not a feed: JSON that is not UTF-8") from exc
    except (ValueError, RecursionError) as exc:
        raise NotAFeed(f"not a feed: the JSON cannot be read ({_first_line(exc)})") from exc
    if not isinstance(document, dict):
        raise NotAFeed("not a feed: JSON, but not a JSON Feed (no object at the top)")
    version = document.get("version")
    kind = VERSIONS.get(version.rstrip("/") if isinstance(version, str) else "")
    if kind is None:
        raise NotAFeed("not a feed: JSON, but not a JSON Feed (no jsonfeed.org version)")
    title = _string(document, "title", "the feed", required=True)
    items = document.get("items")
    if not isinstance(items, list):
        raise NotAFeed("not a valid JSON Feed: items is not a list")
    entries = tuple(_entry(item, number, base_url) for number, item in enumerate(items, 1))
    home = _string(document, "home_page_url", "the feed")
    return ParsedFeed(kind, title, _absolute(home, base_url), entries)


def _entry(item: object, number: int, base_url: str | None) -> FeedEntry:
    where = f"item {number}"
    if not isinstance(item, dict):
        raise NotAFeed(f"not a valid JSON Feed: {where} is not an object")
    raw_id = item.get("id")
    # The specification asks for a string; a number is the commonest slip and means the same.
    if isinstance(raw_id, int) and not isinstance(raw_id, bool):
        raw_id = str(raw_id)
    if raw_id is not None and not isinstance(raw_id, str):
        raise NotAFeed(f"not a valid JSON Feed: the id of {where} is not text")
    html = _string(item, "content_html", where)
    text = _string(item, "content_text", where)
    summary = _string(item, "summary", where)
    if html is None and text is None:
        text = summary
    return FeedEntry(
        id=(raw_id or "").strip() or None,
        link=_absolute(_string(item, "url", where) or _string(item, "external_url", where),
                       base_url),
        title=_string(item, "title", where),
        html=html,
        text=text,
        published=_date(item, "date_published", where) or _date(item, "date_modified", where),
        author=_author(item, where),
    )


def _absolute(address: str | None, base_url: str | None) -> str | None:
    """An address as written, resolved against the feed's own (a relative "/2024/story")."""
    return urljoin(base_url, address) if address and base_url else address


def _string(holder: dict[str, Any], key: str, where: str, required: bool = False) -> str | None:
    value = holder.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        state = "is missing" if value is None else "is not text"
        raise NotAFeed(f"not a valid JSON Feed: the {key} of {where} {state}")
    return value.strip() or None


def _date(item: dict[str, Any], key: str, where: str) -> datetime | None:
    value = _string(item, key, where)
    if value is None:
        return None
    try:  # RFC 3339; Python 3.11 reads "Z" and offsets
        return datetime.fromisoformat(value)
    except ValueError:
        return None  # an entry without its date is better than a feed without its entries


def _author(item: dict[str, Any], where: str) -> str | None:
    # 1.1 has a list of authors; 1.0 had one author object.
    authors = item.get("authors")
    if authors is None and item.get("author") is not None:
        authors = [item.get("author")]
    if authors is None:
        return None
    if not isinstance(authors, list) or not all(isinstance(a, dict) for a in authors):
        raise NotAFeed(f"not a valid JSON Feed: the authors of {where} are not objects")
    names = [name for a in authors if (name := _string(a, "name", where))]
    return ", ".join(names) or None


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
