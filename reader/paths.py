"""Where the library lives."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

from reader.errors import InvalidValue
from reader.store.location import LibraryLocation, ServerLocation, parse_location

APP_NAME = "Broadsheet"
ENV_VAR = "BROADSHEET_LIBRARY"
LIBRARY_FILENAME = "library.sqlite3"


def default_library_path() -> Path:
    """The embedded default: a SQLite file in the user data dir, made on first start."""
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False)) / LIBRARY_FILENAME


def resolve_library_location(
    explicit: str | os.PathLike[str] | ServerLocation | None = None,
) -> LibraryLocation:
    """``--library`` wins over the environment variable, which wins over the default. A
    ``postgresql://`` address is a server library, never a file name; InvalidValue for an
    address of another kind."""
    if isinstance(explicit, ServerLocation):
        return explicit
    if explicit:
        return parse_location(os.fspath(explicit))
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return parse_location(from_env)
    return default_library_path()


def resolve_library_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library file to use; InvalidValue when the choice is a server library."""
    found = resolve_library_location(explicit)
    if not isinstance(found, Path):
        raise InvalidValue(f"{found} is a server library, not a file")
    return found


def library_folder(location: LibraryLocation) -> Path:
    """The folder of this machine kept for a library: a file's own folder, or one in the
    user data dir for a server library (its backups, an inbox's record)."""
    if isinstance(location, Path):
        return location.parent
    return location.local_folder(Path(appdirs.user_data_dir(APP_NAME, appauthor=False)))
