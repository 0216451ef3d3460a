"""Broadsheet's core: the library of articles, with no GUI in it.

Everything goes through :class:`Library`; values in and out are the plain records of
:mod:`reader.records` (frozen msgspec Structs).
"""

# No ``from __future__ import annotations`` here: it would bind the name ``annotations`` in
# this package and shadow the ``reader.catalog.annotations`` module.
from typing import TYPE_CHECKING, Any

from reader.errors import (
    BroadsheetError,
    InvalidValue,
    LibraryUnavailable,
    NotAnArticle,
    NotFound,
)
from reader.records import (
    Article,
    ArticleQuery,
    ArticleSummary,
    Block,
    Changes,
    Counts,
    Highlight,
    ImportProgress,
    ImportReport,
    LibraryUpgrade,
    Note,
    RelatedArticle,
    SavedSearch,
    SortKey,
    Tag,
    TagRef,
    TagSuggestion,
    View,
)

if TYPE_CHECKING:
    from reader.library import UNSET, Library

__all__ = [
    "UNSET",
    "Article",
    "ArticleQuery",
    "ArticleSummary",
    "Block",
    "BroadsheetError",
    "Changes",
    "Counts",
    "Highlight",
    "ImportProgress",
    "ImportReport",
    "InvalidValue",
    "Library",
    "LibraryUnavailable",
    "LibraryUpgrade",
    "NotAnArticle",
    "NotFound",
    "Note",
    "RelatedArticle",
    "SavedSearch",
    "SortKey",
    "Tag",
    "TagRef",
    "TagSuggestion",
    "View",
]


def __getattr__(name: str) -> Any:
    # The library (and SQLAlchemy with it) loads on first use, so an import worker process
    # that only parses files does not pay for it.
    if name in ("Library", "UNSET"):
        from reader import library

        return getattr(library, name)
    raise AttributeError(f"module 'reader' has no attribute {name!r}")
