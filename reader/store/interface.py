"""What a library's storage provides, whatever engine keeps it: the seam between the core and
the engine.

Everything outside :mod:`reader.store` speaks SQLAlchemy Core on the tables of
:mod:`reader.store.schema`, and asks this module's three parts for the rest:

- a :class:`Store` opens the library, hands out transactions and keeps backups;
- its :class:`EngineSql` builds the few statements and expressions each engine spells its own
  way (insert-or-ignore, upsert, comparisons that ignore case, reading ids in bulk);
- its :class:`FullText` keeps the full-text index and turns a :data:`TextQuery` into SQL.

Code that holds only a connection reaches its store's :class:`EngineSql` with
:func:`sql_for`: every connection a store hands out carries it, so the catalog's functions
keep taking a plain ``Connection``.

:class:`reader.store.sqlite.SqliteStore` is the SQLite engine;
:func:`reader.store.opening.open_store` picks the engine for a library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

from msgspec import Struct

if TYPE_CHECKING:
    from sqlalchemy import ColumnElement, Connection, Engine, Insert, Select, Subquery, Table

    from reader.store.location import LibraryLocation

READ_ONLY = "the library file is read-only; changes cannot be saved"

Ids: TypeAlias = "ColumnElement[int]"


# --- what a full-text search asks for -------------------------------------------------------


class Words(Struct, frozen=True):
    """Words to find in sequence (one word, or a phrase); with ``prefix`` the last one may
    run on (``bud`` finds "budget"). ``field`` is one indexed field (``title``, ``body``,
    ``note``, ``highlights``) or None for any."""

    text: str
    prefix: bool = False
    field: str | None = None


class AllOf(Struct, frozen=True):
    """Every one of ``items`` (at least one), and none of ``excluding``."""

    items: tuple[TextQuery, ...]
    excluding: tuple[TextQuery, ...] = ()


class AnyOf(Struct, frozen=True):
    items: tuple[TextQuery, ...]


TextQuery: TypeAlias = Words | AllOf | AnyOf


class FullText(Protocol):
    """The full-text index of every article outside the Trash: title, body, note, and its
    highlights' text and comments. Queries return SQL to place in a larger statement;
    ``ids`` is an article id column (``articles.id`` when None)."""

    def index(self, conn: Connection, ids: Sequence[int]) -> None:
        """Index the articles ``ids`` (those not in the Trash) with notes and highlights."""

    def prepare(self, text: str) -> str:
        """``text`` as the index takes it: the tokens of ``reader.search.tokens``, in the form
        this engine wants. A function of the text alone, in a module that loads quickly:
        an import hands it to the worker processes that parse the files, which make it
        beside the parsing."""

    def index_new(self, conn: Connection, new: Sequence[tuple[int, str, str]]) -> None:
        """Index articles just inserted (no note or highlight yet): their id, and their title
        and body each through :meth:`prepare`."""

    def unindex(self, conn: Connection, ids: Sequence[int]) -> None: ...

    def matches(self, query: TextQuery, ids: Ids | None = None) -> ColumnElement[bool]:
        """Whether the article ``ids`` points at matches ``query``."""

    def list_condition(
        self, conn: Connection, query: TextQuery, limit: int | None
    ) -> ColumnElement[bool]:
        """The test on ``articles.id`` for a list in a column order of which the first
        ``limit`` rows are wanted (None: all): the engine picks the cheaper plan."""

    def ranked_hits(self, query: TextQuery, limit: int | None) -> Subquery:
        """(``id``, ``score``) of the matching articles, lower scores better; only the best
        ``limit`` when given."""

    def count(self, conn: Connection, query: TextQuery) -> int: ...

    def opaque(self, ids: Ids) -> Ids:
        """``ids`` as another condition should test it, when it is ``ranked_hits``' id
        column: some engines would otherwise fold the test into the index scan."""


class EngineSql(Protocol):
    """The statements and expressions each engine spells its own way."""

    text_index: FullText
    # The largest id a row can have: SQLite's integers are 64 bits, PostgreSQL's ``serial``
    # columns 32.
    max_id: int

    def insert_or_ignore(self, table: Table) -> Insert:
        """An INSERT into ``table`` that skips rows whose key is already there."""

    def upsert(self, table: Table, values: Mapping[str, Any], keys: Sequence[str]) -> Insert:
        """INSERT ``values``; where a row with the same ``keys`` exists, set its other
        columns to ``values`` instead."""

    def sort_key(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        """``column`` as lists sort it: text without regard to case, along the index the
        engine keeps for that order."""

    def equals_ignoring_case(self, expr: ColumnElement[str], value: str) -> ColumnElement[bool]:
        ...

    def contains_ignoring_case(self, expr: ColumnElement[str], text: str) -> ColumnElement[bool]:
        """Whether ``text`` is in ``expr``, whatever the case of any letter and its accents
        ("istanbul" is in "İstanbul Times", "cafe" in "Café")."""

    def order(self, key: ColumnElement[Any], descending: bool) -> ColumnElement[Any]:
        """``key`` as an ORDER BY term, empty values first going up and last going down
        (as SQLite sorts them), whatever the engine's own habit."""

    def month_of(self, column: ColumnElement[Any]) -> ColumnElement[str]:
        """The ``YYYY-MM`` of a date column."""

    def ids_written(self, conn: Connection) -> None:
        """Rows were inserted with ids given (a restore): new rows must still get free ids."""

    def read_ids(self, conn: Connection, statement: Select[Any]) -> list[int]:
        """The ids a one-column ``statement`` selects, read as fast as the driver allows
        (a list can hold every id in the library)."""


# --- the store --------------------------------------------------------------------------------


class BackupInfo(Struct, frozen=True):
    path: Path
    created: datetime
    label: str
    size: int


class BackupPreview(Struct, frozen=True):
    articles: int
    tags: int
    notes: int
    highlights: int
    newest_import: datetime | None


class ChangeSignal(Protocol):
    """A cheap sign that some connection (any program's) committed a write to the library:
    the change log then says what, and whose."""

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; True when the library may have changed."""

    def close(self) -> None: ...


class Store(Protocol):
    """One library's storage. Thread-safe: each transaction takes its own connection.

    Engine failures (busy, read-only, disk full) come out of every method as
    ``LibraryUnavailable`` with a one-line reason.
    """

    location: LibraryLocation
    path: Path
    """The library file, or for a server library the local folder kept for it (backups)."""
    read_only: bool
    sql: EngineSql

    @property
    def name(self) -> str:
        """What the user calls this library."""

    def close(self) -> None: ...

    def read(self) -> AbstractContextManager[Connection]:
        """A consistent snapshot for reads made of several statements."""

    def write(self) -> AbstractContextManager[Connection]:
        """One write transaction: everything in the block lands, or nothing does. It waits
        for a writer elsewhere (the command line beside the window) rather than failing."""

    def watch(self) -> ChangeSignal:
        """A signal of writes to the library, for a window to follow what others change."""

    def own_files(self) -> tuple[list[Path], Path]:
        """The files the library is kept in (its data and the engine's journals beside it)
        and the folder of its backups: nothing else may ever write over them."""

    def backup(self, label: str) -> Path:
        """A consistent copy of the library, made even while others write."""

    def backups(self) -> list[BackupInfo]:
        """Backups of this library, newest first."""

    def daily_backup_due(self) -> bool: ...

    def prune_backups(self, keep: int, label: str) -> None:
        """Delete all but the newest ``keep`` backups labelled ``label``."""

    def integrity_problems(self, backup: Path | None = None) -> list[str]:
        """What the engine's integrity check finds wrong with the library (or one of its
        backups); empty when it is sound."""

    def preview(self, backup: Path) -> BackupPreview:
        """What a backup holds, read without opening it as a library."""

    def revert_to(self, backup: Path) -> None:
        """Put the content of ``backup`` in place of the library's, keeping the current
        content as a backup first."""


# --- reaching the engine from a connection ------------------------------------------------------

_SQL_KEY = "reader.store.sql"


def carry_sql(engine: Engine, sql: EngineSql) -> None:
    """Make every connection ``engine`` opens carry ``sql`` for :func:`sql_for`. A store calls
    this once, before its engine's first connection."""
    from sqlalchemy import event

    def attach(_dbapi_connection: Any, record: Any) -> None:
        record.info[_SQL_KEY] = sql

    event.listen(engine, "connect", attach)


def sql_for(conn: Connection) -> EngineSql:
    """The :class:`EngineSql` of the store that handed out ``conn``."""
    found = conn.info.get(_SQL_KEY)
    if found is None:
        raise LookupError("the connection was not opened by a library store")
    sql: EngineSql = found
    return sql
