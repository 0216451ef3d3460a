"""A log of what each write changed, for windows that follow other programs' writes.

Every write transaction adds a row (who wrote it, and what it changed as JSON) in the same
transaction; a window reads the rows after the last it saw once a cheap signal says the
library changed: ``PRAGMA data_version`` on SQLite, and on PostgreSQL the notice the trigger
below sends when the row's transaction commits.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from reader.store.migrations.engines import on_postgres

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("changes", sa.Text, nullable=False),
        sa.Column("made_at", sa.DateTime, nullable=False),
    )
    if on_postgres():
        op.execute(
            """
            CREATE FUNCTION broadsheet_announce_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('broadsheet_changes', NEW.id::text);
                RETURN NULL;
            END $$
            """
        )
        op.execute(
            "CREATE TRIGGER change_log_announce AFTER INSERT ON change_log "
            "FOR EACH ROW EXECUTE FUNCTION broadsheet_announce_change()"
        )


def downgrade() -> None:
    op.drop_table("change_log")
    if on_postgres():
        op.execute("DROP FUNCTION IF EXISTS broadsheet_announce_change()")
