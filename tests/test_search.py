"""The search language against a library: SQL results against a brute-force filter on both
engines, combining with views and sorts, ranking, and fuzzing."""

from __future__ import annotations

import contextlib
import random
import re
import sqlite3
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import ENGINES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import bindparam, update

from reader import ArticleQuery, Library, SortKey, View
from reader.search.syntax import (
    And,
    Color,
    DateRange,
    Flag,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Source,
    TagFilter,
    Text,
    parse,
)
from reader.store.schema import articles

# --- a small library with known contents ----------------------------------------------------

WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india",
         "juliet", "kilo", "lima"]
TAGS = ["asia", "asia/korea", "asia/japan", "europe", "south korea"]
SOURCES = ["Reuters", "AP News", "BBC", "Süddeutsche Zeitung", None]
COLORS = ["yellow", "green", "blue"]
DATES = [date(2023, 12, 31), date(2024, 1, 1), date(2024, 2, 29), date(2024, 3, 1),
         date(2024, 3, 20), date(2024, 3, 31), date(2024, 4, 1), date(2025, 6, 1), None]


@dataclass
class Doc:
    id: int
    title: str
    body: str
    published: date | None
    source: str | None
    imported_at: datetime
    tags: set[str]
    note: str = ""
    marks: list[tuple[str, str, str]] = field(default_factory=list)  # text, comment, colour
    read: bool = False
    starred: bool = False


def _tokens(text: str) -> list[str]:
    # unicode61 with remove_diacritics: letters and digits, folded, accents dropped.
    folded = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in folded if not unicodedata.combining(c))
    return re.findall(r"[^\W_]+", bare)


def _columns(doc: Doc) -> dict[str, list[str]]:
    marks = " ".join(f"{text} {comment}" for text, comment, _ in doc.marks)
    return {"title": _tokens(doc.title), "body": _tokens(doc.body),
            "note": _tokens(doc.note), "highlights": _tokens(marks)}


def _phrase_in(tokens: list[str], phrase: list[str], prefix: bool) -> bool:
    for start in range(len(tokens) - len(phrase) + 1):
        window = tokens[start : start + len(phrase)]
        if window[:-1] == phrase[:-1] and (
            window[-1].startswith(phrase[-1]) if prefix else window[-1] == phrase[-1]
        ):
            return True
    return False


def _tag_keys(doc: Doc, name: str) -> bool:
    key = name.casefold()
    return any(t.casefold() == key or t.casefold().startswith(key + "/") for t in doc.tags)


def oracle(node: Node | None, doc: Doc) -> bool:
    """The query evaluated in plain Python, knowing nothing of the SQL."""
    if node is None:
        return True
    if isinstance(node, And):
        return all(oracle(item, doc) for item in node.items)
    if isinstance(node, Or):
        return any(oracle(item, doc) for item in node.items)
    if isinstance(node, Not):
        return not oracle(node.item, doc)
    if isinstance(node, Text):
        columns = _columns(doc)
        wanted = [node.column] if node.column else list(columns)
        phrase = _tokens(node.text)
        return any(_phrase_in(columns[c], phrase, node.prefix) for c in wanted)
    if isinstance(node, Source):
        return node.text.casefold() in (doc.source or "").casefold()
    if isinstance(node, TagFilter):
        return _tag_keys(doc, node.name)
    if isinstance(node, Flag):
        return {
            "unread": not doc.read, "read": doc.read, "starred": doc.starred,
            "annotated": bool(doc.note.strip()) or bool(doc.marks),
            "note": bool(doc.note.strip()), "highlight": bool(doc.marks),
        }[node.name]
    if isinstance(node, Color):
        return any(colour.casefold() == node.name.casefold() for _, _, colour in doc.marks)
    assert isinstance(node, DateRange)
    value: date | datetime | None = doc.published if node.column == "published" else (
        doc.imported_at)
    if value is None:
        return False
    return (node.start is None or value >= node.start) and (node.end is None or value < node.end)


def _build(folder: Path, lib: Library, count: int = 40) -> list[Doc]:
    rng = random.Random(7)
    now = datetime.now().replace(microsecond=0)
    texts: list[tuple[str, str]] = []
    for index in range(count):
        title = " ".join(rng.sample(WORDS, rng.randint(1, 3))) + f" number{index}"
        body_words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        if index % 5 == 0:
            body_words += ["heavy", "rain", "café"]
        if index % 7 == 0:
            body_words += ["rain", "heavy"]
        texts.append((title, " ".join(body_words) + f" marker{index}."))
    for index, (_title, body) in enumerate(texts):
        (folder / f"{index:02d}.txt").write_text(f"Placeholder {index}\n\n{body}\n", "utf-8")
    report = lib.import_paths([folder])
    by_name = {Path(item.path).name: item.id for item in report.imported}
    docs: list[Doc] = []
    for index, (title, _body) in enumerate(texts):
        article_id = by_name[f"{index:02d}.txt"]
        published = DATES[index % len(DATES)]
        source = SOURCES[index % len(SOURCES)]
        lib.update_article(article_id, title=title, published=published, source=source)
        stored = lib.article(article_id)
        imported = now - timedelta(days=index * 3, hours=12)
        doc = Doc(article_id, title, stored.body, published, source, imported,
                  set(rng.sample(TAGS, rng.randint(0, 2))))
        if doc.tags:
            for tag in doc.tags:
                lib.add_tags([article_id], [tag])
        if index % 4 == 1:
            doc.note = f"follow up {rng.choice(WORDS)} later"
            lib.set_note(article_id, doc.note)
        if index % 3 == 2:
            first = doc.body.split()[0]
            colour = COLORS[index % len(COLORS)]
            comment = f"{rng.choice(WORDS)} quote"
            lib.add_highlight(article_id, 0, len(first), colour, comment)
            doc.marks.append((first, comment, colour))
        doc.read = index % 2 == 0
        doc.starred = index % 6 == 0
        docs.append(doc)
    lib.set_read([d.id for d in docs if d.read])
    lib.set_starred([d.id for d in docs if d.starred])
    _set_imported(lib, docs)
    return docs


def _set_imported(lib: Library, docs: list[Doc]) -> None:
    with lib._store.write() as conn:
        conn.execute(
            update(articles).where(articles.c.id == bindparam("doc_id"))
            .values(imported_at=bindparam("stamp")),
            [{"doc_id": d.id, "stamp": d.imported_at} for d in docs],
        )


# The same library on each engine: every query must find the same articles on both.
@pytest.fixture(scope="module", params=ENGINES)
def world(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Iterator[tuple[Library, list[Doc]]]:
    root = tmp_path_factory.mktemp("search")
    folder = root / "in"
    folder.mkdir()
    location = (str(root / "lib.sqlite3") if request.param == "sqlite"
                else request.getfixturevalue("postgres_server").new_database())
    lib = Library.open(location)
    docs = _build(folder, lib)
    yield lib, docs
    lib.close()


QUERIES = [
    "",
    "alpha",
    "ALPHA bravo",
    "alpha OR bravo",
    "alpha -bravo",
    "-alpha",
    "-alpha -bravo",
    '"heavy rain"',
    '-"heavy rain"',
    '"rain heavy"',
    "cafe",
    "char*",
    '"heavy ra"*',
    "title:alpha",
    "body:alpha -title:alpha",
    "note:follow",
    "note:fol*",
    "highlight:quote",
    "highlight:alpha",
    "(alpha OR bravo) (charlie OR delta)",
    "(alpha -bravo) OR is:starred",
    "alpha OR tag:europe",
    "-(alpha OR bravo)",
    "source:reuters",
    'source:"ap news"',
    "-source:bbc",
    "source:e",
    "source:SÜDDEUTSCHE",
    "source:zeitung",
    "-source:süd",
    "tag:asia",
    "tag:asia/",
    "tag:asia/korea",
    'tag:"South Korea"',
    "-tag:asia",
    "tag:nothing-like-it",
    "is:unread",
    "is:read alpha",
    "is:starred OR is:annotated",
    "is:annotated",
    "has:note",
    "has:highlight -color:yellow",
    "color:Green",
    "date:2024",
    "-date:2024",
    "date:2024-03",
    "date:2024-03-20",
    "after:2024-03-01",
    "before:2024-04-01",
    "after:2024-03-01 before:2024-04-01 golf",
    "imported:7d",
    "imported:10d",
    "imported:2w",
    "-imported:1m",
    "alpha tag:asia is:unread",
    "marker3",
    "number1*",
    "+++ alpha",
]


@pytest.mark.parametrize("text", QUERIES)
def test_results_match_brute_force(world: tuple[Library, list[Doc]], text: str) -> None:
    lib, docs = world
    node = parse(text)
    expected = {d.id for d in docs if oracle(node, d)}
    found = lib.article_ids(ArticleQuery(search=text))
    assert len(found) == len(set(found))
    assert set(found) == expected
    ranked = lib.article_ids(ArticleQuery(search=text, sort=SortKey.RELEVANCE))
    assert sorted(ranked) == sorted(found)
    assert lib.count(ArticleQuery(search=text)) == len(expected)
    assert lib.article_ids(ArticleQuery(search=text), limit=5) == found[:5]
    assert lib.article_ids(ArticleQuery(search=text, sort=SortKey.RELEVANCE), limit=5) == (
        ranked[:5])


def test_queries_cover_the_library(world: tuple[Library, list[Doc]]) -> None:
    # A query that matches nothing (or everything) tests little: most should split the set.
    lib, docs = world
    splitting = [q for q in QUERIES if 0 < len(lib.article_ids(ArticleQuery(search=q)))
                 < len(docs)]
    assert len(splitting) >= len(QUERIES) - 4


def test_search_combines_with_view_tag_and_sort(world: tuple[Library, list[Doc]]) -> None:
    lib, docs = world
    query = ArticleQuery(view=View.UNREAD, tag="asia", sort=SortKey.TITLE, descending=False,
                         search="alpha OR bravo")
    node = parse("alpha OR bravo")
    expected = sorted(
        (d for d in docs if not d.read and _tag_keys(d, "asia") and oracle(node, d)),
        key=lambda d: (d.title.casefold(), d.id),
    )
    assert lib.article_ids(query) == [d.id for d in expected]
    assert [s.id for s in lib.list_articles(query, limit=2, offset=1)] == [
        d.id for d in expected[1:3]]


def test_relevance_orders_by_weighted_bm25(world: tuple[Library, list[Doc]]) -> None:
    lib, _docs = world
    ranked = lib.article_ids(ArticleQuery(search="alpha", sort=SortKey.RELEVANCE))
    if isinstance(lib.location, Path):  # SQLite ranks by bm25; PostgreSQL by ts_rank
        conn = sqlite3.connect(lib.path)
        rows = conn.execute(
            "SELECT rowid FROM article_fts WHERE article_fts MATCH '\"alpha\"' "
            "ORDER BY bm25(article_fts, 10.0, 1.0, 2.0, 2.0), rowid"
        ).fetchall()
        conn.close()
        assert ranked == [r[0] for r in rows]
    titles = {s.id: s.title for s in lib.summaries(ranked)}
    in_title = [i for i in ranked if "alpha" in titles[i].split()]
    # A title hit weighs ten body hits: the title matches lead.
    assert set(ranked[: len(in_title)]) == set(in_title)


def test_relevance_without_words_is_newest_first(world: tuple[Library, list[Doc]]) -> None:
    lib, _docs = world
    for text in ("", "tag:asia", "-alpha"):
        assert lib.article_ids(ArticleQuery(search=text, sort=SortKey.RELEVANCE)) == (
            lib.article_ids(ArticleQuery(search=text, sort=SortKey.PUBLISHED)))


def test_library_search_and_check_query(world: tuple[Library, list[Doc]]) -> None:
    lib, docs = world
    hits = lib.search("title:alpha", limit=3)
    assert len(hits) == min(3, sum("alpha" in d.title.split() for d in docs))
    assert all("alpha" in h.title.split() for h in hits)
    assert Library.check_query('"open') == "unclosed quote"
    assert lib.check_query("zzz:1") == "unknown field 'zzz:'"
    assert lib.check_query("alpha OR (bravo -charlie)") is None
    with pytest.raises(QuerySyntaxError, match="unclosed"):
        lib.search("(alpha")


def test_user_text_never_reaches_fts_as_syntax(world: tuple[Library, list[Doc]]) -> None:
    lib, _docs = world
    for text in ['NEAR(alpha bravo)', "alpha AND", "alpha NOT bravo", "title : alpha",
                 '"a""b"', "^alpha", "{title}:alpha", "alpha:*", "a*b*c", "rowid:1",
                 "'); DROP TABLE articles; --", "\x00alpha", "\ud800alpha"]:
        with contextlib.suppress(QuerySyntaxError):
            lib.article_ids(ArticleQuery(search=text, sort=SortKey.RELEVANCE))


def test_imported_relative_to_now(world: tuple[Library, list[Doc]]) -> None:
    lib, docs = world
    recent = {d.id for d in docs if d.imported_at >= datetime.now() - timedelta(days=7)}
    assert recent  # index 0, 1 and 2 were imported 12 h, 3.5 and 6.5 days ago
    assert set(lib.article_ids(ArticleQuery(search="imported:7d"))) == recent


QUERY_ALPHABET = st.sampled_from(
    [*'abc AOR()"-*:^{}\'+/\\', "title:", "tag:", "is:", "date:", "OR", "NOT", "NEAR"]
)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=40), st.lists(QUERY_ALPHABET, max_size=14).map("".join)))
def test_any_input_gives_results_or_a_syntax_error(
    world: tuple[Library, list[Doc]], text: str
) -> None:
    lib, docs = world
    try:
        ranked = lib.article_ids(ArticleQuery(search=text, sort=SortKey.RELEVANCE), limit=10)
        plain = lib.article_ids(ArticleQuery(search=text))
    except QuerySyntaxError as error:
        assert lib.check_query(text) == str(error)
        return
    assert lib.check_query(text) is None
    assert set(ranked) <= set(plain) <= {d.id for d in docs}
