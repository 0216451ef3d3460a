"""The full-text index in SQLite: the FTS5 table ``article_fts``, kept beside ``articles``.

The index holds the tokens of ``reader.search.tokens`` (``sqlite_tokens`` says how FTS5 is
given them). Triggers (in the migrations) mirror edits of indexed articles, their notes and
highlights, through the connection's tokens function. Articles enter the index in bulk here
(import, with tokens made on the parse workers; restore and leaving the Trash, in one
``INSERT … SELECT``) and leave it when trashed, so searches never see the Trash.

Searches: a :data:`TextQuery` becomes one FTS5 MATCH expression. Every word or phrase becomes
the tokens the index holds for it, quoted ("地铁 铁将", "word"*, inner quotes doubled), so user
input never reaches the FTS5 parser as syntax, and the expression is a bound parameter. The
MATCH runs in its own subquery, so FTS5 scans one doclist merge and ranks once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    Label,
    Select,
    Subquery,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
)

from reader.search.tokens import query_terms
from reader.store.chunks import chunks
from reader.store.interface import AllOf, AnyOf, Ids, TextQuery, Words
from reader.store.schema import articles
from reader.store.sqlite_tokens import TOKENS_SQL, fts5_text

# Title hits count ten times a body hit; notes and highlights, the reader's own words, twice.
BM25 = "bm25(article_fts, 10.0, 1.0, 2.0, 2.0)"

# A column-ordered search page probes FTS5 row by row when at least this share of articles
# match (see Fts5Index.list_condition); bigger limits read every hit instead.
PROBE_MIN_SHARE = 0.2
PROBE_MAX_LIMIT = 2000

_FTS = table("article_fts", column("rowid"))
# The FTS5 table named as a column: ``article_fts MATCH ?`` is how FTS5 spells a whole-table match.
_WHOLE_TABLE: ColumnClause[Any] = literal_column("article_fts")

# Notes and highlights are gathered here, so articles that already carry them (a restore, an
# article back from the trash) are indexed whole in one statement.
_INDEX = (
    "INSERT INTO article_fts(rowid, title, body, note, highlights) "
    f"SELECT a.id, {TOKENS_SQL}(a.title), {TOKENS_SQL}(a.body), "
    f"{TOKENS_SQL}(coalesce(n.text, '')), {TOKENS_SQL}(coalesce("
    "(SELECT group_concat(h.text || ' ' || h.comment, ' ') FROM highlights h "
    "WHERE h.article_id = a.id), '')) "
    "FROM articles a LEFT JOIN notes n ON n.article_id = a.id "
    "WHERE a.deleted_at IS NULL AND a.id IN ({marks})"
)
_INDEX_NEW = (
    "INSERT INTO article_fts(rowid, title, body, note, highlights) VALUES (?, ?, ?, '', '')"
)
_UNINDEX = "DELETE FROM article_fts WHERE rowid IN ({marks})"


# --- the FTS5 expression ----------------------------------------------------------------------


def expression(query: TextQuery) -> str:
    """``query`` as one FTS5 expression (FTS5 NOT is binary: an exclusion follows what it
    leaves out, which :class:`AllOf` always has)."""
    if isinstance(query, AllOf):
        return _conjunction(query)
    return _nested(query)


def _conjunction(query: AllOf) -> str:
    joined = " AND ".join(_nested(item) for item in query.items)
    if query.excluding:
        joined = f"({joined})" + "".join(f" NOT {_nested(item)}" for item in query.excluding)
    return joined


def _nested(query: TextQuery) -> str:
    if isinstance(query, Words):
        return _phrase(query)
    if isinstance(query, AnyOf):
        return "(" + " OR ".join(_nested(item) for item in query.items) + ")"
    return f"({_conjunction(query)})"


def _phrase(words: Words) -> str:
    # The tokens the index holds for these words, as one FTS5 string: in sequence. Words
    # without a token are the empty string, which FTS5 matches nowhere.
    terms = query_terms(words.text, words.prefix)
    quoted = '""' if terms is None else terms.fts5()
    return f"{words.field} : {quoted}" if words.field else quoted


def _match(match: str) -> ColumnElement[bool]:
    return _WHOLE_TABLE.op("MATCH")(bindparam(None, match))


def _rowids(match: str) -> Select[Any]:
    return select(_FTS.c.rowid).where(_match(match))


def _opaque(ids: Ids) -> Ids:
    """``hits.id + 0`` for a ranked list's ids. On the bare column SQLite would push an IN
    list down into the FTS5 scan as rowid lookups, and FTS5 then re-runs the MATCH (and the
    ranking's set-up) once per listed id: 17 s instead of 0.1 s at 100k articles."""
    return ids if ids is articles.c.id else ids + 0


class Fts5Index:
    """The :class:`~reader.store.interface.FullText` of a SQLite library."""

    # --- keeping the index ---------------------------------------------------------------------

    def index(self, conn: Connection, ids: Sequence[int]) -> None:
        _run(conn, _INDEX, ids)

    # A plain function, taken by reference: import workers load sqlite_tokens alone, not
    # this module and SQLAlchemy (a second of CPU each).
    prepare = staticmethod(fts5_text)

    def index_new(self, conn: Connection, new: Sequence[tuple[int, str, str]]) -> None:
        # One executemany for a whole import batch, of text tokenized on the parse workers:
        # several times faster than indexing row by row through triggers.
        if new:
            conn.exec_driver_sql(_INDEX_NEW, list(new))

    def unindex(self, conn: Connection, ids: Sequence[int]) -> None:
        _run(conn, _UNINDEX, ids)

    # --- searching -----------------------------------------------------------------------------

    def matches(self, query: TextQuery, ids: Ids | None = None) -> ColumnElement[bool]:
        """``id IN (rowids matching)``: SQLite reads the hits once, then tests each id."""
        return _opaque(articles.c.id if ids is None else ids).in_(_rowids(expression(query)))

    def list_condition(
        self, conn: Connection, query: TextQuery, limit: int | None
    ) -> ColumnElement[bool]:
        """Reading every hit and sorting them costs about 2.5 us a hit (the sort keys sit
        after the body in each row), probing FTS5 row by row along an index about 35 us a
        probe. For a first page of a word most articles contain, probing wins by far;
        otherwise the hits drive."""
        match = expression(query)
        if limit is None or limit > PROBE_MAX_LIMIT:
            return articles.c.id.in_(_rowids(match))
        newest = conn.execute(select(func.max(articles.c.id))).scalar() or 0
        share = _count(conn, match) / max(newest, 1)
        if share < PROBE_MIN_SHARE:
            return articles.c.id.in_(_rowids(match))
        # The same test row by row (FTS5 seeks one rowid): cheaper when most articles match
        # and only the first page, in an indexed order, is wanted.
        return exists(
            select(literal_column("1"))
            .select_from(_FTS)
            .where(_match(match), _FTS.c.rowid == articles.c.id)
        )

    def ranked_hits(self, query: TextQuery, limit: int | None) -> Subquery:
        """Scored once by bm25 inside FTS5."""
        score: Label[float] = literal_column(BM25).label("score")
        ranked = select(_FTS.c.rowid.label("id"), score).where(_match(expression(query)))
        if limit is not None:
            # Ranked and cut inside the subquery: the join then touches only ``limit`` rows.
            ranked = ranked.order_by(literal_column("score"), _FTS.c.rowid).limit(limit)
        return ranked.subquery("hits")

    def count(self, conn: Connection, query: TextQuery) -> int:
        return _count(conn, expression(query))

    def opaque(self, ids: Ids) -> Ids:
        return _opaque(ids)


def _count(conn: Connection, match: str) -> int:
    return int(conn.execute(select(func.count()).select_from(_FTS).where(_match(match)))
               .scalar_one())


def _run(conn: Connection, template: str, ids: Sequence[int]) -> None:
    for chunk in chunks(ids):
        conn.exec_driver_sql(template.format(marks=", ".join("?" * len(chunk))), tuple(chunk))
