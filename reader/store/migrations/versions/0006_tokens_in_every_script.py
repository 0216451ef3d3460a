"""The full-text index in every script: tokens made in Python, the same for every engine.

On SQLite, ``article_fts`` is made again to hold the tokens of
``reader.search.tokens.index_text`` (pairs of characters for Chinese, Japanese, Korean and
Thai, whole folded words elsewhere), split at spaces by ``unicode61`` with marks kept in
words. The triggers that copy edits into it now pass the text through the connection's
tokens function, and every article outside the Trash is indexed again, in batches of ids.

PostgreSQL's ``article_search`` has held these very tokens since it was made (its documents
are written from ``index_text`` in Python), and the rules that make them are unchanged: there
is nothing to do there, either way.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlite3

from alembic import op

from reader.store.migrations.engines import on_postgres
from reader.store.sqlite_tokens import TOKENIZER, TOKENS_SQL, add_tokens_function

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# Ids per INSERT ... SELECT: each batch's tokens are made and indexed before the next is
# read, so the statement never holds more than a few thousand articles.
BATCH = 5000

OLD_TOKENIZER = "unicode61 remove_diacritics 2"
NOTES = ("notes_ai", "notes_au")
HIGHLIGHTS = ("highlights_insert", "highlights_update", "highlights_delete")


def _tokens(sql: str, tokenized: bool) -> str:
    return f"{TOKENS_SQL}({sql})" if tokenized else sql


def _triggers(tokenized: bool) -> list[str]:
    """The triggers that copy text into the index (0001's, with the tokens function when
    ``tokenized``)."""
    created = [
        f"""
        CREATE TRIGGER articles_text_au AFTER UPDATE OF title, body ON articles BEGIN
            UPDATE article_fts SET title = {_tokens("new.title", tokenized)},
                body = {_tokens("new.body", tokenized)} WHERE rowid = new.id;
        END
        """
    ]
    for name, event in zip(NOTES, ("INSERT", "UPDATE"), strict=True):
        created.append(f"""
        CREATE TRIGGER {name} AFTER {event} ON notes BEGIN
            UPDATE article_fts SET note = {_tokens("new.text", tokenized)}
                WHERE rowid = new.article_id;
            UPDATE articles SET has_note = (length(trim(new.text)) > 0) WHERE id = new.article_id;
        END
        """)
    for name, event, ref in zip(HIGHLIGHTS, ("INSERT", "UPDATE", "DELETE"), ("new", "new", "old"),
                                strict=True):
        gathered = (f"coalesce((SELECT group_concat(text || ' ' || comment, ' ') FROM highlights "
                    f"WHERE article_id = {ref}.article_id), '')")
        created.append(f"""
        CREATE TRIGGER {name} AFTER {event} ON highlights BEGIN
            UPDATE article_fts SET highlights = {_tokens(gathered, tokenized)}
                WHERE rowid = {ref}.article_id;
            UPDATE articles SET highlight_count =
                (SELECT count(*) FROM highlights WHERE article_id = {ref}.article_id)
                WHERE id = {ref}.article_id;
        END
        """)
    return created


def _reindex_sql(tokenized: bool) -> str:
    note = "coalesce(n.text, '')"
    gathered = ("coalesce((SELECT group_concat(h.text || ' ' || h.comment, ' ') FROM highlights h "
                "WHERE h.article_id = a.id), '')")
    return (
        "INSERT INTO article_fts(rowid, title, body, note, highlights) "
        f"SELECT a.id, {_tokens('a.title', tokenized)}, {_tokens('a.body', tokenized)}, "
        f"{_tokens(note, tokenized)}, {_tokens(gathered, tokenized)} "
        "FROM articles a LEFT JOIN notes n ON n.article_id = a.id "
        "WHERE a.deleted_at IS NULL AND a.id > ? AND a.id <= ?"
    )


def _rebuild(tokenizer: str, tokenized: bool) -> None:
    bind = op.get_bind()
    raw = bind.connection.dbapi_connection
    assert isinstance(raw, sqlite3.Connection)
    # The library's connections have the function already; a migration brings its own.
    add_tokens_function(raw)
    for name in ("articles_text_au", *NOTES, *HIGHLIGHTS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE article_fts")
    op.execute(
        "CREATE VIRTUAL TABLE article_fts USING fts5("
        f'title, body, note, highlights, tokenize = "{tokenizer}")'
    )
    for trigger in _triggers(tokenized):
        op.execute(trigger)
    newest = bind.exec_driver_sql("SELECT coalesce(max(id), 0) FROM articles").scalar_one()
    statement = _reindex_sql(tokenized)
    for start in range(0, newest, BATCH):
        bind.exec_driver_sql(statement, (start, start + BATCH))


def upgrade() -> None:
    if not on_postgres():
        _rebuild(TOKENIZER, tokenized=True)


def downgrade() -> None:
    if not on_postgres():
        _rebuild(OLD_TOKENIZER, tokenized=False)
