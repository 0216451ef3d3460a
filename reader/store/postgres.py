"""A library kept in a PostgreSQL database: the :class:`~reader.store.interface.Store` of a team
library, opened with psycopg 3 through SQLAlchemy's ``postgresql+psycopg`` dialect.

Transactions: a read is one REPEATABLE READ, READ ONLY transaction (a consistent snapshot,
like a SQLite read). A write is a READ COMMITTED transaction that first takes a
transaction-scoped advisory lock, so writers to one library take turns as they do on SQLite:
every guarantee the app makes with one writer (an import's duplicate checks, an edit's
captured reverse, the change log's order) holds with many. Readers never wait for it.
Rows that must stay unique under any writer (an article's content hash, a tag's key) are
also inserted with ``ON CONFLICT``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine
from sqlalchemy.exc import DBAPIError

from reader.errors import LibraryUnavailable
from reader.records import LibraryUpgrade, UpgradeListener
from reader.store import postgres_backups
from reader.store.interface import BackupInfo, BackupPreview, ChangeSignal, EngineSql, carry_sql
from reader.store.location import LibraryLocation, ServerLocation
from reader.store.migrations import HEAD
from reader.store.postgres_errors import describe
from reader.store.postgres_fts import PostgresFullText
from reader.store.postgres_sql import POSTGRES_SQL

# Each attempt to reach the server gives up after this: a wrong address is a one-line error
# within 10 seconds, not a hang.
CONNECT_TIMEOUT_S = 4
# The advisory lock key every writer of a library takes ("broadsheet" in ASCII, trimmed).
WRITE_LOCK = 0x62726F6164
CHANNEL = "broadsheet_changes"
READ_ONLY_ROLE = "your role on the server may read this library but not change it"


class PostgresStore:
    """The library in the database at ``location``; thread-safe, each transaction takes its
    own pooled connection."""

    def __init__(self, location: ServerLocation, local_folder: Path, *,
                 read_only: bool | None = None,
                 on_upgrade: UpgradeListener | None = None) -> None:
        self.location: LibraryLocation = location
        self._server = location
        self.path = local_folder  # where this machine keeps its backups of the library
        self.sql: EngineSql = POSTGRES_SQL
        self.engine = create_engine(
            location.driver_url,
            isolation_level="AUTOCOMMIT",  # read() and write() say how each transaction runs
            pool_pre_ping=True,  # a connection the server dropped is replaced, not an error
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                          "application_name": "Broadsheet"},
        )
        carry_sql(self.engine, self.sql)
        try:
            self.read_only = self._prepare(read_only, on_upgrade)
        except BaseException:
            self.engine.dispose()
            raise

    @property
    def name(self) -> str:
        return self._server.name

    def close(self) -> None:
        self.engine.dispose()

    # --- opening -----------------------------------------------------------------------------

    def _prepare(self, read_only: bool | None, on_upgrade: UpgradeListener | None) -> bool:
        """Create or upgrade the schema when this role may; whether the library is read-only.
        ``on_upgrade`` hears of an upgrade before it starts."""
        with _translated(), self.engine.connect() as conn:
            revision = _revision(conn)
            may_write = _may_write(conn, revision is None)
            if revision == HEAD:
                return not may_write if read_only is None else read_only or not may_write
            if revision is not None and revision not in _known_revisions():
                raise LibraryUnavailable(f"the library was made by a newer Broadsheet (schema "
                                         f"{revision}); upgrade the app")
            if not may_write or read_only:
                raise LibraryUnavailable(
                    "the database is not a Broadsheet library yet, and your role may not "
                    "create its tables" if revision is None else
                    "this version of Broadsheet must upgrade the library, and your role may "
                    "not change it: ask its owner to open it once")
            if revision is not None and on_upgrade is not None:
                on_upgrade(LibraryUpgrade(self.name, revision, HEAD, None,
                                          postgres_backups.dump_advice(self._server)))
            _upgrade(conn)
            return False

    # --- transactions --------------------------------------------------------------------------

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with _translated(), self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            try:
                yield conn
            finally:
                conn.exec_driver_sql("COMMIT")

    def read(self) -> AbstractContextManager[Connection]:
        """A consistent snapshot for reads made of several statements."""
        return self._read()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        if self.read_only:
            raise LibraryUnavailable(READ_ONLY_ROLE)
        with _translated(), self.engine.connect() as conn:
            conn.exec_driver_sql("BEGIN")
            try:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
                yield conn
                text_index = self.sql.text_index
                assert isinstance(text_index, PostgresFullText)
                text_index.refresh_stale(conn)
            except BaseException:
                conn.exec_driver_sql("ROLLBACK")
                raise
            conn.exec_driver_sql("COMMIT")

    def write(self) -> AbstractContextManager[Connection]:
        """One write transaction, in turn with every other writer of the library."""
        return self._write()

    def watch(self) -> ChangeSignal:
        """LISTEN for the notice each write's change-log row sends at commit."""
        from reader.store.postgres_listen import Listener

        return Listener(self._server.driver_url, CHANNEL, CONNECT_TIMEOUT_S)

    def own_files(self) -> tuple[list[Path], Path]:
        """No file of this machine holds the library's data; its backups' folder does hold
        what a revert needs, and nothing else may write there."""
        return [], postgres_backups.backup_folder(self.path)

    # --- copies --------------------------------------------------------------------------------

    def backup(self, label: str) -> Path:
        return postgres_backups.dump(self._server, self.path, label)

    def backups(self) -> list[BackupInfo]:
        return postgres_backups.list_dumps(self.path)

    def daily_backup_due(self) -> bool:
        # A team library is backed up on the server (pg_dump by its owner), not by each
        # window that opens it.
        return False

    def prune_backups(self, keep: int, label: str) -> None:
        postgres_backups.prune(self.path, keep, label)

    def integrity_problems(self, backup: Path | None = None) -> list[str]:
        # PostgreSQL checks its pages itself; a dump is checked by pg_restore.
        return []

    def preview(self, backup: Path) -> BackupPreview:
        raise LibraryUnavailable(postgres_backups.RESTORE_HOW)

    def revert_to(self, backup: Path) -> None:
        """Restore a ``pg_dump`` backup over the library (the current content is dumped
        first); every client reads the library again."""
        self.engine.dispose()
        postgres_backups.restore(self._server, self.path, backup)


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        raise LibraryUnavailable(describe(exc)) from exc


def _revision(conn: Connection) -> str | None:
    """The library's Alembic revision; None for a database with no table yet."""
    if conn.exec_driver_sql("SELECT to_regclass('alembic_version')").scalar() is None:
        tables = conn.exec_driver_sql(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()").scalar()
        if tables:
            raise LibraryUnavailable("the database has tables, but is not a Broadsheet library")
        return None
    row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
    return None if row is None else str(row[0])


def _may_write(conn: Connection, empty: bool) -> bool:
    """Whether this role may change the library (or, in an empty database, make it)."""
    if conn.exec_driver_sql(
        "SELECT pg_is_in_recovery() OR current_setting('default_transaction_read_only') = 'on'"
    ).scalar():
        return False
    if empty:
        return bool(conn.exec_driver_sql(
            "SELECT has_schema_privilege(current_schema(), 'CREATE')").scalar())
    return bool(conn.exec_driver_sql(
        "SELECT has_table_privilege('articles', 'INSERT, UPDATE, DELETE')").scalar())


def _known_revisions() -> set[str]:
    from reader.store.database import known_revisions

    return known_revisions()


def _upgrade(conn: Connection) -> None:
    """Create or upgrade the schema in one transaction, in turn with any other client doing
    the same (the first does the work; the others find it done)."""
    from reader.store.database import run_migrations

    conn.exec_driver_sql("BEGIN")
    try:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")
        if _revision(conn) != HEAD:
            run_migrations(conn)
    except BaseException:
        conn.exec_driver_sql("ROLLBACK")
        raise
    conn.exec_driver_sql("COMMIT")
