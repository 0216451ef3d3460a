"""Plain values that cross the library's front door.

Callers (the GUI, the command line) get these and nothing else: no ORM objects, no sessions.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Literal

from msgspec import Struct, field


class Tag(Struct, frozen=True):
    id: int
    name: str
    color: str | None
    count: int = 0


class TagRef(Struct, frozen=True):
    """A tag as shown on an article row: enough to draw a chip."""

    name: str
    color: str | None


class TagState(Struct, frozen=True):
    """One tag as it was: its name as written, its colour, and every article carrying it
    (those in the Trash too)."""

    name: str
    color: str | None
    article_ids: frozenset[int]


class TagSnapshot(Struct, frozen=True):
    """Some tags as they were, from ``Library.tag_snapshot``, for ``restore_tag_snapshot``.

    ``keys`` are the keys (``tag_key``) of the names it covers (with ``subtrees``, the tags
    below them too); ``tags`` holds the covered tags that existed. A covered name with no tag
    then is still covered: restoring removes a tag made under it since.
    """

    keys: frozenset[str]
    subtrees: bool
    tags: tuple[TagState, ...]

    def get(self, name: str) -> TagState | None:
        """The captured tag called ``name`` (whatever its case or Unicode form), if there
        was one."""
        from reader.catalog.tag_names import tag_key  # records stay free of the catalog

        key = tag_key(name)
        return next((state for state in self.tags if tag_key(state.name) == key), None)


class ArticleSummary(Struct, frozen=True):
    """What one row of the article list needs."""

    id: int
    title: str
    published: date | None
    source: str | None
    imported_at: datetime
    read: bool
    starred: bool
    has_note: bool
    highlight_count: int
    tags: tuple[TagRef, ...] = ()
    url: str | None = None
    author: str | None = None
    # False while only the address is known (a read-later entry): the body is still empty.
    text_fetched: bool = True
    progress: float = 0.0  # how far it has been read: 0 (not begun, or unknown) to 1


class RelatedArticle(Struct, frozen=True):
    """An article like another one: its list row, the cosine of their vectors, and whether
    it is a near-identical copy (the same story in another outlet)."""

    summary: ArticleSummary
    similarity: float
    near_duplicate: bool = False


class TagSuggestion(Struct, frozen=True):
    """A tag an article should probably carry, ``score`` from 0 to 1."""

    tag: str
    score: float


class Highlight(Struct, frozen=True):
    id: int
    article_id: int
    start: int
    end: int
    text: str
    color: str
    comment: str
    created_at: datetime


class Note(Struct, frozen=True):
    text: str
    updated_at: datetime | None
    # Saved over a change made elsewhere since the editor loaded the note: both texts kept.
    merged: bool = False


class Block(Struct, frozen=True):
    """A paragraph or section heading of an article body.

    ``start`` and ``end`` are character offsets into the stored body, so highlights (stored as
    body offsets) can be placed in any rendering of the blocks.
    """

    kind: Literal["heading", "paragraph"]
    text: str
    start: int
    end: int


class Article(Struct, frozen=True):
    id: int
    title: str
    published: date | None
    source: str | None
    path: str | None
    imported_at: datetime
    read: bool
    starred: bool
    body: str
    blocks: tuple[Block, ...]
    tags: tuple[TagRef, ...]
    note: Note
    highlights: tuple[Highlight, ...]
    in_trash: bool = False
    url: str | None = None
    author: str | None = None
    text_fetched: bool = True
    progress: float = 0.0  # its scroll position when last read, 0 (the top) to 1 (the end)


class View(StrEnum):
    """The fixed smart views of the sidebar."""

    ALL = "all"
    UNREAD = "unread"
    STARRED = "starred"
    ANNOTATED = "annotated"
    TRASH = "trash"


class SortKey(StrEnum):
    PUBLISHED = "date"
    TITLE = "title"
    IMPORTED = "imported"
    SOURCE = "source"
    # Best match first (``descending`` is ignored); date order when the search has no words.
    RELEVANCE = "relevance"


class ArticleQuery(Struct, frozen=True):
    """Which articles, in what order. ``tag`` includes the tag's descendants (``asia/``);
    ``search`` is a query in the search language (README, "Searching"), None or "" for all."""

    view: View = View.ALL
    tag: str | None = None
    sort: SortKey = SortKey.PUBLISHED
    descending: bool = True
    search: str | None = None


class SavedSearch(Struct, frozen=True):
    id: int
    name: str
    query: str


class Counts(Struct, frozen=True):
    total: int
    unread: int
    starred: int
    annotated: int
    trash: int = 0


class Changes(Struct, frozen=True):
    """What a write changed, so each view refreshes only its part.

    - ``articles``: ids whose row or content changed (flags, details, note, highlights, the
      tags they show).
    - ``added`` / ``removed``: ids that joined or left a list: imported, moved to or out of
      the Trash (both: they left one list for another), deleted for good.
    - ``tags``: ids of tags whose name, colour or articles changed; ``tag_set`` that tags
      were made, deleted or renamed, so the tree of tags changed shape.
    - ``counts``: the views' counts (unread, starred, annotated...) may have changed.
    - ``searches``: saved searches were saved, renamed or deleted.
    - ``feeds``: subscriptions were added, changed, removed or refreshed.
    - ``everything``: the library was replaced (a backup or an export restored): every view
      reads it again, and steps to undo no longer apply.
    - ``progress``: ids whose reading place alone changed, written every few seconds while
      someone reads: the rows showing them repaint, and nothing is counted or read again.
    """

    articles: frozenset[int] = frozenset()
    added: frozenset[int] = frozenset()
    removed: frozenset[int] = frozenset()
    tags: frozenset[int] = frozenset()
    tag_set: bool = False
    counts: bool = False
    searches: bool = False
    everything: bool = False
    feeds: bool = False
    progress: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return any((self.articles, self.added, self.removed, self.tags, self.tag_set,
                    self.counts, self.searches, self.everything, self.feeds, self.progress))

    def __or__(self, other: Changes) -> Changes:
        """What two writes changed together."""
        return Changes(
            articles=self.articles | other.articles,
            added=self.added | other.added,
            removed=self.removed | other.removed,
            tags=self.tags | other.tags,
            tag_set=self.tag_set or other.tag_set,
            counts=self.counts or other.counts,
            searches=self.searches or other.searches,
            everything=self.everything or other.everything,
            feeds=self.feeds or other.feeds,
            progress=self.progress | other.progress,
        )

    @property
    def membership(self) -> bool:
        """Whether articles joined or left a list: lists, counts and tag counts change."""
        return bool(self.added or self.removed or self.everything)


EVERYTHING = Changes(everything=True)


# --- import ---------------------------------------------------------------------------------


class Imported(Struct, frozen=True):
    path: str
    id: int


class Duplicate(Struct, frozen=True):
    """A file whose text (``by`` "text") or web address (``by`` "address") is already article
    ``of``'s; ``in_trash`` when that article is in the Trash, where it must be restored from
    to be seen again."""

    path: str
    of: int
    in_trash: bool = False
    by: Literal["text", "address"] = "text"


class Failed(Struct, frozen=True):
    path: str
    reason: str


class Warning_(Struct, frozen=True):
    path: str
    message: str


class ImportReport(Struct):
    imported: list[Imported] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    cancelled: bool = False

    @property
    def processed(self) -> int:
        return len(self.imported) + len(self.duplicates) + len(self.failed)

    def imported_ids(self) -> frozenset[int]:
        """The ids of the articles this import made: a duplicate of one of them is a file
        that repeats another file of the same import, not one already in the library."""
        return frozenset(item.id for item in self.imported)


class ImportProgress(Struct, frozen=True):
    """Reported after each file. ``total`` is None while files are still being discovered."""

    done: int
    total: int | None
    path: str
    imported: int
    duplicates: int
    failed: int


ProgressCallback = Callable[[ImportProgress], None]


# --- fetching the text of articles saved with only their address ------------------------------


class Fetched(Struct, frozen=True):
    id: int
    url: str


class FetchFailed(Struct, frozen=True):
    id: int
    url: str
    reason: str


class FetchReport(Struct):
    """What fetching did, article by article; articles not reached before a cancel are in
    neither list, and still wait for their text."""

    fetched: list[Fetched] = field(default_factory=list)
    failed: list[FetchFailed] = field(default_factory=list)
    cancelled: bool = False


CountProgress = Callable[[int, int], None]  # (done, total)
CancelCheck = Callable[[], bool]
ChangeListener = Callable[[Changes], None]


class LibraryUpgrade(Struct, frozen=True):
    """A library made by an older version, about to be brought to this version's schema:
    what ``Library.open`` hands its ``on_upgrade`` before the slow part (the backup, then
    every migration in one transaction; at 100,000 articles, tens of seconds)."""

    library: str
    """What the user calls it: its file name, or ``database on host``."""
    from_revision: str
    to_revision: str
    backup: Path | None
    """Where the copy made before the upgrade goes; None for a server library, which is not
    copied (its owner backs it up on the server)."""
    backup_advice: str = ""
    """For a server library: the ``pg_dump`` command that makes a copy of it."""

    @property
    def backup_note(self) -> str:
        """Where the copy is kept, or how to make one, as one phrase for a message."""
        if self.backup is not None:
            return f"a backup is kept at {self.backup}"
        return f"a server library is not copied first; back it up with {self.backup_advice}"


UpgradeListener = Callable[[LibraryUpgrade], None]
