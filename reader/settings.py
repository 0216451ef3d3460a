"""User preferences, declared once with their defaults.

Stored as JSON beside the user's config (appdirs); window geometry and other view state live
in QSettings on the GUI side instead.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

import appdirs

from reader.errors import InvalidValue
from reader.paths import APP_NAME

CONFIG_ENV_VAR = "BROADSHEET_CONFIG"
MAX_COLOR_NAME = 40
MIN_FONT_SIZE = 8
MAX_FONT_SIZE = 36
MAX_BACKUPS = 30


@dataclass(frozen=True, slots=True)
class HighlightColor:
    key: str  # stored with each highlight; never changes
    name: str  # what the user calls it; editable
    hex: str


DEFAULT_HIGHLIGHT_COLORS = (
    HighlightColor("yellow", "Key point", "#f9e27d"),
    HighlightColor("red", "Disputed", "#f4a3a3"),
    HighlightColor("green", "Evidence", "#a8e0a1"),
    HighlightColor("blue", "Follow up", "#a9cdf5"),
)


@dataclass(slots=True)
class Settings:
    mark_read_on_open: bool = True
    reading_font_size: int = 12
    # Each daily backup is a full copy of the library (~900 MB at 100,000 articles).
    backups_to_keep: int = 3
    highlight_colors: list[HighlightColor] = field(
        default_factory=lambda: list(DEFAULT_HIGHLIGHT_COLORS)
    )

    def color(self, key: str) -> HighlightColor:
        for color in self.highlight_colors:
            if color.key == key:
                return color
        return HighlightColor(key, key.title(), "#dddddd")


def renamed_colors(
    colors: list[HighlightColor], names: list[str]
) -> list[HighlightColor]:
    """``colors`` called ``names`` (in the same order), each trimmed. InvalidValue when a
    name is empty, too long, or the name of another colour in the palette as well."""
    renamed: list[HighlightColor] = []
    taken: set[str] = set()
    for color, typed in zip(colors, names, strict=True):
        name = " ".join(typed.split())
        if not name:
            raise InvalidValue(f"the {color.key} highlight colour needs a name")
        if len(name) > MAX_COLOR_NAME:
            raise InvalidValue(f"colour names are at most {MAX_COLOR_NAME} characters")
        if name.casefold() in taken:
            raise InvalidValue(f"two colours cannot both be called “{name}”")
        taken.add(name.casefold())
        renamed.append(HighlightColor(color.key, name, color.hex))
    return renamed


def settings_path() -> Path:
    explicit = os.environ.get(CONFIG_ENV_VAR)
    if explicit:
        return Path(explicit)
    return Path(appdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path``; missing, unreadable or malformed entries fall back to defaults."""
    target = path or settings_path()
    try:
        raw: Any = json.loads(target.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    settings = Settings()
    known = {f.name for f in fields(Settings)}
    for name, value in raw.items():
        if name not in known:
            continue
        if name == "highlight_colors":
            colors = _colors(value)
            if colors:
                settings.highlight_colors = colors
        elif isinstance(value, type(getattr(settings, name))):
            setattr(settings, name, value)
    return settings


def _colors(value: Any) -> list[HighlightColor]:
    if not isinstance(value, list):
        return []
    colors = []
    for item in value:
        fields_present = isinstance(item, dict) and all(
            isinstance(item.get(k), str) for k in ("key", "name", "hex")
        )
        if fields_present:
            colors.append(HighlightColor(item["key"], item["name"], item["hex"]))
    return colors


def save_settings(settings: Settings, path: Path | None = None) -> None:
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(asdict(settings), indent=2), encoding="utf-8")
    temporary.replace(target)
