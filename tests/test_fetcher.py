"""The fetcher against a real HTTP server on 127.0.0.1: redirects, conditional requests,
error statuses, slow, huge, broken and refused answers, and many fetches at once."""

from __future__ import annotations

import gzip
import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler

import pytest
from local_http import (
    LocalServer,
    Sent,
    conditional,
    cut_off,
    endless,
    free_port,
    garbage,
    page,
    redirect,
    reply,
    silent_for,
    trickle,
)
from network_guard import NetworkGuard

from reader.net.fetcher import Fetcher, FetchLimits
from reader.net.results import FetchRequest, Outcome, Validators
from reader.version import version

MB = 1024 * 1024
HTML = b"<html><head><title>T</title></head><body><p>Hello there.</p></body></html>"



@pytest.fixture()
def fetcher() -> Fetcher:
    return Fetcher(FetchLimits(connect_timeout=2, read_timeout=0.5, deadline=3, max_bytes=MB))


def one_line(reason: str | None) -> str:
    """The reason, checked to be one plain line with no exception class or errno in it."""
    assert reason
    assert "\n" not in reason
    assert not re.search(r"[a-z](?:Error|Exception)\b|gaierror|Errno|Traceback|_ssl\.c",
                         reason), reason
    return reason


# --- answers ---------------------------------------------------------------------------------


def test_a_page_comes_with_its_media_type_charset_and_validators(
    server: LocalServer, fetcher: Fetcher
) -> None:
    url = server.route("/a", page(HTML, "text/html; charset=ISO-8859-1",
                                  headers={"ETag": '"v1"', "Last-Modified": "Mon, 01 Jan 2024"}))
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.FETCHED and result.ok
    assert (result.body, result.status, result.final_url) == (HTML, 200, url)
    assert (result.content_type, result.charset) == ("text/html", "ISO-8859-1")
    assert result.validators == Validators('"v1"', "Mon, 01 Jan 2024")
    assert result.redirects == () and result.moved_to is None


def test_a_page_without_a_content_type_says_so(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.route("/bare", lambda handler: reply(handler, 200, b"plain"))
    result = fetcher.fetch(url)
    assert (result.body, result.content_type, result.charset) == (b"plain", None, None)


def test_requests_name_broadsheet_and_its_version_and_what_they_accept(
    server: LocalServer, fetcher: Fetcher
) -> None:
    url = server.route("/a", page(HTML))
    fetcher.fetch(url, accept="application/rss+xml")
    headers = server.requests[0].headers
    assert headers["user-agent"] == f"Broadsheet/{version()}"
    assert re.fullmatch(r"Broadsheet/\d+\.\d+\S*", headers["user-agent"])
    assert headers["accept"] == "application/rss+xml"
    assert "if-none-match" not in headers and "if-modified-since" not in headers


# --- redirects -------------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "moves"), [(301, True), (302, False), (307, False),
                                               (308, True)])
def test_a_redirect_is_followed_and_only_a_permanent_one_moves_the_address(
    server: LocalServer, fetcher: Fetcher, status: int, moves: bool
) -> None:
    target = server.route("/new", page(HTML))
    url = server.route("/old", redirect(status, "/new"))  # relative: resolved against /old
    result = fetcher.fetch(url)
    assert result.ok and result.body == HTML
    assert result.final_url == target
    assert [(hop.status, hop.source, hop.target) for hop in result.redirects] == [
        (status, url, target)
    ]
    assert result.moved_to == (target if moves else None)


def test_a_temporary_hop_ends_the_permanent_move(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/c", page(HTML))
    middle = server.route("/b", redirect(302, server.url("/c")))
    url = server.route("/a", redirect(308, middle))
    assert fetcher.fetch(url).moved_to == middle
    borrowed = server.route("/x", redirect(302, server.url("/y")))
    server.route("/y", redirect(301, server.url("/c")))
    result = fetcher.fetch(borrowed)
    assert result.ok and result.moved_to is None and result.final_url == server.url("/c")


def test_a_redirect_loop_fails_with_its_reason(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.route("/ping", redirect(302, "/pong"))
    server.route("/pong", redirect(301, "/ping"))
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == "the redirects go round in a loop"
    assert server.paths_asked() == ["/ping", "/pong"]


def test_redirects_are_bounded(server: LocalServer) -> None:
    for hop in range(5):
        server.route(f"/{hop}", redirect(302, f"/{hop + 1}"))
    server.route("/5", page(HTML))
    fetcher = Fetcher(FetchLimits(max_redirects=4))
    result = fetcher.fetch(server.url("/0"))
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == "too many redirects (more than 4)"
    assert len(server.requests) == 5
    assert Fetcher(FetchLimits(max_redirects=5)).fetch(server.url("/0")).ok


def test_a_redirect_to_a_file_address_is_refused(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.route("/sneaky", redirect(302, "file:///etc/passwd"))
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.FAILED
    assert "file:" in one_line(result.reason)
    assert result.final_url == "file:///etc/passwd"  # reported, never read


# --- conditional requests and statuses -------------------------------------------------------


def test_an_unchanged_answer_costs_a_304(server: LocalServer, fetcher: Fetcher) -> None:
    stamp = "Tue, 02 Jan 2024 10:00:00 GMT"
    url = server.route("/feed", conditional(b"<rss/>", '"abc"', stamp))
    first = fetcher.fetch(url)
    assert first.ok and first.validators == Validators('"abc"', stamp)
    second = fetcher.fetch(url, validators=first.validators)
    assert second.outcome is Outcome.NOT_MODIFIED and not second.ok
    assert second.status == 304 and second.body == b""
    assert second.validators.etag == '"abc"'
    sent = server.requests[1].headers
    assert (sent["if-none-match"], sent["if-modified-since"]) == ('"abc"', stamp)
    by_date = fetcher.fetch(url, validators=Validators(last_modified=stamp))
    assert by_date.outcome is Outcome.NOT_MODIFIED


def test_a_changed_answer_comes_whole_with_new_validators(
    server: LocalServer, fetcher: Fetcher
) -> None:
    url = server.route("/feed", conditional(b"<rss>new</rss>", '"v2"', "Wed, 03 Jan 2024"))
    result = fetcher.fetch(url, validators=Validators('"v1"', "Mon, 01 Jan 2024"))
    assert result.ok and result.body == b"<rss>new</rss>"
    assert result.validators.etag == '"v2"'


@pytest.mark.parametrize(("status", "reason"), [
    (404, "the server answered 404 Not Found"),
    (500, "the server answered 500 Internal Server Error"),
    (403, "the server answered 403 Forbidden"),
    (599, "the server answered with status 599"),
])
def test_an_error_status_fails_with_its_reason(
    server: LocalServer, fetcher: Fetcher, status: int, reason: str
) -> None:
    url = server.route("/e", page(b"oops", "text/html", status))
    result = fetcher.fetch(url)
    assert (result.outcome, result.status, one_line(result.reason)) == (
        Outcome.FAILED, status, reason)
    assert result.body == b""


def test_gone_is_told_apart_from_failures(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.route("/old-feed", page(b"", status=410))
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.GONE
    assert one_line(result.reason) == "the server answered 410 Gone"


def test_a_busy_server_says_when_to_come_back(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.route("/busy", page(b"", status=503, headers={"Retry-After": "120"}))
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.FAILED and result.retry_after == 120


# --- slow, huge and broken answers -----------------------------------------------------------


def test_a_silent_server_times_out(server: LocalServer, fetcher: Fetcher) -> None:
    url = server.route("/slow", silent_for(30, server))
    started = time.monotonic()
    result = fetcher.fetch(url)
    assert time.monotonic() - started < 2
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == (
        f"127.0.0.1:{server.port} stopped answering (nothing for 0.5 s)")


def test_a_trickling_answer_meets_the_deadline(server: LocalServer) -> None:
    url = server.route("/drip", trickle(0.05, server))
    fetcher = Fetcher(FetchLimits(read_timeout=1, deadline=0.6))
    started = time.monotonic()
    result = fetcher.fetch(url)
    assert time.monotonic() - started < 1.5
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == "gave up after 0.6 s (the answer was too slow)"


def test_an_announced_huge_answer_is_refused_unread(
    server: LocalServer, fetcher: Fetcher
) -> None:
    sent = Sent()
    url = server.route("/huge", endless(sent, 100 * MB, server, limit=100 * MB))
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == "the answer is larger than the 1 MB limit (100 MB)"
    assert sent.done.wait(5)
    assert sent.bytes < 20 * MB  # what the socket buffers took before the client hung up


def test_an_unannounced_huge_answer_is_cut_at_the_limit(
    server: LocalServer, fetcher: Fetcher
) -> None:
    sent = Sent()
    url = server.route("/stream", endless(sent, None, server, limit=100 * MB))
    result = fetcher.fetch(url)
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == "the answer is larger than the 1 MB limit"
    assert sent.done.wait(5)
    assert sent.bytes < 20 * MB


def test_the_limit_counts_unpacked_bytes(server: LocalServer, fetcher: Fetcher) -> None:
    bomb = gzip.compress(bytes(50 * MB))
    assert len(bomb) < MB
    url = server.route("/bomb", page(bomb, "text/html", headers={"Content-Encoding": "gzip"}))
    result = fetcher.fetch(url)
    assert one_line(result.reason) == "the answer is larger than the 1 MB limit"
    small = server.route("/small", page(gzip.compress(HTML), "text/html",
                                        headers={"Content-Encoding": "gzip"}))
    assert fetcher.fetch(small).body == HTML


def test_a_connection_closed_mid_answer_fails(server: LocalServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.route("/cut", cut_off))
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == (
        f"127.0.0.1:{server.port} closed the connection before the whole answer arrived")


def test_garbage_instead_of_http_fails(server: LocalServer, fetcher: Fetcher) -> None:
    result = fetcher.fetch(server.route("/junk", garbage))
    assert one_line(result.reason) == (
        f"127.0.0.1:{server.port} sent something that is not a valid HTTP answer")


# --- unreachable servers and refused addresses -----------------------------------------------


def test_a_port_with_no_server_refuses(fetcher: Fetcher) -> None:
    port = free_port()
    result = fetcher.fetch(f"http://127.0.0.1:{port}/")
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason) == (
        f"127.0.0.1:{port} refused the connection (no server is listening there)")


def test_a_name_that_does_not_resolve(monkeypatch: pytest.MonkeyPatch, fetcher: Fetcher) -> None:
    guarded = socket.getaddrinfo

    def lookup(host: object, *args: object, **kwargs: object) -> object:
        if host in ("nowhere.invalid", b"nowhere.invalid"):  # as for a name nobody has
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return guarded(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    result = fetcher.fetch("https://nowhere.invalid/story")
    assert one_line(result.reason) == (
        "could not find the server nowhere.invalid (no such name, or no network)")


def test_a_failed_secure_connection_says_so(server: LocalServer, fetcher: Fetcher) -> None:
    server.route("/", page(HTML))
    result = fetcher.fetch(f"https://127.0.0.1:{server.port}/")  # the server speaks plain HTTP
    assert result.outcome is Outcome.FAILED
    assert one_line(result.reason).startswith(
        f"the secure connection to 127.0.0.1:{server.port} failed")


@pytest.mark.parametrize(("url", "reason"), [
    ("file:///etc/passwd", "only http:// and https:// addresses can be fetched, not file:"),
    ("ftp://example.com/a", "only http:// and https:// addresses can be fetched, not ftp:"),
    ("javascript:alert(1)", "only http:// and https:// addresses can be fetched, not javascript:"),
    ("example.com/story", "not a web address (it needs http:// or https://): example.com/story"),
    ("http:///path", "not a valid web address: http:///path"),
    ("http://[::1/", "not a valid web address: http://[::1/"),
    ("http://example.com:99999/", "not a valid web address: http://example.com:99999/"),
])
def test_only_web_addresses_are_fetched(fetcher: Fetcher, url: str, reason: str) -> None:
    result = fetcher.fetch(url)
    assert (result.outcome, one_line(result.reason)) == (Outcome.FAILED, reason)


def test_the_guard_stops_a_test_reaching_another_host(network_guard: NetworkGuard) -> None:
    with socket.socket() as sock, pytest.raises(OSError):
        sock.connect(("192.0.2.1", 80))  # a documentation address: never routed anyway
    with pytest.raises(socket.gaierror):
        socket.getaddrinfo("example.com", 80)
    assert network_guard.reached == ["connection to 192.0.2.1", "lookup of example.com"]
    network_guard.reached.clear()  # seen: the test itself passes


# --- many at once ----------------------------------------------------------------------------


def test_many_fetches_run_a_few_at_a_time_and_one_hang_stops_nobody(
    server: LocalServer, fetcher: Fetcher
) -> None:
    lock = threading.Lock()
    running = [0, 0]  # now, most at once

    def counted(handler: BaseHTTPRequestHandler) -> None:
        with lock:
            running[0] += 1
            running[1] = max(running[1], running[0])
        time.sleep(0.1)
        with lock:
            running[0] -= 1
        reply(handler, 200, handler.path.encode(), {"Content-Type": "text/plain"})

    good = [server.route(f"/ok{n}", counted) for n in range(6)]
    hang = server.route("/hang", silent_for(30, server))
    broken = server.route("/broken", page(b"", status=500))
    requests = [FetchRequest(url) for url in [hang, *good[:3], broken, *good[3:]]]
    started = time.monotonic()
    results = {request.url: result for request, result in
               fetcher.fetch_many(requests, concurrency=2)}
    assert time.monotonic() - started < 2.5
    assert set(results) == {request.url for request in requests}
    assert all(results[url].ok and results[url].body == url.rsplit(":", 1)[1][5:].encode()
               for url in good)
    assert "stopped answering" in one_line(results[hang].reason)
    assert results[broken].status == 500
    assert running[1] <= 2


def test_a_cancel_stops_fetches_in_flight(server: LocalServer, fetcher: Fetcher) -> None:
    slow = Fetcher(FetchLimits(read_timeout=30, deadline=60))
    urls = [server.route(f"/wait{n}", silent_for(30, server)) for n in range(3)]
    quick = server.route("/quick", page(HTML))
    cancel_at = time.monotonic() + 0.5
    started = time.monotonic()
    results = list(slow.fetch_many([FetchRequest(quick), *map(FetchRequest, urls)],
                                   concurrency=4, cancel=lambda: time.monotonic() > cancel_at))
    assert time.monotonic() - started < 1.5
    assert [request.url for request, _ in results] == [quick]
    alone = slow.fetch(urls[0], cancel=lambda: time.monotonic() > cancel_at + 0.3)
    assert alone.outcome is Outcome.CANCELLED


def test_leaving_the_loop_early_stops_the_rest(server: LocalServer) -> None:
    slow = Fetcher(FetchLimits(read_timeout=30, deadline=60))
    quick = server.route("/quick", page(HTML))
    waits = [FetchRequest(server.route(f"/w{n}", silent_for(30, server))) for n in range(2)]
    before = threading.active_count()
    started = time.monotonic()
    answers = slow.fetch_many([*waits, FetchRequest(quick)], concurrency=3)
    for request, _result in answers:
        assert request.url == quick
        break
    answers.close()
    assert time.monotonic() - started < 1.5
    assert threading.active_count() <= before + 2  # the server's two waiting handlers
