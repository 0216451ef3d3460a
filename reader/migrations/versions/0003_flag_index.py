"""A covering index for the sidebar's counts.

The flags sit after the body in each row, so counting them read the whole table (~150 ms at
100,000 articles); from this index it reads a few megabytes (~10 ms).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_articles_flags",
        "articles",
        ["deleted_at", "read", "starred", "has_note", "highlight_count"],
    )


def downgrade() -> None:
    op.drop_index("ix_articles_flags", "articles")
