"""An entry of a feed as the parsers give it, whatever the format it came in."""

from __future__ import annotations

from datetime import datetime

from msgspec import Struct


class NotAFeed(Exception):
    """The bytes are not a feed this reader understands; the message says why, in a line."""


class FeedEntry(Struct, frozen=True):
    """``id`` is the guid, Atom id or JSON Feed id when the entry has one. ``html`` is its
    content (else its summary) as HTML, ``text`` as plain text when that is all it has."""

    id: str | None
    link: str | None
    title: str | None
    html: str | None = None
    text: str | None = None
    published: datetime | None = None
    author: str | None = None


class ParsedFeed(Struct, frozen=True):
    kind: str  # "RSS 2.0", "Atom 1.0", "JSON Feed 1.1"... for messages and tests
    title: str | None
    site_url: str | None
    entries: tuple[FeedEntry, ...]
