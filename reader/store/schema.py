"""The library's tables, declared once. Migrations in ``reader/store/migrations`` create them.

Queries run on these tables through SQLAlchemy Core: the list and the importer handle tens of
thousands of rows, where ORM objects cost more than they give. So the tables are Core
``Table``s too: mapping them as declarative classes cost the window's start-up about 30 ms,
for classes nothing used. A table's comment above it says what a row is.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy import (
    text as sql_text,
)

metadata = MetaData()


_FLAGS = ("read", "starred", "has_note", "highlight_count")


articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    Column("published", Date, nullable=True),
    Column("source", Text, nullable=True),
    Column("path", Text, nullable=True),
    Column("content_hash", String(64), unique=True, nullable=False),
    Column("imported_at", DateTime, nullable=False),
    Column("read", Boolean, default=False, server_default=sql_text("0"), nullable=False),
    Column("starred", Boolean, default=False, server_default=sql_text("0"), nullable=False),
    # Kept by triggers so one query fills a list page without touching notes or highlights.
    Column("has_note", Boolean, default=False, server_default=sql_text("0"), nullable=False),
    Column("highlight_count", Integer, default=0, server_default=sql_text("0"), nullable=False),
    # Set while the article is in the trash; every list and count leaves such rows out.
    Column("deleted_at", DateTime, nullable=True),
    # Where the article was read on the web, and who wrote it (saved pages, clips, exports).
    Column("url", Text, nullable=True),
    Column("author", Text, nullable=True),
    # ``reader.addresses.url_key(url)``: what duplicate checks and ``site:`` compare.
    Column("url_key", Text, nullable=True),
    # False for an entry that came with an address but no text (a read-later export's link):
    # its body is empty until the page is fetched.
    Column("text_fetched", Boolean, default=True, server_default=sql_text("1"), nullable=False),
    # How far the article has been read: its scroll position as a fraction, 0 (the top) to
    # 1 (the end). Kept here rather than beside the window, so it goes where the library goes.
    Column("progress", Float, default=0.0, server_default=sql_text("0"), nullable=False),
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


tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    # casefold(name): tags are one tag whatever their case, beyond ASCII too.
    Column("key", Text, unique=True, nullable=False),
    Column("color", String(7), nullable=True),
)


article_tags = Table(
    "article_tags",
    metadata,
    Column("tag_id", Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_article_tags_article", "article_id"),
)


notes = Table(
    "notes",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("text", Text, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)


highlights = Table(
    "highlights",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("color", String(32), nullable=False),
    Column("comment", Text, default="", server_default=sql_text("''"), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Index("ix_highlights_article", "article_id", "start"),
)


saved_searches = Table(
    "saved_searches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("key", Text, unique=True, nullable=False),
    Column("query", Text, nullable=False),
    Column("position", Integer, default=0, server_default=sql_text("0"), nullable=False),
)


# A subscription. ``etag``/``last_modified`` make the next fetch conditional; ``error`` is the
# last refresh's failure (None when it went well); ``gone_at`` is set by a 410 and stops
# automatic refreshes.
feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, unique=True, nullable=False),
    Column("title", Text, nullable=False),
    Column("site_url", Text, nullable=True),
    # Fetch each entry's page for its whole article (feeds that carry only a summary).
    Column("full_text", Boolean, default=False, server_default=sql_text("0"), nullable=False),
    Column("paused", Boolean, default=False, server_default=sql_text("0"), nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("added_at", DateTime, nullable=False),
    Column("checked_at", DateTime, nullable=True),
    Column("error", Text, nullable=True),
    Column("gone_at", DateTime, nullable=True),
    # Until when the server asked to be left alone (Retry-After on a 429 or 503).
    Column("retry_at", DateTime, nullable=True),
)


# A tag every article from the feed gets, by name (the tag is made when one lands).
feed_tags = Table(
    "feed_tags",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("name", Text, primary_key=True),
)


# An entry a feed has carried, known by ``entry_key`` (a hash of its id, else its link, else its
# text). The article outlives the entry in the feed; an entry whose article was deleted for good
# stays known (``article_id`` NULL), so it does not come back.
feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_key", String(64), primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
    # ``feed:ID`` and the unread counts read a feed's articles from the index alone.
    Index("ix_feed_entries_feed_article", "feed_id", "article_id"),
    # Deleting articles for good finds their entries without a scan.
    Index("ix_feed_entries_article", "article_id"),
)


# How many articles each word is in, counted on (a sample of) the library: the weights of the
# related-articles vectors. The newest row of the current version is in use.
term_models = Table(
    "term_models",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version", Integer, nullable=False),
    Column("dimensions", Integer, nullable=False),
    Column("documents", Integer, nullable=False),
    # {word: articles} as JSON, compressed with zlib.
    Column("frequencies", LargeBinary, nullable=False),
    Column("created_at", DateTime, nullable=False),
)


# An article's related-articles vector (a scale, then a signed byte per dimension), made under
# the term model ``model``; ``stamp`` grows with every batch written, so a reader loads only
# what is new since it last looked. A vector whose article's title changed has ``model`` 0.
article_vectors = Table(
    "article_vectors",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True),
    Column("model", Integer, nullable=False),
    Column("stamp", Integer, nullable=False),
    Column("vector", LargeBinary, nullable=False),
    Index("ix_article_vectors_stamp", "stamp", "model"),
)


# When an article was opened or marked read. ``article_id`` is emptied when the article is
# deleted for good, so the reading it records still counts. ``estimated`` events were made from
# the read flag of an article read before events were kept: their time is its import's.
reading_events = Table(
    "reading_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
    Column("kind", String(8), nullable=False),  # "opened" or "read"
    Column("at", DateTime, nullable=False),
    Column("estimated", Boolean, default=False, server_default=sql_text("0"), nullable=False),
    Index("ix_reading_events_kind_at", "kind", "at", "estimated"),
    Index("ix_reading_events_article", "article_id"),
)


# One write: who made it (a library opened in some program) and what it changed.
change_log = Table(
    "change_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("origin", Text, nullable=False),
    Column("changes", Text, nullable=False),
    Column("made_at", DateTime, nullable=False),
)
