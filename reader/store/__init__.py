"""Where a library is kept: the schema, its migrations, and everything that depends on the
storage engine (SQLite today): connections and transactions, the full-text index, backups and
integrity checks."""
