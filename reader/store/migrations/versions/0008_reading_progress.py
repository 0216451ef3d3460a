"""Articles remember how far they were read: their scroll position as a fraction.

The same on both engines: a ``progress`` column with a constant default (``0``, which SQLite
stores as a real and PostgreSQL as a double precision).

On SQLite the source index is made again where 0003 made it on a quoted name: SQLite read
``"source COLLATE NOCASE"`` as a string, so the index sorted nothing, and SQLite refused to
drop any column of ``articles`` (this revision's downgrade) while it stood.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.engines import empty_first, nocase, on_postgres

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


QUOTED_SOURCE = '"source COLLATE NOCASE"'


def _repair_source_index() -> None:
    made = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'ix_articles_source'"
    ).scalar()
    if made is not None and QUOTED_SOURCE in made:
        op.drop_index("ix_articles_source", "articles")
        op.create_index("ix_articles_source", "articles",
                        ["deleted_at", empty_first(nocase("source").text), "id"])


def upgrade() -> None:
    if not on_postgres():
        _repair_source_index()
    # Plain ADD COLUMN with a constant default, instant at any size on either engine: a
    # batch operation would copy the table on SQLite, and the copy would lose the triggers
    # that keep the full-text index.
    op.add_column(
        "articles",
        sa.Column("progress", sa.Float, nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    # SQLite 3.35 and later, and PostgreSQL, drop a column in place.
    op.drop_column("articles", "progress")
