"""``broadsheet feeds``: the shapes scripts depend on, exit statuses, and OPML in and out."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import feed_samples as samples
import pytest
from local_http import LocalServer, page, silent_for, wait_until

from reader import InvalidValue, Library
from reader.feeds.opml import parse_opml
from tests.conftest import run_in_process

RSS = "application/rss+xml"
REPO = Path(__file__).resolve().parents[1]


def broadsheet(library: Path, *args: str) -> tuple[int, str, str]:
    done = run_in_process(["--library", str(library), *args])
    return done.returncode, done.stdout, done.stderr


@pytest.fixture()
def lib(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


def test_add_list_refresh_remove(lib: Path, server: LocalServer) -> None:
    url = server.route("/f", page(samples.rss20(2), RSS))
    status, out, _ = broadsheet(lib, "feeds", "add", url, "--tag", "port")
    assert status == 0 and out == "Subscribed to Port News as feed 1: 2 new articles\n"
    status, out, _ = broadsheet(lib, "feeds", "list", "--json")
    [feed] = json.loads(out)["feeds"]
    assert (feed["id"], feed["url"], feed["title"], feed["tags"], feed["unread"],
            feed["error"]) == (1, url, "Port News", ["port"], 2, None)
    status, out, _ = broadsheet(lib, "feeds", "list")
    assert out.split() == ["1", "2/2", "Port", "News", url]
    server.route("/f", page(samples.rss20(3), RSS))
    status, out, _ = broadsheet(lib, "feeds", "refresh", "--json")
    assert status == 0
    assert json.loads(out) == {"feeds": [{"id": 1, "url": url, "title": "Port News", "new": 1,
                                          "error": None}]}
    status, out, _ = broadsheet(lib, "search", "feed:1", "--json")
    assert len(json.loads(out)) == 3
    status, out, _ = broadsheet(lib, "feeds", "remove", url)
    assert status == 0 and "its 3 articles stay" in out
    assert broadsheet(lib, "feeds", "list")[1] == "No feeds.\n"


def test_refresh_exits_1_when_a_feed_failed(lib: Path, server: LocalServer) -> None:
    good = server.route("/good", page(samples.rss20(1, prefix="Good"), RSS))
    bad = server.route("/bad", page(samples.rss20(1, prefix="Bad"), RSS))
    for url in (good, bad):
        assert broadsheet(lib, "feeds", "add", url)[0] == 0
    server.route("/bad", page(b"down", "text/plain", status=500))
    status, out, _ = broadsheet(lib, "feeds", "refresh", "--json")
    assert status == 1
    reports = {item["url"]: item for item in json.loads(out)["feeds"]}
    assert reports[good]["error"] is None
    assert reports[bad]["error"] == "the server answered 500 Internal Server Error"
    status, out, _ = broadsheet(lib, "feeds", "refresh", "1")
    assert status == 0 and out.splitlines()[-1] == "Refreshed 1 feeds: 0 new articles"
    status, out, _ = broadsheet(lib, "feeds", "refresh")
    assert f"failed: Port News <{bad}>: the server answered 500" in out


def test_errors_are_one_line(lib: Path, server: LocalServer) -> None:
    page_url = server.route("/p", page(b"<html><body><p>Just a page</p></body></html>"))
    status, out, err = broadsheet(lib, "feeds", "add", page_url)
    assert status == 1 and out == "" and len(err.splitlines()) == 1
    assert "names no feed" in err
    status, _out, err = broadsheet(lib, "feeds", "remove", "9")
    assert status == 1 and err == "broadsheet: error: no feed 9\n"
    status, _out, err = broadsheet(lib, "feeds", "refresh", "https://nowhere.example/feed")
    assert status == 1 and "no feed with address" in err
    status, _out, err = broadsheet(lib, "feeds")
    assert status == 1 and "give a feed command" in err


def test_opml_round_trip(lib: Path, server: LocalServer, tmp_path: Path) -> None:
    first = server.route("/a", page(samples.rss20(1), RSS))
    second = server.route("/b", page(samples.atom(1), "application/atom+xml"))
    broadsheet(lib, "feeds", "add", first, "--tag", "news", "--tag", "asia/korea")
    broadsheet(lib, "feeds", "add", second)
    opml = tmp_path / "subs.opml"
    assert broadsheet(lib, "feeds", "export-opml", str(opml))[1] == f"Wrote 2 feeds to {opml}\n"
    other = tmp_path / "other.sqlite3"
    status, out, _ = broadsheet(other, "feeds", "import-opml", str(opml))
    assert status == 0 and out.startswith("Subscribed to 2 feeds")
    with Library.open(other) as library:
        feeds = {feed.url: feed for feed in library.feeds.all()}
        assert set(feeds) == {first, second}
        assert set(feeds[first].tags) == {"news", "asia/korea"}
        assert (feeds[first].title, feeds[second].title) == ("Port News", "Air Desk")
        assert library.count() == 0  # nothing is fetched until a refresh
    status, out, _ = broadsheet(other, "feeds", "import-opml", str(opml))
    assert out.count("already subscribed") == 2


def test_opml_folders_become_tags_and_bombs_are_refused() -> None:
    outlines = parse_opml(b"""<?xml version="1.0"?><opml version="1.0"><head/><body>
        <outline text="Tech"><outline text="Inner" type="rss" xmlUrl="https://t.example/rss"
        htmlUrl="https://t.example/" category="/gadgets,reviews"/></outline>
        <outline text="Loose" xmlUrl="https://l.example/feed"/>
        <outline text="No address"/></body></opml>""")
    assert [(o.url, o.title, o.tags) for o in outlines] == [
        ("https://t.example/rss", "Inner", ("Tech", "gadgets", "reviews")),
        ("https://l.example/feed", "Loose", ())]
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;">]><opml><body><outline text="&lol2;"/></body></opml>')
    with pytest.raises(InvalidValue, match="declares XML entities"):
        parse_opml(bomb)
    with pytest.raises(InvalidValue, match="not OPML"):
        parse_opml(b"<rss/>")
    with pytest.raises(InvalidValue, match="XML cannot be read"):
        parse_opml(b"<opml><body>")


def test_a_killed_refresh_keeps_every_feed_it_stored_whole(lib: Path,
                                                           server: LocalServer) -> None:
    with Library.open(lib) as library:
        for n in range(6):
            library.feeds.subscribe(server.route(f"/f{n}", page(
                samples.rss20(1, prefix=f"F{n}"), RSS)))
    for n in range(6):  # two feeds answer at once with two new entries, four hang
        server.route(f"/f{n}", page(samples.rss20(3, prefix=f"F{n}"), RSS) if n < 2
                     else silent_for(60, server))
    command = [sys.executable, "-m", "reader.cli.main", "--library", str(lib), "feeds",
               "refresh"]
    child = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert wait_until(lambda: _count(lib, "SELECT count(*) FROM articles") == 10,
                          timeout=30)
        assert child.poll() is None, "the refresh ended before it could be killed"
    finally:
        os.killpg(child.pid, signal.SIGKILL)
        child.wait()
    # Each feed is whole: every article has its entry, every entry its article, indexed.
    assert _count(lib, "SELECT count(*) FROM feed_entries") == 10
    assert _count(lib, "SELECT count(*) FROM article_fts") == 10
    for n in range(6):
        server.route(f"/f{n}", page(samples.rss20(3, prefix=f"F{n}"), RSS))
    status, out, _ = broadsheet(lib, "feeds", "refresh")
    assert status == 0 and out.splitlines()[-1] == "Refreshed 6 feeds: 8 new articles"


def _count(path: Path, sql: str) -> int:
    try:
        with closing(sqlite3.connect(path)) as raw:
            return int(raw.execute(sql).fetchone()[0])
    except sqlite3.Error:  # the writer holds it for a moment
        return -1


def test_set_changes_a_feeds_title_tags_and_options(lib: Path, server: LocalServer) -> None:
    url = server.route("/f", page(samples.rss20(1), RSS))
    broadsheet(lib, "feeds", "add", url, "--tag", "port")
    status, out, _ = broadsheet(lib, "feeds", "set", "1", "--title", "Harbour", "--tag", "sea",
                                "--tag", "Sea", "--full-text", "--pause")
    assert (status, out) == (0, "Feed 1: Harbour; tags: sea; whole articles; paused\n")
    status, out, _ = broadsheet(lib, "feeds", "set", url, "--no-tags", "--resume", "--json")
    feed = json.loads(out)
    assert (status, feed["title"], feed["tags"], feed["full_text"], feed["paused"]) == (
        0, "Harbour", [], True, False)
    status, out, _ = broadsheet(lib, "feeds", "set", "1", "--no-full-text")
    assert out == "Feed 1: Harbour; no tags; entry text; refreshed with the others\n"


@pytest.mark.parametrize(("args", "code", "message"), [
    ((), 2, "nothing to change"),
    (("--tag", "a", "--no-tags"), 2, "not allowed with argument"),
    (("--pause", "--resume"), 2, "not allowed with argument"),
    (("--title", " "), 1, "a feed needs a title"),
])
def test_set_refuses_in_one_line(lib: Path, server: LocalServer, args: tuple[str, ...],
                                 code: int, message: str) -> None:
    broadsheet(lib, "feeds", "add", server.route("/f", page(samples.rss20(1), RSS)))
    status, out, err = broadsheet(lib, "feeds", "set", "1", *args)
    assert (status, out) == (code, "")
    # One line says what is wrong (argparse prints its usage above it).
    assert message in err.splitlines()[-1] and err.splitlines()[-1].startswith("broadsheet")
    with Library.open(lib) as library:
        assert library.feeds.get(1).title == "Port News"


def test_set_names_a_feed_that_is_not_there(lib: Path, server: LocalServer) -> None:
    broadsheet(lib, "feeds", "add", server.route("/f", page(samples.rss20(1), RSS)))
    status, _, err = broadsheet(lib, "feeds", "set", "9", "--pause")
    assert (status, err) == (1, "broadsheet: error: no feed 9\n")


def test_a_feeds_own_title_cannot_drive_the_terminal(lib: Path, server: LocalServer) -> None:
    hostile = samples.rss20(1).replace(b"<title>Port News</title>",
                                       b"<title>Port\x1b]0;owned\x07 News</title>", 1)
    assert hostile != samples.rss20(1)
    url = server.route("/f", page(hostile, RSS))
    outputs = [broadsheet(lib, "feeds", "add", url)[1],
               broadsheet(lib, "feeds", "list")[1],
               broadsheet(lib, "feeds", "refresh")[1],
               broadsheet(lib, "feeds", "set", "1", "--pause")[1],
               broadsheet(lib, "feeds", "remove", "1")[1]]
    for out in outputs:
        assert "Port\\x1b]0;owned\\x07 News" in out
        assert "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize(("ref", "said"), [
    ("99999999999999999999999", "no feed 99999999999999999999999"),
    (str(2**63), f"no feed {2**63}"),
    ("١", "no feed with address ١"),  # an Arabic-Indic one is no id: feed 1 stays
])
def test_a_feed_number_no_feed_can_have_is_no_feed(lib: Path, server: LocalServer,
                                                   ref: str, said: str) -> None:
    broadsheet(lib, "feeds", "add", server.route("/f", page(samples.rss20(1), RSS)))
    for command in (("set", ref, "--pause"), ("refresh", ref), ("remove", ref)):
        status, _, err = broadsheet(lib, "feeds", *command)
        assert (status, err) == (1, f"broadsheet: error: {said}\n")
    with Library.open(lib) as library:
        assert [(feed.id, feed.paused) for feed in library.feeds.all()] == [(1, False)]
