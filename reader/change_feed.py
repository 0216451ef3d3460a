"""Following what other programs change in a library: the change log, and the thread that
reads it.

Every write records what it changed (:class:`~reader.records.Changes`) in the ``change_log``
table, inside its own transaction, under the id of the library object that made it
(``origin``). A :class:`Follower` waits on the store's cheap signal (``PRAGMA data_version``
on SQLite, ``LISTEN`` on PostgreSQL), reads the rows after the last it saw, and hands what
others changed to the library's listeners, as if this process had made the writes: lists,
counts, tags and the open article refresh the way they do after the window's own edits.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select

from reader.errors import BroadsheetError
from reader.records import EVERYTHING, Changes
from reader.store.interface import Store
from reader.store.schema import change_log

# Rows older than this many writes are let go: a window asleep longer reads everything again.
KEEP_ROWS = 5000
PRUNE_EVERY = 100
# How long one wait lasts: a closing library stops its follower within this.
WAIT_S = 0.5
# Without any signal the log is read this often all the same (a notice can be lost).
READ_EVERY_S = 10.0

_SETS = ("articles", "added", "removed", "tags", "progress")
_FLAGS = ("tag_set", "counts", "searches", "everything", "feeds")


def encode(changes: Changes) -> str:
    document: dict[str, object] = {name: sorted(getattr(changes, name)) for name in _SETS
                                   if getattr(changes, name)}
    document.update({name: True for name in _FLAGS if getattr(changes, name)})
    return json.dumps(document, separators=(",", ":"))


def decode(text: str) -> Changes:
    try:
        document = json.loads(text)
        sets = [frozenset(int(i) for i in document.get(name, ())) for name in _SETS]
        flags = [bool(document.get(name, False)) for name in _FLAGS]
    except (ValueError, TypeError, AttributeError):
        return EVERYTHING  # a row this version cannot read: read everything again
    articles, added, removed, tags, progress = sets
    tag_set, counts, searches, everything, feeds = flags
    return Changes(articles=articles, added=added, removed=removed, tags=tags,
                   tag_set=tag_set, counts=counts, searches=searches, everything=everything,
                   feeds=feeds, progress=progress)


def record(conn: Connection, origin: str, changes: Changes) -> None:
    """Log ``changes`` in the caller's write transaction (nothing when nothing changed)."""
    if not changes:
        return
    new_id = conn.execute(
        insert(change_log).values(origin=origin, changes=encode(changes),
                                  made_at=datetime.now()).returning(change_log.c.id)
    ).scalar_one()
    if new_id % PRUNE_EVERY == 0:
        conn.execute(delete(change_log).where(change_log.c.id <= new_id - KEEP_ROWS))


def newest(conn: Connection) -> int:
    return int(conn.execute(select(func.coalesce(func.max(change_log.c.id), 0))).scalar_one())


def since(conn: Connection, after: int, origin: str) -> tuple[int, Changes]:
    """The newest row id, and what writers other than ``origin`` changed after ``after``.
    Rows gone (pruned, or the library replaced by a backup) mean everything."""
    rows = conn.execute(
        select(change_log.c.id, change_log.c.origin, change_log.c.changes)
        .where(change_log.c.id > after).order_by(change_log.c.id)
    ).all()
    if not rows:
        last = newest(conn)
        return (last, EVERYTHING) if last < after else (after, Changes())
    oldest = conn.execute(select(func.min(change_log.c.id))).scalar_one()
    changes = EVERYTHING if after and oldest > after + 1 and rows[0][0] == oldest else Changes()
    for _id, writer, text in rows:
        if writer != origin:
            changes = changes | decode(text)
    return rows[-1][0], changes


class Follower:
    """A thread that hands other programs' changes of ``store`` to ``emit``."""

    def __init__(self, store: Store, origin: str, emit: Callable[[Changes], None]) -> None:
        self._store = store
        self._origin = origin
        self._emit = emit
        self._stop = threading.Event()
        with store.read() as conn:
            self._seen = newest(conn)
        self._signal = store.watch()
        self._thread = threading.Thread(target=self._run, name="library-follower",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        waited = 0.0
        try:
            while not self._stop.is_set():
                signalled = self._signal.wait(WAIT_S)
                waited += WAIT_S
                if self._stop.is_set():
                    break
                if signalled or waited >= READ_EVERY_S:
                    waited = 0.0
                    self._read()
        finally:
            self._signal.close()

    def _read(self) -> None:
        try:
            with self._store.read() as conn:
                self._seen, changes = since(conn, self._seen, self._origin)
        except BroadsheetError:
            return  # the server is away: the next signal (or reconnect) tries again
        if changes:
            self._emit(changes)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
