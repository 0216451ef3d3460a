"""Plain values about feeds that cross the library's front door."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from msgspec import Struct


class Feed(Struct, frozen=True):
    """A subscription. ``error`` is why the last refresh failed (None when it went well);
    ``gone`` is set once the server answered 410: automatic refreshes leave it alone."""

    id: int
    url: str
    title: str
    site_url: str | None
    tags: tuple[str, ...]
    full_text: bool
    paused: bool
    added_at: datetime
    checked_at: datetime | None
    error: str | None
    gone: bool
    articles: int = 0  # how many articles came from it (those in the Trash left out)
    unread: int = 0
    # Until when its server asked to be left alone (a 429 or 503 with Retry-After): refreshing
    # every feed skips it until then.
    retry_at: datetime | None = None


class FeedRefresh(Struct, frozen=True):
    """What refreshing one feed did: ``new`` articles stored, or ``error`` the one-line
    reason it failed (the other feeds refresh all the same). ``duplicates`` are entries
    whose story the library already held (from another feed, a file, a link)."""

    id: int
    url: str
    title: str
    new: int = 0
    duplicates: int = 0
    error: str | None = None
    not_modified: bool = False

    @property
    def failed(self) -> bool:
        return self.error is not None


class RefreshProgress(Struct, frozen=True):
    """Reported after each feed: ``done`` of ``total``, the feed just finished, and the
    articles stored so far."""

    done: int
    total: int
    title: str
    new: int


class FeedChanges(Struct, frozen=True):
    """A change to a subscription for ``Library.feeds.update``: None leaves a value as is."""

    title: str | None = None
    tags: tuple[str, ...] | None = None
    full_text: bool | None = None
    paused: bool | None = None


RefreshProgressCallback = Callable[[RefreshProgress], None]
