"""Where a library is: a file on this machine, or a database on a PostgreSQL server.

A ``--library`` argument, ``$BROADSHEET_LIBRARY`` or a recent library in the settings is read
here once, so an address is never mistaken for a file name (``postgresql://…`` would
otherwise make a local file called ``postgresql:``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeAlias
from urllib.parse import quote

from msgspec import Struct

from reader.errors import InvalidValue

# The schemes SQLAlchemy and libpq accept for PostgreSQL; every one is opened with psycopg 3.
SERVER_SCHEMES = ("postgresql", "postgresql+psycopg", "postgres")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://")


class ServerLocation(Struct, frozen=True):
    """A library kept in a PostgreSQL database. ``url`` is the address as given, less any
    password (which comes from ``~/.pgpass`` or ``$PGPASSWORD``, and is never stored)."""

    url: str

    @property
    def driver_url(self) -> str:
        """The address in the form SQLAlchemy opens with psycopg 3."""
        return "postgresql+psycopg://" + self.url.split("://", 1)[1]

    @property
    def name(self) -> str:
        """What the user calls it: ``news on db.example.org``."""
        from sqlalchemy.engine import make_url

        parsed = make_url(self.driver_url)
        host = parsed.host or str(parsed.query.get("host", "")) or "this machine"
        if host.startswith("/"):
            host = "this machine"
        return f"{parsed.database or parsed.username or 'postgres'} on {host}"

    def local_folder(self, data_dir: Path) -> Path:
        """A folder of this machine for what is kept about the library locally (its backups,
        an inbox's record): named after the address, one per library."""
        return data_dir / "servers" / quote(self.url.split("://", 1)[1], safe="")

    def __str__(self) -> str:
        return self.url


LibraryLocation: TypeAlias = Path | ServerLocation


def parse_location(text: str) -> LibraryLocation:
    """``text`` as a library location: a server address for the PostgreSQL schemes, a file
    path otherwise. Raises InvalidValue for a password in the address (it would end up in
    settings and process lists) or an address of a kind no engine opens."""
    found = _SCHEME.match(text)
    if found is None:
        return Path(text).expanduser()
    scheme = found.group(1).lower()
    if scheme not in SERVER_SCHEMES:
        raise InvalidValue(
            f"{text!r} is not a library: give a file, or a postgresql://user@host/database "
            "address"
        )
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    rest = text[found.end():]
    try:
        parsed = make_url(f"postgresql+psycopg://{rest}")
    except ArgumentError as exc:
        raise InvalidValue(f"{text!r} is not a valid server address: {exc}") from None
    if parsed.password is not None:
        raise InvalidValue(
            "leave the password out of the library address: put it in ~/.pgpass or "
            "PGPASSWORD, so it is never written to the settings"
        )
    return ServerLocation(f"postgresql://{rest}")
