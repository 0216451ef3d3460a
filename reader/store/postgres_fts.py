"""The full-text index in PostgreSQL: a ``tsvector`` per article in ``article_search``, under a
GIN index.

Both engines must find the same articles for the same query, so neither PostgreSQL's parser
nor its dictionaries see the text: :mod:`reader.search.tokens` folds and splits it in Python,
and the ``tsvector`` and ``tsquery`` values are written out lexeme by lexeme (a literal cast,
which stores lexemes as given). Fields carry weights (title A, note B, highlights C, body D),
so ``title:word`` is a weight test and ranking favours titles; a gap of one position between
fields keeps a phrase from running from one field into the next. An import's titles and
bodies come tokenized from its parse workers (:meth:`PostgresFullText.prepare`).

Triggers (in the migrations) mark an article ``stale`` when its text, note or highlights
change; the store re-indexes stale articles before each write commits
(:meth:`PostgresFullText.refresh_stale`), so the index never lags a committed write.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    ColumnElement,
    Connection,
    Integer,
    MetaData,
    Select,
    Subquery,
    Table,
    bindparam,
    cast,
    func,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects.postgresql import TSQUERY, TSVECTOR
from sqlalchemy.dialects.postgresql import insert as pg_insert

from reader.search.tokens import index_text, query_terms
from reader.store.chunks import chunks
from reader.store.interface import AnyOf, Ids, TextQuery, Words
from reader.store.schema import articles, highlights, notes

search_table = Table(
    "article_search", MetaData(),
    Column("article_id", Integer, primary_key=True),
    Column("doc", TSVECTOR),
    Column("stale", Boolean),
)
_DOC = search_table.c.doc

WEIGHTS = {"title": "A", "note": "B", "highlights": "C", "body": "D"}
# ts_rank's weights in the order {D, C, B, A}: a title hit counts ten times a body hit, notes
# and highlights (the reader's own words) twice, as bm25 weighs them in SQLite.
_RANK_WEIGHTS: ColumnElement[Any] = literal_column("'{0.1, 0.2, 0.2, 1.0}'::float4[]")
# A tsvector stores positions up to 16383 and 256 of them per lexeme; later occurrences are
# kept at the last position (the word is still found; a phrase beyond it may not be).
_MAX_POSITION = 16383
_MAX_POSITIONS = 256
# A tsvector holds at most 1 MB: lexemes past this share of it are left out of the index.
_MAX_DOC_CHARS = 900_000
# A lexeme no text has (tokens are letters and digits): what a query of no words looks for.
_NOTHING = "'_'"


def _quoted(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def document(title: str, body: str, note: str, marks: str) -> str:
    """The ``tsvector`` literal of one article's fields."""
    return prepared_document(index_text(title), index_text(body), index_text(note),
                             index_text(marks))


def prepared_document(title: str, body: str, note: str, marks: str) -> str:
    """:func:`document` of fields through ``index_text`` already (an import's are made on
    its parse workers)."""
    positions: dict[str, list[str]] = {}
    position = 1
    size = 0
    for tokens, field in ((title, "title"), (body, "body"), (note, "note"),
                          (marks, "highlights")):
        weight = WEIGHTS[field]
        for token in tokens.split():
            found = positions.get(token)
            if found is None:
                size += len(token) + 8
                if size > _MAX_DOC_CHARS:
                    continue
                found = positions[token] = []
            if len(found) < _MAX_POSITIONS:
                found.append(f"{min(position, _MAX_POSITION)}{weight}")
                size += 7
            position += 1
        position += 1  # the gap between fields
    return " ".join(f"{_quoted(token)}:{','.join(at)}" for token, at in positions.items())


def expression(query: TextQuery) -> str:
    """``query`` as a ``tsquery`` literal: ``&``, ``|``, ``!``, ``<->`` for phrases, ``:*``
    for a prefix and a weight letter for a field."""
    if isinstance(query, Words):
        return _phrase(query)
    if isinstance(query, AnyOf):
        return "(" + " | ".join(expression(item) for item in query.items) + ")"
    parts = [expression(item) for item in query.items]
    parts += [f"!{expression(item)}" for item in query.excluding]
    return "(" + " & ".join(parts) + ")"


def _phrase(words: Words) -> str:
    terms = query_terms(words.text, words.prefix)
    if terms is None:
        return _NOTHING
    weight = WEIGHTS[words.field] if words.field else ""
    last = len(terms.tokens) - 1
    lexemes = []
    for index, token in enumerate(terms.tokens):
        star = "*" if terms.prefix and index == last else ""
        suffix = f":{star}{weight}" if star or weight else ""
        lexemes.append(_quoted(token) + suffix)
    return "(" + " <-> ".join(lexemes) + ")"


def _tsquery(query: TextQuery) -> ColumnElement[Any]:
    return cast(bindparam(None, expression(query)), TSQUERY)


def _hits(query: TextQuery) -> Select[Any]:
    return select(search_table.c.article_id).where(_DOC.op("@@")(_tsquery(query)))


class PostgresFullText:
    """The :class:`~reader.store.interface.FullText` of a PostgreSQL library."""

    # --- keeping the index ---------------------------------------------------------------------

    def index(self, conn: Connection, ids: Sequence[int]) -> None:
        for chunk in chunks(ids):
            self._index_where(conn, articles.c.id.in_(chunk))

    # A plain function, taken by reference: import workers load reader.search.tokens, not
    # this module and SQLAlchemy.
    prepare = staticmethod(index_text)

    def index_new(self, conn: Connection, new: Sequence[tuple[int, str, str]]) -> None:
        # Tokens made on the parse workers: the importing process only writes them out.
        self._write(conn, [(article_id, prepared_document(title, body, "", ""))
                           for article_id, title, body in new])

    def unindex(self, conn: Connection, ids: Sequence[int]) -> None:
        for chunk in chunks(ids):
            conn.execute(search_table.delete().where(search_table.c.article_id.in_(chunk)))

    def refresh_stale(self, conn: Connection) -> None:
        """Index again the articles whose text, note or highlights changed in this
        transaction (the triggers marked them)."""
        stale = list(conn.execute(
            select(search_table.c.article_id).where(search_table.c.stale)).scalars())
        if stale:
            self.index(conn, stale)

    def _index_where(self, conn: Connection, condition: ColumnElement[bool]) -> None:
        rows = conn.execute(
            select(articles.c.id, articles.c.title, articles.c.body,
                   func.coalesce(notes.c.text, ""))
            .outerjoin(notes, notes.c.article_id == articles.c.id)
            .where(condition, articles.c.deleted_at.is_(None))
        ).all()
        if not rows:
            return
        marks = _highlight_text(conn, [row[0] for row in rows])
        self._write(conn, [(article_id, document(title, body, note, marks.get(article_id, "")))
                           for article_id, title, body, note in rows])

    def _write(self, conn: Connection, docs: Sequence[tuple[int, str]]) -> None:
        """Store each article's ``tsvector`` literal, over any it had (marked fresh)."""
        if not docs:
            return
        values = [{"article_id": article_id, "doc": doc} for article_id, doc in docs]
        statement = pg_insert(search_table)
        conn.execute(
            statement.values(article_id=bindparam("article_id"),
                             doc=cast(bindparam("doc"), TSVECTOR))
            .on_conflict_do_update(index_elements=[search_table.c.article_id],
                                   set_={"doc": statement.excluded.doc,
                                         "stale": literal(False)}),
            values,
        )

    # --- searching -----------------------------------------------------------------------------

    def matches(self, query: TextQuery, ids: Ids | None = None) -> ColumnElement[bool]:
        return (articles.c.id if ids is None else ids).in_(_hits(query))

    def list_condition(
        self, conn: Connection, query: TextQuery, limit: int | None
    ) -> ColumnElement[bool]:
        # PostgreSQL's planner weighs the GIN scan against walking an ordered index itself.
        return articles.c.id.in_(_hits(query))

    def ranked_hits(self, query: TextQuery, limit: int | None) -> Subquery:
        tsquery = _tsquery(query)
        score = (-func.ts_rank(_RANK_WEIGHTS, _DOC, tsquery))
        ranked = select(search_table.c.article_id.label("id"), score.label("score")).where(
            _DOC.op("@@")(tsquery))
        if limit is not None:
            ranked = ranked.order_by(score, search_table.c.article_id).limit(limit)
        return ranked.subquery("hits")

    def count(self, conn: Connection, query: TextQuery) -> int:
        inner = _hits(query).subquery()
        return int(conn.execute(select(func.count()).select_from(inner)).scalar_one())

    def opaque(self, ids: Ids) -> Ids:
        return ids


def _highlight_text(conn: Connection, ids: Iterable[int]) -> dict[int, str]:
    """Each article's highlights as the index takes them: quote and comment, in order."""
    found: dict[int, list[str]] = {}
    for chunk in chunks(list(ids)):
        rows = conn.execute(
            select(highlights.c.article_id, highlights.c.text, highlights.c.comment)
            .where(highlights.c.article_id.in_(chunk)).order_by(highlights.c.id))
        for article_id, text, comment in rows:
            found.setdefault(article_id, []).append(f"{text} {comment}")
    return {article_id: " ".join(parts) for article_id, parts in found.items()}

