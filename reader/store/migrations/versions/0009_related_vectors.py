"""Vectors of articles for related articles and tag suggestions, and the word counts that
weigh them.

Both tables start empty: the vectors are computed from the library (``library.related``)
the first time they are needed, and kept up to date from then on.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_models",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("dimensions", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("frequencies", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "article_vectors",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("model", sa.Integer, nullable=False),
        sa.Column("stamp", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )
    op.create_index("ix_article_vectors_stamp", "article_vectors", ["stamp", "model"])


def downgrade() -> None:
    op.drop_index("ix_article_vectors_stamp", "article_vectors")
    op.drop_table("article_vectors")
    op.drop_table("term_models")
