"""Read-later exports: each service's export (tests/data/readlater) brings its entries across
with their address, title, tags, dates, read and starred state, text and highlights; an
entry without text is an article whose text is not fetched."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from reader import Article, ArticleQuery, Library
from reader.cli.main import main
from reader.errors import InvalidValue, NotFound
from reader.importing.formats import load_document

DATA = Path(__file__).resolve().parent / "data" / "readlater"
TRAM = "https://www.citynews.example/2024/10/tram-opens"
ORCHARD = "https://blog.example.org/posts/orchard-replanted"
FLOOD = "https://www.rivertimes.example/news/flood-wall"
BRIDGE = "https://www.rivertimes.example/news/bridge-reopens"


@pytest.fixture()
def library(tmp_path: Path) -> Library:
    opened = Library.open(tmp_path / "lib.sqlite3")
    yield opened
    opened.close()


def by_url(library: Library) -> dict[str, Article]:
    ids = library.article_ids(ArticleQuery())
    return {article.url or "": article for article in map(library.article, ids)}


def local(stamp: str) -> datetime:
    """A UTC time as the local time the library keeps."""
    return datetime.fromisoformat(stamp).astimezone().replace(tzinfo=None)


def test_pocket_zip_brings_every_part(library: Library) -> None:
    zipped = DATA / "pocket.zip"
    report = library.import_paths([zipped])
    assert [i.path for i in report.imported] == [
        f"{zipped}/part_000000.csv#1 <{TRAM}?utm_source=pocket_saves>",
        f"{zipped}/part_000000.csv#2 <{ORCHARD}>",
        f"{zipped}/part_000000.csv#3 <{FLOOD}>",
    ]
    (dupe,) = report.duplicates
    assert (dupe.of, dupe.by) == (report.imported[0].id, "address")
    (failed,) = report.failed
    assert failed.path.endswith("part_000001.csv#2 <javascript:alert(1)>")
    assert failed.reason == "not a web address: 'javascript:alert(1)', and no text"
    articles = by_url(library)
    tram = articles[f"{TRAM}?utm_source=pocket_saves"]
    assert tram.title == "Tram line opens after sixty years"
    assert [t.name for t in tram.tags] == ["city", "transport"]
    assert tram.read and not tram.starred
    assert tram.imported_at == local("2024-10-20T08:00:00+00:00")
    assert tram.source == "citynews.example"
    assert tram.path == f"{zipped}/part_000000.csv#1"
    assert not tram.text_fetched and tram.body == "" and tram.blocks == ()
    orchard = articles[ORCHARD]
    assert orchard.title == ORCHARD  # Pocket had no title: the address stands in
    assert not orchard.read
    assert [t.name for t in articles[FLOOD].tags] == ["local news", "weather"]


def test_pocket_parts_in_a_folder_are_one_import(library: Library, tmp_path: Path) -> None:
    folder = tmp_path / "export"
    shutil.copytree(DATA / "pocket", folder)
    report = library.import_paths([folder])
    assert (len(report.imported), len(report.duplicates), len(report.failed)) == (3, 1, 1)


def test_pocket_html_export(library: Library) -> None:
    report = library.import_paths([DATA / "ril_export.html"])
    assert len(report.imported) == 3 and not report.failed
    articles = by_url(library)
    assert articles[TRAM].read and not articles[FLOOD].read
    assert [t.name for t in articles[FLOOD].tags] == ["local news", "weather"]
    assert articles[FLOOD].title == "A flood wall, at last, for the east bank"


def test_instapaper_folders_tags_and_selection(library: Library) -> None:
    report = library.import_paths([DATA / "instapaper-export.csv"])
    assert len(report.imported) == 4 and not report.warnings
    articles = by_url(library)
    assert articles[TRAM].read and not articles[TRAM].starred
    assert articles[ORCHARD].starred and not articles[ORCHARD].read
    assert [t.name for t in articles[FLOOD].tags] == ["Local News", "Local stories",
                                                       "weather"]
    # The passage selected when saving waits in the note until the text is there.
    assert articles[TRAM].note.text == "> Trams will run every six minutes at peak times."
    assert all(not a.text_fetched for a in articles.values())


def test_omnivore_text_highlights_and_unplaced_quotes(library: Library) -> None:
    zipped = DATA / "omnivore-export.zip"
    report = library.import_paths([zipped])
    assert len(report.imported) == 3
    assert [w.message for w in report.warnings] == [
        "highlight not found in the text: “A sentence that the article never had.”; "
        "kept in the note"]
    assert report.warnings[0].path == f"{zipped}#1 <{TRAM}>"
    articles = by_url(library)
    tram = articles[TRAM]
    assert tram.text_fetched and tram.body.startswith("The city's first tram line")
    assert tram.author == "Marta Oliveira" and tram.read
    assert tram.published == date(2024, 10, 19)
    assert [t.name for t in tram.tags] == ["Newsletter", "transport"]
    quotes = [(m.text, m.comment) for m in tram.highlights]
    assert quotes == [
        ("The seven-kilometre line cost 412 million euros, a third more than planned", ""),
        ("“We lost half our customers during the works,” said Ana Ferreira",
         "The bakery is on Rua Nova."),
    ]
    for mark in tram.highlights:
        assert tram.body[mark.start:mark.end] == mark.text
    assert tram.note.text == "> A sentence that the article never had."
    assert articles[ORCHARD].highlights[0].comment == "Ask about the pear varieties."
    assert not articles[BRIDGE].text_fetched  # no content file: only the address
    assert library.search("highlight:bakery")[0].id == tram.id  # highlights are indexed


def test_wallabag_text_authors_flags_and_annotations(library: Library) -> None:
    report = library.import_paths([DATA / "wallabag-export.json"])
    assert len(report.imported) == 3 and not report.failed
    articles = by_url(library)
    flood = articles[f"{FLOOD}?fbclid=IwAR0xyz"]
    assert flood.read and flood.starred
    assert flood.author == "Hannah Kerr, Dev Patel"
    assert flood.published == date(2024, 10, 22)
    assert flood.imported_at == local("2024-10-23T07:15:00+00:00")
    assert [(m.text, m.comment) for m in flood.highlights] == [
        ("kept in a depot beside the bridge", "Ask the council about the depot.")]
    # wallabag could not read this page: only its address came across.
    budget = articles["https://www.rivertimes.example/news/budget-papers"]
    assert not budget.text_fetched and budget.body == ""
    assert articles[ORCHARD].text_fetched


def test_a_saved_copy_gives_its_text_to_an_entry_without_it(library: Library) -> None:
    library.import_paths([DATA / "pocket.zip"])
    waiting = by_url(library)[ORCHARD]
    library.set_note(waiting.id, "Read this at the weekend.")
    report = library.import_paths([DATA / "wallabag-export.json"])
    filled = [w for w in report.warnings if "gave its text" in w.message]
    assert len(filled) == 2
    orchard = library.article(waiting.id)
    assert orchard.text_fetched and "ninety apple and pear trees" in orchard.body
    assert orchard.title == "Orchard replanted"  # the address no longer stands in
    assert orchard.note.text == "Read this at the weekend."
    assert [t.name for t in orchard.tags] == ["gardens"]
    assert library.search("pear")[0].id == waiting.id  # the new text is searchable
    flood = by_url(library)[FLOOD]
    assert flood.starred and flood.read  # as wallabag had it


def test_an_export_is_recognised_by_content_not_name(
    library: Library, tmp_path: Path
) -> None:
    renamed = tmp_path / "download"
    shutil.copy(DATA / "wallabag-export.json", renamed)
    report = library.import_paths([renamed])
    assert len(report.imported) == 3
    text = tmp_path / "list.csv"
    text.write_text("Plain words in a file named like a spreadsheet, long enough to count.")
    assert len(library.import_paths([text]).imported) == 1  # named on its own: an article


def test_a_damaged_export_fails_with_a_reason(library: Library, tmp_path: Path) -> None:
    broken = tmp_path / "wallabag.json"
    broken.write_text('[{"is_archived": 1, "url": "https://example.org/a", "title": ')
    (failed,) = library.import_paths([broken]).failed
    assert failed.reason.startswith("damaged wallabag export")
    zipped = tmp_path / "pocket.zip"
    zipped.write_bytes(b"PK\x03\x04 not really a zip")
    (failed,) = library.import_paths([zipped]).failed
    assert failed.reason.startswith("unreadable ZIP archive")


def test_the_command_line_reports_each_entry(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "lib.sqlite3")
    assert main(["--library", db, "import", str(DATA / "instapaper-export.csv")]) == 0
    assert capsys.readouterr().out.strip() == "Imported 4, 0 duplicates, 0 failed"
    assert main(["--library", db, "import", str(DATA / "omnivore-export.zip"), "--json"]) == 0
    report: dict[str, Any] = json.loads(capsys.readouterr().out)
    # The bridge came without text again: a duplicate of Instapaper's entry.
    assert [(d["path"], d["by"]) for d in report["duplicates"]] == [
        (f"{DATA / 'omnivore-export.zip'}#3 <{BRIDGE}>", "address")]
    assert len(report["imported"]) == 2  # each gave its text to the entry of its address
    assert main(["--library", db, "search", "is:unfetched", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert sorted((r["url"], r["text_fetched"]) for r in rows) == [
        (BRIDGE, False), (FLOOD, False)]
    assert main(["--library", db, "show", str(rows[0]["id"])]) == 0
    assert "(text not fetched)" in capsys.readouterr().out


def test_an_entry_without_text_or_address_fails(tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps([{"is_archived": 0, "url": "", "title": "Nothing"}]))
    with Library.open(tmp_path / "lib.sqlite3") as library:
        (failed,) = library.import_paths([export]).failed
    assert failed.path == f"{export}#1" and failed.reason == "no address, and no text"


def test_fill_text_is_the_one_write_fetching_needs(library: Library) -> None:
    library.import_paths([DATA / "instapaper-export.csv"])
    waiting = by_url(library)[BRIDGE]
    heard = []
    library.subscribe(heard.append)
    page = load_document(DATA.parent / "pages" / "singlefile.html")
    library.fill_text(waiting.id, page)
    filled = library.article(waiting.id)
    assert filled.text_fetched and filled.body == page.body
    assert filled.title == "Bridge reopens" and filled.author == "Fiona Sinclair"
    assert heard[-1].articles == {waiting.id}
    assert library.search("is:unfetched") and waiting.id not in _ids(library, "is:unfetched")
    other = by_url(library)[FLOOD].id
    with pytest.raises(InvalidValue, match=f"already article {waiting.id}'s"):
        library.fill_text(other, page)
    with pytest.raises(NotFound):
        library.fill_text(9999, page)


def _ids(library: Library, query: str) -> list[int]:
    return [summary.id for summary in library.search(query)]


def test_an_export_dropped_in_the_inbox_is_imported_once(
    library: Library, tmp_path: Path
) -> None:
    from reader.importing.inbox import IMPORTED_FOLDER, Inbox

    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(DATA / "pocket.zip", folder / "pocket.zip")
    now = [1000.0]
    inbox = Inbox(folder, lambda paths, cancel: library.import_paths(paths, cancel=cancel),
                  settle=1.0, clock=lambda: now[0])
    assert inbox.poll() == []
    now[0] += 1.0
    [handled] = inbox.poll()
    assert handled.kept_at == folder / IMPORTED_FOLDER / "pocket.zip"
    assert library.counts().total == 3
    now[0] += 5.0
    assert inbox.poll() == [] and library.counts().total == 3
