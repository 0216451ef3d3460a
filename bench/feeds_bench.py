"""Refreshing 200 feeds of 50 entries each from a local server, beside feedparser alone on
the same bytes.

The feeds are RSS 2.0 with HTML content of 2-3 paragraphs per entry, served from memory by
a threaded HTTP server on 127.0.0.1 that answers 304 to a matching ETag. Each run refreshes a
fresh library: 200 subscriptions, 10,000 new articles. The baseline is ``feedparser.parse``
on the 200 documents in this process, which is the floor for reading them at all; the refresh
adds the fetching (4 at a time), the entry text, the duplicate checks and one transaction per
feed. A second refresh of the unchanged feeds costs 200 conditional requests answered 304.
"""

from __future__ import annotations

import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench import Options
from bench.report import Table, median
from bench.vocabulary import WORD_CLASSES

FEEDS = 200
ENTRIES = 50


def _sentence(rng: random.Random, words: list[str]) -> str:
    return " ".join(rng.choices(words, k=rng.randint(14, 30))).capitalize() + "."


def make_feeds(seed: int) -> list[bytes]:
    rng = random.Random(seed)
    words = [word for cls in WORD_CLASSES.values() for word in cls.words]
    documents = []
    for feed in range(FEEDS):
        items = []
        for entry in range(ENTRIES):
            paragraphs = "".join(f"<p>{_sentence(rng, words)} {_sentence(rng, words)}</p>"
                                 for _ in range(rng.randint(2, 3)))
            items.append(
                f"<item><title>Feed {feed} story {entry}</title>"
                f"<link>https://site{feed}.example/{entry}</link>"
                f'<guid isPermaLink="false">f{feed}-e{entry}</guid>'
                f"<pubDate>Mon, {entry % 28 + 1:02d} Jan 2024 10:00:00 GMT</pubDate>"
                f"<description><![CDATA[{paragraphs}]]></description></item>")
        documents.append(
            (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
             f"<title>Site {feed}</title><link>https://site{feed}.example/</link>"
             f"<description>d</description>{''.join(items)}</channel></rss>").encode())
    return documents


class _Server:
    def __init__(self, documents: list[bytes]) -> None:
        served = {f"/feed/{n}": body for n, body in enumerate(documents)}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                body = served.get(self.path)
                if body is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                etag = f'"{len(body)}"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", etag)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _opml(port: int, path: Path) -> None:
    outlines = "".join(f'<outline text="Site {n}" xmlUrl="http://127.0.0.1:{port}/feed/{n}"/>'
                       for n in range(FEEDS))
    path.write_text(f'<?xml version="1.0"?><opml version="2.0"><head/><body>{outlines}'
                    "</body></opml>", encoding="utf-8")


def _refresh_once(port: int) -> tuple[float, float, int]:
    from reader import Library

    with tempfile.TemporaryDirectory() as folder:
        opml = Path(folder) / "feeds.opml"
        _opml(port, opml)
        with Library.open(Path(folder) / "bench.sqlite3") as library:
            library.feeds.import_opml(opml)
            started = time.perf_counter()
            reports = library.feeds.refresh()
            first = time.perf_counter() - started
            stored = sum(report.new for report in reports)
            assert not any(report.failed for report in reports), reports[:3]
            started = time.perf_counter()
            again = library.feeds.refresh()
            second = time.perf_counter() - started
            assert all(report.not_modified for report in again)
    return first, second, stored


def _parse_alone(documents: list[bytes], **options: bool) -> float:
    import feedparser

    started = time.perf_counter()
    for body in documents:
        parsed = feedparser.parse(body, response_headers={
            "content-type": "application/rss+xml; charset=utf-8"}, **options)
        assert len(parsed.entries) == ENTRIES
    return time.perf_counter() - started


def run(options: Options) -> None:
    documents = make_feeds(options.seed)
    size = sum(len(body) for body in documents)
    server = _Server(documents)
    try:
        refreshes = [_refresh_once(server.port) for _ in range(options.repeat)]
    finally:
        server.close()
    parse = median([_parse_alone(documents) for _ in range(options.repeat)])
    # As the refresh calls it: entry HTML is reduced to text by Broadsheet, not sanitised.
    plain = median([_parse_alone(documents, sanitize_html=False, resolve_relative_uris=False)
                    for _ in range(options.repeat)])
    first = median([r[0] for r in refreshes])
    second = median([r[1] for r in refreshes])
    entries = FEEDS * ENTRIES
    table = Table(f"Feeds: {FEEDS} feeds x {ENTRIES} entries ({size / 1e6:.1f} MB of RSS) "
                  "from a local server")
    table.add("refresh, all new (s) / feedparser.parse alone", first, parse, unit="s",
              digits=2)
    table.add("refresh, all new (s) / feedparser.parse, no sanitiser", first, plain,
              unit="s", digits=2)
    table.add("entries per second", entries / first, entries / parse, digits=0)
    table.add("refresh again, all 304 (s)", second, None, unit="s", digits=2, ratio=False)
    table.note(f"articles stored: {refreshes[0][2]:,} (of {entries:,} entries); medians of "
               f"{options.repeat} runs, each on a fresh library")
    table.note("the refresh includes fetching 4 feeds at a time, entry HTML to text, duplicate "
               "checks by text and address, and one transaction per feed")
    table.print()
