"""Search queries as SQL: the full-text part as one text query, the rest as plain conditions.

``reader.search.syntax`` parses the text; this module compiles the tree. Every user value is a
bound parameter; the words go to the store's full-text index (:class:`~reader.store.interface.
FullText`) as a :data:`~reader.store.interface.TextQuery`, which it spells in its engine's
syntax.

Shape: the positive full-text terms AND'd at the top of the query, with the top-level
exclusions folded in, become ONE text query, run on its own and joined to ``articles``
afterwards, so the index is searched and ranked once. Text inside OR/NOT mixtures with other
filters falls back to one full-text test per branch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from msgspec import Struct
from sqlalchemy import (
    ColumnElement,
    Connection,
    FromClause,
    and_,
    exists,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
)

from reader.addresses import site_range
from reader.catalog import tags as tag_ops
from reader.errors import InvalidValue
from reader.search.syntax import (
    And,
    Color,
    DateRange,
    FeedFilter,
    Flag,
    Node,
    Not,
    Or,
    QuerySyntaxError,
    Site,
    Source,
    TagFilter,
    Text,
    parse,
)
from reader.store.interface import (
    AllOf,
    AnyOf,
    EngineSql,
    FullText,
    Ids,
    TextQuery,
    Words,
    sql_for,
)
from reader.store.schema import article_tags, articles, feed_entries, highlights


class SearchPlan(Struct, frozen=True):
    """A parsed query split in two: ``match``, the rankable text query every result
    satisfies (or None), and the other top-level terms, turned into SQL by ``conditions``."""

    match: TextQuery | None = None
    rest: tuple[Node, ...] = ()

    def conditions(self, conn: Connection, ids: Ids | None = None) -> list[ColumnElement[bool]]:
        """The other terms as conditions on the article id column ``ids`` (``articles.id``
        by default); tag names are resolved here."""
        column = articles.c.id if ids is None else ids
        engine = sql_for(conn)
        return [_sql(engine, conn, item, column) for item in self.rest]


EMPTY_PLAN = SearchPlan()


def check(text: str) -> str | None:
    """The error message for ``text``, or None when it is a valid query."""
    try:
        parse(text)
    except QuerySyntaxError as error:
        return str(error)
    return None


def plan_search(text: str | None, now: datetime | None = None) -> SearchPlan:
    """Parse ``text`` and split off its full-text part; raises QuerySyntaxError."""
    if text is None or not text.strip():
        return EMPTY_PLAN
    node = parse(text, now)
    if node is None:
        return EMPTY_PLAN
    items = node.items if isinstance(node, And) else (node,)
    match, rest = _split_text(items)
    return SearchPlan(match, tuple(rest))


# --- the full-text query -----------------------------------------------------------------------


def _text_only(node: Node) -> bool:
    """Whether ``node`` can be written as one text query: an AND needs a member to exclude
    from (a lone exclusion does not qualify)."""
    if isinstance(node, Text):
        return True
    if isinstance(node, Or):
        return all(_text_only(item) for item in node.items)
    if isinstance(node, And):
        positives, _negatives, rest = _partition(node.items)
        return bool(positives) and not rest
    return False


def _partition(items: Sequence[Node]) -> tuple[list[Node], list[Node], list[Node]]:
    """(full-text members, full-text exclusions, everything else) of an AND."""
    positives: list[Node] = []
    negatives: list[Node] = []
    rest: list[Node] = []
    for item in items:
        if _text_only(item):
            positives.append(item)
        elif isinstance(item, Not) and _text_only(item.item):
            negatives.append(item.item)
        else:
            rest.append(item)
    return positives, negatives, rest


def _split_text(items: Sequence[Node]) -> tuple[TextQuery | None, list[Node]]:
    """One text query for the AND'd text of ``items``, and the items left over."""
    positives, negatives, rest = _partition(items)
    if not positives:
        return None, rest + [Not(item) for item in negatives]
    return _all_of(positives, negatives), rest


def _all_of(positives: Sequence[Node], negatives: Sequence[Node]) -> AllOf:
    return AllOf(tuple(map(_text_query, positives)), tuple(map(_text_query, negatives)))


def _text_query(node: Node) -> TextQuery:
    if isinstance(node, Text):
        return Words(node.text, node.prefix, node.column)
    if isinstance(node, Or):
        return AnyOf(tuple(map(_text_query, node.items)))
    assert isinstance(node, And)
    positives, negatives, _rest = _partition(node.items)
    return _all_of(positives, negatives)


# --- conditions on articles -----------------------------------------------------------------
# Each condition tests an article id column: ``articles.id`` in a plain list, ``hits.id`` in a
# ranked one, where reaching the article row for every hit would cost more than the ranking.


def tag_condition(tag_ids: Sequence[int], ids: Ids | None = None) -> ColumnElement[bool]:
    if not tag_ids:
        return false()
    return exists().where(
        article_tags.c.article_id == (articles.c.id if ids is None else ids),
        article_tags.c.tag_id.in_(list(tag_ids)),
    )


def on_row(
    build: Callable[[FromClause], ColumnElement[bool]],
    ids: Ids,
    indexed: FullText | None = None,
) -> ColumnElement[bool]:
    """``build(articles)`` tested for the article ``ids`` points at.

    On ``articles.id`` itself that is the plain condition. Otherwise a column with an index
    (``indexed`` given: the full-text index ``ids`` may come from) is read once from that
    index as a set of ids; any other needs the row, one lookup per id.
    """
    if ids is articles.c.id:
        return build(articles)
    if indexed is not None:
        return indexed.opaque(ids).in_(select(articles.c.id).where(build(articles)))
    row = articles.alias("row")
    return exists(select(literal_column("1")).select_from(row).where(row.c.id == ids, build(row)))


def flag_condition(name: str, ids: Ids | None = None) -> ColumnElement[bool]:
    return on_row(lambda table: _flag(table, name), articles.c.id if ids is None else ids)


def _sql(engine: EngineSql, conn: Connection, node: Node, ids: Ids) -> ColumnElement[bool]:
    if isinstance(node, Text):
        return engine.text_index.matches(_text_query(node), ids)
    if isinstance(node, And):
        match, rest = _split_text(node.items)
        parts = [_sql(engine, conn, item, ids) for item in rest]
        return and_(*([engine.text_index.matches(match, ids)] if match else []), *parts)
    if isinstance(node, Or):
        return _or_sql(engine, conn, node, ids)
    if isinstance(node, Not):
        if _text_only(node.item):
            return not_(engine.text_index.matches(_text_query(node.item), ids))
        return not_(_sql(engine, conn, node.item, ids))
    return _leaf_sql(engine, conn, node, ids)


def _or_sql(engine: EngineSql, conn: Connection, node: Or, ids: Ids) -> ColumnElement[bool]:
    # The text branches share one full-text test; the others are tested on the row.
    text = [item for item in node.items if _text_only(item)]
    other = [_sql(engine, conn, item, ids) for item in node.items if not _text_only(item)]
    if text:
        query = _text_query(Or(tuple(text)) if len(text) > 1 else text[0])
        other.insert(0, engine.text_index.matches(query, ids))
    return or_(*other)


def _leaf_sql(engine: EngineSql, conn: Connection, node: Node, ids: Ids) -> ColumnElement[bool]:
    if isinstance(node, Source):
        # A substring seeks no index. Tested on each row of a list in date order it would read
        # every article row for its source (190 ms at 100,000 when nothing matches); read
        # once from the source index into a set, 6 ms.
        value: ColumnElement[str] = func.coalesce(articles.c[node.column], "")
        contains = engine.contains_ignoring_case(value, node.text)
        return engine.text_index.opaque(ids).in_(select(articles.c.id).where(contains))
    if isinstance(node, Site):
        # A site and its subdomains are one range of the url_key index (reader.addresses).
        low, high = site_range(node.host) or ("", "")
        within = and_(articles.c.url_key >= low, articles.c.url_key < high)
        return engine.text_index.opaque(ids).in_(select(articles.c.id).where(within))
    if isinstance(node, TagFilter):
        try:
            return tag_condition(tag_ops.subtree_ids(conn, node.name), ids)
        except InvalidValue as error:
            raise QuerySyntaxError(f"bad tag 'tag:{node.name}'") from error
    if isinstance(node, FeedFilter):
        # A feed's articles come from its entries' index (feed_id, article_id) as a set.
        return engine.text_index.opaque(ids).in_(
            select(feed_entries.c.article_id).where(feed_entries.c.feed_id == node.feed_id,
                                                    feed_entries.c.article_id.is_not(None)))
    if isinstance(node, Flag):
        return flag_condition(node.name, ids)
    if isinstance(node, Color):
        return exists().where(
            highlights.c.article_id == ids,
            engine.equals_ignoring_case(highlights.c.color, node.name),
        )
    assert isinstance(node, DateRange)
    # Publication dates have an index; import times follow ids, but no index says so.
    return on_row(lambda table: _date_range(table, node), ids,
                  indexed=engine.text_index if node.column == "published" else None)


def _flag(table: FromClause, name: str) -> ColumnElement[bool]:
    if name == "unread":
        return table.c.read.is_(False)
    if name == "read":
        return table.c.read.is_(True)
    if name == "starred":
        return table.c.starred.is_(True)
    if name == "note":
        return table.c.has_note.is_(True)
    if name == "highlight":
        return table.c.highlight_count > 0
    if name == "unfetched":
        return table.c.text_fetched.is_(False)
    return or_(table.c.has_note.is_(True), table.c.highlight_count > 0)  # annotated


def _date_range(table: FromClause, node: DateRange) -> ColumnElement[bool]:
    target: Any = table.c.published if node.column == "published" else table.c.imported_at
    # IS NOT NULL first: "-date:2024" must keep the articles that have no date at all.
    parts: list[ColumnElement[bool]] = [target.is_not(None)]
    if node.start is not None:
        parts.append(target >= node.start)
    if node.end is not None:
        parts.append(target < node.end)
    return and_(*parts)
