"""Counting rows per week and per month in one statement: a count of each period's range of
an index, the ranges joined with UNION ALL.

Each period's rows are counted where the index keeps them in order, without computing a
day for every row (grouping by a day computed per row took 200-300 ms at 100,000 articles)
and without bringing a row per distinct time into Python (a library imported one file at a
time has as many as articles).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import pairwise
from typing import Any

from sqlalchemy import Connection, func, literal, select, union_all

WEEKS = 26
MONTHS = 24

Series = list[tuple[date, int]]


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def week_starts(today: date) -> list[date]:
    """The Mondays of the last WEEKS weeks, this one last."""
    return [monday(today) - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1)]


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def month_starts(today: date) -> list[date]:
    """The first days of the last MONTHS months, this one last."""
    first = today.replace(day=1)
    months = [first]
    for _ in range(MONTHS - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        months.append(first)
    return months[::-1]


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)


def counts_per_period(conn: Connection, column: Any, starts: list[date], end: date,
                      *conditions: Any) -> Series:
    """(start, rows whose ``column`` falls in the period from ``start`` to the next start, or
    to ``end`` for the last) for each of ``starts``, among the rows meeting ``conditions``."""
    edges = [start_of(day) for day in [*starts, end]]
    parts = [select(literal(number).label("period"), func.count().label("rows"))
             .select_from(column.table).where(column >= low, column < high, *conditions)
             for number, (low, high) in enumerate(pairwise(edges))]
    found = {int(period): int(rows) for period, rows in conn.execute(union_all(*parts))}
    return [(day, found.get(number, 0)) for number, day in enumerate(starts)]


def weekly(conn: Connection, column: Any, today: date, *conditions: Any) -> Series:
    starts = week_starts(today)
    return counts_per_period(conn, column, starts, starts[-1] + timedelta(weeks=1),
                             *conditions)


def monthly(conn: Connection, column: Any, today: date, *conditions: Any) -> Series:
    starts = month_starts(today)
    return counts_per_period(conn, column, starts, _next_month(starts[-1]), *conditions)
