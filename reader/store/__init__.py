"""Where a library is kept: the schema, its migrations, and everything that depends on the
storage engine (SQLite today): connections and transactions, the full-text index, backups and
integrity checks.

The rest of ``reader`` sees only :mod:`reader.store.interface` (the ``Store`` protocol, with
its ``EngineSql`` and ``FullText``), the tables of :mod:`reader.store.schema`, and
:func:`reader.store.opening.open_store`; a second engine is a new module implementing the
interface."""
