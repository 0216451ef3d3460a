"""Links on the command line: ``import`` fetches a page given by its address, and ``fetch``
downloads the pages of entries saved without their text. Every page comes from a server the
test starts on 127.0.0.1."""

from __future__ import annotations

import argparse
import json
import os
import signal
import threading
from pathlib import Path

import pytest
from link_pages import PROSE, article_page, saved_without_text
from local_http import LocalServer, page, silent_for, wait_until

from reader import Library
from reader.cli.fetch import cmd_fetch
from reader.errors import InvalidValue, LibraryUnavailable
from reader.importing.fetch_text import fetch_texts, unfetched_query
from reader.importing.formats import load_document
from tests.conftest import run_in_process

PAGES = Path(__file__).resolve().parent / "data" / "pages"
FERRY_URL = "https://www.kettlenessherald.example/news/2024/03/ferry-returns"
EXPECTED = (PAGES / "ferry.expected.txt").read_text(encoding="utf-8").strip()
# Importing a link and fetching text write the same on both engines: each test that opens a
# library runs on SQLite and on PostgreSQL.
BOTH_ENGINES = True



def broadsheet(library: str | Path, *args: str) -> tuple[int, str, str]:
    done = run_in_process(["--library", str(library), *args])
    return done.returncode, done.stdout, done.stderr


# --- import of a link ------------------------------------------------------------------------


def test_import_fetches_a_link_beside_a_file(server: LocalServer, tmp_path: Path,
                                             library_location: str) -> None:
    ferry = server.route("/ferry", page((PAGES / "complete.html").read_bytes()))
    missing = server.url("/missing")
    text = tmp_path / "note.txt"
    text.write_text("Harbour notes\n\nThe quay reopened to fishing boats on Monday morning.\n")
    library = library_location
    status, out, _err = broadsheet(library, "import", ferry, str(text), missing, "--json")
    report = json.loads(out)
    assert status == 1
    assert [item["path"] for item in report["imported"]] == [ferry, str(text)]
    assert report["failed"] == [{"path": missing, "reason": "the server answered 404 Not Found"}]
    with Library.open(library) as opened:
        article = opened.article(report["imported"][0]["id"])
    assert article.body == EXPECTED
    assert article.url == FERRY_URL  # the page's own address, which duplicates are told by
    assert article.source == "The Kettleness Herald" and article.text_fetched

    # The page again, and the page revised since under its own address: both are the article.
    revised = (PAGES / "complete.html").read_bytes().replace(b"The Marigold, built in 1987",
                                                             b"The Marigold, launched in 1987")
    again = server.route("/ferry-revised", page(revised))
    status, out, _err = broadsheet(library, "import", ferry, again)
    assert status == 0
    first = report["imported"][0]["id"]
    assert out.splitlines() == [f"duplicate: {ferry} (same as article {first})",
                                f"duplicate: {again} (same address as article {first})",
                                "Imported 0, 2 duplicates, 0 failed"]


def test_import_of_a_link_that_is_no_page_says_why(server: LocalServer,
                                                   library_location: str) -> None:
    pdf = server.route("/paper.pdf", page(b"%PDF-1.7 binary", "application/pdf"))
    status, out, _err = broadsheet(library_location, "import", pdf, "ftp://example/x")
    assert status == 1
    assert out.splitlines() == [  # what is no link at all is known before anything is fetched
        "failed: ftp://example/x: not a link that can be fetched (only http:// and https:// "
        "addresses with a host are)",
        f"failed: {pdf}: the link leads to a PDF document, not a web page",
        "Imported 0, 0 duplicates, 2 failed"]


def test_import_of_a_link_fills_the_entry_saved_without_its_text(
    server: LocalServer, tmp_path: Path, library_location: str
) -> None:
    library = library_location
    url = server.route("/bridge", page(article_page("bridge")))
    ids = saved_without_text(tmp_path, library, {"Bridge vote": url})
    status, out, _err = broadsheet(library, "import", url, "--json")
    assert status == 0
    assert json.loads(out)["imported"] == [{"path": url, "id": ids["Bridge vote"]}]
    with Library.open(library) as opened:
        assert opened.article(ids["Bridge vote"]).body.endswith(PROSE["bridge"])


# --- fetch -----------------------------------------------------------------------------------


def test_fetch_fills_each_article_or_says_why_it_cannot(
    server: LocalServer, tmp_path: Path, library_location: str
) -> None:
    library = library_location
    good = server.route("/bridge", page(article_page("bridge")))
    pdf = server.route("/report.pdf", page(b"%PDF-1.7 binary", "application/pdf"))
    missing = server.url("/gone-missing")
    ids = saved_without_text(tmp_path, library, {"Bridge": good, "Report": pdf,
                                                 "Missing": missing})
    with Library.open(library) as opened:
        opened.add_tags([ids["Bridge"]], ["council"])
        opened.set_note(ids["Bridge"], "Ask about the bridge tolls.")

    status, out, _err = broadsheet(library, "fetch")
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == f"fetched: article {ids['Bridge']} <{good}>"
    assert sorted(lines[1:3]) == sorted([
        f"failed: article {ids['Report']} <{pdf}>: the link leads to a PDF document, not a "
        "web page",
        f"failed: article {ids['Missing']} <{missing}>: the server answered 404 Not Found"])
    assert lines[3] == "Fetched 1, 2 failed"
    with Library.open(library) as opened:
        bridge = opened.article(ids["Bridge"])
        assert bridge.text_fetched and bridge.body.endswith(PROSE["bridge"])
        assert [tag.name for tag in bridge.tags] == ["council"]  # what it had is kept
        assert bridge.note.text == "Ask about the bridge tolls."
        assert bridge.title == "Bridge" and bridge.url == good
        waiting = {summary.id for summary in opened.search("is:unfetched")}
    assert waiting == {ids["Report"], ids["Missing"]}

    status, out, _err = broadsheet(library, "fetch", "--json")  # only the two left are tried
    assert status == 1
    report = json.loads(out)
    assert report["fetched"] == [] and report["cancelled"] is False
    assert sorted((item["id"], item["url"]) for item in report["failed"]) == sorted(
        [(ids["Report"], pdf), (ids["Missing"], missing)])


def test_fetch_takes_only_what_the_query_finds(server: LocalServer, tmp_path: Path,
                                               library_location: str) -> None:
    library = library_location
    urls = {name: server.route(f"/{name}", page(article_page(name))) for name in PROSE}
    ids = saved_without_text(tmp_path, library, {name.title(): url for name, url in urls.items()})
    # Only what the query finds is fetched: "Orchard" keeps waiting.
    status, out, _err = broadsheet(library, "fetch", "title:bridge OR title:tram", "--json")
    assert status == 0
    report = json.loads(out)
    assert sorted(item["id"] for item in report["fetched"]) == sorted(
        [ids["Bridge"], ids["Tram"]])
    assert report == {"fetched": report["fetched"], "failed": [], "cancelled": False}
    assert sorted(server.paths_asked()) == ["/bridge", "/tram"]

    assert broadsheet(library, "fetch")[:2] == (
        0, f"fetched: article {ids['Orchard']} <{urls['orchard']}>\nFetched 1, 0 failed\n")
    assert broadsheet(library, "fetch")[:2] == (
        0, "Nothing to fetch: no article is waiting for its text.\n")


def test_ctrl_c_stops_a_slow_fetch_and_keeps_what_came(
    server: LocalServer, tmp_path: Path, library_location: str
) -> None:
    library = library_location
    good = server.route("/bridge", page(article_page("bridge")))
    slow = server.route("/slow", silent_for(30, server))
    ids = saved_without_text(tmp_path, library, {"Bridge": good, "Slow": slow})

    # Opened before the command starts, so that opening it never competes with the command's
    # writes: on a loaded machine that wait outlasted the slow page's read timeout.
    watching = Library.open(library)

    def interrupt() -> None:
        wait_until(lambda: "/slow" in server.paths_asked()
                   and watching.article(ids["Bridge"]).text_fetched, timeout=10)
        os.kill(os.getpid(), signal.SIGINT)

    interrupter = threading.Thread(target=interrupt)
    interrupter.start()
    try:
        status, out, _err = broadsheet(library, "fetch", "--json")
    finally:
        interrupter.join()
        watching.close()
    assert status == 130
    assert json.loads(out) == {"fetched": [{"id": ids["Bridge"], "url": good}], "failed": [],
                               "cancelled": True}
    with Library.open(library) as opened:
        assert [summary.id for summary in opened.search("is:unfetched")] == [ids["Slow"]]


def test_fetch_refuses_a_read_only_library(tmp_path: Path) -> None:
    Library.open(tmp_path / "lib.sqlite3").close()
    with (Library.open(tmp_path / "lib.sqlite3", read_only=True) as library,
          pytest.raises(LibraryUnavailable, match=r"^the library file is read-only")):
        cmd_fetch(library, argparse.Namespace(query=None, json=False))


# --- the core, without the command line -----------------------------------------------------


def test_an_article_with_its_text_is_never_filled_again(library: Library) -> None:
    library.import_paths([PAGES / "singlefile.html"])
    (summary,) = library.list_articles()
    with pytest.raises(InvalidValue, match=f"article {summary.id} has its text already"):
        library.fill_text(summary.id, load_document(PAGES / "clip.md"))
    assert fetch_texts([summary], library.fill_text).fetched == []  # skipped, not fetched


def test_a_page_already_in_the_library_fails_alone(
    server: LocalServer, library: Library, tmp_path: Path
) -> None:
    twice = {name: server.route(f"/{name}", page(article_page("bridge"))) for name in ("a", "b")}
    ids = saved_without_text(tmp_path, library, twice)
    heard: list[tuple[int, int]] = []
    report = fetch_texts(library.summaries(library.article_ids(unfetched_query())),
                         library.fill_text, progress=lambda done, total: heard.append(
                             (done, total)))
    assert len(report.fetched) == 1 and len(report.failed) == 1
    (failed,) = report.failed
    assert failed.reason == f"the text is already article {report.fetched[0].id}'s"
    assert {report.fetched[0].id, failed.id} == set(ids.values())
    assert heard[0] == (0, 2) and heard[-1] == (2, 2)


def test_a_cancel_leaves_the_slow_ones_waiting(server: LocalServer, library: Library,
                                                tmp_path: Path) -> None:
    slow = server.route("/slow", silent_for(30, server))
    saved_without_text(tmp_path, library, {"Slow": slow})
    asked = threading.Event()
    threading.Thread(target=lambda: wait_until(lambda: bool(server.requests), 10) and asked.set(),
                     daemon=True).start()
    report = fetch_texts(library.summaries(library.article_ids(unfetched_query())),
                         library.fill_text, cancel=asked.is_set)
    assert report.cancelled and report.fetched == [] and report.failed == []
    assert library.search("is:unfetched")
