"""Saved searches: named queries shown as smart folders."""

from __future__ import annotations

from sqlalchemy import Connection, delete, func, insert, select, update

from reader.catalog.articles import storable
from reader.errors import InvalidValue, NotFound
from reader.records import SavedSearch
from reader.store.schema import saved_searches
from reader.text_checks import check_line, check_text

MAX_NAME = 200


def _clean_name(name: str) -> str:
    cleaned = check_line(" ".join(name.split()), "the name of a saved search")
    if not cleaned:
        raise InvalidValue("a saved search needs a name")
    if len(cleaned) > MAX_NAME:
        raise InvalidValue(f"the name is longer than {MAX_NAME} characters")
    return cleaned


def all_searches(conn: Connection) -> list[SavedSearch]:
    rows = conn.execute(
        select(saved_searches.c.id, saved_searches.c.name, saved_searches.c.query).order_by(
            saved_searches.c.position, saved_searches.c.key
        )
    )
    return [SavedSearch(i, n, q) for i, n, q in rows]


def save(conn: Connection, name: str, query: str) -> SavedSearch:
    """Save ``query`` under ``name``; an existing search of that name gets the new query."""
    cleaned = _clean_name(name)
    query = check_text(query, "the query")
    key = cleaned.casefold()
    existing = conn.execute(
        select(saved_searches.c.id).where(saved_searches.c.key == key)
    ).scalar()
    if existing is not None:
        conn.execute(
            update(saved_searches)
            .where(saved_searches.c.id == existing)
            .values(name=cleaned, query=query)
        )
        return SavedSearch(existing, cleaned, query)
    position = conn.execute(
        select(func.coalesce(func.max(saved_searches.c.position), 0) + 1)
    ).scalar_one()
    new_id = conn.execute(
        insert(saved_searches)
        .values(name=cleaned, key=key, query=query, position=position)
        .returning(saved_searches.c.id)
    ).scalar_one()
    return SavedSearch(new_id, cleaned, query)


def _require(conn: Connection, search_id: int) -> None:
    placed(conn, search_id)


def placed(conn: Connection, search_id: int) -> tuple[SavedSearch, int]:
    """The saved search ``search_id`` and its place among the others."""
    if not storable(conn, search_id):
        raise NotFound(f"no saved search with id {search_id}")
    found = conn.execute(
        select(saved_searches.c.name, saved_searches.c.query, saved_searches.c.position)
        .where(saved_searches.c.id == search_id)
    ).first()
    if found is None:
        raise NotFound(f"no saved search with id {search_id}")
    return SavedSearch(search_id, found.name, found.query), found.position


def named(conn: Connection, name: str) -> SavedSearch | None:
    """The saved search called ``name`` (whatever its case), if there is one."""
    found = conn.execute(
        select(saved_searches.c.id, saved_searches.c.name, saved_searches.c.query)
        .where(saved_searches.c.key == _clean_name(name).casefold())
    ).first()
    return None if found is None else SavedSearch(found.id, found.name, found.query)


def put_back(conn: Connection, search: SavedSearch, position: int) -> None:
    """Make a removed saved search again, under its id and in its place."""
    conn.execute(
        insert(saved_searches).values(
            id=search.id, name=search.name, key=search.name.casefold(), query=search.query,
            position=position,
        )
    )


def rename(conn: Connection, search_id: int, name: str) -> None:
    _require(conn, search_id)
    cleaned = _clean_name(name)
    clash = conn.execute(
        select(saved_searches.c.id).where(
            saved_searches.c.key == cleaned.casefold(), saved_searches.c.id != search_id
        )
    ).scalar()
    if clash is not None:
        raise InvalidValue(f"a saved search named {cleaned!r} exists already")
    conn.execute(
        update(saved_searches)
        .where(saved_searches.c.id == search_id)
        .values(name=cleaned, key=cleaned.casefold())
    )


def remove(conn: Connection, search_id: int) -> None:
    _require(conn, search_id)
    conn.execute(delete(saved_searches).where(saved_searches.c.id == search_id))
