"""What a migration writes differently for each engine. One chain of revisions serves both:
a script asks these helpers (or :func:`on_postgres`) where the engines' DDL differs."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


def on_postgres() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def flag(value: bool) -> sa.TextClause:
    """A boolean column's default: SQLite stores 0 and 1, PostgreSQL has true and false."""
    if on_postgres():
        return sa.text("true" if value else "false")
    return sa.text("1" if value else "0")


def nocase(column: str) -> sa.TextClause:
    """An index term that sorts ``column`` without regard to case, as lists ask for it
    (``EngineSql.sort_key``)."""
    return sa.text(f"lower({column})" if on_postgres() else f"{column} COLLATE NOCASE")


def empty_first(column: str) -> sa.TextClause:
    """An index term for a list ordered by a column that may be empty: SQLite sorts NULL
    first, and PostgreSQL is told to as well (``EngineSql.order``). A clause, never a plain
    name: Alembic quotes a name, and SQLite takes ``"source COLLATE NOCASE"`` for a string."""
    return sa.text(f"{column} NULLS FIRST" if on_postgres() else column)
