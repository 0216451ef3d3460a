"""Edits of articles themselves: read and starred flags, how far they were read, details,
the Trash; and opening an article, which changes nothing but is recorded for the reading
statistics."""

from __future__ import annotations

import math
from datetime import date
from typing import TYPE_CHECKING, Literal

from msgspec import Struct

from reader.catalog import articles, trash
from reader.edits.base import UNSET, Done, Edit, _Unset, articles_text
from reader.errors import InvalidValue
from reader.records import Changes
from reader.related.staleness import mark_stale
from reader.stats import events

if TYPE_CHECKING:
    from sqlalchemy import Connection

MAX_TITLE = 1000
Flag = Literal["read", "starred"]


class SetFlag(Struct, Edit[None], frozen=True):
    """Mark articles read or unread, starred or not. Its reverse sets the opposite value on
    just the articles it changed."""

    ids: tuple[int, ...]
    flag: Flag
    value: bool

    @property
    def label(self) -> str:
        what = articles_text(len(self.ids))
        if self.flag == "starred":
            return f"{'Star' if self.value else 'Unstar'} {what}"
        return f"Mark {what} {'read' if self.value else 'unread'}"

    def run(self, conn: Connection) -> Done[None]:
        present = articles.require_ids(conn, self.ids)
        before = articles.flag_values(conn, present, self.flag)
        articles.set_column(conn, present, self.flag, self.value)
        changed = tuple(i for i in present if before.get(i) != self.value)
        if self.flag == "read":  # reading statistics count when articles were read
            if self.value:
                events.record(conn, changed, events.READ)
            else:
                events.take_back_reads(conn, changed)
        reverse = SetFlag(changed, self.flag, not self.value) if changed else None
        changes = Changes(articles=frozenset(present), counts=True)
        return Done(self.label, changes, reverse, None)


class SetProgress(Struct, Edit[None], frozen=True):
    """Remember how far an article has been read: ``fraction`` of it, from 0 (the top) to 1
    (the end). Made as the reader scrolls; a window keeps it off its undo history, since
    where one stopped reading is no change to take back."""

    article_id: int
    fraction: float

    @property
    def label(self) -> str:
        return "Remember where the article was read"

    def run(self, conn: Connection) -> Done[None]:
        value = clean_fraction(self.fraction)
        before = float(articles.row(conn, self.article_id).progress)  # NotFound if gone
        if before == value:
            return Done(self.label, Changes(), None, None)
        articles.set_column(conn, [self.article_id], "progress", value)
        reverse = SetProgress(self.article_id, before)
        # Not ``articles``: a place kept while reading repaints a row of a list, and must
        # not have lists, counts and the article shown read again every few seconds.
        return Done(self.label, Changes(progress=frozenset({self.article_id})), reverse, None)


def clean_fraction(value: float) -> float:
    """``value`` as stored: a fraction from 0 to 1, to four places (a tenth of a line in a
    long article; finer only writes scrolling noise). InvalidValue for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidValue("reading progress must be a number from 0 to 1")
    if not 0 <= value <= 1:
        raise InvalidValue(f"reading progress must be from 0 to 1, not {value}")
    return round(float(value), 4)


def clean_title(title: str) -> str:
    cleaned = " ".join(title.split())
    if not cleaned:
        raise InvalidValue("the title cannot be empty")
    if len(cleaned) > MAX_TITLE:
        raise InvalidValue(f"the title is longer than {MAX_TITLE} characters")
    return cleaned


class EditDetails(Struct, Edit[None], frozen=True):
    """Change an article's title, publication date or source; what is left out stays."""

    article_id: int
    title: str | None = None
    published: date | _Unset | None = UNSET
    source: str | _Unset | None = UNSET

    @property
    def label(self) -> str:
        return "Edit details"

    def values(self) -> dict[str, str | date | None]:
        values: dict[str, str | date | None] = {}
        if self.title is not None:
            values["title"] = clean_title(self.title)
        if not isinstance(self.published, _Unset):
            values["published"] = self.published
        if not isinstance(self.source, _Unset):
            values["source"] = (self.source or "").strip() or None
        return values

    def run(self, conn: Connection) -> Done[None]:
        values = self.values()
        row = articles.row(conn, self.article_id)  # NotFound for an unknown article
        if all(getattr(row, key) == value for key, value in values.items()):
            return Done(self.label, Changes(), None, None)
        articles.edit(conn, self.article_id, values)
        if "title" in values:  # the title is part of what related articles compare
            mark_stale(conn, [self.article_id])
        published: date | _Unset | None = row.published if "published" in values else UNSET
        source: str | _Unset | None = row.source if "source" in values else UNSET
        title: str | None = row.title if "title" in values else None
        reverse = EditDetails(self.article_id, title, published, source)
        return Done(self.label, Changes(articles=frozenset({self.article_id})), reverse, None)


def _moved(ids: list[int]) -> Changes:
    """Articles moved between the lists and the Trash: they left one list for another."""
    moved = frozenset(ids)
    return Changes(articles=moved, added=moved, removed=moved, counts=bool(moved))


class Trash(Struct, Edit[int], frozen=True):
    """Move articles to the Trash; its value is how many were moved."""

    ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Move {articles_text(len(self.ids))} to the Trash"

    def run(self, conn: Connection) -> Done[int]:
        moved = trash.move_in(conn, articles.require_ids(conn, self.ids))
        changes = _moved(moved)
        return Done(self.label, changes, Untrash(tuple(moved)) if moved else None, len(moved))


class Untrash(Struct, Edit[int], frozen=True):
    """Take articles out of the Trash; its value is how many came back."""

    ids: tuple[int, ...]

    @property
    def label(self) -> str:
        return f"Restore {articles_text(len(self.ids))} from the Trash"

    def run(self, conn: Connection) -> Done[int]:
        back = trash.take_out(conn, articles.require_ids(conn, self.ids))
        changes = _moved(back)
        return Done(self.label, changes, Trash(tuple(back)) if back else None, len(back))


class RecordOpened(Struct, Edit[None], frozen=True):
    """The reader opened an article: an event for the reading statistics, which changes
    nothing a view shows and leaves nothing to undo."""

    article_id: int

    @property
    def label(self) -> str:
        return "Open article"

    def run(self, conn: Connection) -> Done[None]:
        if articles.existing_ids(conn, [self.article_id]):
            events.record(conn, [self.article_id], events.OPENED)
        return Done(self.label, Changes(), None, None)
