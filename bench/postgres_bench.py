"""A team library on PostgreSQL beside a SQLite file, in the same run: importing the corpus,
the search queries, and two importers writing the same folder at once.

The server is ``$BROADSHEET_TEST_POSTGRES`` (a superuser address); ``make bench`` runs the
benchmarks beside a throwaway cluster that ``.ci/postgres`` starts. Both engines index the
same tokens, so every query must find the same number of articles on both: a difference
fails the run. The baseline column is SQLite.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

from bench import Options
from bench.corpus import generate_corpus
from bench.report import Table, median

QUERIES = ["government", "market prices", '"the city"', "rep*", "report OR council",
           "council -budget", "title:report", "government market"]
PAGE = 50
RUNS = 5


def _server() -> tuple[str, Callable[[str], str]] | None:
    given = os.environ.get("BROADSHEET_TEST_POSTGRES")
    if not given:
        return None
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(given)
    admin = psycopg.connect(given, autocommit=True)

    def new_database(prefix: str) -> str:
        name = f"bench_{prefix}_{uuid.uuid4().hex[:8]}"
        admin.execute(f'CREATE DATABASE "{name}"')
        return url.set(database=name).render_as_string(hide_password=False)

    return given, new_database


def _timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def _import(location: str, folder: Path) -> tuple[float, int]:
    from reader import Library

    with Library.open(location) as library:
        seconds = _timed(lambda: library.import_paths([folder]))
        return seconds, library.count()


def _two_writers(location: str, folder: Path) -> tuple[float, int, int]:
    """Two libraries importing ``folder`` at once: seconds, articles stored, imported."""
    from reader import Library

    libraries = [Library.open(location), Library.open(location)]
    imported: list[int] = []

    def run(library: Library) -> None:
        imported.append(len(library.import_paths([folder]).imported))

    threads = [threading.Thread(target=run, args=(library,)) for library in libraries]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    stored = libraries[0].count()
    for library in libraries:
        library.close()
    return seconds, stored, sum(imported)


def _search(location: str) -> dict[str, tuple[float, int]]:
    from reader import ArticleQuery, Library, SortKey

    found: dict[str, tuple[float, int]] = {}
    with Library.open(location) as library:
        for text in QUERIES:
            query = ArticleQuery(search=text, sort=SortKey.RELEVANCE)
            samples = [_timed(lambda q=query: library.article_ids(q, limit=PAGE))
                       for _ in range(RUNS)]
            found[text] = (median(samples), library.count(ArticleQuery(search=text)))
    return found


def run(options: Options) -> None:
    server = _server()
    if server is None:
        print("postgres: skipped (set BROADSHEET_TEST_POSTGRES, or run make bench, which "
              "starts a throwaway cluster)")
        return
    _given, new_database = server
    corpus = generate_corpus(options.cache_dir, options.articles, options.seed)
    with tempfile.TemporaryDirectory() as scratch:
        sqlite_file = str(Path(scratch) / "bench.sqlite3")
        pg = new_database("import")
        table = Table(f"import {options.articles:,} files: PostgreSQL (broadsheet) beside "
                      "SQLite (baseline)")
        pg_seconds, pg_count = _import(pg, corpus)
        lite_seconds, lite_count = _import(sqlite_file, corpus)
        table.add("import time", pg_seconds, lite_seconds, unit="s", digits=1)
        table.add("files/s", options.articles / pg_seconds, options.articles / lite_seconds)
        table.add("articles stored", pg_count, lite_count, ratio=False,
                  passed=pg_count == lite_count)
        table.print()

        searches = Table(f"search: first page ({PAGE} ids, best first), median of {RUNS}")
        pg_found, lite_found = _search(pg), _search(sqlite_file)
        for text in QUERIES:
            (pg_s, pg_n), (lite_s, lite_n) = pg_found[text], lite_found[text]
            searches.add(f"{text} ({pg_n} / {lite_n} hits)", pg_s * 1000, lite_s * 1000,
                         unit="ms", digits=1, passed=pg_n == lite_n)
        searches.note("hits: PostgreSQL / SQLite; every query must find as many on both")
        searches.print()

        both = Table("two importers of the same folder at once")
        pg_two = _two_writers(new_database("two"), corpus)
        lite_two = _two_writers(str(Path(scratch) / "two.sqlite3"), corpus)
        both.add("time for both", pg_two[0], lite_two[0], unit="s", digits=1)
        both.add("articles stored", pg_two[1], lite_two[1], ratio=False,
                 passed=pg_two[1] == lite_two[1] == pg_count)
        both.add("imported (summed over both)", pg_two[2], lite_two[2], ratio=False,
                 passed=pg_two[2] == lite_two[2] == pg_count)
        both.print()
