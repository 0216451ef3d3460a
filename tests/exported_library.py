"""What the export tests share: a small library with a bit of everything in it, and export
documents written by hand."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from reader import Library

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


def fts_rows(library_path: Path, match: str) -> list[int]:
    with sqlite3.connect(library_path) as raw:
        rows = raw.execute(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH ? ORDER BY rowid", (match,)
        ).fetchall()
    raw.close()
    return [row[0] for row in rows]


def without_stamp(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    assert document.pop("exported_at")
    return document


def span(body: str, words: str) -> tuple[int, int]:
    start = body.index(words)
    return start, start + len(words)


def export_document(articles: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {
        "format": "broadsheet-library", "version": 4, "exported_at": "2026-01-01T00:00:00+00:00",
        "articles": articles, "tags": [], "saved_searches": [], "feeds": [], **extra,
    }


def export_article(number: int, body: str = "Some body text.", **extra: Any) -> dict[str, Any]:
    return {
        "id": number, "title": f"Article {number}", "body": body, "published": "2024-05-01",
        "source": None, "path": None, "content_hash": f"{number:064x}",
        "imported_at": "2026-01-01T10:00:00", "read": False, "starred": False,
        "deleted_at": None, "tags": [], "note": None, "highlights": [], "url": None,
        "author": None, "text_fetched": True, "progress": 0.0, **extra,
    }


def build_library(tmp_path: Path) -> tuple[Library, dict[str, int]]:
    """Four imported articles with tags and colours, notes, highlights in two colours with
    comments, saved searches, flags, a custom title, date and source, and one in the trash;
    the caller closes the library."""
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
    library.add_highlight(ids["a"], *span(body, "winter storms"), "yellow", "cause of damage")
    library.add_highlight(ids["a"], *span(body, "reopen in June"), "red", "doubtful timetable")
    library.add_highlight(ids["a"], *span(body, "Harbour works"), "yellow")
    tricky = library.article(ids["c"]).body
    library.add_highlight(ids["c"], *span(tricky, "* not a list item"), "green",
                          "# **bold?**")
    library.save_search("Harbours", "harbour")
    library.save_search("Fruit", "apples OR pears")
    library.delete_articles([ids["d"]])
    return library, ids

