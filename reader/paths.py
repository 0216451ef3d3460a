"""Where the library lives."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

from reader.errors import InvalidValue, LibraryUnavailable
from reader.store.location import LibraryLocation, ServerLocation, parse_location

APP_NAME = "Broadsheet"
ENV_VAR = "BROADSHEET_LIBRARY"
LIBRARY_FILENAME = "library.sqlite3"
# Names SQLite takes for a database that lives in memory and is gone when it closes.
_IN_MEMORY = frozenset({":memory:", "file::memory:"})


def default_library_path() -> Path:
    """The embedded default: a SQLite file in the user data dir, made on first start."""
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False)) / LIBRARY_FILENAME


def resolve_library_location(
    explicit: str | os.PathLike[str] | ServerLocation | None = None,
) -> LibraryLocation:
    """``--library`` wins over the environment variable, which wins over the default. A
    ``postgresql://`` address is a server library, never a file name; InvalidValue for an
    address of another kind.

    An empty ``explicit`` path is refused rather than read as "the default", and so is a
    library that would not be kept (``:memory:``): LibraryUnavailable says why.
    """
    if isinstance(explicit, ServerLocation):
        return explicit
    if explicit is not None:
        return checked_location(explicit)
    from_env = os.environ.get(ENV_VAR)
    if from_env:  # set but empty is the shells' way of unsetting: the default then
        return checked_location(from_env)
    return default_library_path()


def resolve_library_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The library file to use; InvalidValue when the choice is a server library."""
    found = resolve_library_location(explicit)
    if not isinstance(found, Path):
        raise InvalidValue(f"{found} is a server library, not a file")
    return found


def explicit_library_given(explicit: str | os.PathLike[str] | ServerLocation | None) -> bool:
    """Whether the library was named (option or environment) rather than the default."""
    return explicit is not None or bool(os.environ.get(ENV_VAR))


def checked_location(given: str | os.PathLike[str]) -> LibraryLocation:
    """``given`` as a library location (a server address, or a file's path with ``~``
    expanded); LibraryUnavailable for a path that names no file that would be kept."""
    text = os.fspath(given)
    if text == "":
        raise LibraryUnavailable("the library path is empty; give the library file's path")
    if text in _IN_MEMORY or text.startswith("file::memory:"):
        raise LibraryUnavailable(
            f"cannot use {text} as the library: a library in memory is not kept; give a file"
        )
    try:
        return parse_location(text)
    except RuntimeError:  # "~someone" for a user this system does not know
        user = text.split("/", 1)[0]
        raise LibraryUnavailable(
            f"cannot open the library {text}: there is no home folder for {user}"
        ) from None


def checked_library_path(given: str | os.PathLike[str]) -> Path:
    """``given`` as a library file's path; LibraryUnavailable for one that would not be
    kept, InvalidValue for a server address."""
    found = checked_location(given)
    if not isinstance(found, Path):
        raise InvalidValue(f"{found} is a server library, not a file")
    return found


def library_folder(location: LibraryLocation) -> Path:
    """The folder of this machine kept for a library: a file's own folder, or one in the
    user data dir for a server library (its backups, an inbox's record)."""
    if isinstance(location, Path):
        return location.parent
    return location.local_folder(Path(appdirs.user_data_dir(APP_NAME, appauthor=False)))
