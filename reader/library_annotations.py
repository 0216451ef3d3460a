"""The library's notes, highlights and saved searches: read, and edited by name (each a
:class:`~reader.edits.base.Edit` through ``Library.apply``)."""

from __future__ import annotations

from typing import TypeVar

from reader import edits
from reader.catalog import annotations as annotation_ops
from reader.catalog import articles
from reader.catalog import saved_searches as search_store
from reader.edits.base import Done, Edit
from reader.records import Highlight, Note, SavedSearch
from reader.store.interface import Store

T = TypeVar("T")


class AnnotationsAndSearches:
    """A part of :class:`reader.Library`."""

    _store: Store

    def apply(self, edit: Edit[T]) -> Done[T]:
        raise NotImplementedError

    # --- notes ------------------------------------------------------------------------------

    def note(self, article_id: int) -> Note:
        with self._store.read() as conn:
            return annotation_ops.get_note(conn, article_id)

    def set_note(self, article_id: int, text: str) -> Note:
        return self.apply(edits.SetNote(article_id, text)).value

    def append_note(self, article_id: int, text: str) -> Note:
        return self.apply(edits.AppendNote(article_id, text)).value

    # --- highlights -------------------------------------------------------------------------

    def highlights(self, article_id: int) -> list[Highlight]:
        with self._store.read() as conn:
            articles.row(conn, article_id)
            return annotation_ops.list_highlights(conn, article_id)

    def add_highlight(
        self, article_id: int, start: int, end: int, color: str = "yellow", comment: str = ""
    ) -> Highlight:
        """Highlight ``body[start:end]``; the quoted text is stored beside the range."""
        return self.apply(edits.AddHighlight(article_id, start, end, color, comment)).value

    def update_highlight(
        self, highlight_id: int, *, color: str | None = None, comment: str | None = None
    ) -> Highlight:
        return self.apply(edits.EditHighlight(highlight_id, color, comment)).value

    def remove_highlight(self, highlight_id: int) -> None:
        self.apply(edits.RemoveHighlight(highlight_id))

    # --- saved searches ---------------------------------------------------------------------

    def saved_searches(self) -> list[SavedSearch]:
        with self._store.read() as conn:
            return search_store.all_searches(conn)

    def save_search(self, name: str, query: str) -> SavedSearch:
        """Save ``query`` as a smart folder; saving under an existing name replaces its query."""
        return self.apply(edits.SaveSearch(name, query)).value

    def rename_saved_search(self, search_id: int, name: str) -> None:
        self.apply(edits.RenameSavedSearch(search_id, name))

    def delete_saved_search(self, search_id: int) -> None:
        self.apply(edits.DeleteSavedSearch(search_id))
