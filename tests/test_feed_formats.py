"""Every feed format, served by a local server and subscribed to: each entry becomes an
article with its title, date, author, address, source and clean text."""

from __future__ import annotations

import json

import feed_samples as samples
import pytest
from local_http import LocalServer, page

from reader import InvalidValue, Library
from reader.feeds.entries import entry_article, entry_key
from reader.feeds.entry import FeedEntry, NotAFeed
from reader.feeds.entry_text import html_lines
from reader.feeds.json_feed import parse_json_feed
from reader.feeds.parsing import parse_feed

BOTH_ENGINES = True  # every library test here runs on SQLite and on PostgreSQL

FORMATS = [
    ("rss091", samples.rss091(), "application/rss+xml", "Port News 0.91", "Port story 1", None,
     None),
    ("rss092", samples.rss092(), "text/xml", "Canal Notes", "Canal story 1", None, None),
    ("rss20", samples.rss20(), "application/rss+xml", "Port News", "Story 1", "2024-01-02",
     "Ana Lima"),
    ("rdf", samples.rdf(), "application/rdf+xml", "Rail Weekly", "Rail story 1", "2024-02-01",
     "Jo Park"),
    ("atom", samples.atom(), "application/atom+xml", "Air Desk", "Air story 1", "2024-03-01",
     "Kim Berg"),
    ("json10", samples.json_feed("1.0"), "application/feed+json", "Sea Notes 1.0",
     "Sea story 1", "2024-04-01", "Lee Moss"),
    ("json11", samples.json_feed("1.1"), "application/json", "Sea Notes 1.1", "Sea story 1",
     "2024-04-01", "Lee Moss"),
]


@pytest.mark.parametrize(("name", "body", "kind", "title", "first", "day", "author"), FORMATS,
                         ids=[f[0] for f in FORMATS])
def test_each_format_subscribes_and_keeps_every_entry(
    library: Library, server: LocalServer, name: str, body: bytes, kind: str, title: str,
    first: str, day: str | None, author: str | None,
) -> None:
    url = server.route(f"/{name}", page(body, kind))
    feed, report = library.feeds.subscribe(url, tags=["news"])
    assert (feed.title, feed.url, report.new, report.error) == (title, url, 2, None)
    found = {a.title: a for a in library.search(f"feed:{feed.id}")}
    assert set(found) == {first, first[:-1] + "2"}
    article = found[first]
    assert article.source == title
    assert article.author == author
    assert (article.published.isoformat() if article.published else None) == day
    assert article.url is not None and article.url.startswith("https://")
    assert [tag.name for tag in article.tags] == ["news"]
    assert "Harbour cranes" in library.article(article.id).body


def test_rss_090_entries_are_links_whose_text_is_fetched_later(
        library: Library, server: LocalServer) -> None:
    url = server.route("/old", page(samples.rss090(), "application/rdf+xml"))
    feed, report = library.feeds.subscribe(url)
    assert (feed.title, report.new) == ("Old Wire", 2)
    found = library.search(f"feed:{feed.id} is:unfetched")
    assert sorted((a.title, a.url) for a in found) == [
        ("Old story 1", "https://old.example/1"), ("Old story 2", "https://old.example/2")]


def test_a_gb2312_feed_reads_right(library: Library, server: LocalServer) -> None:
    url = server.route("/gb", page(samples.gb2312_feed(), "application/rss+xml; charset=gb2312"))
    feed, report = library.feeds.subscribe(url)
    assert (feed.title, report.new) == ("港口新闻", 1)
    [article] = library.search(f"feed:{feed.id}")
    assert article.title == "港口起重机重新启用"
    assert library.article(article.id).body.startswith("经过一个冬天的维修")


def test_a_gb2312_feed_without_a_charset_header_reads_its_declaration(
        library: Library, server: LocalServer) -> None:
    url = server.route("/gb", page(samples.gb2312_feed(), "text/xml"))
    feed, _report = library.feeds.subscribe(url)
    assert feed.title == "港口新闻"


def test_entry_html_keeps_paragraphs_and_headings_and_nothing_else() -> None:
    html = ('<p onclick="steal()">First <b>bold</b> words<script>alert("x")</script></p>'
            '<style>p { color: red }</style><img src="https://track.example/p.gif" width="1">'
            '<h2>A heading</h2><iframe src="https://ads.example/"></iframe>'
            "<ul><li>one</li><li>two<br>three</li></ul><p>Last &amp; final.</p>")
    assert html_lines(html) == ["First bold words", "A heading", "one", "two", "three",
                                "Last & final."]


def test_entry_with_scripts_becomes_clean_text(library: Library, server: LocalServer) -> None:
    hostile = ("<item><title>Hostile</title><guid>h1</guid><description><![CDATA["
               '<p>Plain words stay here for the reader.</p><script>document.cookie</script>'
               '<img src="https://track.example/pixel.gif" width="1" height="1">'
               '<style>body{}</style><p><a href="javascript:x()">a link</a></p>]]>'
               "</description></item>")
    url = server.route("/f", page(samples.rss20(0, extra=hostile), "application/rss+xml"))
    feed, _ = library.feeds.subscribe(url)
    [summary] = library.search(f"feed:{feed.id}")
    body = library.article(summary.id).body
    assert body == "Plain words stay here for the reader.\n\na link"
    for trace in ("<", "script", "cookie", "track.example", "pixel", "body{}"):
        assert trace not in body


def test_an_untitled_entry_is_titled_by_its_first_sentence() -> None:
    entry = FeedEntry(id="x", link=None, title=None,
                      html="<p>Cranes are back. Ships follow next week.</p>")
    article = entry_article(entry, "Port")
    assert article is not None and article.title == "Cranes are back."


def test_an_entry_with_only_a_link_is_kept_without_its_text() -> None:
    article = entry_article(FeedEntry(id="x", link="https://port.example/9", title="Nine"),
                            "Port")
    assert article is not None
    assert (article.text_fetched, article.body, article.title) == (False, "", "Nine")
    assert entry_article(FeedEntry(id="x", link=None, title=None), "Port") is None


def test_identity_is_the_id_else_the_link_else_the_text() -> None:
    by_id = FeedEntry(id="a", link="https://x.example/1", title="T", html="<p>one</p>")
    assert entry_key(by_id) == entry_key(FeedEntry(id="a", link="https://x.example/2",
                                                   title="U", html="<p>two</p>"))
    by_link = FeedEntry(id=None, link="https://x.example/1", title="T", html="<p>one</p>")
    assert entry_key(by_link) == entry_key(FeedEntry(id=None, link="https://x.example/1",
                                                     title="U", html="<p>two</p>"))
    by_text = FeedEntry(id=None, link=None, title="T", html="<p>one</p>")
    assert entry_key(by_text) != entry_key(FeedEntry(id=None, link=None, title="T",
                                                     html="<p>two</p>"))
    assert len({entry_key(by_id), entry_key(by_link), entry_key(by_text)}) == 3


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "the answer is empty"),
    (b"<html><body><p>A page</p></body></html>", "a web page"),
    (b"\x00\x01garbage\xff", "XML cannot be read"),
    (b"<?xml version='1.0'?><catalog><book/></catalog>", "no RSS, Atom or JSON Feed"),
    (b'{"name": "not a feed"}', "not a JSON Feed"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": {}}',
     "items is not a list"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [{"id": []}]}',
     "the id of item 1 is not text"),
    (b'{"version": "https://jsonfeed.org/version/1", "title": 3, "items": []}',
     "title of the feed is not text"),
])
def test_what_is_not_a_feed_gets_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(NotAFeed, match=reason):
        parse_feed(data)


def test_json_feed_reads_text_content_and_numeric_ids() -> None:
    document = parse_json_feed(json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "T",
        "items": [{"id": 7, "content_text": "Line one.\n\nLine two."}]}).encode())
    [entry] = document.entries
    assert (entry.id, entry.text, entry.html) == ("7", "Line one.\n\nLine two.", None)


def test_json_feed_forgives_an_item_without_id_or_with_a_bad_date() -> None:
    document = parse_json_feed(json.dumps({
        "version": "https://jsonfeed.org/version/1", "title": "T", "items": [
            {"url": "https://t.example/1", "content_text": "One.",
             "date_published": "Tue, 02 Jan 2024 10:00:00 GMT"},
            {"id": " ", "content_text": "Two."}]}).encode())
    first, second = document.entries
    assert (first.id, first.link, first.published) == (None, "https://t.example/1", None)
    assert (second.id, second.text) == (None, "Two.")
    assert entry_key(first) == entry_key(FeedEntry(id=None, link="https://t.example/1",
                                                   title=None, text="Changed."))


def test_a_url_that_is_not_a_feed_is_refused_with_its_reason(
        library: Library, server: LocalServer) -> None:
    url = server.route("/page", page(b"<html><head><title>x</title></head><body>hi</body></html>"))
    with pytest.raises(InvalidValue, match="names no feed"):
        library.feeds.subscribe(url)
    with pytest.raises(InvalidValue, match="404 Not Found"):
        library.feeds.subscribe(server.url("/missing"))
    with pytest.raises(InvalidValue, match="only http:// and https://"):
        library.feeds.subscribe("ftp://port.example/feed")
    assert library.feeds.all() == []


@pytest.mark.parametrize("kind", ["application/rss+xml", "application/atom+xml",
                                  "application/feed+json"])
def test_a_home_page_leads_to_its_feed(library: Library, server: LocalServer,
                                       kind: str) -> None:
    body = {"application/rss+xml": samples.rss20(), "application/atom+xml": samples.atom(),
            "application/feed+json": samples.json_feed()}[kind]
    feed_url = server.route("/feeds/main", page(body, kind))
    home = server.route("/", page(samples.home_page("feeds/main", kind)))
    feed, report = library.feeds.subscribe(home)
    assert (feed.url, report.new) == (feed_url, 2)


@pytest.mark.parametrize(("body", "title"), [(samples.rss20(), "Port News"),
                                             (samples.atom(), "Air Desk"),
                                             (samples.json_feed(), "Sea Notes 1.1")],
                         ids=["rss", "atom", "json"])
def test_a_feed_served_as_a_web_page_is_read_as_the_feed_it_is(
        library: Library, server: LocalServer, body: bytes, title: str) -> None:
    url = server.route("/feed", page(body, "text/html; charset=utf-8"))
    feed, report = library.feeds.subscribe(url)
    assert (feed.title, report.new, report.error) == (title, 2, None)
    assert library.feeds.refresh()[0].error is None
