"""Libraries as the version before this one left them, on either engine: made at the newest
revision with an article in them, then taken back one revision with Alembic's downgrade (the
way tests/test_migrations.py runs the migrations)."""

from __future__ import annotations

from pathlib import Path

from alembic.command import downgrade
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, text

from reader import Library
from reader.store.database import create_library_engine
from reader.store.location import ServerLocation, parse_location
from reader.store.migrations import HEAD

MIGRATIONS = Path(__file__).resolve().parents[1] / "reader" / "store" / "migrations"
ARTICLE = "Harbour works\n\nThe northern quay reopens in June after the winter storms.\n"


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def previous_revision() -> str:
    """The revision before ``HEAD``: what the version before this one made."""
    down = ScriptDirectory.from_config(_config()).get_revision(HEAD).down_revision
    assert isinstance(down, str)
    return down


def _engine(location: str) -> Engine:
    where = parse_location(location)
    if isinstance(where, ServerLocation):
        return create_engine(where.driver_url)
    return create_library_engine(where)


def make_older(location: str, folder: Path) -> None:
    """Make the library at ``location`` hold one article, at :func:`previous_revision`."""
    source = folder / "harbour.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    with Library.open(location) as library:
        library.import_paths([source])
    take_back(location)


def take_back(location: str) -> None:
    """Take the current library at ``location`` back to :func:`previous_revision`."""
    engine = _engine(location)
    config = _config()
    try:
        with engine.begin() as conn:
            config.attributes["connection"] = conn
            downgrade(config, previous_revision())
    finally:
        engine.dispose()


def revision_of(location: str) -> str:
    """The library's schema revision, read on a connection of its own."""
    engine = _engine(location)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar())
    finally:
        engine.dispose()
