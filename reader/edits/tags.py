"""Edits of tags: on articles (add, remove), and of the whole library (rename, merge,
delete, recolour), whose reverses put every covered tag back exactly as it was."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from reader.catalog import articles, tag_snapshots
from reader.catalog import tags as tag_ops
from reader.edits.base import Done, Edit, articles_text, batch, quoted
from reader.records import Changes, TagSnapshot

if TYPE_CHECKING:
    from sqlalchemy import Connection


class AddTags(Struct, Edit[None], frozen=True):
    """Tag articles, making the tags that do not exist yet. Its reverse takes from each
    article only the tags it lacked, and the tags made here go with them when unused."""

    ids: tuple[int, ...]
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Add tag {quoted(self.names)} to {articles_text(len(self.ids))}"

    def run(self, conn: Connection) -> Done[None]:
        present = articles.require_ids(conn, self.ids)
        existed = {tag_ops.find_id(conn, name) for name in self.names}
        tag_ids = tag_ops.ensure_ids(conn, self.names)
        had = tag_ops.pairs(conn, present, tag_ids)
        tag_ops.link(conn, present, tag_ids)
        stored = tag_ops.names(conn, tag_ids)
        lacking: dict[tuple[int, ...], list[int]] = defaultdict(list)
        for article_id in present:
            missing = tuple(t for t in tag_ids if (article_id, t) not in had)
            if missing:
                lacking[missing].append(article_id)
        reverses: list[Edit[Any]] = [
            RemoveTags(tuple(group), tuple(stored[t] for t in missing))
            for missing, group in lacking.items()
        ]
        made = tuple(stored[t] for t in tag_ids if t not in existed)
        if made:
            reverses.append(DropUnusedTags(made))
        changes = Changes(articles=frozenset(present), tags=frozenset(tag_ids),
                          tag_set=bool(made))
        return Done(self.label, changes, batch(reverses, self.label), None)


class RemoveTags(Struct, Edit[None], frozen=True):
    """Take tags off articles; its reverse gives each tag back to the articles that had it."""

    ids: tuple[int, ...]
    names: tuple[str, ...]

    @property
    def label(self) -> str:
        where = "" if len(self.ids) == 1 else f" from {articles_text(len(self.ids))}"
        return f"Remove tag {quoted(self.names)}{where}"

    def run(self, conn: Connection) -> Done[None]:
        present = articles.require_ids(conn, self.ids)
        found = (tag_ops.find_id(conn, name) for name in self.names)
        tag_ids = [tag_id for tag_id in found if tag_id is not None]
        had = tag_ops.pairs(conn, present, tag_ids)
        tag_ops.unlink(conn, present, tag_ids)
        stored = tag_ops.names(conn, tag_ids)
        carriers: dict[int, list[int]] = defaultdict(list)
        for article_id, tag_id in sorted(had):
            carriers[tag_id].append(article_id)
        reverses = [AddTags(tuple(group), (stored[t],)) for t, group in carriers.items()]
        changes = Changes(articles=frozenset(present), tags=frozenset(tag_ids))
        return Done(self.label, changes, batch(reverses, self.label), None)


class DropUnusedTags(Struct, Edit[None], frozen=True):
    """Delete those of the tags ``names`` that no article carries (a tag an undone edit
    made). Adding the tag again makes it again, so there is nothing to reverse."""

    names: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"Delete unused tag {quoted(self.names)}"

    def run(self, conn: Connection) -> Done[None]:
        dropped: set[int] = set()
        for name in self.names:
            tag_id = tag_ops.find_id(conn, name)
            if tag_id is not None and tag_ops.article_count(conn, tag_id) == 0:
                tag_ops.delete_id(conn, tag_id)
                dropped.add(tag_id)
        changes = Changes(tags=frozenset(dropped), tag_set=bool(dropped))
        return Done(self.label, changes, None, None)


class RenameTag(Struct, Edit[None], frozen=True):
    """Rename a tag and the tags below it; a name taken already merges into that tag."""

    old: str
    new: str

    @property
    def label(self) -> str:
        return f"Rename tag “{self.old}” to “{self.new}”"

    @property
    def moves(self) -> tuple[str, str] | None:
        return (self.old, self.new)

    def run(self, conn: Connection) -> Done[None]:
        before = tag_snapshots.capture(conn, [self.old, self.new], subtrees=True)
        # Every article carrying a renamed tag shows it under the new name.
        moved = tag_ops.subtree_ids(conn, self.old)
        touched = tag_ops.linked_articles(conn, moved)
        tag_ops.rename(conn, self.old, self.new)
        changes = Changes(articles=frozenset(touched), tags=frozenset(moved), tag_set=True)
        return Done(self.label, changes, RestoreTags(before, self), None)


class MergeTag(Struct, Edit[None], frozen=True):
    """Move every article of ``source`` to ``target`` and remove ``source``; the tags below
    ``source`` stay where they are."""

    source: str
    target: str

    @property
    def label(self) -> str:
        return f"Merge tag “{self.source}” into “{self.target}”"

    @property
    def moves(self) -> tuple[str, str] | None:
        return (self.source, self.target)

    def run(self, conn: Connection) -> Done[None]:
        source_id = tag_ops.require_id(conn, self.source)
        target_id = tag_ops.require_id(conn, self.target)
        if source_id == target_id:
            return Done(self.label, Changes(), None, None)
        before = tag_snapshots.capture(conn, [self.source, self.target], subtrees=False)
        touched = tag_ops.linked_articles(conn, [source_id])
        tag_ops.merge_ids(conn, source_id, target_id)
        changes = Changes(articles=frozenset(touched), tags=frozenset({source_id, target_id}),
                          tag_set=True)
        return Done(self.label, changes, RestoreTags(before, self), None)


class DeleteTag(Struct, Edit[int], frozen=True):
    """Delete a tag; its value is how many articles carried it (the Trash included)."""

    name: str

    @property
    def label(self) -> str:
        return f"Delete tag “{self.name}”"

    def run(self, conn: Connection) -> Done[int]:
        tag_id = tag_ops.require_id(conn, self.name)
        before = tag_snapshots.capture(conn, [self.name], subtrees=False)
        touched = tag_ops.linked_articles(conn, [tag_id])
        tag_ops.delete_id(conn, tag_id)
        changes = Changes(articles=frozenset(touched), tags=frozenset({tag_id}), tag_set=True)
        return Done(self.label, changes, RestoreTags(before, self), len(touched))


class SetTagColor(Struct, Edit[None], frozen=True):
    """Give a tag a colour (``#rrggbb``), or none. Its reverse puts back only the colour:
    articles tagged since keep the tag."""

    name: str
    color: str | None

    @property
    def label(self) -> str:
        return f"Change colour of tag “{self.name}”"

    def run(self, conn: Connection) -> Done[None]:
        value = tag_ops.normalize_color(self.color)
        tag_id = tag_ops.require_id(conn, self.name)
        name, old = tag_ops.name_and_color(conn, tag_id)
        if old == value:
            return Done(self.label, Changes(), None, None)
        touched = tag_ops.linked_articles(conn, [tag_id])  # their chips take the colour
        tag_ops.set_color(conn, tag_id, value)
        changes = Changes(articles=frozenset(touched), tags=frozenset({tag_id}))
        return Done(self.label, changes, SetTagColor(name, old), None)


class RestoreTags(Struct, Edit[None], frozen=True):
    """Put the tags ``snapshot`` covers back as it captured them (see
    :func:`reader.catalog.tag_snapshots.restore`). ``again`` is the edit this one undoes:
    redoing makes that edit again, so articles tagged in between keep their tags."""

    snapshot: TagSnapshot
    again: Edit[Any] | None = None

    @property
    def label(self) -> str:
        return self.again.label if self.again is not None else "Restore tags"

    @property
    def moves(self) -> tuple[str, str] | None:
        moves = self.again.moves if self.again is not None else None
        return (moves[1], moves[0]) if moves is not None else None

    def run(self, conn: Connection) -> Done[None]:
        reverse: Edit[Any] | None = self.again
        if reverse is None:
            keys = sorted(self.snapshot.keys)
            now = tag_snapshots.capture(conn, keys, subtrees=self.snapshot.subtrees)
            reverse = RestoreTags(now)
        touched = tag_snapshots.restore(conn, self.snapshot)
        changes = Changes(articles=frozenset(touched), tag_set=True)
        return Done(self.label, changes, reverse, None)
