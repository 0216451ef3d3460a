"""An entry of a feed as the parsers give it, whatever the format it came in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


class NotAFeed(Exception):
    """The bytes are not a feed this reader understands; the message says why, in a line."""


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """``id`` is the guid, Atom id or JSON Feed id when the entry has one. ``html`` is its
    content (else its summary) as HTML, ``text`` as plain text when that is all it has."""

    id: str | None
    link: str | None
    title: str | None
    html: str | None = None
    text: str | None = None
    published: datetime | None = None
    author: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    kind: str  # "RSS 2.0", "Atom 1.0", "JSON Feed 1.1"... for messages and tests
    title: str | None
    site_url: str | None
    entries: tuple[FeedEntry, ...]
