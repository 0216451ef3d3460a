"""Articles carry their web address, its key, their author, and whether their text is in.

``url_key`` (``reader.addresses.url_key``) is indexed: every import looks up the keys of its
batch, and ``site:`` reads a range of them. Existing articles came from text files: no
address, no author, and their text is there.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.engines import flag

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN, instant at any size: a batch operation would copy the table, and the
    # copy would lose the triggers that keep the full-text index.
    op.add_column("articles", sa.Column("url", sa.Text, nullable=True))
    op.add_column("articles", sa.Column("author", sa.Text, nullable=True))
    op.add_column("articles", sa.Column("url_key", sa.Text, nullable=True))
    op.add_column(
        "articles",
        sa.Column("text_fetched", sa.Boolean, nullable=False, server_default=flag(True)),
    )
    op.create_index("ix_articles_url_key", "articles", ["url_key"])


def downgrade() -> None:
    op.drop_index("ix_articles_url_key", "articles")
    for name in ("text_fetched", "url_key", "author", "url"):
        op.drop_column("articles", name)  # SQLite 3.35 and later drop a column in place
