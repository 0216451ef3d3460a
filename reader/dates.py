"""Strict parsing of publication dates: ISO and the usual written forms, nothing guessed; and
the periods a search names (``2024``, ``2024-03``)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import MAXYEAR, MINYEAR, date, datetime, timedelta
from functools import cache
from typing import TYPE_CHECKING

from reader.errors import InvalidValue

if TYPE_CHECKING:
    from dateutil import parser as dateutil_parser


class ImpossibleDate(InvalidValue):
    """A well-formed date that does not exist on the calendar ("2024-02-30")."""


# Year first is the only all-numeric order that is never ambiguous; "03/04/2024" is refused.
# ASCII digits only (as every number Broadsheet reads): "٢٠٢٤" is not taken for 2024.
_NUMERIC = re.compile(
    r"(?P<year>[0-9]{4})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)(?P<day>[0-9]{1,2})"
    r"(?:[T ](?P<hour>[0-9]{1,2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2})(?:\.[0-9]+)?)?"
    r"(?:Z|[+-](?P<zone_hours>[0-9]{2}):?(?P<zone_minutes>[0-9]{2}))?)?"
)
_WRITTEN_TOKEN = re.compile(r"[0-9]+(?:st|nd|rd|th)?|[^\W\d_]+", re.IGNORECASE)
_SEPARATORS = re.compile(r"[\s,./-]*")
_ORDINAL_SUFFIX = re.compile(r"(?:st|nd|rd|th)$", re.IGNORECASE)
_FILLER_WORDS = frozenset({"of"})


@cache
def _info() -> dateutil_parser.parserinfo:
    """dateutil's month and weekday names. dateutil loads with the first written date: ISO
    dates and searches never need it."""
    from dateutil import parser

    return parser.parserinfo()


# Two defaults that differ in every field: a field dateutil filled in shows up as a difference.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))


def parse_date(text: str) -> date:
    """Parse "2024-03-20", "2024/03/20", "20 March 2024", "March 20, 2024", "Mar 20 2024"...

    Raises ImpossibleDate for a well-formed date that does not exist and InvalidValue for
    anything else that is not a complete date (no day, no year, stray words).
    """
    cleaned = " ".join(text.split())
    numeric = _NUMERIC.fullmatch(cleaned)
    if numeric is not None:
        day = _checked_date(
            cleaned, int(numeric["year"]), int(numeric["month"]), int(numeric["day"])
        )
        _check_clock(cleaned, numeric)
        return day
    parts = _written_parts(cleaned)
    if parts is None:
        raise InvalidValue(f"not a date: {text!r}")
    return _written_date(cleaned, *parts)


def _check_clock(text: str, found: re.Match[str]) -> None:
    """A time after the date must be a time of day: "T25:00" is no more a date than the
    30th of February. (A leap second, :60, is allowed.)"""
    limits = {"hour": 23, "minute": 59, "second": 60, "zone_hours": 23, "zone_minutes": 59}
    for field, highest in limits.items():
        if found[field] is not None and int(found[field]) > highest:
            raise ImpossibleDate(f"impossible date '{text}'")


def _checked_date(text: str, year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ImpossibleDate(f"impossible date '{text}'") from exc


def _written_parts(text: str) -> tuple[int, int, int] | None:
    """(year, month, day) when the text is one day, one month name and one four-digit year.

    A weekday name and "of" may come along; any other word or number means it is not a date.
    """
    if _SEPARATORS.fullmatch(_WRITTEN_TOKEN.sub("", text)) is None:
        return None
    years: list[int] = []
    months: list[int] = []
    days: list[int] = []
    weekdays: list[int] = []
    for token in _WRITTEN_TOKEN.findall(text):
        number = _ORDINAL_SUFFIX.sub("", token) if token[0] in "0123456789" else ""
        if token.isascii() and token.isdigit() and len(token) == 4:
            years.append(int(token))
        elif number.isascii() and number.isdigit() and len(number) <= 2:
            days.append(int(number))
        elif number:
            return None
        elif (month := _info().month(token)) is not None:
            months.append(month)
        elif (weekday := _info().weekday(token)) is not None:
            weekdays.append(weekday)
        elif token.lower() not in _FILLER_WORDS:
            return None
    if len(years) == len(months) == len(days) == 1 and len(weekdays) <= 1:
        if weekdays and _weekday_differs(text, years[0], months[0], days[0], weekdays[0]):
            raise ImpossibleDate(f"impossible date '{text}'")
        return years[0], months[0], days[0]
    return None


def _weekday_differs(text: str, year: int, month: int, day: int, weekday: int) -> bool:
    """Whether the weekday written beside a date is not that date's ("Monday, 20 March
    2024" was a Wednesday): either could be the mistake, so neither is trusted."""
    try:
        return date(year, month, day).weekday() != weekday
    except ValueError:
        return False  # an impossible day: _checked_date says so


def _written_date(text: str, year: int, month: int, day: int) -> date:
    from dateutil import parser

    expected = _checked_date(text, year, month, day)
    try:
        first, second = (parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError) as exc:
        raise InvalidValue(f"not a date: {text!r}") from exc
    # Any field dateutil filled in from a default, or read differently, disqualifies the text.
    if first != second or first.date() != expected:
        raise InvalidValue(f"not a date: {text!r}")
    return expected


# --- periods ----------------------------------------------------------------------------------

_PERIOD = re.compile(r"([0-9]{4})(?:-([0-9]{1,2})(?:-([0-9]{1,2}))?)?")


def period(text: str) -> tuple[date, date | None] | None:
    """``2024`` / ``2024-03`` / ``2024-03-20`` as [first day, first day after); None if bad.

    The first day after the last period of the calendar (9999, or 31 December 9999) does not
    exist: that period has no end.
    """
    found = _PERIOD.fullmatch(text.strip())
    if found is None:
        return None
    year, month, day = (int(g) if g else None for g in found.groups())
    assert year is not None
    try:
        if month is None:
            start, months = date(year, 1, 1), 12
        elif day is None:
            start, months = date(year, month, 1), 1
        else:
            start, months = date(year, month, day), 0
    except ValueError:
        return None
    try:
        return start, (shift_months(start, months) if months else start + timedelta(days=1))
    except (ValueError, OverflowError):
        return start, None


def shift_months(day: date, months: int) -> date:
    """``day`` moved by whole months, clamped to the end of a shorter month (ValueError when
    the result leaves the calendar)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not MINYEAR <= year <= MAXYEAR:
        raise ValueError("year out of range")
    return date(year, month, min(day.day, monthrange(year, month)[1]))
