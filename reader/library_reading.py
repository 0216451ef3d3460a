"""Reading statistics of a library: ``library.reading``.

Reading itself is recorded by the edits that mark articles read and by ``RecordOpened``
(:mod:`reader.stats.events`); this is where the figures are read.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from reader.store.interface import Store

if TYPE_CHECKING:  # the figures load on first use: opening the app does not need them
    from reader.stats.figures import ReadingStats


class LibraryReading:
    def __init__(self, store: Store) -> None:
        self._store = store

    def stats(self, today: date | None = None) -> ReadingStats:
        """Articles added and read per week and month, the reading streak, reading by tag
        and by source, notes and highlights over time and the unread backlog's age, as of
        ``today`` (the real today when None)."""
        from reader.stats.figures import reading_stats

        with self._store.read() as conn:
            return reading_stats(conn, today or date.today())
