"""Where the library lives."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

APP_NAME = "Broadsheet"
ENV_VAR = "BROADSHEET_LIBRARY"
LIBRARY_FILENAME = "library.sqlite3"


def default_library_path() -> Path:
    """The embedded default: a SQLite file in the user data dir, made on first start."""
    return Path(appdirs.user_data_dir(APP_NAME, appauthor=False)) / LIBRARY_FILENAME


def resolve_library_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--library`` wins over the environment variable, which wins over the default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_VAR)
    if from_env:
        return Path(from_env).expanduser()
    return default_library_path()
