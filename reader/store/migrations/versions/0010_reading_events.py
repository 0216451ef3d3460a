"""Reading recorded as events (an article opened, an article marked read), and indexes for
statistics of when articles were added and what is read by source.

A library kept before events starts with what it knows: each article marked read gets one
``read`` event, ``estimated``, at the time it was imported.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.engines import flag

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reading_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("estimated", sa.Boolean, nullable=False, server_default=flag(False)),
    )
    op.create_index("ix_reading_events_kind_at", "reading_events", ["kind", "at", "estimated"])
    op.create_index("ix_reading_events_article", "reading_events", ["article_id"])
    op.create_index("ix_articles_imported", "articles", ["imported_at", "read", "deleted_at"])
    op.create_index("ix_articles_source_read", "articles", ["deleted_at", "source", "read"])
    # Spelled in SQLAlchemy: SQLite's flags are 0 and 1, PostgreSQL's true and false.
    articles = sa.table("articles", sa.column("id", sa.Integer),
                        sa.column("imported_at", sa.DateTime), sa.column("read", sa.Boolean))
    events = sa.table("reading_events", sa.column("article_id", sa.Integer),
                      sa.column("kind", sa.String), sa.column("at", sa.DateTime),
                      sa.column("estimated", sa.Boolean))
    op.execute(events.insert().from_select(
        ["article_id", "kind", "at", "estimated"],
        sa.select(articles.c.id, sa.literal("read"), articles.c.imported_at, sa.true())
        .where(articles.c.read.is_(True)),
    ))


def downgrade() -> None:
    op.drop_index("ix_articles_source_read", "articles")
    op.drop_index("ix_articles_imported", "articles")
    op.drop_index("ix_reading_events_article", "reading_events")
    op.drop_index("ix_reading_events_kind_at", "reading_events")
    op.drop_table("reading_events")
