"""Alembic environment: runs on the connection the library hands over."""

from __future__ import annotations

from alembic import context

from reader.store.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies tables.
)
with context.begin_transaction():
    context.run_migrations()
