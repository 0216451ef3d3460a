"""Saved searches, and a trash for deleted articles.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("key", sa.Text, nullable=False, unique=True),
        sa.Column("query", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False, server_default=sa.text("0")),
    )
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("deleted_at", sa.DateTime, nullable=True))
    op.create_index("ix_articles_deleted", "articles", ["deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_articles_deleted", "articles")
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("deleted_at")
    op.drop_table("saved_searches")
