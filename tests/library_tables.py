"""A library's tables read and written beside it, on either engine: for what a test checks
that no public call shows (the related-articles index's rows, the reading events) or sets up
that no public call makes (reading from days ago)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, Executable, create_engine

from reader import Library
from reader.store.database import create_library_engine
from reader.store.location import ServerLocation


@contextmanager
def engine_of(library: Library) -> Iterator[Engine]:
    """An engine of its own on ``library``'s file or database, disposed of after."""
    location = library.location
    if isinstance(location, ServerLocation):
        engine = create_engine(location.driver_url)
    else:
        engine = create_library_engine(location)
    try:
        yield engine
    finally:
        engine.dispose()


def rows(library: Library, statement: Executable) -> list[tuple[Any, ...]]:
    with engine_of(library) as engine, engine.connect() as conn:
        return [tuple(row) for row in conn.execute(statement)]


def write(library: Library, statement: Executable) -> None:
    with engine_of(library) as engine, engine.begin() as conn:
        conn.execute(statement)
