"""A server that asks to be left alone (429 or 503 with Retry-After): refreshing every feed
skips it until then, asking for that feed by name still fetches it, and a good answer clears
the wait. A wait is at most a day, whatever the server says."""

from __future__ import annotations

from datetime import datetime, timedelta

import feed_samples as samples
import pytest
from local_http import LocalServer, page

from reader import Library
from reader.feeds.refresh import MAX_WAIT

RSS = "application/rss+xml"
BOTH_ENGINES = True  # every test here runs on SQLite and on PostgreSQL


def _asked(server: LocalServer, path: str) -> int:
    return server.paths_asked().count(path)


@pytest.fixture()
def busy(library: Library, server: LocalServer) -> tuple[int, int]:
    """Two subscriptions; then the first one's server answers 503, come back in 2 minutes."""
    first, _ = library.feeds.subscribe(server.route("/busy", page(samples.rss20(2), RSS)))
    second, _ = library.feeds.subscribe(
        server.route("/calm", page(samples.rss20(2, prefix="Calm"), RSS)))
    server.route("/busy", page(b"Busy", "text/plain", status=503,
                               headers={"Retry-After": "120"}))
    return first.id, second.id


def test_refreshing_everything_leaves_a_busy_server_alone_until_it_said(
        library: Library, server: LocalServer, busy: tuple[int, int]) -> None:
    first, second = busy
    before = datetime.now()
    reports = {report.id: report for report in library.feeds.refresh()}
    assert reports[second].error is None
    error = reports[first].error or ""
    assert "503" in error and "it asked for no visit before" in error
    waiting = library.feeds.get(first).retry_at
    assert waiting is not None
    assert before + timedelta(seconds=100) < waiting < datetime.now() + timedelta(seconds=140)

    asked = _asked(server, "/busy")
    assert [report.id for report in library.feeds.refresh()] == [second]
    assert _asked(server, "/busy") == asked


def test_asking_for_the_feed_by_name_fetches_it_and_a_good_answer_clears_the_wait(
        library: Library, server: LocalServer, busy: tuple[int, int]) -> None:
    first, _ = busy
    library.feeds.refresh()
    asked = _asked(server, "/busy")
    assert library.feeds.refresh([first])[0].error is not None
    assert _asked(server, "/busy") == asked + 1
    server.route("/busy", page(samples.rss20(3), RSS))
    [report] = library.feeds.refresh([first])
    assert (report.error, report.new) == (None, 1)
    feed = library.feeds.get(first)
    assert (feed.retry_at, feed.error) == (None, None)
    assert first in [report.id for report in library.feeds.refresh()]


@pytest.mark.parametrize("header", ["99999999999999999999999999", "9" * 400])
def test_a_wait_is_at_most_a_day(library: Library, server: LocalServer, header: str) -> None:
    feed, _ = library.feeds.subscribe(server.route("/f", page(samples.rss20(1), RSS)))
    server.route("/f", page(b"", "text/plain", status=429, headers={"Retry-After": header}))
    library.feeds.refresh()
    waiting = library.feeds.get(feed.id).retry_at
    assert waiting is not None
    assert waiting <= datetime.now() + MAX_WAIT


def test_a_retry_date_already_past_is_no_wait(library: Library, server: LocalServer) -> None:
    feed, _ = library.feeds.subscribe(server.route("/f", page(samples.rss20(1), RSS)))
    server.route("/f", page(b"", "text/plain", status=503,
                            headers={"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}))
    library.feeds.refresh()
    waiting = library.feeds.get(feed.id).retry_at
    assert waiting is not None and waiting <= datetime.now()
    asked = _asked(server, "/f")
    library.feeds.refresh()
    assert _asked(server, "/f") == asked + 1
