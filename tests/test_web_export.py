"""Addresses and authors in every export: JSON (version 2, restored with their address key;
version 1 files still restore), CSV's last columns, and the Markdown details."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from reader import Library
from reader.errors import InvalidValue
from reader.settings import Settings

DATA = Path(__file__).resolve().parent / "data"
FERRY_URL = "https://www.kettlenessherald.example/news/2024/03/ferry-returns"
BRIDGE = "https://www.rivertimes.example/news/bridge-reopens"


@pytest.fixture()
def library(tmp_path: Path) -> Library:
    opened = Library.open(tmp_path / "lib.sqlite3")
    report = opened.import_paths([DATA / "pages" / "singlefile.html",
                                  DATA / "readlater" / "instapaper-export.csv"])
    assert len(report.imported) == 5
    yield opened
    opened.close()


def _ids(library: Library, query: str) -> list[int]:
    return [summary.id for summary in library.search(query)]


def test_json_carries_the_fields_and_restore_brings_them_back(
    library: Library, tmp_path: Path
) -> None:
    path = library.transfer.export_json(tmp_path / "out.json").path
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["version"] == 4
    page = next(a for a in document["articles"] if a["author"] == "Fiona Sinclair")
    assert page["url"].startswith(FERRY_URL) and page["text_fetched"] is True
    bridge = next(a for a in document["articles"] if a["url"] == BRIDGE)
    assert (bridge["text_fetched"], bridge["body"]) == (False, "")
    with Library.open(tmp_path / "copy.sqlite3") as copy:
        copy.transfer.restore(path)
        for query in ("site:rivertimes.example", "author:sinclair", "is:unfetched",
                      "url:tram"):
            assert _ids(copy, query) == _ids(library, query) != []
        copy.transfer.export_json(tmp_path / "again.json")
    again = json.loads((tmp_path / "again.json").read_text(encoding="utf-8"))
    assert again["articles"] == document["articles"]


def test_a_version_1_export_still_restores(tmp_path: Path) -> None:
    article = {
        "id": 4, "title": "Old", "body": "An article exported before addresses existed.",
        "published": None, "source": None, "path": None, "content_hash": "0" * 64,
        "imported_at": "2025-01-01T10:00:00", "read": False, "starred": False,
        "deleted_at": None, "tags": [], "note": None, "highlights": [],
    }
    path = tmp_path / "v1.json"
    path.write_text(json.dumps({"format": "broadsheet-library", "version": 1,
                                "articles": [article], "tags": [], "saved_searches": []}))
    with Library.open(tmp_path / "lib.sqlite3") as library:
        library.transfer.restore(path)
        restored = library.article(4)
    assert (restored.url, restored.author, restored.text_fetched) == (None, None, True)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "javascript:alert(1)"}, "'url' is not a web address"),
        ({"url": 3}, "'url' should be text"),
        ({"author": ["A"]}, "'author' should be text"),
        ({"text_fetched": "no"}, "'text_fetched' should be true or false"),
        ({"body": ""}, "'body' is empty"),
    ],
)
def test_restore_refuses_bad_web_fields(
    tmp_path: Path, fields: dict[str, object], message: str
) -> None:
    article = {
        "id": 1, "title": "T", "body": "Body text.", "published": None, "source": None,
        "path": None, "content_hash": "1" * 64, "imported_at": "2025-01-01T10:00:00",
        "read": False, "starred": False, "deleted_at": None, "tags": [], "note": None,
        "highlights": [], "url": "https://example.org/", "author": None, "text_fetched": True,
    } | fields
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "broadsheet-library", "version": 2,
                                "articles": [article], "tags": [], "saved_searches": []}))
    with Library.open(tmp_path / "lib.sqlite3") as library, \
            pytest.raises(InvalidValue, match=message):
        library.transfer.restore(path)


def test_csv_has_url_and_author_last(library: Library, tmp_path: Path) -> None:
    library.update_article(library.search("author:sinclair")[0].id, source="=cmd()")
    path = library.transfer.export_csv(tmp_path / "list.csv").path
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0])[-2:] == ["url", "author"]
    page = next(row for row in rows if row["author"] == "Fiona Sinclair")
    assert page["url"].startswith(FERRY_URL) and page["source"] == "'=cmd()"
    assert next(row for row in rows if row["url"] == BRIDGE)["author"] == ""


def test_markdown_names_author_address_and_missing_text(
    library: Library, tmp_path: Path
) -> None:
    page_id = library.search("author:sinclair")[0].id
    bridge_id = library.search("url:bridge-reopens")[0].id
    colors = Settings().highlight_colors
    path = library.transfer.export_markdown(tmp_path / "notes.md", [page_id, bridge_id],
                                            colors=colors).path
    text = path.read_text(encoding="utf-8")
    assert "- Author: Fiona Sinclair" in text
    assert f"- URL: <{FERRY_URL}" in text
    assert f"- URL: <{BRIDGE}>\n- Text: not fetched" in text
