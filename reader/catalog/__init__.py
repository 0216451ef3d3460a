"""The library's content as queries and edits on its tables: articles, tags, notes and
highlights, the Trash, saved searches. Plain SQLAlchemy Core that any storage engine runs;
what only one engine can do is asked of :mod:`reader.store`."""
