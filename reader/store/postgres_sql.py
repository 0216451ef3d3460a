"""PostgreSQL's spelling of the statements and expressions engines disagree on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Connection, Insert, Select, Table, func
from sqlalchemy.dialects.postgresql import insert as pg_insert

from reader.store.interface import FullText
from reader.store.postgres_fts import PostgresFullText
from reader.store.text_match import contains_folded_server

# Tables whose ids a restore writes as they were exported: their sequences must then move on.
_SEQUENCED = ("articles", "tags", "highlights", "saved_searches", "feeds")


class PostgresSql:
    """The :class:`~reader.store.interface.EngineSql` of a PostgreSQL library."""

    def __init__(self) -> None:
        self.text_index: FullText = PostgresFullText()
        self.max_id = 2**31 - 1  # the serial (integer) id columns

    def insert_or_ignore(self, table: Table) -> Insert:
        return pg_insert(table).on_conflict_do_nothing()

    def upsert(self, table: Table, values: Mapping[str, Any], keys: Sequence[str]) -> Insert:
        statement = pg_insert(table).values(dict(values))
        return statement.on_conflict_do_update(
            index_elements=[table.c[key] for key in keys],
            set_={name: statement.excluded[name] for name in values if name not in keys},
        )

    def sort_key(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        # The title and source indexes are on lower(...): lists sort along them.
        return func.lower(column)

    def order(self, key: ColumnElement[Any], descending: bool) -> ColumnElement[Any]:
        # Empty values first going up, last going down, as SQLite sorts them; the indexes
        # are declared in that order.
        return key.desc().nulls_last() if descending else key.asc().nulls_first()

    def equals_ignoring_case(self, expr: ColumnElement[str], value: str) -> ColumnElement[bool]:
        return func.lower(expr) == value.lower()

    def contains_ignoring_case(self, expr: ColumnElement[str], text: str) -> ColumnElement[bool]:
        # ILIKE folds every letter by the database's locale ("ü" finds "Ü"); accents and
        # "ß" are folded in SQL first ("cafe" finds "Café", "strasse" "Straße").
        return contains_folded_server(expr, text)

    def month_of(self, column: ColumnElement[Any]) -> ColumnElement[str]:
        return func.to_char(column, "YYYY-MM")

    def read_ids(self, conn: Connection, statement: Select[Any]) -> list[int]:
        return list(conn.execute(statement).scalars().all())

    def ids_written(self, conn: Connection) -> None:
        """Rows went in with ids of their own (a restore): each table's sequence moves past
        its highest id, so the next row made gets a free one."""
        for name in _SEQUENCED:
            conn.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"coalesce((SELECT max(id) FROM {name}), 0) + 1, false)"
            )


POSTGRES_SQL = PostgresSql()
