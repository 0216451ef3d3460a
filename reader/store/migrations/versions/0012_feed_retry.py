"""Feeds remember when their server asked to be left alone until (``Retry-After`` on a 429
or 503 answer): refreshing every feed skips them until then.

The same on both engines: a nullable ``retry_at`` column, added in place (no table copy).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("feeds", sa.Column("retry_at", sa.DateTime, nullable=True))


def downgrade() -> None:
    op.drop_column("feeds", "retry_at")
