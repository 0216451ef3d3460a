"""Subscriptions in a library export and back: the feeds with their options and tags, the
entries each has carried (so a refresh after a restore adds nothing), ``feed:ID`` searches,
a selection's export, and damaged feed lists refused with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import feed_samples as samples
import pytest
from local_http import LocalServer, page

from reader import ArticleQuery, InvalidValue, Library
from reader.feeds.records import FeedChanges
from tests.exported_library import export_article, export_document, without_stamp

RSS = "application/rss+xml"
BOTH_ENGINES = True  # every test here runs on SQLite and on PostgreSQL


def _feeds(library: Library) -> list[tuple[Any, ...]]:
    return [(f.id, f.url, f.title, f.site_url, f.tags, f.full_text, f.paused, f.gone,
             f.articles, f.unread) for f in library.feeds.all()]


def _in_feed(library: Library, feed_id: int) -> list[int]:
    return sorted(library.article_ids(ArticleQuery(search=f"feed:{feed_id}")))


@pytest.fixture()
def subscribed(library: Library, server: LocalServer) -> tuple[Library, int, int]:
    """Two feeds: one tagged and fetching whole articles, one paused with an article deleted
    for good (its entry stays known, with no article)."""
    first, _ = library.feeds.subscribe(server.route("/a", page(samples.rss20(3), RSS)),
                                       tags=["world", "daily"], full_text=False)
    second, _ = library.feeds.subscribe(
        server.route("/b", page(samples.rss20(2, prefix="Other"), RSS)))
    library.feeds.update(second.id, FeedChanges(paused=True, title="Renamed"))
    gone = _in_feed(library, second.id)[0]
    library.delete_articles([gone])
    library.empty_trash([gone])
    return library, first.id, second.id


@pytest.fixture()
def second_location(engine: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """Another new, empty library on the same engine."""
    if engine == "sqlite":
        return str(tmp_path / "copy.sqlite3")
    return str(request.getfixturevalue("postgres_server").new_database())


def test_feeds_round_trip_and_a_refresh_after_restore_adds_nothing(
        subscribed: tuple[Library, int, int], second_location: str, tmp_path: Path) -> None:
    library, first, second = subscribed
    exported = tmp_path / "export.json"
    library.transfer.export_json(exported)
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert document["version"] == 4
    assert [len(feed["entries"]) for feed in document["feeds"]] == [3, 2]
    assert [None in [article for _, article in feed["entries"]]
            for feed in document["feeds"]] == [False, True]

    with Library.open(second_location) as copy:
        report = copy.transfer.restore(exported)
        assert (report.articles, report.feeds) == (4, 2)
        assert _feeds(copy) == _feeds(library)
        assert _in_feed(copy, first) == _in_feed(library, first)
        assert _in_feed(copy, second) == _in_feed(library, second)
        # Every entry is known: nothing comes in again, not even the one deleted for good.
        copy.feeds.update(second, FeedChanges(paused=False))
        assert [(r.new, r.duplicates, r.error) for r in copy.feeds.refresh()] == [
            (0, 0, None), (0, 0, None)]
        assert copy.count() == 4
        copy.feeds.update(second, FeedChanges(paused=True))
        again = tmp_path / "again.json"
        copy.transfer.export_json(again)
        assert without_stamp(again) == without_stamp(exported)


def test_a_feed_subscribed_after_a_restore_gets_a_new_id(
        subscribed: tuple[Library, int, int], second_location: str, tmp_path: Path,
        server: LocalServer) -> None:
    library, _, second = subscribed
    exported = tmp_path / "export.json"
    library.transfer.export_json(exported)
    with Library.open(second_location) as copy:
        copy.transfer.restore(exported)
        third, report = copy.feeds.subscribe(
            server.route("/c", page(samples.rss20(1, prefix="Third"), RSS)))
        assert third.id > second
        assert report.new == 1


def test_a_selection_carries_the_entries_of_its_articles_only(
        subscribed: tuple[Library, int, int], tmp_path: Path) -> None:
    library, first, _ = subscribed
    chosen = _in_feed(library, first)[:1]
    exported = tmp_path / "some.json"
    library.transfer.export_json(exported, chosen)
    feeds = json.loads(exported.read_text(encoding="utf-8"))["feeds"]
    assert [[article for _, article in feed["entries"]] for feed in feeds] == [chosen, []]


KEY = "a" * 64


def _feed(**changes: Any) -> dict[str, Any]:
    feed = {"id": 1, "url": "https://example.org/feed", "title": "Example", "site_url": None,
            "full_text": False, "paused": False, "added_at": "2026-01-01T10:00:00",
            "gone_at": None, "tags": ["news"], "entries": [[KEY, 1]]}
    return {**feed, **changes}


def _write(tmp_path: Path, feeds: list[dict[str, Any]]) -> Path:
    path = tmp_path / "hand.json"
    document = export_document([export_article(1)], feeds=feeds)
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_hand_written_feed_list_restores(library: Library, tmp_path: Path) -> None:
    report = library.transfer.restore(_write(tmp_path, [_feed(), _feed(
        id=7, url="http://example.net/rss", entries=[[KEY, None]], tags=[])]))
    assert report.feeds == 2
    assert [(f.id, f.tags, f.articles) for f in library.feeds.all()] == [
        (1, ("news",), 1), (7, (), 0)]


@pytest.mark.parametrize(("changes", "message"), [
    ({"entries": [[KEY, 2]]}, "names article 2, which the file does not hold"),
    ({"entries": [[KEY, 2**64]]}, f"names article {2**64}, which the file does not hold"),
    ({"entries": [[KEY, 10**400]]}, "which the file does not hold"),
    ({"entries": [[KEY, 1], [KEY, 1]]}, "feed 1, entry 2: the feed lists this entry twice"),
    ({"entries": [["not a key", 1]]}, "entry 1: should be [64 hexadecimal digits"),
    ({"entries": [[KEY, True]]}, "the article id should be a whole number or null"),
    ({"entries": {"a": 1}}, "'entries' should be a list"),
    ({"url": "ftp://example.org/feed"}, "'url': not a web address"),
    ({"url": "https://example.org/\x1b[2Jfeed"}, "'url'"),
    ({"site_url": " https://example.org/"}, "'site_url': not a web address"),
    ({"title": "  "}, "a feed needs a title"),
    ({"title": "bell\x07"}, "'title'"),
    ({"tags": ["ok", 3]}, "a tag name should be text"),
    ({"tags": [""]}, "feed 1:"),
    ({"paused": "no"}, "'paused' should be true or false"),
    ({"id": 0}, "'id' should be from 1"),
    ({"id": 2**31}, "'id' should be from 1"),
    ({"added_at": "2026-01-01T10:00:00+02:00"}, "has a time zone"),
])
def test_a_damaged_feed_list_is_refused_and_nothing_is_written(
        library: Library, tmp_path: Path, changes: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidValue, match="is damaged") as raised:
        library.transfer.restore(_write(tmp_path, [_feed(**changes)]))
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
    assert (library.count(), library.feeds.all()) == (0, [])


def test_two_feeds_of_one_address_or_id_are_refused(library: Library, tmp_path: Path) -> None:
    for second, message in ((_feed(id=2), "two feeds have the address"),
                            (_feed(url="https://example.org/other"), "two feeds have the id")):
        with pytest.raises(InvalidValue, match=message):
            library.transfer.restore(_write(tmp_path, [_feed(), second]))
        assert library.feeds.all() == []


def test_a_library_with_a_feed_is_not_empty_for_a_restore(
        library: Library, server: LocalServer, tmp_path: Path) -> None:
    library.feeds.subscribe(server.route("/a", page(samples.rss20(0), RSS)))
    with pytest.raises(InvalidValue, match=r"not empty \(1 feed\)"):
        library.transfer.restore(_write(tmp_path, [_feed()]))
