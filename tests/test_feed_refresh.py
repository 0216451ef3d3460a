"""Refreshing feeds against a local server: each entry once, conditional requests, redirects,
failing servers that fail alone, gone feeds, cancelling, and the per-feed options."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler

import feed_samples as samples
import pytest
from local_http import Answer, LocalServer, Sent, conditional, endless, page, redirect, silent_for

from reader import Changes, InvalidValue, Library, LibraryUnavailable
from reader.feeds.records import FeedChanges, RefreshProgress
from reader.feeds.refresh import GONE
from reader.net.fetcher import Fetcher, FetchLimits

RSS = "application/rss+xml"
BOTH_ENGINES = True  # every test here runs on SQLite and on PostgreSQL


def subscribe(library: Library, server: LocalServer, path: str, body: bytes,
              **options: object) -> int:
    url = server.route(path, page(body, RSS))
    feed, _ = library.feeds.subscribe(url, **options)  # type: ignore[arg-type]
    return feed.id


def test_a_second_refresh_of_an_unchanged_feed_adds_nothing(
        library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(5))
    [report] = library.feeds.refresh()
    assert (report.id, report.new, report.error) == (feed_id, 0, None)
    assert library.count() == 5


def test_new_entries_arrive_and_old_ones_stay_after_leaving_the_feed(
        library: Library, server: LocalServer) -> None:
    subscribe(library, server, "/f", samples.rss20(3))
    server.route("/f", page(samples.rss20(2, prefix="Later"), RSS))
    [report] = library.feeds.refresh()
    assert report.new == 2
    assert library.count() == 5  # the three that left the feed are kept


def test_duplicate_guids_in_one_feed_give_one_article(
        library: Library, server: LocalServer) -> None:
    twice = ("<item><title>Copy</title><guid>Story-1</guid><description>Another text of "
             "the same entry, published twice.</description></item>")
    feed_id = subscribe(library, server, "/f", samples.rss20(2, extra=twice))
    assert library.feeds.get(feed_id).articles == 2
    assert {a.title for a in library.list_articles()} == {"Story 1", "Story 2"}


def test_entries_without_guid_are_known_by_their_link(
        library: Library, server: LocalServer) -> None:
    subscribe(library, server, "/f", samples.rss20(3, guid=False))
    assert library.feeds.refresh()[0].new == 0
    assert library.count() == 3


def test_conditional_requests_cost_a_304(library: Library, server: LocalServer) -> None:
    url = server.route("/f", conditional(samples.rss20(2), '"v1"', "Tue, 02 Jan 2024 10:00:00 GMT"))
    library.feeds.subscribe(url)
    [report] = library.feeds.refresh()
    assert report.not_modified and report.error is None
    sent = server.requests[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 02 Jan 2024 10:00:00 GMT"
    assert sent["user-agent"].startswith("Broadsheet/")
    assert "application/rss+xml" in sent["accept"]
    library.feeds.refresh()  # the 304 repeated only the ETag: both are still sent
    again = server.requests[-1].headers
    assert (again["if-none-match"], again["if-modified-since"]) == (
        '"v1"', "Tue, 02 Jan 2024 10:00:00 GMT")


def test_a_permanent_redirect_moves_the_stored_address(
        library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/old", samples.rss20(2))
    new = server.route("/new", page(samples.rss20(3), RSS))
    server.route("/old", redirect(301, "/new"))
    [report] = library.feeds.refresh()
    assert (report.url, report.new) == (new, 1)
    assert library.feeds.get(feed_id).url == new
    library.feeds.refresh()
    assert server.paths_asked()[-1] == "/new"  # the old address is asked no more


def test_a_temporary_redirect_keeps_the_address(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(2))
    server.route("/elsewhere", page(samples.rss20(2), RSS))
    server.route("/f", redirect(302, "/elsewhere"))
    library.feeds.refresh()
    assert library.feeds.get(feed_id).url == server.url("/f")


def test_gone_stops_polling(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(2))
    server.route("/f", page(b"gone", "text/plain", status=410))
    [report] = library.feeds.refresh()
    assert report.error == GONE
    assert library.feeds.get(feed_id).gone
    asked = len(server.requests)
    assert library.feeds.refresh() == []
    assert len(server.requests) == asked
    assert library.count() == 2  # its articles stay


@pytest.mark.parametrize(("status", "reason"), [(404, "404 Not Found"),
                                                (500, "500 Internal Server Error")])
def test_an_error_status_fails_that_feed_alone(library: Library, server: LocalServer,
                                               status: int, reason: str) -> None:
    bad = subscribe(library, server, "/bad", samples.rss20(1, prefix="Bad"))
    good = subscribe(library, server, "/good", samples.rss20(1, prefix="Good"))
    server.route("/bad", page(b"oops", "text/plain", status=status))
    server.route("/good", page(samples.rss20(3, prefix="Good"), RSS))
    reports = {r.id: r for r in library.feeds.refresh()}
    assert reports[bad].error is not None and reason in reports[bad].error
    assert (reports[good].new, reports[good].error) == (2, None)
    assert library.feeds.get(bad).error == reports[bad].error
    server.route("/bad", page(samples.rss20(1, prefix="Bad"), RSS))
    library.feeds.refresh([bad])
    assert library.feeds.get(bad).error is None  # a good refresh clears the mark


def test_garbage_fails_with_a_reason(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(1))
    server.route("/f", page(b"\x00\x01\x02 not xml at all", RSS))
    [report] = library.feeds.refresh()
    assert report.error is not None and report.error.startswith("not a feed")
    assert library.feeds.get(feed_id).error == report.error


def test_a_slow_feed_times_out_alone(library: Library, server: LocalServer) -> None:
    slow = subscribe(library, server, "/slow", samples.rss20(1, prefix="Slow"))
    quick = subscribe(library, server, "/quick", samples.rss20(1, prefix="Quick"))
    server.route("/slow", silent_for(30, server))
    fetcher = Fetcher(FetchLimits(read_timeout=0.5, deadline=2))
    reports = {r.id: r for r in library.feeds.refresh(fetcher=fetcher)}
    assert reports[slow].error is not None and "stopped answering" in reports[slow].error
    assert reports[quick].error is None


def test_a_huge_feed_is_cut_off_at_the_limit(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(1))
    sent = Sent()
    server.route("/f", endless(sent, None, server, 100 * 1024 * 1024))
    fetcher = Fetcher(FetchLimits(max_bytes=1024 * 1024))
    [report] = library.feeds.refresh(fetcher=fetcher)
    assert report.error is not None and "limit" in report.error
    sent.done.wait(5)
    assert sent.bytes < 20 * 1024 * 1024  # stopped early, not read to the end
    assert library.feeds.get(feed_id).error == report.error


def test_cancelling_keeps_the_feeds_already_stored(library: Library,
                                                   server: LocalServer) -> None:
    for n in range(6):
        subscribe(library, server, f"/f{n}", samples.rss20(1, prefix=f"F{n}"))
    for n in range(6):
        server.route(f"/f{n}", page(samples.rss20(3, prefix=f"F{n}"), RSS))
    seen: list[RefreshProgress] = []
    stop = threading.Event()

    def progress(value: RefreshProgress) -> None:
        seen.append(value)
        if value.done == 2:
            stop.set()

    reports = library.feeds.refresh(progress=progress, cancel=stop.is_set)
    assert 2 <= len(reports) < 6
    assert library.count() == 6 + 2 * len(reports)  # each finished feed whole, no other


def test_listeners_hear_each_feed_as_it_lands(library: Library, server: LocalServer) -> None:
    for n in range(3):
        subscribe(library, server, f"/f{n}", samples.rss20(1, prefix=f"F{n}"))
        server.route(f"/f{n}", page(samples.rss20(2, prefix=f"F{n}"), RSS))
    heard: list[Changes] = []
    library.subscribe(heard.append)
    library.feeds.refresh()
    added = [c.added for c in heard if c.added]
    assert len(added) == 3 and all(len(ids) == 1 for ids in added)
    assert all(c.feeds for c in heard)


def test_paused_feeds_wait_unless_named(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(1))
    library.feeds.update(feed_id, FeedChanges(paused=True))
    assert library.feeds.refresh() == []
    assert [r.id for r in library.feeds.refresh([feed_id])] == [feed_id]


def test_feed_tags_title_and_unread_counts(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(2), tags=["port", "Port"])
    feed = library.feeds.update(feed_id, FeedChanges(title="My port", tags=("harbour",)))
    assert (feed.title, feed.tags, feed.unread, feed.articles) == ("My port", ("harbour",), 2, 2)
    server.route("/f", page(samples.rss20(3), RSS))
    [report] = library.feeds.refresh()
    assert report.title == "My port"  # the reader's title stays
    newest = library.search(f"feed:{feed_id}")[0]
    assert newest.source == "My port" and [t.name for t in newest.tags] == ["harbour"]
    library.set_read([newest.id])
    assert library.feeds.get(feed_id).unread == 2


def test_full_text_fetches_each_entry_page(library: Library, server: LocalServer) -> None:
    article_page = (b"<html><head><title>Full story</title></head><body><article>"
                    + b"".join(b"<p>The whole article goes on with many more words in "
                               b"paragraph %d of the page.</p>" % n for n in range(8))
                    + b"</article></body></html>")
    link = server.route("/story", page(article_page))
    item = (f"<item><title>Teaser</title><guid>t1</guid><link>{link}</link>"
            "<description>Only a summary.</description></item>")
    feed_id = subscribe(library, server, "/f", samples.rss20(0, extra=item), full_text=True)
    [summary] = library.search(f"feed:{feed_id}")
    body = library.article(summary.id).body
    assert "paragraph 7 of the page" in body and "Only a summary" not in body
    assert summary.title == "Teaser" and summary.url == link


def test_remove_keeps_the_articles(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(2))
    library.feeds.remove(str(feed_id))
    assert library.feeds.all() == [] and library.count() == 2


def test_a_deleted_article_does_not_come_back(library: Library, server: LocalServer) -> None:
    subscribe(library, server, "/f", samples.rss20(2))
    library.delete_articles(library.article_ids())
    library.empty_trash()
    assert library.feeds.refresh()[0].new == 0
    assert library.count() == 0


def test_a_read_only_library_refuses(server: LocalServer,
                                     library: Library) -> None:
    subscribe(library, server, "/f", samples.rss20(1))
    location = library.location
    library.close()
    with Library.open(location, read_only=True) as reader:
        assert len(reader.feeds.all()) == 1
        with pytest.raises(LibraryUnavailable):
            reader.feeds.refresh()


def test_feed_term_needs_a_number(library: Library) -> None:
    from reader.search.syntax import QuerySyntaxError

    with pytest.raises(QuerySyntaxError, match="bad feed 'feed:port'"):
        library.search("feed:port")
    assert library.search("feed:12") == []


def test_an_untitled_entry_is_titled_by_its_first_sentence(
        library: Library, server: LocalServer) -> None:
    untitled = ("<item><guid>u1</guid><description>Ferries resume their winter timetable. "
                "The first sailing leaves at six.</description></item>")
    feed_id = subscribe(library, server, "/f", samples.rss20(0, extra=untitled))
    [article] = library.search(f"feed:{feed_id}")
    assert article.title == "Ferries resume their winter timetable."


def test_subscribing_twice_is_refused(library: Library, server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(1))
    asked = len(server.requests)
    with pytest.raises(InvalidValue, match=f"already subscribed to .* \\(feed {feed_id}\\)"):
        library.feeds.subscribe(server.url("/f"))
    assert len(server.requests) == asked  # refused before anything is fetched


def test_another_program_hears_of_feeds_and_their_articles(
        library: Library, server: LocalServer) -> None:
    from local_http import wait_until

    library.follow()
    heard: list[Changes] = []
    library.subscribe(heard.append)
    with Library.open(library.location) as other:
        other.feeds.subscribe(server.route("/f", page(samples.rss20(2), RSS)))
    assert wait_until(lambda: any(c.feeds for c in heard) and any(c.added for c in heard),
                      timeout=5)
    assert len(set().union(*(c.added for c in heard))) == 2


def test_relative_links_are_the_feeds_own_site_and_ids_survive_a_move(
        library: Library, server: LocalServer) -> None:
    items = "".join(f"<item><title>Relative {n}</title><guid>/news/{n}</guid>"
                    f"<link>/news/{n}.html</link><description>{samples.LEAD} {n}.</description>"
                    "</item>" for n in (1, 2))
    rss = samples.rss20(0, extra=items).replace(b"https://port.example/", b"/")
    feed_id = subscribe(library, server, "/feeds/rss", rss)
    json_url = server.route("/feeds/json", page(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Rel", "home_page_url": "/",
        "items": [{"id": "j1", "url": "../story/j1", "content_text": "Trams run late."}]})
        .encode(), "application/feed+json"))
    json_feed, _ = library.feeds.subscribe(json_url)
    assert {a.url for a in library.search(f"feed:{feed_id}")} == {
        server.url("/news/1.html"), server.url("/news/2.html")}
    assert [a.url for a in library.search(f"feed:{json_feed.id}")] == [server.url("/story/j1")]
    assert library.feeds.get(feed_id).site_url == server.url("/")
    server.route("/moved/rss", page(rss, RSS))
    server.route("/feeds/rss", redirect(301, "/moved/rss"))
    [report] = library.feeds.refresh([feed_id])
    assert (report.new, report.duplicates, report.error) == (0, 0, None)  # same entries


def test_a_feed_removed_during_a_refresh_is_left_out_and_the_rest_refresh(
        library: Library, server: LocalServer) -> None:
    ids = [subscribe(library, server, f"/f{n}", samples.rss20(1, prefix=f"F{n}"))
           for n in range(3)]
    unchanged = conditional(samples.rss20(1, prefix="F1"), '"e"', "x")
    library.feeds.remove(ids[1])
    ids[1] = library.feeds.subscribe(server.route("/f1", unchanged))[0].id
    server.route("/f0", page(samples.rss20(2, prefix="F0"), RSS))
    server.route("/f1", later(unchanged))  # a 304
    server.route("/f2", later(page(samples.rss20(2, prefix="F2"), RSS)))

    def unsubscribe_the_others(value: RefreshProgress) -> None:
        if value.done == 1:  # the first to answer; the others are on their way
            library.feeds.remove(ids[1])
            library.feeds.remove(ids[2])

    reports = library.feeds.refresh(progress=unsubscribe_the_others)
    assert [(r.id, r.new, r.error) for r in reports] == [(ids[0], 1, None)]
    assert library.count() == 4  # three first entries, and the first feed's new one


def later(answer: Answer, seconds: float = 0.5) -> Answer:
    def delayed(handler: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        answer(handler)

    return delayed


def test_feeds_are_fetched_a_few_at_a_time(library: Library, server: LocalServer) -> None:
    ids = [subscribe(library, server, f"/f{n}", samples.rss20(1, prefix=f"F{n}"))
           for n in range(10)]
    lock = threading.Lock()
    busy = [0]
    most = [0]

    def counted(answer: Answer) -> Answer:
        def run(handler: BaseHTTPRequestHandler) -> None:
            with lock:
                busy[0] += 1
                most[0] = max(most[0], busy[0])
            time.sleep(0.2)
            with lock:
                busy[0] -= 1
            answer(handler)

        return run

    for n in range(10):
        server.route(f"/f{n}", counted(page(samples.rss20(2, prefix=f"F{n}"), RSS)))
    reports = library.feeds.refresh()
    assert [r.id for r in reports] == ids and all(r.new == 1 for r in reports)
    assert 1 < most[0] <= 4


def test_two_refreshes_at_once_store_each_entry_once(library: Library,
                                                     server: LocalServer) -> None:
    feed_id = subscribe(library, server, "/f", samples.rss20(1))
    server.route("/f", later(page(samples.rss20(20), RSS), 0.2))
    with Library.open(library.location) as other:
        done: list[int] = []
        second = threading.Thread(target=lambda: done.extend(
            r.new for r in other.feeds.refresh()))
        second.start()
        [report] = library.feeds.refresh()
        second.join(30)
    assert report.new + done[0] == 19  # each new entry stored by one of the two
    assert library.count() == 20 and library.feeds.get(feed_id).articles == 20
