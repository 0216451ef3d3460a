"""The reading statistics of a library, as plain values: articles added and read per week and
month, the reading streak, what is read by tag and by source, notes and highlights over time,
and how old the unread backlog is.

Counts per week and month are index range counts (:mod:`reader.stats.periods`); the unread
backlog and the totals are one pass over the import-time index in five ranges. Whether a
tagged article is read is a probe of the set of read articles, read once from the flags
index, not a visit to its row (``id + 0`` keeps the engine from walking from each set member
to its row instead): one pass over the tag links, 64 against 210 ms for two such passes or
170 ms for a join.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from msgspec import Struct
from sqlalchemy import Connection, and_, case, func, literal, select, union_all

from reader.stats.events import OPENED, READ
from reader.stats.periods import Series, monthly, start_of, weekly
from reader.store.schema import article_tags, articles, highlights, notes, reading_events, tags

TOP = 12
BACKLOG_AGES: tuple[tuple[str, int], ...] = (
    ("under a week", 7), ("1–4 weeks", 28), ("1–3 months", 91), ("3–12 months", 365),
    ("over a year", 10**6),
)


class Share(Struct, frozen=True):
    """Articles with one tag (or from one source): how many, and how many of them are read."""

    name: str
    read: int
    total: int


class ReadingStats(Struct, frozen=True):
    today: date
    articles: int
    read: int
    added_weekly: Series  # (Monday of the week, count), oldest first
    added_monthly: Series  # (first of the month, count)
    read_weekly: Series
    read_monthly: Series
    # Reading before this day is estimated from read marks (their import day), not recorded.
    estimated_until: date | None
    streak: int  # days in a row up to today (or yesterday) with an article opened or read
    longest_streak: int
    by_tag: list[Share]
    by_source: list[Share]
    notes_monthly: Series  # notes by the month they were last edited
    highlights_monthly: Series
    backlog: list[tuple[str, int]]  # unread articles by how long ago they were added


def _per_day(conn: Connection, column: Any, *conditions: Any) -> list[tuple[str, int]]:
    """(``YYYY-MM-DD``, count) of the rows meeting ``conditions``, by the day of ``column``."""
    rows = conn.execute(select(column, func.count()).where(*conditions).group_by(column))
    days: Counter[str] = Counter()
    for when, count in rows:
        if when is not None:
            days[when.date().isoformat()] += int(count)
    return list(days.items())


def _streaks(days: set[date], today: date) -> tuple[int, int]:
    """(the run of days up to today, or up to yesterday while today is still young; the
    longest run)."""
    current = 0
    day = today if today in days else today - timedelta(days=1)
    while day in days:
        current += 1
        day -= timedelta(days=1)
    longest = run = 0
    previous: date | None = None
    for day in sorted(days):
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    return current, longest


def _shares(rows: Iterable[Any]) -> list[Share]:
    found = [Share(str(name), int(read or 0), int(total)) for name, read, total in rows]
    found.sort(key=lambda share: (-share.read, -share.total, share.name.casefold()))
    return found[:TOP]


def _read_ids() -> Any:
    return select(articles.c.id).where(articles.c.deleted_at.is_(None),
                                       articles.c.read.is_(True))


def _by_tag(conn: Connection) -> list[Share]:
    trashed = select(articles.c.id).where(articles.c.deleted_at.is_not(None))
    is_read = case(((article_tags.c.article_id + 0).in_(_read_ids()), 1), else_=0)
    counted = conn.execute(
        select(article_tags.c.tag_id, func.sum(is_read), func.count())
        .where(article_tags.c.article_id.not_in(trashed))
        .group_by(article_tags.c.tag_id)).all()
    names = {tag_id: name for tag_id, name in conn.execute(select(tags.c.id, tags.c.name))}
    return _shares((names[t], read, total) for t, read, total in counted if t in names)


def _by_source(conn: Connection) -> list[Share]:
    # All three columns are in ix_articles_source_read: no article row is visited.
    is_read = case((articles.c.read.is_(True), 1), else_=0)
    rows = conn.execute(
        select(articles.c.source, func.sum(is_read), func.count())
        .where(articles.c.deleted_at.is_(None), articles.c.source.is_not(None))
        .group_by(articles.c.source))
    return _shares(rows)


def _backlog_and_totals(conn: Connection, today: date) -> tuple[list[tuple[str, int]], int, int]:
    """(unread articles by how long ago they were added, articles outside the Trash, of
    them read): five ranges of the import-time index, which holds all three columns."""
    live = articles.c.deleted_at.is_(None)
    unread = case((and_(articles.c.read.is_(False), live), 1), else_=0)
    kept = case((live, 1), else_=0)
    read = case((and_(articles.c.read.is_(True), live), 1), else_=0)
    # Added on or after cuts[i] is younger than BACKLOG_AGES[i] days.
    cuts = [start_of(today - timedelta(days=limit - 1)) for _, limit in BACKLOG_AGES[:-1]]
    ranges = [articles.c.imported_at >= cuts[0]]
    ranges += [and_(articles.c.imported_at >= low, articles.c.imported_at < high)
               for high, low in pairwise(cuts)]
    ranges.append(articles.c.imported_at < cuts[-1])
    parts = [select(literal(number), func.sum(unread), func.sum(kept), func.sum(read))
             .where(within) for number, within in enumerate(ranges)]
    found = {int(n): (int(u or 0), int(k or 0), int(r or 0))
             for n, u, k, r in conn.execute(union_all(*parts))}
    rows = [found.get(number, (0, 0, 0)) for number in range(len(ranges))]
    backlog = [(label, row[0])
               for (label, _limit), row in zip(BACKLOG_AGES, rows, strict=True)]
    return backlog, sum(row[1] for row in rows), sum(row[2] for row in rows)


def reading_stats(conn: Connection, today: date) -> ReadingStats:
    read_kind = reading_events.c.kind == READ
    estimated = conn.execute(select(func.max(reading_events.c.at)).where(
        read_kind, reading_events.c.estimated.is_(True))).scalar()
    active = {date.fromisoformat(d) for d, _ in _per_day(
        conn, reading_events.c.at, reading_events.c.kind.in_([OPENED, READ]),
        reading_events.c.estimated.is_(False))}
    streak, longest = _streaks(active, today)
    backlog, total, read = _backlog_and_totals(conn, today)
    return ReadingStats(
        today=today, articles=total, read=read,
        added_weekly=weekly(conn, articles.c.imported_at, today),
        added_monthly=monthly(conn, articles.c.imported_at, today),
        read_weekly=weekly(conn, reading_events.c.at, today, read_kind),
        read_monthly=monthly(conn, reading_events.c.at, today, read_kind),
        estimated_until=estimated.date() if isinstance(estimated, datetime) else None,
        streak=streak, longest_streak=longest,
        by_tag=_by_tag(conn), by_source=_by_source(conn),
        notes_monthly=monthly(conn, notes.c.updated_at, today),
        highlights_monthly=monthly(conn, highlights.c.created_at, today),
        backlog=backlog,
    )
