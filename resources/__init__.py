"""Broadsheet's icons, style sheet and desktop entry, shipped inside the package.

They are read through :mod:`importlib.resources`, not by a path beside the source tree, so a
clone, an editable install and an installed wheel find the same files. Nothing here imports
Qt: the command line reads the desktop entry and the app icon from here too.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

DESKTOP_ENTRY = "broadsheet.desktop"
STYLE_SHEET = "style.qss"
APP_ICON = "broadsheet"


def resource(name: str) -> Traversable:
    """The file ``name`` (``"style.qss"``, ``"icons/tag.svg"``) of this folder."""
    found = files(__name__)
    for part in name.split("/"):
        found = found / part
    return found


def icon_file(name: str) -> Traversable:
    """The SVG of the icon ``name``."""
    return resource(f"icons/{name}.svg")
