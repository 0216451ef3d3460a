"""Snapshots of a few tags, so that a rename, merge or delete can be taken back exactly.

A snapshot keeps each tag's name (as written), colour and every article linked to it, those
in the Trash too, but no ids: a deleted tag comes back under a new id, and it is the name and
the links that the user sees. It also keeps which names it covers, so a tag that appears under
them later (the name a rename moved to) can be told apart from one that was there before.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import (
    ColumnElement,
    Connection,
    delete,
    false,
    insert,
    literal,
    or_,
    select,
    update,
)

from reader.catalog.tag_names import askable, tag_key
from reader.catalog.tags import links
from reader.records import TagRef, TagSnapshot, TagState
from reader.store.chunks import chunks
from reader.store.interface import sql_for
from reader.store.schema import article_tags, articles, tags


def capture(conn: Connection, names: Iterable[str], *, subtrees: bool) -> TagSnapshot:
    keys = frozenset(tag_key(name) for name in names)
    rows = conn.execute(
        select(tags.c.id, tags.c.name, tags.c.color).where(_covering(keys, subtrees))
    ).all()
    linked = links(conn, [tag_id for tag_id, _name, _color in rows])
    states = tuple(
        TagState(name=name, color=color, article_ids=frozenset(linked.get(tag_id, ())))
        for tag_id, name, color in rows
    )
    return TagSnapshot(keys=keys, subtrees=subtrees, tags=states)


def restore(conn: Connection, snapshot: TagSnapshot) -> set[int]:
    """Make the tags ``snapshot`` covers as it captured them; returns the articles whose tags
    look different now (a tag renamed or recoloured changes every article carrying it)."""
    current = {
        key: (tag_id, TagRef(name, color))
        for tag_id, key, name, color in conn.execute(
            select(tags.c.id, tags.c.key, tags.c.name, tags.c.color).where(
                _covering(snapshot.keys, snapshot.subtrees)
            )
        )
    }
    linked = links(conn, [tag_id for tag_id, _ref in current.values()])
    wanted = {tag_key(state.name): state for state in snapshot.tags}
    touched: set[int] = set()
    newcomers = {tag_id for key, (tag_id, _ref) in current.items() if key not in wanted}
    # A tag the change only renamed holds exactly the links a missing tag had: it takes that
    # name back under its own id and no link moves (undoing the rename of a tag on most of
    # the library is a read and an update, not tens of thousands of links rewritten).
    renamed = {frozenset(linked.get(tag_id, ())): tag_id for tag_id in newcomers}
    for key, state in wanted.items():
        found = current.get(key)
        if found is not None:
            tag_id, ref = found
            had = linked.get(tag_id, set())
            if ref != TagRef(state.name, state.color):
                _name(conn, tag_id, state, key)
                touched |= had
        elif (reused := renamed.pop(state.article_ids, None)) is not None:
            tag_id, had = reused, linked.get(reused, set())
            newcomers.discard(tag_id)
            _name(conn, tag_id, state, key)
            touched |= had
        else:
            tag_id = conn.execute(
                insert(tags).values(name=state.name, key=key, color=state.color)
                .returning(tags.c.id)
            ).scalar_one()
            had = set()
        touched |= _set_links(conn, tag_id, state.article_ids, had)
    # What is left of the tags made under the covered names since goes.
    for tag_id in newcomers:
        touched |= linked.get(tag_id, set())
    for chunk in chunks(sorted(newcomers)):
        conn.execute(delete(tags).where(tags.c.id.in_(chunk)))
    return touched


def _name(conn: Connection, tag_id: int, state: TagState, key: str) -> None:
    conn.execute(
        update(tags).where(tags.c.id == tag_id).values(name=state.name, key=key, color=state.color)
    )


def _covering(keys: frozenset[str], subtrees: bool) -> ColumnElement[bool]:
    """Tags whose key is one of ``keys`` or, with ``subtrees``, below one (``key/…``)."""
    keys = frozenset(key for key in keys if askable(key))
    terms: list[ColumnElement[bool]] = [tags.c.key.in_(sorted(keys))] if keys else []
    if subtrees:
        terms += [tags.c.key.startswith(key + "/", autoescape=True) for key in sorted(keys)]
    return or_(false(), *terms)


def _set_links(conn: Connection, tag_id: int, wanted: frozenset[int], linked: set[int]) -> set[int]:
    """Link ``tag_id`` to exactly ``wanted`` (less any article deleted for good since);
    returns the articles that gained or lost it."""
    gone = sorted(linked - wanted)
    for chunk in chunks(gone):
        conn.execute(
            delete(article_tags).where(
                article_tags.c.tag_id == tag_id, article_tags.c.article_id.in_(chunk)
            )
        )
    added = sorted(wanted - linked)
    for chunk in chunks(added):
        # Linked from the articles table, in the database: an article emptied from the Trash
        # since has no row to link, and no id makes the round trip through Python (a tag can
        # be on most of the library).
        present = select(literal(tag_id), articles.c.id).where(articles.c.id.in_(chunk))
        conn.execute(
            sql_for(conn).insert_or_ignore(article_tags)
            .from_select(["tag_id", "article_id"], present)
        )
    return set(gone) | set(added)
