"""An article from a link: fetched from a server on 127.0.0.1 and read as a saved page is."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from local_http import LocalServer, Sent, endless, free_port, page, redirect

from reader.errors import NotAnArticle
from reader.importing.link import FetchedPage, article_from_page, fetch_article, load_link
from reader.importing.web_page import NO_ARTICLE

PAGES = Path(__file__).resolve().parent / "data" / "pages"
FERRY_URL = "https://www.kettlenessherald.example/news/2024/03/ferry-returns"
EXPECTED = (PAGES / "ferry.expected.txt").read_text(encoding="utf-8").strip()
PROSE = (
    "The council met on Tuesday evening to discuss the new bridge over the river. "
    "Residents spoke for and against the plan for more than two hours before the vote."
)


def html(body: str, head: str = "") -> bytes:
    return (f"<!DOCTYPE html><html><head>{head}<title>Bridge vote</title></head>"
            f"<body><article><h1>Bridge vote</h1>{body}</article></body></html>").encode()



def test_a_news_page_becomes_its_article_with_the_canonical_address(
    server: LocalServer,
) -> None:
    url = server.route("/ferry", page((PAGES / "complete.html").read_bytes()))
    parsed = load_link(url)
    assert parsed.body == EXPECTED
    assert parsed.title == "Harbour ferry returns after two winters in dry dock"
    assert parsed.published == date(2024, 3, 14)
    assert (parsed.author, parsed.source) == ("Fiona Sinclair", "The Kettleness Herald")
    assert parsed.url == FERRY_URL  # the page's own address, not the one it was fetched from


def test_a_page_without_its_own_address_gets_the_one_it_came_from(server: LocalServer) -> None:
    final = server.route("/story", page(html(f"<p>{PROSE}</p>")))
    short = server.route("/s/1", redirect(301, "/story"))
    fetched = fetch_article(short)
    assert fetched == FetchedPage(html(f"<p>{PROSE}</p>"), final, "text/html", "utf-8")
    parsed = article_from_page(fetched)
    assert parsed.url == final
    assert parsed.body.endswith(PROSE)


def test_a_relative_canonical_link_is_read_against_the_final_address(
    server: LocalServer,
) -> None:
    head = '<link rel="canonical" href="/news/bridge-vote">'
    url = server.route("/tmp/preview", page(html(f"<p>{PROSE}</p>", head)))
    assert load_link(url).url == server.url("/news/bridge-vote")


def test_the_charset_the_server_declares_is_used(server: LocalServer) -> None:
    text = ("Городской совет во вторник вечером обсудил новый мост через реку. "
            "Жители спорили о плане больше двух часов перед голосованием.")
    body = html(f"<p>{text}</p>").decode().encode("koi8-r")
    url = server.route("/ru", page(body, "text/html; charset=KOI8-R"))
    assert load_link(url).body.endswith(text)


def test_a_dead_link_says_why(server: LocalServer) -> None:
    with pytest.raises(NotAnArticle, match=r"^the server answered 404 Not Found$"):
        load_link(server.url("/missing"))
    with pytest.raises(NotAnArticle, match=r"^the server answered 410 Gone$"):
        load_link(server.route("/gone", page(b"", status=410)))
    with pytest.raises(NotAnArticle, match="refused the connection"):
        load_link(f"http://127.0.0.1:{free_port()}/")
    with pytest.raises(NotAnArticle, match=r"^only http:// and https:// addresses"):
        load_link("file:///etc/hostname")


def test_a_page_beyond_the_size_limit_is_refused(server: LocalServer) -> None:
    sent = Sent()
    huge = server.route("/huge", endless(sent, None, server, limit=40 * 1024 * 1024))
    with pytest.raises(NotAnArticle, match=r"^the answer is larger than the 10 MB limit$"):
        load_link(huge)  # no length announced: cut off once the limit is read
    assert sent.done.wait(5) and sent.bytes < 30 * 1024 * 1024


@pytest.mark.parametrize(("content_type", "kind"), [
    ("application/pdf", "a PDF document"),
    ("image/png", "an image"),
    ("application/rss+xml", "a feed"),
    ("application/x-foo", "a file of type application/x-foo"),
])
def test_a_link_to_something_else_than_a_page_says_what_it_is(
    server: LocalServer, content_type: str, kind: str
) -> None:
    url = server.route("/file", page(b"%PDF-1.7 binary stuff", content_type))
    with pytest.raises(NotAnArticle, match=f"^the link leads to {kind}, not a web page$"):
        load_link(url)


def test_a_vague_type_lets_the_bytes_decide(server: LocalServer) -> None:
    served = server.route("/page", page(html(f"<p>{PROSE}</p>"), "application/octet-stream"))
    assert load_link(served).body.endswith(PROSE)
    text = server.route("/notes.txt", page(PROSE.encode(), "text/plain"))
    with pytest.raises(NotAnArticle, match=r"^not a web page \(no HTML markup\)$"):
        load_link(text)


def test_a_page_with_no_article_says_so(server: LocalServer) -> None:
    menu = "".join(f'<li><a href="/s/{n}">Section {n}</a></li>' for n in range(30))
    url = server.route("/home", page(
        f"<html><head><title>Home</title></head><body><nav><ul>{menu}</ul></nav></body></html>"
        .encode()))
    with pytest.raises(NotAnArticle) as caught:
        load_link(url)
    assert str(caught.value) == NO_ARTICLE or str(caught.value).startswith("too short")
    empty = server.route("/empty", page(b"  \n"))
    with pytest.raises(NotAnArticle, match=r"^the page is empty$"):
        load_link(empty)
