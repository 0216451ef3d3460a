"""Reading and editing articles: the list's queries and the detail view."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from msgspec.structs import replace
from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    func,
    select,
    update,
)

from reader.catalog import tags as tag_ops
from reader.errors import InvalidValue, NotFound
from reader.records import ArticleQuery, ArticleSummary, SortKey, TagRef, View
from reader.search import sql as search
from reader.store.chunks import chunks
from reader.store.interface import EngineSql, TextQuery, sql_for
from reader.store.schema import article_tags, articles, tags
from reader.text_checks import check_line

# A larger limit asks for every row (and could not be bound). Ids have their engine's range
# (:func:`storable`).
MAX_ROWS = 2**62
MAX_FIELD = 1000  # characters of a title or a source, as Library.update_article allows

_SUMMARY_COLUMNS = (
    articles.c.id,
    articles.c.title,
    articles.c.published,
    articles.c.source,
    articles.c.imported_at,
    articles.c.read,
    articles.c.starred,
    articles.c.has_note,
    articles.c.highlight_count,
    articles.c.url,
    articles.c.author,
    articles.c.text_fetched,
    articles.c.progress,
)


_VIEW_FLAGS = {View.UNREAD: "unread", View.STARRED: "starred", View.ANNOTATED: "annotated"}


def _order(engine: EngineSql, query: ArticleQuery) -> list[Any]:
    # Every ordering ends on id so pages are stable; each has an index behind it.
    if query.sort is SortKey.TITLE:
        keys = [engine.sort_key(articles.c.title), articles.c.id]
    elif query.sort is SortKey.SOURCE:
        keys = [engine.sort_key(articles.c.source), articles.c.id]
    elif query.sort is SortKey.IMPORTED:
        keys = [articles.c.id]  # ids grow with import time
    else:
        keys = [articles.c.published, articles.c.id]
    # Relevance without words to rank by falls back to newest first.
    descending = query.descending or query.sort is SortKey.RELEVANCE
    return [engine.order(key, descending) for key in keys]


def _conditions(
    conn: Connection, query: ArticleQuery, plan: search.SearchPlan, ids: Any = None
) -> list[ColumnElement[bool]]:
    """Everything but the ranked full-text part, as tests on the id column ``ids``."""
    conditions: list[ColumnElement[bool]] = []
    if ids is None:
        # Full-text hits (the ``ids`` case) are never in the trash: trashing unindexes.
        in_trash = articles.c.deleted_at.is_not(None)
        conditions.append(in_trash if query.view is View.TRASH else articles.c.deleted_at.is_(None))
    if query.view in _VIEW_FLAGS:
        conditions.append(search.flag_condition(_VIEW_FLAGS[query.view], ids))
    if query.tag is not None:
        conditions.append(search.tag_condition(tag_ops.subtree_ids(conn, query.tag), ids))
    return conditions + plan.conditions(conn, ids)


def _filters(query: ArticleQuery, plan: search.SearchPlan) -> bool:
    """Whether anything beyond the full-text match narrows the list."""
    return query.view in _VIEW_FLAGS or query.tag is not None or bool(plan.rest)


def filtered(
    conn: Connection, query: ArticleQuery, columns: Sequence[Any], limit: int | None = None
) -> Select[Any]:
    """The SELECT for ``query``. ``limit`` says how many rows (offset included) the caller
    will take, which lets a search cut its work early; the caller still applies it.

    Raises QuerySyntaxError for a search that cannot be read.
    """
    plan = search.plan_search(query.search)
    engine = sql_for(conn)
    if plan.match is not None and query.sort is SortKey.RELEVANCE:
        return _ranked(conn, query, plan, plan.match, columns, limit)
    conditions = _conditions(conn, query, plan)
    if plan.match is not None:
        conditions.insert(0, engine.text_index.list_condition(conn, plan.match, limit))
    statement = select(*columns)
    if conditions:
        statement = statement.where(and_(*conditions))
    return statement.order_by(*_order(engine, query))


def _ranked(
    conn: Connection,
    query: ArticleQuery,
    plan: search.SearchPlan,
    match: TextQuery,
    columns: Sequence[Any],
    limit: int | None,
) -> Select[Any]:
    """Best match first. The full-text search runs alone in its subquery and is ranked once;
    the other conditions test the hits' ids (a tag needs no article row), and only the rows
    that make the cut are joined to ``articles``."""
    text_index = sql_for(conn).text_index
    if not _filters(query, plan):
        hits = text_index.ranked_hits(match, limit)
    else:
        hits = text_index.ranked_hits(match, None)
        conditions = _conditions(conn, query, plan, hits.c.id)
        cut = select(hits.c.id, hits.c.score).where(and_(*conditions))
        if limit is not None:
            cut = cut.order_by(hits.c.score, hits.c.id).limit(limit)
        hits = cut.subquery("ranked")
    if len(columns) == 1 and columns[0] is articles.c.id:
        return select(hits.c.id).order_by(hits.c.score, hits.c.id)
    joined = hits.join(articles, articles.c.id == hits.c.id)
    return select(*columns).select_from(joined).order_by(hits.c.score, hits.c.id)


def storable(conn: Connection, row_id: int) -> bool:
    """Whether ``row_id`` fits the library's id columns (any other names no row, and
    PostgreSQL refuses to compare a 32-bit column with it)."""
    highest = sql_for(conn).max_id
    return -highest - 1 <= row_id <= highest


def _rows(limit: int | None) -> int | None:
    return None if limit is None else min(limit, MAX_ROWS)


def ids(conn: Connection, query: ArticleQuery, limit: int | None = None) -> list[int]:
    limit = _rows(limit)
    # The list can hold every id in the library (the window asks for them before it first
    # paints): the engine reads them the fastest way it has.
    statement = filtered(conn, query, [articles.c.id], limit).limit(limit)
    return sql_for(conn).read_ids(conn, statement)


def count(conn: Connection, query: ArticleQuery) -> int:
    plan = search.plan_search(query.search)
    if plan.match is not None and not _filters(query, plan):
        return sql_for(conn).text_index.count(conn, plan.match)
    # Counting needs no ranking: the unranked shape skips bm25.
    unranked = replace(query, sort=SortKey.IMPORTED)
    inner = filtered(conn, unranked, [articles.c.id]).order_by(None).subquery()
    return conn.execute(select(func.count()).select_from(inner)).scalar_one()


# One article's reads, made once: opening an article is the commonest read of all, and
# building and keying a statement costs more than SQLite takes to run it.
_ROW = select(articles).where(articles.c.id == bindparam("article_id"))
_TAGS_OF_ONE = (
    select(tags.c.name, tags.c.color)
    .join(article_tags, tags.c.id == article_tags.c.tag_id)
    .where(article_tags.c.article_id == bindparam("article_id"))
    .order_by(tags.c.key)
)


def tags_of(conn: Connection, article_id: int) -> list[TagRef]:
    """One article's tags, in name order."""
    rows = conn.execute(_TAGS_OF_ONE, {"article_id": article_id})
    return [TagRef(name, color) for name, color in rows]


def tag_refs(conn: Connection, article_ids: Sequence[int]) -> dict[int, list[TagRef]]:
    refs: dict[int, list[TagRef]] = defaultdict(list)
    for chunk in chunks(article_ids):
        rows = conn.execute(
            select(article_tags.c.article_id, tags.c.name, tags.c.color)
            .join(tags, tags.c.id == article_tags.c.tag_id)
            .where(article_tags.c.article_id.in_(chunk))
            .order_by(tags.c.key)
        )
        for article_id, name, color in rows:
            refs[article_id].append(TagRef(name, color))
    return refs


def _summary(row: Any, refs: dict[int, list[TagRef]]) -> ArticleSummary:
    return ArticleSummary(
        id=row.id,
        title=row.title,
        published=row.published,
        source=row.source,
        imported_at=row.imported_at,
        read=bool(row.read),
        starred=bool(row.starred),
        has_note=bool(row.has_note),
        highlight_count=row.highlight_count,
        tags=tuple(refs.get(row.id, ())),
        url=row.url,
        author=row.author,
        text_fetched=bool(row.text_fetched),
        progress=row.progress,
    )


def summaries(conn: Connection, article_ids: Sequence[int]) -> list[ArticleSummary]:
    """Rows for ``article_ids`` in the order given; ids that no longer exist are skipped."""
    found: dict[int, Any] = {}
    for chunk in chunks([i for i in article_ids if storable(conn, i)]):
        for row in conn.execute(select(*_SUMMARY_COLUMNS).where(articles.c.id.in_(chunk))):
            found[row.id] = row
    refs = tag_refs(conn, list(found))
    return [_summary(found[i], refs) for i in article_ids if i in found]


def page(
    conn: Connection, query: ArticleQuery, limit: int | None, offset: int
) -> list[ArticleSummary]:
    limit, offset = _rows(limit), min(offset, MAX_ROWS)
    wanted = None if limit is None else limit + offset
    statement = filtered(conn, query, _SUMMARY_COLUMNS, wanted).limit(limit).offset(offset)
    rows = conn.execute(statement).all()
    refs = tag_refs(conn, [row.id for row in rows])
    return [_summary(row, refs) for row in rows]


def row(conn: Connection, article_id: int) -> Any:
    if not storable(conn, article_id):
        raise NotFound(f"no article with id {article_id}")
    found = conn.execute(_ROW, {"article_id": article_id}).first()
    if found is None:
        raise NotFound(f"no article with id {article_id}")
    return found


def existing_ids(
    conn: Connection, article_ids: Sequence[int], *also: ColumnElement[bool]
) -> list[int]:
    """The ids of ``article_ids`` that exist (and meet ``also``), in the order given."""
    present: set[int] = set()
    for chunk in chunks([i for i in article_ids if storable(conn, i)]):
        query = select(articles.c.id).where(articles.c.id.in_(chunk), *also)
        present.update(conn.execute(query).scalars())
    return [i for i in article_ids if i in present]


def require_ids(conn: Connection, article_ids: Sequence[int]) -> list[int]:
    """``article_ids`` without repeats, in order; NotFound names those that do not exist."""
    wanted = list(dict.fromkeys(article_ids))
    present = existing_ids(conn, wanted)
    missing = sorted(set(wanted) - set(present))
    if missing:
        raise NotFound(f"no article with id {', '.join(map(str, missing[:10]))}")
    return present


def flag_values(conn: Connection, article_ids: Sequence[int], column: str) -> dict[int, bool]:
    """The value of the flag ``column`` ("read", "starred") of each of ``article_ids``."""
    found: dict[int, bool] = {}
    for chunk in chunks(article_ids):
        query = select(articles.c.id, articles.c[column]).where(articles.c.id.in_(chunk))
        found.update((article_id, bool(value)) for article_id, value in conn.execute(query))
    return found


def set_column(
    conn: Connection, article_ids: Sequence[int], column: str,
    value: bool | float | datetime | None,
) -> None:
    for chunk in chunks(article_ids):
        conn.execute(update(articles).where(articles.c.id.in_(chunk)).values({column: value}))


def edit(conn: Connection, article_id: int, values: dict[str, str | date | None]) -> None:
    """Change an article's columns; a title or source with control characters, or bytes
    that were not UTF-8, is refused (a title is a single line already: ``Library`` folds
    its whitespace)."""
    row(conn, article_id)
    for column, what in (("title", "the title"), ("source", "the source")):
        value = values.get(column)
        if isinstance(value, str):
            cleaned = check_line(" ".join(value.split()), what)
            if len(cleaned) > MAX_FIELD:
                raise InvalidValue(f"{what} is longer than {MAX_FIELD} characters")
            values[column] = cleaned or None
    if values:
        conn.execute(update(articles).where(articles.c.id == article_id).values(values))


def counts(conn: Connection) -> tuple[int, int, int, int, int]:
    """(in the library, unread, starred, annotated, in the Trash)."""
    # Grouped by the columns of ix_articles_flags in its order, SQLite walks the index and
    # counts runs of equal entries: a dozen groups to add up here, instead of evaluating a
    # sum of conditions on every entry (15 against 44 ms at 95,000).
    flags = (articles.c.read, articles.c.starred, articles.c.has_note,
             articles.c.highlight_count)
    groups = conn.execute(
        select(*flags, func.count()).where(articles.c.deleted_at.is_(None)).group_by(*flags)
    )
    total = unread = starred = annotated = 0
    for read, star, has_note, highlight_count, count in groups:
        total += count
        unread += 0 if read else count
        starred += count if star else 0
        annotated += count if has_note or highlight_count else 0
    trash = conn.execute(
        select(func.count()).select_from(articles).where(articles.c.deleted_at.is_not(None))
    ).scalar_one()
    return total, unread, starred, annotated, int(trash)


def month_counts(conn: Connection, query: ArticleQuery) -> list[tuple[str, int]]:
    """Articles per publication month ("YYYY-MM") among those ``query`` lists."""
    month = sql_for(conn).month_of(articles.c.published)
    # Testing membership (not joining) lets SQLite walk ix_articles_published, which holds
    # deleted_at, published and id: no article row is read (160 ms -> 20 ms at 100k).
    dated = [articles.c.deleted_at.is_(None), articles.c.published.is_not(None)]
    if query != ArticleQuery(sort=query.sort, descending=query.descending):
        listed = filtered(conn, replace(query, sort=SortKey.IMPORTED), [articles.c.id])
        dated.append(articles.c.id.in_(listed.order_by(None)))
    if query.view is View.TRASH:
        dated[0] = articles.c.deleted_at.is_not(None)
    rows = conn.execute(
        select(month, func.count()).where(*dated).group_by(month).order_by(month)
    )
    return [(str(m), int(n)) for m, n in rows]


def now() -> datetime:
    return datetime.now().replace(microsecond=0)

