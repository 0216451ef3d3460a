"""The search language: :mod:`reader.search.syntax` reads a query, :mod:`reader.search.sql`
turns it into conditions on the library's tables."""
