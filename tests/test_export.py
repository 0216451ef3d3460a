"""Export to JSON and restore: round trips, refusals, progress, cancelling and streaming.
Markdown and CSV are in tests/test_export_formats.py, the commands in
tests/cli/test_cli_export.py."""

from __future__ import annotations

import json
import os
import shutil
import tracemalloc
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from reader import Article, InvalidValue, Library
from reader.transfer import exporting as exporting_module
from reader.transfer.exporting import ExportReport
from tests.exported_library import (
    build_library,
    export_article,
    export_document,
    fts_rows,
    without_stamp,
)

# --- helpers ---------------------------------------------------------------------------------


def _is_empty(library: Library) -> bool:
    return (
        library.counts().total == 0
        and not library.tags()
        and not library.saved_searches()
        and fts_rows(library.path, "the OR a") == []
    )


def _marks(article: Article) -> list[tuple[Any, ...]]:
    return [(h.article_id, h.start, h.end, h.text, h.color, h.comment, h.created_at)
            for h in article.highlights]


@pytest.fixture()
def built(tmp_path: Path) -> Iterator[tuple[Library, dict[str, int]]]:
    library, ids = build_library(tmp_path)
    yield library, ids
    library.close()


# --- JSON round trip -------------------------------------------------------------------------


def test_json_export_restore_export_is_identical(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    first = tmp_path / "first.json"
    assert library.transfer.export_json(first).articles == 4
    with Library.open(tmp_path / "copy.sqlite3") as copy:
        report = copy.transfer.restore(first)
        assert (report.articles, report.tags, report.saved_searches) == (4, 3, 2)
        second = tmp_path / "second.json"
        copy.transfer.export_json(second)
        assert without_stamp(first) == without_stamp(second)

        assert copy.article_ids() == library.article_ids()
        for article_id in ids.values():
            original, restored = library.article(article_id), copy.article(article_id)
            # Highlight and tag ids are the library's own and are not carried over.
            assert replace(restored, highlights=()) == replace(original, highlights=())
            assert _marks(restored) == _marks(original)
        assert copy.summaries(list(ids.values())) == library.summaries(list(ids.values()))
        assert [(t.name, t.color, t.count) for t in copy.tags()] == [
            (t.name, t.color, t.count) for t in library.tags()]
        assert [(s.name, s.query) for s in copy.saved_searches()] == [
            ("Harbours", "harbour"), ("Fruit", "apples OR pears")]
        # The search index holds titles, bodies, notes and highlight comments again.
        assert fts_rows(copy.path, "quay") == [ids["a"]]
        assert fts_rows(copy.path, "peninsula") == [ids["a"]]
        assert fts_rows(copy.path, "doubtful") == [ids["a"]]
        either = "orchard OR monsoon"
        assert fts_rows(copy.path, either) == fts_rows(library.path, either)


def test_json_keeps_every_field(built: tuple[Library, dict[str, int]], tmp_path: Path) -> None:
    library, ids = built
    document = without_stamp(library.transfer.export_json(tmp_path / "out.json").path)
    assert (document["format"], document["version"]) == ("broadsheet-library", 4)
    by_id = {item["id"]: item for item in document["articles"]}
    b = by_id[ids["b"]]
    assert (b["title"], b["published"], b["source"]) == (
        "Apples, pears & *stars*", "2022-09-01", "The Orchard Times")
    assert (b["read"], b["starred"], b["tags"], b["note"]) == (True, True, ["economy"], None)
    assert by_id[ids["d"]]["deleted_at"] is not None
    assert by_id[ids["a"]]["deleted_at"] is None
    a = by_id[ids["a"]]
    assert a["tags"] == ["economy", "World/Asia"]
    assert a["note"]["text"].startswith("Check the quay") and a["note"]["updated_at"]
    assert [(h["text"], h["color"], h["comment"]) for h in a["highlights"]] == [
        ("Harbour works", "yellow", ""),
        ("winter storms", "yellow", "cause of damage"),
        ("reopen in June", "red", "doubtful timetable"),
    ]
    assert set(a) == {"id", "title", "body", "published", "source", "path", "content_hash",
                      "imported_at", "read", "starred", "deleted_at", "tags", "note",
                      "highlights", "url", "author", "text_fetched", "progress"}
    assert {"name": "unused", "color": "#aa0000"} in document["tags"]


def test_a_selection_limits_articles_and_tags(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    document = without_stamp(library.transfer.export_json(tmp_path / "b.json", [ids["b"]]).path)
    assert [item["id"] for item in document["articles"]] == [ids["b"]]
    assert document["tags"] == [{"name": "economy", "color": None}]


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
# What the app stores on one line (a title, a source): whitespace folded, never empty.
_line = _text.map(lambda text: " ".join(text.split())).filter(bool)
_stamp = st.datetimes(min_value=datetime(2000, 1, 1)).map(
    lambda moment: moment.replace(microsecond=0).isoformat())


_URLS = ["https://example.com/a?utm_source=x", "http://news.example.org/", "https://b.example/"]


@st.composite
def _documents(draw: st.DrawFn) -> dict[str, Any]:
    tag_names = draw(st.lists(st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8})?", fullmatch=True),
                              max_size=4, unique_by=str.casefold))
    count = draw(st.integers(0, 4))
    ids = draw(st.lists(st.integers(1, 10_000), min_size=count, max_size=count, unique=True))
    articles = []
    for article_id in sorted(ids):
        body = draw(_text.filter(lambda text: len(text) > 2 and bool(text.strip())))
        start = draw(st.integers(0, len(body) - 2))
        marks = [
            {"start": start, "end": start + 1, "text": body[start], "color": color,
             "comment": draw(_text), "created_at": draw(_stamp)}
            for color in draw(st.lists(st.sampled_from(["yellow", "red", "blue"]), max_size=2))
        ]
        note = draw(st.none() | st.fixed_dictionaries(
            {"text": _text.filter(lambda text: bool(text.strip())), "updated_at": _stamp}))
        articles.append(export_article(
            article_id, body, title=draw(_line), source=draw(st.none() | _line),
            published=draw(st.none() | st.dates().map(date.isoformat)),
            read=draw(st.booleans()), starred=draw(st.booleans()),
            progress=draw(st.sampled_from([0.0, 0.25, 0.3333, 1.0])),
            url=draw(st.none() | st.sampled_from(_URLS)), author=draw(st.none() | _line),
            deleted_at=draw(st.none() | _stamp), imported_at=draw(_stamp),
            tags=sorted(draw(st.sets(st.sampled_from(tag_names))) if tag_names else [],
                        key=str.casefold),
            note=note, highlights=marks,
        ))
    colours = st.none() | st.from_regex(r"#[0-9a-f]{6}", fullmatch=True)
    tags = sorted(({"name": name, "color": draw(colours)} for name in tag_names),
                  key=lambda tag: tag["name"].casefold())
    searches = [{"name": f"search {n}", "query": draw(_text)} for n in range(draw(
        st.integers(0, 2)))]
    return export_document(articles, tags=tags, saved_searches=searches)


@pytest.fixture(scope="module")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty, migrated library file: copying it is much faster than migrating anew."""
    path = tmp_path_factory.mktemp("template") / "empty.sqlite3"
    Library.open(path).close()
    return path


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=_documents())
def test_any_export_restores_and_exports_back_unchanged(
    document: dict[str, Any], empty_template: Path, tmp_path: Path
) -> None:
    folder = tmp_path / f"case{os.getpid()}-{id(document)}"
    folder.mkdir()
    source = folder / "in.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    shutil.copy(empty_template, folder / "lib.sqlite3")
    with Library.open(folder / "lib.sqlite3") as library:
        library.transfer.restore(source)
        library.transfer.export_json(folder / "out.json")
    assert without_stamp(folder / "out.json") == {
        key: value for key, value in document.items() if key != "exported_at"
    }
    shutil.rmtree(folder)


# --- restore refusals ------------------------------------------------------------------------


def test_restore_refuses_a_library_that_is_not_empty(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, _ = built
    exported = library.transfer.export_json(tmp_path / "out.json").path
    with pytest.raises(InvalidValue, match=r"not empty \(4 articles, 3 tags, 2 saved searches"):
        library.transfer.restore(exported)
    assert library.counts().total + library.counts().trash == 4


@pytest.mark.parametrize(
    "content",
    ["", "plain words, not JSON", "id,title\n1,x\n", "[1, 2]", '{"articles": []}',
     '{"format": "something-else", "version": 1, "articles": []}'],
    ids=["empty", "text", "csv", "array", "no-format", "other-format"],
)
def test_restore_refuses_files_that_are_not_exports(
    content: str, library: Library, tmp_path: Path
) -> None:
    path = tmp_path / "not-an-export.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InvalidValue, match="is not a Broadsheet library export") as caught:
        library.transfer.restore(path)
    assert str(path) in str(caught.value)
    assert _is_empty(library)


def test_restore_refuses_a_newer_version(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "future.json"
    path.write_text(json.dumps({**export_document([export_article(1)]), "version": 5}),
                    encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"newer Broadsheet .*version 5") as caught:
        library.transfer.restore(path)
    assert str(path) in str(caught.value)
    assert _is_empty(library)


def test_a_truncated_file_leaves_the_library_empty(
    built: tuple[Library, dict[str, int]], library: Library, tmp_path: Path
) -> None:
    text = built[0].transfer.export_json(tmp_path / "full.json").path.read_text(encoding="utf-8")
    cut = tmp_path / "cut.json"
    cut.write_text(text[: len(text) * 2 // 3], encoding="utf-8")
    with pytest.raises(InvalidValue, match="damaged or incomplete") as caught:
        library.transfer.restore(cut)
    assert str(cut) in str(caught.value)
    assert _is_empty(library)


def test_a_bad_article_after_whole_batches_rolls_everything_back(
    library: Library, tmp_path: Path
) -> None:
    articles = [export_article(n) for n in range(1, 1200)]
    articles[1100]["highlights"] = [{"start": 5, "end": 999, "text": "x", "color": "red",
                                    "comment": "", "created_at": "2026-01-01T00:00:00"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(export_document(articles)), encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"article 1101, highlight 1: range 5-999"):
        library.transfer.restore(path)
    assert _is_empty(library)


def test_duplicate_ids_are_reported_and_roll_back(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    article = export_article(7)
    path.write_text(json.dumps(export_document([article, {**article, "content_hash": "f" * 64}])),
                    encoding="utf-8")
    with pytest.raises(InvalidValue, match="two articles have the same id"):
        library.transfer.restore(path)
    assert _is_empty(library)


def test_cancelled_restore_writes_nothing(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps(export_document([export_article(n) for n in range(1, 800)])),
                    encoding="utf-8")
    seen: list[tuple[int, int]] = []
    report = library.transfer.restore(path, progress=lambda done, total: seen.append((done, total)),
                             cancel=lambda: bool(seen))
    assert report.cancelled
    assert seen and seen[0][1] == path.stat().st_size
    assert _is_empty(library)


# --- progress, cancel, streaming -------------------------------------------------------------


def test_progress_and_cancel(built: tuple[Library, dict[str, int]], tmp_path: Path,
                             monkeypatch: pytest.MonkeyPatch) -> None:
    library, _ = built
    monkeypatch.setattr(exporting_module, "PAGE_SIZE", 1)
    seen: list[tuple[int, int]] = []
    library.transfer.export_json(tmp_path / "all.json", progress=lambda *pair: seen.append(pair))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]

    target = tmp_path / "cancelled.json"
    report = library.transfer.export_json(target, cancel=lambda: len(seen) > 7,
                                 progress=lambda *pair: seen.append(pair))
    assert report == ExportReport(target, 2, cancelled=True)
    assert list(tmp_path.glob("cancelled*")) == [] and not list(tmp_path.glob(".cancelled*"))


@pytest.fixture(scope="module")
def large_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An export of 2,000 articles of about 4 KB each (8 MB in all)."""
    path = tmp_path_factory.mktemp("large") / "in.json"
    words = "the quick brown fox jumps over the lazy dog near the harbour wall "
    body = (words * 70)[:4000]
    articles = [export_article(n, f"{n} {body}", tags=["bulk"]) for n in range(1, 2001)]
    path.write_text(json.dumps(export_document(articles)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def large(large_export: Path) -> Iterator[Library]:
    library = Library.open(large_export.with_name("lib.sqlite3"))
    assert library.transfer.restore(large_export).articles == 2000
    yield library
    library.close()


def test_export_reads_the_library_a_page_at_a_time(
    large: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages: list[int] = []
    original = exporting_module.article_records

    def counting(conn: Any, ids: list[int]) -> list[dict[str, Any]]:
        pages.append(len(ids))
        return original(conn, ids)

    monkeypatch.setattr(exporting_module, "article_records", counting)
    large.transfer.export_json(tmp_path / "out.json")
    assert sum(pages) == 2000
    assert max(pages) <= exporting_module.PAGE_SIZE < 2000


def test_export_memory_stays_flat(large: Library, tmp_path: Path) -> None:
    total_text = 2000 * 4000
    tracemalloc.start()
    try:
        large.transfer.export_json(tmp_path / "out.json")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (tmp_path / "out.json").stat().st_size > total_text
    assert peak < total_text / 4, f"peak {peak} bytes"


def test_restore_memory_stays_flat(large_export: Path, library: Library) -> None:
    tracemalloc.start()
    try:
        library.transfer.restore(large_export)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert library.counts().total == 2000
    assert peak < large_export.stat().st_size / 2, f"peak {peak} bytes"


def test_restore_of_a_large_file_fills_the_index(large: Library) -> None:
    assert large.counts().total == 2000
    assert len(fts_rows(large.path, "harbour")) == 2000
    assert fts_rows(large.path, '"1999"') == [1999]
