"""One saved item of a read-later export, as every export's reader hands it over."""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime

from msgspec import Struct

from reader.addresses import web_url
from reader.importing.decoding import clean_text

# An export can hold tens of thousands of entries; these keep a damaged one from holding
# megabytes of title or hundreds of tags.
MAX_LINE = 1000
MAX_TAGS = 50


class Quote(Struct, frozen=True):
    """A passage the reader highlighted in the service, with their comment on it."""

    text: str
    comment: str = ""


class SavedEntry(Struct, frozen=True):
    """What an export says of one item. ``origin`` is where it is (``pocket.csv#12``, the
    12th entry), kept as the article's path; ``html`` is the article as the service kept it,
    if it did."""

    origin: str
    url: str | None
    title: str | None = None
    tags: tuple[str, ...] = ()
    saved_at: datetime | None = None
    published: date | None = None
    author: str | None = None
    read: bool = False
    starred: bool = False
    note: str | None = None
    html: str | None = None
    quotes: tuple[Quote, ...] = ()
    # The address as written when it is not one an article may carry (for the report).
    raw_url: str | None = None

    @property
    def label(self) -> str:
        """How the import report names the entry: ``pocket.csv#12 <https://…>``."""
        shown = self.url or self.raw_url
        return f"{self.origin} <{shown}>" if shown else self.origin


def origin(source: str, number: int) -> str:
    """Where entry ``number`` of the file ``source`` is."""
    return f"{source}#{number}"


def line(value: object) -> str | None:
    """A single line of text from a field of any type: whitespace folded, None if empty."""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    text = " ".join(unicodedata.normalize("NFC", clean_text(str(value))).split())
    return text[:MAX_LINE] or None


def address(value: object) -> str | None:
    text = line(value)
    return None if text is None else web_url(text)


def tag_list(values: object) -> tuple[str, ...]:
    """Tag names as given, without blanks and repeats (in any case), at most ``MAX_TAGS``."""
    items = values if isinstance(values, list | tuple) else [values]
    seen: dict[str, str] = {}
    for item in items:
        name = line(item)
        if name is not None and name.casefold() not in seen:
            seen[name.casefold()] = name
    return tuple(seen.values())[:MAX_TAGS]


def from_timestamp(value: object) -> datetime | None:
    """Seconds since 1970 (a number or its digits) as a local time, as the app keeps times."""
    try:
        seconds = int(str(value).strip())
        moment = datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return moment.astimezone().replace(tzinfo=None, microsecond=0) if seconds > 0 else None


def from_iso(value: object) -> datetime | None:
    """An ISO 8601 time (``2024-03-20T10:15:00+01:00``, ``…Z``) as a local time."""
    text = line(value)
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment.replace(microsecond=0)


def truthy(value: object) -> bool:
    """``1``, ``true``, ``"1"``, ``"true"``: exports write flags every way there is."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value) if isinstance(value, int | float | bool) else False
