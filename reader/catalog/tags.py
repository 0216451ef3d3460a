"""Tags: names that are one tag whatever their case, ``a/b`` hierarchies, colours, counts.

How names are written and keyed is :mod:`reader.catalog.tag_names`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, Select, delete, func, insert, literal, select, update

from reader.catalog.tag_names import askable, depth, is_within, moved

# Named here too: callers that write tags know them as tags.normalize_name and tags.tag_key.
from reader.catalog.tag_names import normalize_name as normalize_name
from reader.catalog.tag_names import tag_key as tag_key
from reader.errors import InvalidValue, NotFound
from reader.records import Tag
from reader.store.chunks import chunks
from reader.store.interface import sql_for
from reader.store.schema import article_tags, articles, tags

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")


def normalize_color(color: str | None) -> str | None:
    if color is None or color == "":
        return None
    if not _COLOR.match(color):
        raise InvalidValue(f"not a colour (use #rrggbb): {color!r}")
    return color.lower()


def find_id(conn: Connection, name: str) -> int | None:
    key = tag_key(name)
    if not askable(key):
        return None
    return conn.execute(select(tags.c.id).where(tags.c.key == key)).scalar()


def require_id(conn: Connection, name: str) -> int:
    tag_id = find_id(conn, name)
    if tag_id is None:
        raise NotFound(f"no tag named {name!r}")
    return tag_id


def ensure_ids(conn: Connection, names: Iterable[str]) -> list[int]:
    """Ids for ``names``, creating the tags that do not exist yet."""
    ids: list[int] = []
    for name in names:
        cleaned = normalize_name(name)
        tag_id = find_id(conn, cleaned)
        if tag_id is None:
            tag_id = conn.execute(
                insert(tags).values(name=cleaned, key=tag_key(cleaned)).returning(tags.c.id)
            ).scalar_one()
        if tag_id not in ids:
            ids.append(tag_id)
    return ids


def subtree_ids(conn: Connection, name: str) -> list[int]:
    """The tag and its descendants (``asia`` gives ``asia``, ``asia/korea``...)."""
    key = tag_key(name)
    if not askable(key):
        return []
    escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    query = select(tags.c.id).where(
        (tags.c.key == key) | tags.c.key.like(f"{escaped}/%", escape="\\")
    )
    return list(conn.execute(query).scalars())


def link(conn: Connection, article_ids: Sequence[int], tag_ids: Sequence[int]) -> None:
    rows = [{"tag_id": t, "article_id": a} for t in tag_ids for a in article_ids]
    if rows:
        conn.execute(sql_for(conn).insert_or_ignore(article_tags), rows)


def unlink(conn: Connection, article_ids: Sequence[int], tag_ids: Sequence[int]) -> None:
    if article_ids and tag_ids:
        conn.execute(
            delete(article_tags).where(
                article_tags.c.article_id.in_(article_ids), article_tags.c.tag_id.in_(tag_ids)
            )
        )


def pairs(
    conn: Connection, article_ids: Sequence[int], tag_ids: Sequence[int]
) -> set[tuple[int, int]]:
    """Which of ``article_ids`` carry which of ``tag_ids``: (article id, tag id) pairs."""
    found: set[tuple[int, int]] = set()
    if not tag_ids:
        return found
    for chunk in chunks(article_ids):
        query = select(article_tags.c.article_id, article_tags.c.tag_id).where(
            article_tags.c.article_id.in_(chunk), article_tags.c.tag_id.in_(tag_ids)
        )
        found.update((a, t) for a, t in conn.execute(query))
    return found


def names(conn: Connection, tag_ids: Sequence[int]) -> dict[int, str]:
    """The names (as written) of ``tag_ids``."""
    query = select(tags.c.id, tags.c.name).where(tags.c.id.in_(list(tag_ids)))
    return {tag_id: name for tag_id, name in conn.execute(query)}


def name_and_color(conn: Connection, tag_id: int) -> tuple[str, str | None]:
    found = conn.execute(select(tags.c.name, tags.c.color).where(tags.c.id == tag_id)).one()
    return found.name, found.color


def links(conn: Connection, tag_ids: Sequence[int]) -> dict[int, set[int]]:
    """Every article linked to each of ``tag_ids``, trashed ones included."""
    found: dict[int, set[int]] = {}
    for chunk in chunks(tag_ids):
        query = select(article_tags.c.tag_id, article_tags.c.article_id).where(
            article_tags.c.tag_id.in_(chunk)
        )
        for tag_id, article_id in conn.execute(query):
            found.setdefault(tag_id, set()).add(article_id)
    return found


def linked_articles(conn: Connection, tag_ids: Sequence[int]) -> set[int]:
    """Every article carrying one of ``tag_ids``, trashed ones included."""
    return set().union(*links(conn, tag_ids).values())


def _trashed_ids() -> Select[tuple[int]]:
    # The trash is small: leaving its few ids out keeps a count inside article_tags' key,
    # where joining articles to test deleted_at would read a row per link (~50 ms at 100k).
    return select(articles.c.id).where(articles.c.deleted_at.is_not(None))


def all_tags(conn: Connection) -> list[Tag]:
    trashed = _trashed_ids()
    counts = (
        select(article_tags.c.tag_id, func.count().label("n"))
        .where(article_tags.c.article_id.not_in(trashed))
        .group_by(article_tags.c.tag_id)
        .subquery()
    )
    query = (
        select(tags.c.id, tags.c.name, tags.c.color, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.tag_id == tags.c.id)
        .order_by(tags.c.key)
    )
    return [Tag(id=i, name=n, color=c, count=k) for i, n, c, k in conn.execute(query)]


def rename(conn: Connection, old: str, new: str) -> None:
    """Rename a tag and its descendants; a name already taken merges into that tag.

    Descendants keep their own path segments (``Straße/Nord`` under ``Road`` is ``Road/Nord``,
    though ``straße`` folds to ``strasse``). Renaming a tag to a path below itself (``asia``
    to ``asia/korea``) leaves the tags already there in place instead of nesting them again.
    """
    old_key = tag_key(old)
    new_name = normalize_name(new)
    new_key = tag_key(new_name)
    require_id(conn, old)
    into_own_subtree = new_key != old_key and is_within(new_key, old_key)
    old_depth = depth(old_key)
    for tag_id, name, key in conn.execute(
        select(tags.c.id, tags.c.name, tags.c.key).where(
            (tags.c.key == old_key) | tags.c.key.startswith(old_key + "/", autoescape=True)
        )
    ).all():
        if into_own_subtree and is_within(key, new_key):
            continue  # already where the rename puts it
        renamed = moved(name, old_depth, new_name)
        existing = find_id(conn, renamed)
        if existing is not None and existing != tag_id:
            merge_ids(conn, tag_id, existing)
        else:
            conn.execute(
                update(tags)
                .where(tags.c.id == tag_id)
                .values(name=renamed, key=tag_key(renamed))
            )


def merge_ids(conn: Connection, source_id: int, target_id: int) -> None:
    conn.execute(
        sql_for(conn).insert_or_ignore(article_tags)
        .from_select(
            ["tag_id", "article_id"],
            select(literal(target_id), article_tags.c.article_id).where(
                article_tags.c.tag_id == source_id
            ),
        )
    )
    conn.execute(delete(tags).where(tags.c.id == source_id))


def delete_id(conn: Connection, tag_id: int) -> None:
    conn.execute(delete(tags).where(tags.c.id == tag_id))


def set_color(conn: Connection, tag_id: int, color: str | None) -> None:
    conn.execute(update(tags).where(tags.c.id == tag_id).values(color=color))


def article_count(conn: Connection, tag_id: int) -> int:
    return conn.execute(
        select(func.count()).select_from(article_tags).where(article_tags.c.tag_id == tag_id)
    ).scalar_one()


def subtree_counts(conn: Connection) -> dict[str, int]:
    """Articles under each tag path that has children, the parent included, counted once.

    Keyed by the casefolded path; a path that is not a tag itself (``asia`` when only
    ``asia/korea`` exists) is there too. The trash is left out.
    """
    keys = [key for (key,) in conn.execute(select(tags.c.key))]
    parents = {key.rsplit("/", depth)[0] for key in keys for depth in range(1, key.count("/") + 1)}
    trashed = _trashed_ids()
    result: dict[str, int] = {}
    for parent in sorted(parents):
        members = select(tags.c.id).where(
            (tags.c.key == parent) | tags.c.key.startswith(parent + "/", autoescape=True)
        )
        result[parent] = conn.execute(
            select(func.count(func.distinct(article_tags.c.article_id))).where(
                article_tags.c.tag_id.in_(members), article_tags.c.article_id.not_in(trashed)
            )
        ).scalar_one()
    return result
