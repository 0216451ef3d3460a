"""Alembic migrations for the library schema.

``HEAD`` names the newest revision so that opening an up-to-date library never has to import
Alembic; a test keeps it equal to the script directory's head.
"""

HEAD = "0012"
