"""Articles, tags, notes, highlights and the full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reader.store.migrations import postgres_search
from reader.store.migrations.engines import flag, nocase, on_postgres

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# The full-text index stores its own copy of the text (a regular FTS5 table): notes and
# highlights live in other tables, so an external-content table could not be rebuilt from one.
# New articles are indexed in bulk by the importer; every later change is mirrored by these
# triggers inside the same transaction as the write.
TRIGGERS = [
    """
    CREATE TRIGGER articles_text_au AFTER UPDATE OF title, body ON articles BEGIN
        UPDATE article_fts SET title = new.title, body = new.body WHERE rowid = new.id;
    END
    """,
    """
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        DELETE FROM article_fts WHERE rowid = old.id;
    END
    """,
    """
    CREATE TRIGGER notes_ai AFTER INSERT ON notes BEGIN
        UPDATE article_fts SET note = new.text WHERE rowid = new.article_id;
        UPDATE articles SET has_note = (length(trim(new.text)) > 0) WHERE id = new.article_id;
    END
    """,
    """
    CREATE TRIGGER notes_au AFTER UPDATE ON notes BEGIN
        UPDATE article_fts SET note = new.text WHERE rowid = new.article_id;
        UPDATE articles SET has_note = (length(trim(new.text)) > 0) WHERE id = new.article_id;
    END
    """,
    """
    CREATE TRIGGER notes_ad AFTER DELETE ON notes BEGIN
        UPDATE article_fts SET note = '' WHERE rowid = old.article_id;
        UPDATE articles SET has_note = 0 WHERE id = old.article_id;
    END
    """,
]

HIGHLIGHT_SYNC = """
    UPDATE article_fts SET highlights = coalesce(
        (SELECT group_concat(text || ' ' || comment, ' ') FROM highlights
         WHERE article_id = {ref}.article_id), '')
    WHERE rowid = {ref}.article_id;
    UPDATE articles SET highlight_count =
        (SELECT count(*) FROM highlights WHERE article_id = {ref}.article_id)
    WHERE id = {ref}.article_id;
"""


def upgrade() -> None:
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("published", sa.Date, nullable=True),
        sa.Column("source", sa.Text, nullable=True),
        sa.Column("path", sa.Text, nullable=True),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("imported_at", sa.DateTime, nullable=False),
        sa.Column("read", sa.Boolean, nullable=False, server_default=flag(False)),
        sa.Column("starred", sa.Boolean, nullable=False, server_default=flag(False)),
        sa.Column("has_note", sa.Boolean, nullable=False, server_default=flag(False)),
        sa.Column("highlight_count", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    op.create_index("ix_articles_published", "articles", ["published", "id"])
    op.create_index("ix_articles_title", "articles", [nocase("title"), "id"])
    op.create_index("ix_articles_source", "articles", [nocase("source"), "id"])

    op.create_table(
        "tags",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("color", sa.String(7), nullable=True),
    )
    op.create_table(
        "article_tags",
        sa.Column(
            "tag_id", sa.Integer, sa.ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_index("ix_article_tags_article", "article_tags", ["article_id"])

    op.create_table(
        "notes",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "highlights",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("color", sa.String(32), nullable=False),
        sa.Column("comment", sa.Text, nullable=False, server_default=sa.text("''")),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_highlights_article", "highlights", ["article_id", "start"])

    if on_postgres():
        postgres_search.create()
        return
    op.execute(
        "CREATE VIRTUAL TABLE article_fts USING fts5("
        "title, body, note, highlights, tokenize = 'unicode61 remove_diacritics 2')"
    )
    for trigger in TRIGGERS:
        op.execute(trigger)
    for event, ref in (("INSERT", "new"), ("UPDATE", "new"), ("DELETE", "old")):
        op.execute(
            f"CREATE TRIGGER highlights_{event.lower()} AFTER {event} ON highlights BEGIN "
            f"{HIGHLIGHT_SYNC.format(ref=ref)} END"
        )


def downgrade() -> None:
    if on_postgres():
        postgres_search.drop()
    for name in ("highlights_insert", "highlights_update", "highlights_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS article_fts")
    op.drop_table("highlights")
    op.drop_table("notes")
    op.drop_table("article_tags")
    op.drop_table("tags")
    op.drop_table("articles")
