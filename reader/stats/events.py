"""Reading as it happens: an event when an article is opened in the window, and one when it
is marked read (anywhere), written in the same transaction as what caused it.

Marking an article unread again soon after (a slip of the key, or undoing the mark) takes
its recent ``read`` event back; reading that happened longer ago stays counted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, literal, select, true

from reader.store.chunks import chunks
from reader.store.schema import articles, reading_events

OPENED = "opened"
READ = "read"
# A read mark taken back within this time was no reading.
TAKEN_BACK = timedelta(hours=1)


def now() -> datetime:
    return datetime.now().replace(microsecond=0)


def record(conn: Connection, ids: Sequence[int], kind: str, at: datetime | None = None) -> None:
    """``kind`` happened to the articles ``ids`` (now, or ``at``)."""
    when = at or now()
    if ids:
        conn.execute(insert(reading_events),
                     [{"article_id": article_id, "kind": kind, "at": when} for article_id in ids])


def take_back_reads(conn: Connection, ids: Sequence[int]) -> None:
    """``ids`` were marked unread: their read events of the last hour did not happen."""
    since = now() - TAKEN_BACK
    for chunk in chunks(ids):
        conn.execute(delete(reading_events).where(
            reading_events.c.article_id.in_(chunk), reading_events.c.kind == READ,
            reading_events.c.at >= since, reading_events.c.estimated.is_(False)))


def estimate_reads(conn: Connection) -> None:
    """Articles marked read with no read event (restored from an export, or read before
    events were kept) get one, ``estimated``, at the time they were imported."""
    recorded = select(reading_events.c.article_id).where(
        reading_events.c.kind == READ, reading_events.c.article_id.is_not(None))
    conn.execute(insert(reading_events).from_select(
        ["article_id", "kind", "at", "estimated"],
        select(articles.c.id, literal(READ), articles.c.imported_at, true())
        .where(articles.c.read.is_(True), articles.c.id.not_in(recorded))))
