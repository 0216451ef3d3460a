"""One story in several feeds: one article, listed under each feed, carrying each feed's
tags."""

from __future__ import annotations

import feed_samples as samples
from local_http import LocalServer, page

from reader import Changes, Library

RSS = "application/rss+xml"
BOTH_ENGINES = True  # every test here runs on SQLite and on PostgreSQL


def subscribe(library: Library, server: LocalServer, path: str, body: bytes,
              tags: tuple[str, ...] = ()) -> int:
    feed, _ = library.feeds.subscribe(server.route(path, page(body, RSS)), tags=tags)
    return feed.id


def test_the_same_story_in_two_feeds_is_one_article_listed_in_both(
        library: Library, server: LocalServer) -> None:
    first = subscribe(library, server, "/a", samples.rss20(2))
    url = server.route("/b", page(samples.rss20(2), RSS))
    feed, report = library.feeds.subscribe(url)
    assert (report.new, report.duplicates) == (0, 2)
    assert library.count() == 2
    assert {a.id for a in library.search(f"feed:{first}")} == {
        a.id for a in library.search(f"feed:{feed.id}")}


def test_a_story_already_held_gets_the_tags_of_the_feed_it_turns_up_in(
        library: Library, server: LocalServer) -> None:
    first = subscribe(library, server, "/a", samples.rss20(2), tags=("tech",))
    seen: list[Changes] = []
    library.subscribe(seen.append)
    url = server.route("/b", page(samples.rss20(2), RSS))
    _, report = library.feeds.subscribe(url, tags=["world"])
    assert (report.new, report.duplicates) == (0, 2)
    ids = {a.id for a in library.search(f"feed:{first}")}
    assert {a.id: sorted(t.name for t in a.tags) for a in library.summaries(sorted(ids))} == {
        article_id: ["tech", "world"] for article_id in ids}
    assert any(ids <= change.articles and change.tag_set for change in seen)
