"""Opening a SQLite library file: engine settings, transactions, migrations and backups."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

from reader.errors import LibraryUnavailable
from reader.records import LibraryUpgrade, UpgradeListener
from reader.store import text_match
from reader.store.backups import backup_target, write_backup
from reader.store.interface import READ_ONLY, carry_sql
from reader.store.migrations import HEAD
from reader.store.sqlite_sql import SQLITE_SQL
from reader.store.sqlite_tokens import add_tokens_function
from reader.store.sqlite_uri import read_only_uri

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 10_000


def create_library_engine(path: Path) -> Engine:
    # AUTOCOMMIT hands transaction control to ``read``/``write`` below, so writes can take the
    # write lock up front (BEGIN IMMEDIATE) and wait on the busy timeout instead of failing
    # half-way when another process (the CLI beside the GUI) holds it.
    engine = create_engine(
        # Built, not parsed: in a "sqlite:///..." string a "?" in a folder's name would start
        # the URL's query and open another file.
        URL.create("sqlite", database=str(path)),
        isolation_level="AUTOCOMMIT",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _configure_connection)
    carry_sql(engine, SQLITE_SQL)
    return engine


def _add_functions(dbapi_connection: sqlite3.Connection) -> None:
    # SQLite's LIKE and lower() fold ASCII letters only: "ü" would not find "Ü", nor "cafe"
    # "Café". Searches compare other text in its folded form (reader.store.text_match).
    dbapi_connection.create_function(text_match.FOLD_FUNCTION, 1, text_match.fold,
                                     deterministic=True)
    add_tokens_function(dbapi_connection)


def _configure_connection(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    _add_functions(dbapi_connection)
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def cannot_write(path: Path) -> bool:
    """Whether this process may not change the existing library at ``path``: the file is not
    writable, or its folder is not and the journal files SQLite keeps beside it (``-wal``,
    ``-shm``) are not there to write to. A file still to be made counts as writable."""
    if not path.is_file():
        return False
    if not os.access(path, os.W_OK):
        return True
    journal = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    if all(os.access(file, os.W_OK) for file in journal):
        return False
    return not os.access(path.parent, os.W_OK | os.X_OK)


def create_read_only_engine(path: Path) -> Engine:
    """An engine that only reads ``path``."""
    uri = read_only_uri(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               check_same_thread=False)

    # The URL names no file, so SQLAlchemy would pick the pool it uses for in-memory
    # databases: the pool it uses for files is the one meant here.
    engine = create_engine("sqlite://", creator=connect, poolclass=QueuePool,
                           isolation_level="AUTOCOMMIT")
    event.listen(engine, "connect", _configure_read_only)
    carry_sql(engine, SQLITE_SQL)
    return engine


def _configure_read_only(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # No journal_mode or synchronous here: both would be a write.
    _add_functions(dbapi_connection)
    dbapi_connection.execute("PRAGMA foreign_keys=ON")
    dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One write transaction: everything in the block lands, or nothing does.

    Database failures (busy, read-only, disk full) come out as LibraryUnavailable.
    """
    with _translated(), engine.connect() as conn:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.exec_driver_sql("ROLLBACK")
            raise
        conn.exec_driver_sql("COMMIT")


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A consistent snapshot for reads made of several statements."""
    with _translated(), engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")
        try:
            yield conn
        finally:
            conn.exec_driver_sql("COMMIT")


@contextmanager
def _translated() -> Iterator[None]:
    try:
        yield
    except DBAPIError as exc:
        raise LibraryUnavailable(_describe(exc)) from exc


def schema_revision(engine: Engine) -> str | None:
    """The library's Alembic revision, or None for a new, empty file."""
    with engine.connect() as conn:
        has_version = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).first()
        if has_version is None:
            has_tables = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type='table'"
            ).first()
            if has_tables is not None:
                raise LibraryUnavailable("it is a SQLite database, but not a Broadsheet library")
            return None
        row = conn.exec_driver_sql("SELECT version_num FROM alembic_version").first()
        return None if row is None else str(row[0])


def prepare(path: Path, on_upgrade: UpgradeListener | None = None) -> Engine:
    """Open ``path``, creating or upgrading it; raise LibraryUnavailable with the reason.
    ``on_upgrade`` hears of an upgrade before its backup is made."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryUnavailable(f"cannot create folder {path.parent}: {exc.strerror}") from exc
    if path.exists() and not path.is_file():
        raise LibraryUnavailable(f"{path} is not a file")
    engine = create_library_engine(path)
    with _disposed_on_failure(engine):
        revision = schema_revision(engine)
        if revision != HEAD:
            _upgrade(engine, path, revision, on_upgrade)
    return engine


def prepare_read_only(path: Path) -> Engine:
    """Open the existing library at ``path`` for reading only; raise LibraryUnavailable when
    that cannot be done (it needs an upgrade, which could not be saved)."""
    engine = create_read_only_engine(path)
    with _disposed_on_failure(engine):
        revision = schema_revision(engine)
        if revision != HEAD:
            newer = revision is not None and revision not in known_revisions()
            raise LibraryUnavailable(
                f"the library was made by a newer Broadsheet (schema {revision}); upgrade the app"
                if newer else
                "the library file is read-only, and this version of Broadsheet must upgrade it "
                "before opening it; copy it somewhere you can write to, or make it writable"
            )
    return engine


@contextmanager
def _disposed_on_failure(engine: Engine) -> Iterator[None]:
    """Opening a library: if it fails, ``engine`` is let go and the reason is given as
    LibraryUnavailable."""
    try:
        yield
    except DBAPIError as exc:
        engine.dispose()
        raise LibraryUnavailable(_describe(exc)) from exc
    except BaseException:  # LibraryUnavailable, or what an ``on_upgrade`` listener raised
        engine.dispose()
        raise


def _describe(exc: DBAPIError) -> str:
    message = str(exc.orig) if exc.orig is not None else str(exc)
    if "file is not a database" in message:
        return "the file is not a SQLite database"
    if "readonly" in message or "read-only" in message:
        return READ_ONLY
    if "locked" in message or "busy" in message:
        return "the library is busy (another program is writing to it); try again"
    if "disk is full" in message or "database or disk is full" in message:
        return "the disk is full; the change was not saved"
    if "unable to open" in message:
        return "the library file cannot be opened"
    return message


def _alembic_config() -> Config:
    # Alembic costs ~0.2 s to import: only a new or older library pays for it.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(_alembic_config())
            .walk_revisions()}


def _upgrade(engine: Engine, path: Path, revision: str | None,
             on_upgrade: UpgradeListener | None) -> None:
    if revision is not None and revision not in known_revisions():
        raise LibraryUnavailable(
            f"the library was made by a newer Broadsheet (schema {revision}); upgrade the app"
        )
    if revision is not None:  # an older library; a new file is made at once, unannounced
        backup = backup_target(path, f"before-upgrade-{revision.lower()}")
        if on_upgrade is not None:
            # Before the copy: on a large library it takes seconds of its own.
            on_upgrade(LibraryUpgrade(path.name, revision, HEAD, backup))
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            assert isinstance(raw, sqlite3.Connection)
            write_backup(raw, backup)
    # One transaction for the whole upgrade: a failed migration leaves the file as it was.
    with write(engine) as conn:
        run_migrations(conn)


def run_migrations(conn: Connection) -> None:
    """Bring the schema on ``conn`` (in the caller's transaction) to the newest revision;
    the migrations do what each engine needs."""
    from alembic.command import upgrade

    config = _alembic_config()
    config.attributes["connection"] = conn
    upgrade(config, "head")

