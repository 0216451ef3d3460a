"""Queries and dates at their edges: terms with no words, sources in other scripts, the last
year of the calendar, periods too long to count, impossible times and weekdays, digits that
are not ASCII."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from reader import InvalidValue, Library
from reader.dates import ImpossibleDate, parse_date, period
from reader.search.syntax import QuerySyntaxError, parse
from tests.hostile_helpers import assert_refused, fill_library, run_cli

BOTH_ENGINES = True


@pytest.fixture()
def lib(library_location: str, tmp_path: Path) -> Iterator[Library]:
    opened = Library.open(fill_library(library_location, tmp_path))
    opened.update_article(1, source="İstanbul Times", published=date(9999, 12, 31))
    opened.update_article(2, source="Café Straße Weekly")
    yield opened
    opened.close()


@pytest.mark.parametrize("query", ["🔥", '"-"', '""', "+++", "-🔥", '"🔥 ✨"', "title:🔥"])
def test_a_query_of_no_words_is_an_error_not_everything(lib: Library, query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="no letters or digits"):
        lib.search(query)
    assert lib.check_query(query) is not None


def test_symbols_beside_words_are_separators(lib: Library) -> None:
    assert [item.id for item in lib.search("harbour 🔥")] == [1]
    assert [item.id for item in lib.search("harbour - quay")] == [1]
    assert len(lib.search("()")) == 2  # nothing asked for: everything


@pytest.mark.parametrize(
    ("query", "expected"),
    [("source:istanbul", [1]), ("source:İSTANBUL", [1]), ("source:ISTANBUL", [1]),
     ("source:cafe", [2]), ("source:CAFÉ", [2]), ("source:strasse", [2]),
     ("source:straße", [2]), ("source:times", [1]), ("source:weekly", [2])],
)
def test_source_ignores_case_and_accents_in_every_script(
    lib: Library, query: str, expected: list[int]
) -> None:
    assert sorted(item.id for item in lib.search(query)) == expected


@pytest.mark.parametrize("query", ["date:9999", "date:9999-12", "date:9999-12-31",
                                   "after:9999", "after:9999-12-31"])
def test_the_last_year_of_the_calendar_is_a_date(lib: Library, query: str) -> None:
    assert [item.id for item in lib.search(query)] == [1]


def test_before_and_imported_reach_the_end_of_the_calendar(lib: Library) -> None:
    assert [item.id for item in lib.search("before:9999-12-31")] == []
    assert lib.search("imported:9999") == []
    assert period("9999-12-31") == (date(9999, 12, 31), None)


@pytest.mark.parametrize("query", ["imported:9999999d", "imported:99999999999w",
                                   "imported:" + "9" * 1900 + "h", "imported:30000m"])
def test_a_period_too_long_to_count_is_a_bad_period(query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="bad period"):
        parse(query)


def test_a_long_period_within_the_calendar_is_one(lib: Library) -> None:
    assert len(lib.search("imported:100000d")) == 2  # 274 years: everything


@pytest.mark.parametrize("query",
                         ["date:٢٠٢٤", "date:２０２４", "imported:٧d", "after:２０２４-01"])
def test_dates_in_queries_are_ascii_digits(query: str) -> None:
    with pytest.raises(QuerySyntaxError, match="bad"):
        parse(query)


@pytest.mark.parametrize("text", ["2024-03-20T25:00", "2024-03-20 24:30", "2024-03-20T10:60",
                                  "2024-03-20T10:30:61", "Monday, 20 March 2024",
                                  "Sat 20 March 2024", "2024-03-20T99:99:99Z"])
def test_impossible_times_and_weekdays_are_refused(text: str) -> None:
    with pytest.raises(ImpossibleDate):
        parse_date(text)


@pytest.mark.parametrize("text", ["Wednesday, 20 March 2024", "2024-03-20T23:59:59",
                                  "2024-03-20T00:00Z", "Wed 20 March 2024"])
def test_possible_times_and_weekdays_are_read(text: str) -> None:
    assert parse_date(text) == date(2024, 3, 20)


@pytest.mark.parametrize("text", ["٢٠٢٤-٠٣-٢٠", "２０２４-03-20"])
def test_dates_are_ascii_digits(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_date(text)


def test_set_date_refuses_an_impossible_time_in_one_line(
    lib: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    for text in ("2024-03-20T25:00", "Monday, 20 March 2024"):
        assert_refused(run_cli(capsys, "--library", str(lib.location), "set", "2", "--date",
                               text), "impossible date")
    assert lib.article(2).published != date(2024, 3, 20)


@pytest.mark.parametrize(("query", "expected"),
                         [('tag:"a\x00b"', []), ("source:x\x00", []), ("harbour\x00", [1])])
def test_a_nul_in_a_query_is_no_failure(lib: Library, query: str, expected: list[int]) -> None:
    """A NUL separates words as any other symbol does, and names no tag or source (on
    PostgreSQL, text holding one could not even be sent)."""
    assert [item.id for item in lib.search(query)] == expected
