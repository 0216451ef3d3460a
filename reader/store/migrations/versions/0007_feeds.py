"""Feed subscriptions, the tags their articles get, and the entries each feed has carried.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.engines import flag

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feeds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("url", sa.Text, nullable=False, unique=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("site_url", sa.Text, nullable=True),
        sa.Column("full_text", sa.Boolean, nullable=False, server_default=flag(False)),
        sa.Column("paused", sa.Boolean, nullable=False, server_default=flag(False)),
        sa.Column("etag", sa.Text, nullable=True),
        sa.Column("last_modified", sa.Text, nullable=True),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.Column("checked_at", sa.DateTime, nullable=True),
        sa.Column("error", sa.Text, nullable=True),
        sa.Column("gone_at", sa.DateTime, nullable=True),
    )
    op.create_table(
        "feed_tags",
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("name", sa.Text, primary_key=True),
    )
    op.create_table(
        "feed_entries",
        sa.Column("feed_id", sa.Integer, sa.ForeignKey("feeds.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("entry_key", sa.String(64), primary_key=True),
        sa.Column("article_id", sa.Integer,
                  sa.ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
    )
    op.create_index("ix_feed_entries_feed_article", "feed_entries", ["feed_id", "article_id"])
    op.create_index("ix_feed_entries_article", "feed_entries", ["article_id"])


def downgrade() -> None:
    op.drop_table("feed_entries")
    op.drop_table("feed_tags")
    op.drop_table("feeds")
