"""Publication dates: ISO and written forms, strict about what is missing or impossible."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.dates import ImpossibleDate, parse_date
from reader.errors import InvalidValue

MARCH_20 = date(2024, 3, 20)


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-20",
        "2024/03/20",
        "2024.03.20",
        "2024-3-20",
        "2024-03-20T10:15:00Z",
        "20 March 2024",
        "March 20, 2024",
        "Mar 20 2024",
        "20 Mar 2024",
        "20-Mar-2024",
        "20th March 2024",
        "20th of March 2024",
        "Wednesday, 20 March 2024",
        "march 20 2024",
        "  20  March\t2024 ",
    ],
)
def test_recognised_forms(text: str) -> None:
    assert parse_date(text) == MARCH_20


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024-13-01", "31 April 2024"])
def test_well_formed_but_impossible_dates(text: str) -> None:
    with pytest.raises(ImpossibleDate, match=rf"^impossible date '{text}'$"):
        parse_date(text)


def test_impossible_date_is_an_invalid_value() -> None:
    with pytest.raises(InvalidValue):
        parse_date("2024-02-30")


def test_leap_day_exists_in_leap_years() -> None:
    assert parse_date("29 February 2024") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "text",
    [
        "foo",
        "",
        "March 2024",  # no day
        "20 March",  # no year
        "Tuesday",
        "2024",
        "03/04/2024",  # day and month order is ambiguous
        "20 Mar 24",  # two-digit year
        "March 20 2024 Amid",
        "20 March 2024 March",
        "The missile launched on 20 March 2024",
        "2024-03-20 extra",
    ],
)
def test_not_dates(text: str) -> None:
    with pytest.raises(InvalidValue, match=r"^not a date: ") as caught:
        parse_date(text)
    assert not isinstance(caught.value, ImpossibleDate)


def test_message_quotes_the_input() -> None:
    with pytest.raises(InvalidValue, match=r"^not a date: 'foo'$"):
        parse_date("foo")


@given(st.dates())
def test_every_real_date_round_trips_in_iso_and_written_forms(day: date) -> None:
    if day.year < 1000:
        return  # four-digit years only
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%d %B %Y")) == day
    assert parse_date(day.strftime("%B %d, %Y")) == day


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_any_text_gives_a_date_or_invalid_value(text: str) -> None:
    try:
        result = parse_date(text)
    except InvalidValue:
        return
    assert isinstance(result, date)


def test_non_ascii_digits_are_not_a_day() -> None:
    with pytest.raises(InvalidValue):
        parse_date("² March 2024")
