"""Search queries as SQL: the full-text part as one FTS5 MATCH, the rest as plain conditions.

``reader.search.syntax`` parses the text; this module compiles the tree. Every text term is
quoted here ("word", "word"*, with inner quotes doubled), so user input never reaches the FTS5
parser as syntax, and every user value is a bound parameter.

Shape: the positive full-text terms AND'd at the top of the
query, with the top-level exclusions folded in as FTS5 ``NOT``, become ONE MATCH expression run
in its own subquery and joined to ``articles`` afterwards, so FTS5 scans one doclist merge and
ranks once. Text inside OR/NOT mixtures with other filters falls back to
``articles.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ...)`` per branch.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnClause,
    ColumnElement,
    Connection,
    FromClause,
    Label,
    Select,
    Subquery,
    and_,
    bindparam,
    column,
    exists,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
)

from reader.catalog import tags as tag_ops
from reader.errors import InvalidValue
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
from reader.store.schema import article_tags, articles, highlights

# Title hits count ten times a body hit; notes and highlights, the reader's own words, twice.
BM25 = "bm25(article_fts, 10.0, 1.0, 2.0, 2.0)"

article_fts = table("article_fts", column("rowid"))
# The FTS5 table named as a column: ``article_fts MATCH ?`` is how FTS5 spells a whole-table match.
_FTS_TABLE: ColumnClause[Any] = literal_column("article_fts")


Ids = ColumnElement[int]


@dataclass(frozen=True, slots=True)
class SearchPlan:
    """A parsed query split in two: ``match``, the rankable FTS5 expression every result
    satisfies (or None), and the other top-level terms, turned into SQL by ``conditions``."""

    match: str | None = None
    rest: tuple[Node, ...] = ()

    def conditions(self, conn: Connection, ids: Ids | None = None) -> list[ColumnElement[bool]]:
        """The other terms as conditions on the article id column ``ids`` (``articles.id``
        by default); tag names are resolved here."""
        column = articles.c.id if ids is None else ids
        return [_sql(conn, item, column) for item in self.rest]


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


# --- the full-text expression ---------------------------------------------------------------


def _fts_able(node: Node) -> bool:
    """Whether ``node`` can be written as one FTS5 expression (FTS5 NOT is binary, so an AND
    needs a positive member and a lone exclusion does not qualify)."""
    if isinstance(node, Text):
        return True
    if isinstance(node, Or):
        return all(_fts_able(item) for item in node.items)
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
        if _fts_able(item):
            positives.append(item)
        elif isinstance(item, Not) and _fts_able(item.item):
            negatives.append(item.item)
        else:
            rest.append(item)
    return positives, negatives, rest


def _split_text(items: Sequence[Node]) -> tuple[str | None, list[Node]]:
    """One FTS5 expression for the AND'd text of ``items``, and the items left over."""
    positives, negatives, rest = _partition(items)
    if not positives:
        return None, rest + [Not(item) for item in negatives]
    return _conjunction(positives, negatives), rest


def _conjunction(positives: Sequence[Node], negatives: Sequence[Node]) -> str:
    expression = " AND ".join(_fts(item) for item in positives)
    if negatives:
        expression = f"({expression})" + "".join(f" NOT {_fts(item)}" for item in negatives)
    return expression


def _fts(node: Node) -> str:
    if isinstance(node, Text):
        return _phrase(node)
    if isinstance(node, Or):
        return "(" + " OR ".join(_fts(item) for item in node.items) + ")"
    assert isinstance(node, And)
    positives, negatives, _rest = _partition(node.items)
    return f"({_conjunction(positives, negatives)})"


def _phrase(term: Text) -> str:
    # An FTS5 string: the tokenizer splits it into words and they must appear in sequence.
    quoted = '"' + term.text.replace('"', '""') + '"'
    if term.prefix:
        quoted += "*"
    return f"{term.column} : {quoted}" if term.column else quoted


# --- conditions on articles -----------------------------------------------------------------
# Each condition tests an article id column: ``articles.id`` in a plain list, ``hits.id`` in a
# ranked one, where reaching the article row for every hit would cost more than the ranking.


def _fts_rowids(match: str) -> Select[Any]:
    return select(article_fts.c.rowid).where(_FTS_TABLE.op("MATCH")(bindparam(None, match)))


def matches(match: str, ids: Ids | None = None) -> ColumnElement[bool]:
    """``id IN (rowids matching)``: SQLite reads the hits once, then tests each id."""
    return _opaque(articles.c.id if ids is None else ids).in_(_fts_rowids(match))


def _opaque(ids: Ids) -> Ids:
    """``hits.id + 0`` for a ranked list's ids. On the bare column SQLite would push an IN
    list down into the FTS5 scan as rowid lookups, and FTS5 then re-runs the MATCH (and the
    ranking's set-up) once per listed id: 17 s instead of 0.1 s at 100k articles."""
    return ids if ids is articles.c.id else ids + 0


def probes(match: str) -> ColumnElement[bool]:
    """The same test row by row (FTS5 seeks one rowid): cheaper when most articles match and
    only the first page, in an indexed order, is wanted."""
    return exists(
        select(literal_column("1"))
        .select_from(article_fts)
        .where(
            _FTS_TABLE.op("MATCH")(bindparam(None, match)),
            article_fts.c.rowid == articles.c.id,
        )
    )


def ranked_hits(match: str, limit: int | None) -> Subquery:
    """(id, score) of the matching rows, best first when limited; scored once by bm25."""
    score: Label[float] = literal_column(BM25).label("score")
    query = select(article_fts.c.rowid.label("id"), score).where(
        _FTS_TABLE.op("MATCH")(bindparam(None, match))
    )
    if limit is not None:
        # Ranked and cut inside the subquery: the join then touches only ``limit`` rows.
        query = query.order_by(literal_column("score"), article_fts.c.rowid).limit(limit)
    return query.subquery("hits")


def match_count(conn: Connection, match: str) -> int:
    query = select(func.count()).select_from(article_fts).where(
        _FTS_TABLE.op("MATCH")(bindparam(None, match))
    )
    return int(conn.execute(query).scalar_one())


def tag_condition(tag_ids: Sequence[int], ids: Ids | None = None) -> ColumnElement[bool]:
    if not tag_ids:
        return false()
    return exists().where(
        article_tags.c.article_id == (articles.c.id if ids is None else ids),
        article_tags.c.tag_id.in_(list(tag_ids)),
    )


def on_row(
    build: Callable[[FromClause], ColumnElement[bool]], ids: Ids, indexed: bool = False
) -> ColumnElement[bool]:
    """``build(articles)`` tested for the article ``ids`` points at.

    On ``articles.id`` itself that is the plain condition. Otherwise an ``indexed`` column is
    read once from its index as a set of ids; any other needs the row, one lookup per id.
    """
    if ids is articles.c.id:
        return build(articles)
    if indexed:
        return _opaque(ids).in_(select(articles.c.id).where(build(articles)))
    row = articles.alias("row")
    return exists(select(literal_column("1")).select_from(row).where(row.c.id == ids, build(row)))


def flag_condition(name: str, ids: Ids | None = None) -> ColumnElement[bool]:
    return on_row(lambda table: _flag(table, name), articles.c.id if ids is None else ids)


def _sql(conn: Connection, node: Node, ids: Ids) -> ColumnElement[bool]:
    if isinstance(node, Text):
        return matches(_phrase(node), ids)
    if isinstance(node, And):
        match, rest = _split_text(node.items)
        parts = [_sql(conn, item, ids) for item in rest]
        return and_(*([matches(match, ids)] if match else []), *parts)
    if isinstance(node, Or):
        return _or_sql(conn, node, ids)
    if isinstance(node, Not):
        if _fts_able(node.item):
            return _opaque(ids).not_in(_fts_rowids(_fts(node.item)))
        return not_(_sql(conn, node.item, ids))
    return _leaf_sql(conn, node, ids)


def _or_sql(conn: Connection, node: Or, ids: Ids) -> ColumnElement[bool]:
    # The text branches share one MATCH; the others are tested on the row.
    text = [item for item in node.items if _fts_able(item)]
    other = [_sql(conn, item, ids) for item in node.items if not _fts_able(item)]
    if text:
        other.insert(0, matches(_fts(Or(tuple(text))) if len(text) > 1 else _fts(text[0]), ids))
    return or_(*other)


def _source_contains(table: FromClause, text: str) -> ColumnElement[bool]:
    """The source holds ``text``, whatever the case. SQLite's LIKE folds ASCII letters by
    itself; other letters ("Ü") go through Python's casefold, a call per row (~35 ms at
    100,000), so only a search that has such letters pays for it."""
    source: ColumnElement[str] = func.coalesce(table.c.source, "")
    if not text.isascii():
        source, text = func.casefold(source), text.casefold()
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return source.like(f"%{escaped}%", escape="\\")


def _leaf_sql(conn: Connection, node: Node, ids: Ids) -> ColumnElement[bool]:
    if isinstance(node, Source):
        # A substring seeks no index. Tested on each row of a list in date order it would read
        # every article row for its source (190 ms at 100,000 when nothing matches); read
        # once from the source index into a set, 6 ms.
        contains = _source_contains(articles, node.text)
        return _opaque(ids).in_(select(articles.c.id).where(contains))
    if isinstance(node, TagFilter):
        try:
            return tag_condition(tag_ops.subtree_ids(conn, node.name), ids)
        except InvalidValue as error:
            raise QuerySyntaxError(f"bad tag 'tag:{node.name}'") from error
    if isinstance(node, Flag):
        return flag_condition(node.name, ids)
    if isinstance(node, Color):
        return exists().where(
            highlights.c.article_id == ids,
            highlights.c.color.collate("NOCASE") == node.name,
        )
    assert isinstance(node, DateRange)
    # Publication dates have an index; import times follow ids, but no index says so.
    return on_row(lambda table: _date_range(table, node), ids,
                  indexed=node.column == "published")


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
