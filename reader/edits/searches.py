"""Edits of saved searches (the sidebar's smart folders)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import Struct

from reader.catalog import saved_searches as search_store
from reader.edits.base import Done, Edit
from reader.records import Changes, SavedSearch

if TYPE_CHECKING:
    from sqlalchemy import Connection

_SEARCHES = Changes(searches=True)


class SaveSearch(Struct, Edit[SavedSearch], frozen=True):
    """Save ``query`` under ``name``; a search of that name gets the new query."""

    name: str
    query: str

    @property
    def label(self) -> str:
        return f"Save search “{self.name}”"

    def run(self, conn: Connection) -> Done[SavedSearch]:
        old = search_store.named(conn, self.name)
        saved = search_store.save(conn, self.name, self.query)
        reverse: Edit[object] | None
        if old is None:
            reverse = DeleteSavedSearch(saved.id)
        elif old != saved:
            reverse = SaveSearch(old.name, old.query)
        else:
            reverse = None
        return Done(self.label, _SEARCHES, reverse, saved)


class RenameSavedSearch(Struct, Edit[None], frozen=True):
    search_id: int
    name: str

    @property
    def label(self) -> str:
        return f"Rename saved search to “{self.name}”"

    def run(self, conn: Connection) -> Done[None]:
        old, _position = search_store.placed(conn, self.search_id)
        search_store.rename(conn, self.search_id, self.name)
        new, _position = search_store.placed(conn, self.search_id)
        if new.name == old.name:
            return Done(self.label, Changes(), None, None)
        return Done(self.label, _SEARCHES, RenameSavedSearch(self.search_id, old.name), None)


class DeleteSavedSearch(Struct, Edit[None], frozen=True):
    search_id: int

    @property
    def label(self) -> str:
        return "Delete saved search"

    def run(self, conn: Connection) -> Done[None]:
        old, position = search_store.placed(conn, self.search_id)
        search_store.remove(conn, self.search_id)
        return Done(self.label, _SEARCHES, PutBackSavedSearch(old, position), None)


class PutBackSavedSearch(Struct, Edit[None], frozen=True):
    """Make a deleted saved search again, with its id and in its place."""

    search: SavedSearch
    position: int

    @property
    def label(self) -> str:
        return f"Save search “{self.search.name}”"

    def run(self, conn: Connection) -> Done[None]:
        search_store.put_back(conn, self.search, self.position)
        return Done(self.label, _SEARCHES, DeleteSavedSearch(self.search.id), None)
