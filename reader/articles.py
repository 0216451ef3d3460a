"""Reading and editing articles: the list's queries and the detail view."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, and_, exists, func, or_, select, update

from reader import tags as tag_ops
from reader.errors import NotFound
from reader.records import ArticleQuery, ArticleSummary, SortKey, TagRef, View
from reader.schema import article_tags, articles, tags

# SQLite caps bound parameters per statement; pages stay well below it.
CHUNK = 500

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
)


def _view_condition(view: View) -> ColumnElement[bool] | None:
    if view is View.UNREAD:
        return articles.c.read.is_(False)
    if view is View.STARRED:
        return articles.c.starred.is_(True)
    if view is View.ANNOTATED:
        return or_(articles.c.has_note.is_(True), articles.c.highlight_count > 0)
    return None


def _order(query: ArticleQuery) -> list[Any]:
    # Every ordering ends on id so pages are stable; each has an index behind it.
    if query.sort is SortKey.TITLE:
        keys = [articles.c.title.collate("NOCASE"), articles.c.id]
    elif query.sort is SortKey.SOURCE:
        keys = [articles.c.source.collate("NOCASE"), articles.c.id]
    elif query.sort is SortKey.IMPORTED:
        keys = [articles.c.id]  # ids grow with import time
    else:
        keys = [articles.c.published, articles.c.id]
    return [key.desc() if query.descending else key.asc() for key in keys]


def filtered(conn: Connection, query: ArticleQuery, columns: Sequence[Any]) -> Select[Any]:
    conditions: list[ColumnElement[bool]] = []
    view = _view_condition(query.view)
    if view is not None:
        conditions.append(view)
    if query.tag is not None:
        tag_ids = tag_ops.subtree_ids(conn, query.tag)
        conditions.append(
            exists().where(
                article_tags.c.article_id == articles.c.id, article_tags.c.tag_id.in_(tag_ids)
            )
        )
    statement = select(*columns)
    if conditions:
        statement = statement.where(and_(*conditions))
    return statement.order_by(*_order(query))


def ids(conn: Connection, query: ArticleQuery) -> list[int]:
    return list(conn.execute(filtered(conn, query, [articles.c.id])).scalars())


def count(conn: Connection, query: ArticleQuery) -> int:
    inner = filtered(conn, query, [articles.c.id]).order_by(None).subquery()
    return conn.execute(select(func.count()).select_from(inner)).scalar_one()


def tag_refs(conn: Connection, article_ids: Sequence[int]) -> dict[int, list[TagRef]]:
    refs: dict[int, list[TagRef]] = defaultdict(list)
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
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
    )


def summaries(conn: Connection, article_ids: Sequence[int]) -> list[ArticleSummary]:
    """Rows for ``article_ids`` in the order given; ids that no longer exist are skipped."""
    found: dict[int, Any] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
        for row in conn.execute(select(*_SUMMARY_COLUMNS).where(articles.c.id.in_(chunk))):
            found[row.id] = row
    refs = tag_refs(conn, list(found))
    return [_summary(found[i], refs) for i in article_ids if i in found]


def page(
    conn: Connection, query: ArticleQuery, limit: int | None, offset: int
) -> list[ArticleSummary]:
    statement = filtered(conn, query, _SUMMARY_COLUMNS).limit(limit).offset(offset)
    rows = conn.execute(statement).all()
    refs = tag_refs(conn, [row.id for row in rows])
    return [_summary(row, refs) for row in rows]


def row(conn: Connection, article_id: int) -> Any:
    found = conn.execute(select(articles).where(articles.c.id == article_id)).first()
    if found is None:
        raise NotFound(f"no article with id {article_id}")
    return found


def existing_ids(conn: Connection, article_ids: Sequence[int]) -> list[int]:
    present: set[int] = set()
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
        present.update(conn.execute(select(articles.c.id).where(articles.c.id.in_(chunk))).scalars())
    return [i for i in article_ids if i in present]


def set_flag(conn: Connection, article_ids: Sequence[int], column: str, value: bool) -> None:
    for start in range(0, len(article_ids), CHUNK):
        chunk = article_ids[start : start + CHUNK]
        conn.execute(update(articles).where(articles.c.id.in_(chunk)).values({column: value}))


def edit(conn: Connection, article_id: int, values: dict[str, str | date | None]) -> None:
    row(conn, article_id)
    if values:
        conn.execute(update(articles).where(articles.c.id == article_id).values(values))


def counts(conn: Connection) -> tuple[int, int, int, int]:
    annotated = or_(articles.c.has_note.is_(True), articles.c.highlight_count > 0)
    result = conn.execute(
        select(
            func.count(),
            func.coalesce(func.sum(func.iif(articles.c.read.is_(False), 1, 0)), 0),
            func.coalesce(func.sum(func.iif(articles.c.starred.is_(True), 1, 0)), 0),
            func.coalesce(func.sum(func.iif(annotated, 1, 0)), 0),
        ).select_from(articles)
    ).one()
    return (int(result[0]), int(result[1]), int(result[2]), int(result[3]))


def now() -> datetime:
    return datetime.now().replace(microsecond=0)
