"""Broadsheet's version: ``version`` in pyproject.toml is the one place it is written.

An installation (wheel, pipx, editable) records it in the package metadata; a clone run
without installing has no metadata, so the pyproject.toml beside the source is read instead.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

DISTRIBUTION = "broadsheet"
UNKNOWN = "unknown"
PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def version() -> str:
    """The installed version, else the source tree's, else ``"unknown"``."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return source_version(PYPROJECT) or UNKNOWN


def source_version(pyproject: Path) -> str | None:
    """The version ``pyproject`` gives Broadsheet; None if it is missing or another project's."""
    import tomllib  # only a clone without metadata gets here

    try:
        with pyproject.open("rb") as handle:
            project = tomllib.load(handle).get("project", {})
    except (OSError, tomllib.TOMLDecodeError):
        return None
    found = project.get("version") if project.get("name") == DISTRIBUTION else None
    return found if isinstance(found, str) else None
