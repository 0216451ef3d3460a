"""The library's tables, declared once. Migrations in ``reader/store/migrations`` create them.

Queries run on these tables through SQLAlchemy Core: the list and the importer handle tens of
thousands of rows, where ORM objects cost more than they give.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)
from sqlalchemy import (
    text as sql_text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


_FLAGS = ("read", "starred", "has_note", "highlight_count")


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, nullable=True)
    source: Mapped[str | None] = mapped_column(Text, nullable=True)
    path: Mapped[str | None] = mapped_column(Text, nullable=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    read: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("0"))
    starred: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("0"))
    # Kept by triggers so one query fills a list page without touching notes or highlights.
    has_note: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("0"))
    highlight_count: Mapped[int] = mapped_column(Integer, default=0, server_default=sql_text("0"))
    # Set while the article is in the trash; every list and count leaves such rows out.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    # Where the article was read on the web, and who wrote it (saved pages, clips, exports).
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    author: Mapped[str | None] = mapped_column(Text, nullable=True)
    # ``reader.addresses.url_key(url)``: what duplicate checks and ``site:`` compare.
    url_key: Mapped[str | None] = mapped_column(Text, nullable=True)
    # False for an entry that came with an address but no text (a read-later export's link):
    # its body is empty until the page is fetched.
    text_fetched: Mapped[bool] = mapped_column(
        Boolean, default=True, server_default=sql_text("1")
    )
    # How far the article has been read: its scroll position as a fraction, 0 (the top) to
    # 1 (the end). Kept here rather than beside the window, so it goes where the library goes.
    progress: Mapped[float] = mapped_column(Float, default=0.0, server_default=sql_text("0"))

    __table_args__ = (
        # Every list leaves the trash out, so every list index leads with deleted_at.
        Index("ix_articles_published", "deleted_at", "published", "id", *_FLAGS),
        Index("ix_articles_title", "deleted_at", sql_text("title COLLATE NOCASE"), "id"),
        Index("ix_articles_source", "deleted_at", sql_text("source COLLATE NOCASE"), "id"),
        Index("ix_articles_deleted", "deleted_at"),
        Index("ix_articles_flags", "deleted_at", *_FLAGS),
        Index("ix_articles_url_key", "url_key"),
        # Articles added per day and the unread backlog's age, read from the index alone.
        Index("ix_articles_imported", "imported_at", "read", "deleted_at"),
        # Reading by source, counted from the index in source order: the source index
        # sorts without regard to case and holds no read flag, so each row would be read.
        Index("ix_articles_source_read", "deleted_at", "source", "read"),
    )


class TagRow(Base):
    __tablename__ = "tags"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    # casefold(name): tags are one tag whatever their case, beyond ASCII too.
    key: Mapped[str] = mapped_column(Text, unique=True)
    color: Mapped[str | None] = mapped_column(String(7), nullable=True)


class ArticleTagRow(Base):
    __tablename__ = "article_tags"

    tag_id: Mapped[int] = mapped_column(
        ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index("ix_article_tags_article", "article_id"),)


class NoteRow(Base):
    __tablename__ = "notes"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class HighlightRow(Base):
    __tablename__ = "highlights"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    color: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str] = mapped_column(Text, default="", server_default=sql_text("''"))
    created_at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (Index("ix_highlights_article", "article_id", "start"),)


class SavedSearchRow(Base):
    __tablename__ = "saved_searches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    key: Mapped[str] = mapped_column(Text, unique=True)
    query: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default=sql_text("0"))


class FeedRow(Base):
    """A subscription. ``etag``/``last_modified`` make the next fetch conditional; ``error``
    is the last refresh's failure (None when it went well); ``gone_at`` is set by a 410 and
    stops automatic refreshes."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    title: Mapped[str] = mapped_column(Text)
    site_url: Mapped[str | None] = mapped_column(Text, nullable=True)
    # Fetch each entry's page for its whole article (feeds that carry only a summary).
    full_text: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("0"))
    paused: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sql_text("0"))
    etag: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_modified: Mapped[str | None] = mapped_column(Text, nullable=True)
    added_at: Mapped[datetime] = mapped_column(DateTime)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    gone_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class FeedTagRow(Base):
    """A tag every article from the feed gets, by name (the tag is made when one lands)."""

    __tablename__ = "feed_tags"

    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(Text, primary_key=True)


class FeedEntryRow(Base):
    """An entry a feed has carried, known by ``entry_key`` (a hash of its id, else its link,
    else its text). The article outlives the entry in the feed; an entry whose article was
    deleted for good stays known (``article_id`` NULL), so it does not come back."""

    __tablename__ = "feed_entries"

    feed_id: Mapped[int] = mapped_column(
        ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True
    )
    entry_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )

    __table_args__ = (
        # ``feed:ID`` and the unread counts read a feed's articles from the index alone.
        Index("ix_feed_entries_feed_article", "feed_id", "article_id"),
        # Deleting articles for good finds their entries without a scan.
        Index("ix_feed_entries_article", "article_id"),
    )


class TermModelRow(Base):
    """How many articles each word is in, counted on (a sample of) the library: the weights
    of the related-articles vectors. The newest row of the current version is in use."""

    __tablename__ = "term_models"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    dimensions: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)
    # {word: articles} as JSON, compressed with zlib.
    frequencies: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime)


class ArticleVectorRow(Base):
    """An article's related-articles vector (a scale, then a signed byte per dimension), made
    under the term model ``model``; ``stamp`` grows with every batch written, so a reader
    loads only what is new since it last looked. A vector whose article's title changed has
    ``model`` 0."""

    __tablename__ = "article_vectors"

    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    model: Mapped[int] = mapped_column(Integer)
    stamp: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_article_vectors_stamp", "stamp", "model"),)


class ReadingEventRow(Base):
    """When an article was opened or marked read. ``article_id`` is emptied when the article
    is deleted for good, so the reading it records still counts. ``estimated`` events were
    made from the read flag of an article read before events were kept: their time is its
    import's."""

    __tablename__ = "reading_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="SET NULL"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(8))  # "opened" or "read"
    at: Mapped[datetime] = mapped_column(DateTime)
    estimated: Mapped[bool] = mapped_column(Boolean, default=False,
                                            server_default=sql_text("0"))

    __table_args__ = (
        Index("ix_reading_events_kind_at", "kind", "at", "estimated"),
        Index("ix_reading_events_article", "article_id"),
    )


# ``__table__`` is typed as a FromClause; these are Tables, and typed so ``.c``, ``insert()``,
# ``update()`` and ``delete()`` check.
articles = cast(Table, ArticleRow.__table__)
saved_searches = cast(Table, SavedSearchRow.__table__)
tags = cast(Table, TagRow.__table__)
article_tags = cast(Table, ArticleTagRow.__table__)
notes = cast(Table, NoteRow.__table__)
highlights = cast(Table, HighlightRow.__table__)


class ChangeLogRow(Base):
    """One write: who made it (a library opened in some program) and what it changed."""

    __tablename__ = "change_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    origin: Mapped[str] = mapped_column(Text)
    changes: Mapped[str] = mapped_column(Text)
    made_at: Mapped[datetime] = mapped_column(DateTime)


change_log = cast(Table, ChangeLogRow.__table__)
feeds = cast(Table, FeedRow.__table__)
feed_tags = cast(Table, FeedTagRow.__table__)
feed_entries = cast(Table, FeedEntryRow.__table__)
term_models = cast(Table, TermModelRow.__table__)
article_vectors = cast(Table, ArticleVectorRow.__table__)
reading_events = cast(Table, ReadingEventRow.__table__)
