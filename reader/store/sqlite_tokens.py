"""How FTS5 is given the tokens of :mod:`reader.search.tokens`.

The index's tokens are made in Python (``index_text``), the same for every engine. SQLite's
part: ``article_fts`` splits the text it is given at spaces with ``unicode61`` keeping marks
as token characters (:data:`TOKENIZER`; without ``M*`` a Thai or Hindi word would fall apart
at its vowel signs), and every connection the store opens has :data:`TOKENS_SQL`, a
deterministic SQL function, so the triggers and the bulk ``INSERT … SELECT`` statements keep
indexing in one statement inside SQLite.
"""

from __future__ import annotations

import sqlite3

from reader.search.tokens import index_text

TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* M* N* Co'"
# The SQL function the triggers and the bulk statements call (named in the migrations).
TOKENS_SQL = "fts_tokens"


def fts5_text(text: str) -> str:
    """What ``article_fts`` stores for ``text``: the tokens of ``index_text``.

    ASCII text is handed over as it is: :data:`TOKENIZER` splits it into the very tokens
    ``index_text`` makes (runs of letters and digits, lower-cased), and skipping Python's
    pass over it saves 0.1-0.2 ms an article, more than half of what tokenizing costs an
    import of English news.
    """
    return text if text.isascii() else index_text(text)


def _sql_tokens(text: str | None) -> str | None:
    return None if text is None else fts5_text(text)


def add_tokens_function(dbapi_connection: sqlite3.Connection) -> None:
    """Give a connection :data:`TOKENS_SQL`: every connection that may write the index
    (a trigger fires on any write) needs it."""
    dbapi_connection.create_function(TOKENS_SQL, 1, _sql_tokens, deterministic=True)
