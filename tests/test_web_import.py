"""Saved pages and clips through the importer: their address, author, site and tags are
stored, shown by every command, searchable, and an address already in the library makes
a duplicate."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from reader import Library
from reader.addresses import site_range, url_key
from reader.importing.parse_pool import (
    HEAVY_POOL_THRESHOLD,
    POOL_THRESHOLD,
    chunk_size,
    worth_a_pool,
)
from tests.cli.support import in_process

PAGES = Path(__file__).resolve().parent / "data" / "pages"
FERRY_URL = "https://www.kettlenessherald.example/news/2024/03/ferry-returns"
CLIP_URL = "https://www.railwaygazette.example/2024/05/night-trains-return"


run = in_process  # ``broadsheet ARGS`` run in this process


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(PAGES / "singlefile.html", folder / "singlefile.html")
    shutil.copy(PAGES / "clip.md", folder / "sub" / "clip.markdown")
    (folder / "notes.csv").write_text("a,b\n1,2\n")  # no export: a folder's CSV is skipped
    return folder


def test_a_folder_of_pages_and_clips_imports_with_their_fields(
    inbox: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "lib.sqlite3")
    report = as_json(run(capsys, "--library", db, "import", str(inbox), "--json"))
    assert sorted(Path(i["path"]).name for i in report["imported"]) == [
        "clip.markdown", "singlefile.html"]
    assert report["failed"] == [] and report["duplicates"] == []
    rows = {row["title"]: row for row in as_json(run(capsys, "--library", db, "list", "--json"))}
    page = rows["Harbour ferry returns after two winters in dry dock"]
    assert page["url"].startswith(FERRY_URL)
    assert page["author"] == "Fiona Sinclair"
    assert page["source"] == "The Kettleness Herald"  # the site's own name
    assert page["text_fetched"] is True
    clip = rows["Night trains return to the northern line"]
    assert clip["url"] == CLIP_URL
    assert clip["author"] == "Tomas Lindqvist, Aino Virtanen"
    assert clip["source"] == "railwaygazette.example"  # no site name: the host
    assert clip["tags"] == ["clippings", "rail", "travel"]
    shown = as_json(run(capsys, "--library", db, "show", str(clip["id"]), "--json"))
    assert (shown["url"], shown["author"]) == (CLIP_URL, "Tomas Lindqvist, Aino Virtanen")
    assert shown["has_note"] is False and "body" in shown  # older keys stay
    text = run(capsys, "--library", db, "show", str(page["id"])).stdout
    assert "Author: Fiona Sinclair" in text and f"URL:    {FERRY_URL}" in text


def test_the_same_address_is_a_duplicate_whatever_its_tracking(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "lib.sqlite3")
    run(capsys, "--library", db, "import", str(PAGES / "clip.md"))
    again = tmp_path / "again.md"
    again.write_text(
        "---\ntitle: Sleepers are back\n"
        "url: http://railwaygazette.example/2024/05/night-trains-return/?utm_source=x&fbclid=y#top\n"
        "---\nA different text of the same page, edited since it was first clipped by the "
        "reader, with more than five words.\n", encoding="utf-8")
    result = run(capsys, "--library", db, "import", str(again))
    assert result.returncode == 0
    assert f"duplicate: {again} (same address as article 1)" in result.stdout
    report = as_json(run(capsys, "--library", db, "import", str(again), "--json"))
    assert report["duplicates"] == [{"path": str(again), "of": 1, "in_trash": False,
                                     "by": "address"}]
    text_copy = as_json(run(capsys, "--library", db, "import", str(PAGES / "clip.md"),
                            "--json"))
    assert text_copy["duplicates"][0]["by"] == "text"


def test_clip_tags_follow_the_tag_rules(tmp_path: Path) -> None:
    clip = tmp_path / "clip.md"
    clip.write_text(
        "---\ntitle: Tags of a clip\nurl: https://example.org/a\n"
        "tags: [' World /  Asia ', 'world/asia', '/', 'Rail']\n---\n"
        "Body text of the clip with enough words to be an article.\n", encoding="utf-8")
    with Library.open(tmp_path / "lib.sqlite3") as library:
        report = library.import_paths([clip], tags=["rail"])
        assert [w.message for w in report.warnings] == [
            "tag skipped: not a usable tag name: '/'"]
        (summary,) = library.list_articles()
        assert [ref.name for ref in summary.tags] == ["rail", "World/Asia"]


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("site:railwaygazette.example", ["Night trains return to the northern line"]),
        ("site:example", ["Harbour ferry returns after two winters in dry dock",
                          "Night trains return to the northern line"]),
        (f"site:{FERRY_URL}", ["Harbour ferry returns after two winters in dry dock"]),
        ("site:gazette.example", []),
        ("url:/2024/05/", ["Night trains return to the northern line"]),
        ("author:sinclair", ["Harbour ferry returns after two winters in dry dock"]),
        ("-author:sinclair", ["Night trains return to the northern line", "Plain text"]),
        ("author:nobody OR url:ferry", ["Harbour ferry returns after two winters in dry dock"]),
    ],
)
def test_url_site_and_author_terms(tmp_path: Path, query: str, titles: list[str]) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Plain text\n\nAn article from a text file, which has no address.\n")
    with Library.open(tmp_path / "lib.sqlite3") as library:
        library.import_paths([PAGES / "clip.md", PAGES / "singlefile.html", plain])
        assert sorted(s.title for s in library.search(query)) == sorted(titles)


def test_a_bad_site_term_is_a_syntax_error() -> None:
    assert Library.check_query('site:"two words"') == "bad site 'site:two words'"
    assert Library.check_query("site:example.com") is None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://www.example.com/a/b/", "http://example.com/a/b"),
        ("https://example.com/a?b=2&a=1", "https://EXAMPLE.com/a?a=1&b=2#part"),
        ("https://example.com/a?utm_source=x&id=3&fbclid=z", "https://example.com/a?id=3"),
        ("https://example.com/", "https://example.com"),
    ],
)
def test_one_page_one_key(first: str, second: str) -> None:
    assert url_key(first) == url_key(second) is not None


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://example.com/a", "https://example.com/A"),
        ("https://example.com/a?id=3", "https://example.com/a?id=4"),
        ("https://example.com:8080/a", "https://example.com/a"),
    ],
)
def test_other_pages_other_keys(first: str, second: str) -> None:
    assert url_key(first) != url_key(second)


def test_a_site_range_holds_the_site_and_its_subdomains_only() -> None:
    low, high = site_range("example.com") or ("", "")
    inside = ["https://example.com/", "https://news.example.com/x", "https://a.b.example.com"]
    outside = ["https://example.community/", "https://myexample.com/", "https://example.org/"]
    assert all(low <= (url_key(url) or "") < high for url in inside)
    assert not any(low <= (url_key(url) or "") < high for url in outside)
    assert url_key("javascript:alert(1)") is None and url_key("file:///etc/passwd") is None


def test_web_pages_start_the_worker_pool_much_sooner_than_text(tmp_path: Path) -> None:
    texts = [tmp_path / f"{n}.txt" for n in range(HEAVY_POOL_THRESHOLD)]
    pages = [tmp_path / f"{n}.html" for n in range(HEAVY_POOL_THRESHOLD)]
    assert not worth_a_pool(texts) and worth_a_pool(pages)
    assert not worth_a_pool(pages[:-1] + texts)
    assert worth_a_pool(texts * (POOL_THRESHOLD // len(texts) + 1))
    # Forty pages on two workers go out in chunks small enough to keep both busy.
    assert chunk_size(len(pages), 2) == 6 and chunk_size(100_000, 2) == 100


def test_an_empty_export_is_refused(tmp_path: Path) -> None:
    export = tmp_path / "part_000000.csv"
    export.write_text("title,url,time_added,cursor,tags,status\n")
    with Library.open(tmp_path / "lib.sqlite3") as library:
        (failed,) = library.import_paths([tmp_path]).failed
    assert (failed.path, failed.reason) == (str(export), "the read-later export holds no entries")


def test_watch_words_an_address_duplicate_as_import_does() -> None:
    from reader.cli.watch import handled_line
    from reader.importing.inbox import Handled
    from reader.records import Duplicate

    line = handled_line(Handled(Duplicate("in/page.html", 4, by="address"), None))
    assert line == "duplicate: in/page.html (same address as article 4)"
