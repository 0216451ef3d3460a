"""User preferences, each declared once: its type, default, bounds and label.

Stored as JSON beside the user's config (appdirs), with the version of the file's layout; an
older file is upgraded as it is read. Reading never fails: a value of the wrong type is
dropped, a number out of bounds is brought into them, and a file that cannot be read at all
gives the defaults. Window geometry and other view state live in QSettings on the GUI side.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import appdirs
from msgspec import Struct, field

from reader.catalog.tag_names import clean_tags, normalize_name
from reader.errors import InvalidValue
from reader.paths import APP_NAME

CONFIG_ENV_VAR = "BROADSHEET_CONFIG"
SETTINGS_VERSION = 2
# A few hundred bytes is a settings file; anything past this is not one, and is not read.
MAX_FILE_BYTES = 1 << 20
MAX_COLOR_NAME = 40
MAX_FONT_FAMILY = 100
# The system's own families, whatever they are called where the program runs.
SANS_SERIF = "sans-serif"
SERIF = "serif"


class HighlightColor(Struct, frozen=True):
    key: str  # stored with each highlight; never changes
    name: str  # what the user calls it; editable
    hex: str


DEFAULT_HIGHLIGHT_COLORS = (
    HighlightColor("yellow", "Key point", "#f9e27d"),
    HighlightColor("red", "Disputed", "#f4a3a3"),
    HighlightColor("green", "Evidence", "#a8e0a1"),
    HighlightColor("blue", "Follow up", "#a9cdf5"),
)


# --- declarations ----------------------------------------------------------------------------


class BoolOption(Struct, frozen=True):
    """A yes-or-no preference. ``name`` is its field in :class:`Settings` and its key in the
    file; ``label`` is what the Preferences dialog calls it."""

    name: str
    default: bool
    label: str

    def clean(self, value: object) -> bool | None:
        """``value`` as this preference, or None when it is not true or false."""
        return value if isinstance(value, bool) else None

    def stored(self, value: bool) -> bool:
        return value


class IntOption(Struct, frozen=True):
    """A whole number between ``minimum`` and ``maximum``."""

    name: str
    default: int
    label: str
    minimum: int
    maximum: int

    def clean(self, value: object) -> int | None:
        """``value`` brought into the bounds, or None when it is not a whole number (true and
        false are not, though Python's bool is an int)."""
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return min(max(value, self.minimum), self.maximum)

    def stored(self, value: int) -> int:
        return value


class FontOption(Struct, frozen=True):
    """A font family: :data:`SANS_SERIF` or :data:`SERIF` (the system's own), or the name of
    a family. Whether it is installed is the window's to see; a family it lacks falls back
    to the system's sans serif."""

    name: str
    default: str
    label: str

    def clean(self, value: object) -> str | None:
        """``value`` with its runs of white space made one space, or None when it is not
        text, is empty, too long or holds a control character."""
        if not isinstance(value, str):
            return None
        family = " ".join(value.split())
        if not family or len(family) > MAX_FONT_FAMILY:
            return None
        if any(unicodedata.category(char) in ("Cc", "Cs") for char in family):
            return None
        return family

    def stored(self, value: str) -> str:
        return value


class ColorNamesOption(Struct, frozen=True):
    """What the reader calls each highlight colour. The palette (keys, order, colours) is the
    program's, so the file holds the names alone: ``{key: name}``."""

    name: str
    default: tuple[HighlightColor, ...]
    label: str

    def clean(self, value: object) -> list[HighlightColor] | None:
        """The palette under the names ``value`` gives; a name that cannot be used keeps the
        colour's default. None when ``value`` is no mapping, or gives two colours one name."""
        if not isinstance(value, dict):
            return None
        names = [_usable_name(value.get(color.key)) or color.name for color in self.default]
        try:
            return renamed_colors(list(self.default), names)
        except InvalidValue:
            return None

    def stored(self, value: list[HighlightColor]) -> dict[str, str]:
        return {color.key: color.name for color in value}


class FolderOption(Struct, frozen=True):
    """A folder, or none (the default). Kept as the user wrote it; whether it exists is
    asked where it is used, since a share may come and go."""

    name: str
    default: str | None
    label: str

    def clean(self, value: object) -> str | None:
        """``value`` when it is a usable path, else None (no folder)."""
        if not isinstance(value, str) or not value.strip() or "\x00" in value:
            return None
        return value

    def stored(self, value: str | None) -> str | None:
        return value


class TagsOption(Struct, frozen=True):
    """Tag names, as tags are named (one per case); none by default."""

    name: str
    default: tuple[str, ...]
    label: str
    most: int = 20

    def clean(self, value: object) -> tuple[str, ...] | None:
        """The usable names of ``value`` (a list), in order; a name no tag may have is left
        out. None when ``value`` is no list."""
        if not isinstance(value, list):
            return None
        return clean_tags(item for item in value[: self.most]
                          if isinstance(item, str) and _tag_name(item))

    def stored(self, value: tuple[str, ...]) -> list[str]:
        return list(value)


def _tag_name(text: str) -> bool:
    try:
        normalize_name(text)
    except InvalidValue:
        return False
    return True


MARK_READ_ON_OPEN = BoolOption(
    "mark_read_on_open", True, "Mark an article read when it is opened")
READING_FONT_SIZE = IntOption(
    "reading_font_size", 12, "Article text size", minimum=8, maximum=36)
READING_FONT = FontOption("reading_font", SANS_SERIF, "Font")
# Characters per line: typographers' comfortable measure is 45 to 75, and 66 the ideal.
LINE_WIDTH = IntOption("line_width", 70, "Line width", minimum=40, maximum=120)
# Line spacing in percent of the font's height.
LINE_SPACING = IntOption("line_spacing", 145, "Line spacing", minimum=100, maximum=220)
# Each daily backup is a full copy of the library (~900 MB at 100,000 articles): keep few.
BACKUPS_TO_KEEP = IntOption(
    "backups_to_keep", 3, "Daily backups to keep", minimum=1, maximum=30)
# Feeds are refreshed this often while the window is open; 0 refreshes them only when asked.
FEED_REFRESH_MINUTES = IntOption(
    "feed_refresh_minutes", 30, "Refresh feeds every", minimum=0, maximum=24 * 60)
HIGHLIGHT_COLORS = ColorNamesOption(
    "highlight_colors", DEFAULT_HIGHLIGHT_COLORS, "Highlight colours")
# Files that appear in it are imported while the window is open (see reader.importing.inbox).
INBOX_FOLDER = FolderOption("inbox_folder", None, "Inbox folder")
# Given to every article the inbox folder brings (as ``broadsheet watch --tag``).
INBOX_TAGS = TagsOption("inbox_tags", (), "Tags for its articles")

Option = BoolOption | IntOption | FontOption | ColorNamesOption | FolderOption | TagsOption
OPTIONS: tuple[Option, ...] = (
    MARK_READ_ON_OPEN, READING_FONT_SIZE, READING_FONT, LINE_WIDTH, LINE_SPACING,
    BACKUPS_TO_KEEP, FEED_REFRESH_MINUTES, HIGHLIGHT_COLORS, INBOX_FOLDER, INBOX_TAGS)


class Settings(Struct):
    """The preferences in effect, one field per declaration in :data:`OPTIONS`."""

    mark_read_on_open: bool = MARK_READ_ON_OPEN.default
    reading_font_size: int = READING_FONT_SIZE.default
    reading_font: str = READING_FONT.default
    line_width: int = LINE_WIDTH.default
    line_spacing: int = LINE_SPACING.default
    backups_to_keep: int = BACKUPS_TO_KEEP.default
    feed_refresh_minutes: int = FEED_REFRESH_MINUTES.default
    highlight_colors: list[HighlightColor] = field(
        default_factory=lambda: list(HIGHLIGHT_COLORS.default)
    )
    inbox_folder: str | None = INBOX_FOLDER.default
    inbox_tags: tuple[str, ...] = INBOX_TAGS.default

    def color(self, key: str) -> HighlightColor:
        for color in self.highlight_colors:
            if color.key == key:
                return color
        return HighlightColor(key, key.title(), "#dddddd")


# --- colour names ----------------------------------------------------------------------------


def _color_name(typed: str, key: str) -> str:
    """``typed`` with its runs of white space made one space; InvalidValue when that leaves
    nothing, too much, or a control character."""
    name = " ".join(typed.split())
    if not name:
        raise InvalidValue(f"the {key} highlight colour needs a name")
    if len(name) > MAX_COLOR_NAME:
        raise InvalidValue(f"colour names are at most {MAX_COLOR_NAME} characters")
    # Only control characters and lone surrogates: format characters (the joiner inside an
    # emoji, a right-to-left mark) belong in names.
    if any(unicodedata.category(char) in ("Cc", "Cs") for char in name):
        raise InvalidValue("colour names cannot hold control characters")
    return name


def _usable_name(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return _color_name(value, "")
    except InvalidValue:
        return None


def renamed_colors(
    colors: list[HighlightColor], names: list[str]
) -> list[HighlightColor]:
    """``colors`` called ``names`` (in the same order), each trimmed. InvalidValue when a
    name is empty, too long, holds a control character, or is the name of another colour in
    the palette as well."""
    renamed: list[HighlightColor] = []
    taken: set[str] = set()
    for color, typed in zip(colors, names, strict=True):
        name = _color_name(typed, color.key)
        if name.casefold() in taken:
            raise InvalidValue(f"two colours cannot both be called “{name}”")
        taken.add(name.casefold())
        renamed.append(HighlightColor(color.key, name, color.hex))
    return renamed


# --- versions --------------------------------------------------------------------------------

Upgrade = Callable[[dict[str, Any]], dict[str, Any]]


def _colour_names_alone(raw: dict[str, Any]) -> dict[str, Any]:
    """Version 1 (the file had no version) kept each colour whole, its hex beside its name.
    The hex is the program's, and a copy in the file would hold on to a colour the program
    later changes: version 2 keeps the names alone, by key."""
    colors = raw.get(HIGHLIGHT_COLORS.name)
    if not isinstance(colors, list):
        return raw  # nothing of version 1's shape to carry over
    names: dict[str, Any] = {}
    for item in colors:
        if isinstance(item, dict) and isinstance(item.get("key"), str):
            names.setdefault(item["key"], item.get("name"))
    return {**raw, HIGHLIGHT_COLORS.name: names}


# From each version to the next: a new layout adds its step here and raises SETTINGS_VERSION.
UPGRADES: dict[int, Upgrade] = {1: _colour_names_alone}


def upgraded(raw: dict[str, Any]) -> dict[str, Any]:
    """``raw`` in the layout of :data:`SETTINGS_VERSION`. A file without a usable version is
    taken for version 1; one from a newer version is read for the keys this one knows."""
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        version = 1
    while version < SETTINGS_VERSION:
        raw = UPGRADES[version](raw)
        version += 1
    return raw


# --- the file --------------------------------------------------------------------------------


def settings_path() -> Path:
    explicit = os.environ.get(CONFIG_ENV_VAR)
    if explicit:
        return Path(explicit)
    return Path(appdirs.user_config_dir(APP_NAME, appauthor=False)) / "settings.json"


def _read(target: Path) -> dict[str, Any] | None:
    """The file's JSON object, or None when there is none to be had."""
    try:
        with target.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        raw: Any = json.loads(data.decode("utf-8-sig"))
    # Bad UTF-8, bad JSON and numbers past Python's 4,300 digits are ValueErrors; nesting
    # deeper than the interpreter's stack is a RecursionError.
    except (ValueError, RecursionError):
        return None
    return raw if isinstance(raw, dict) else None


def load_settings(path: Path | None = None) -> Settings:
    """Settings from ``path``; missing, unreadable or malformed entries fall back to defaults,
    numbers out of bounds are brought into them."""
    settings = Settings()
    raw = _read(path or settings_path())
    if raw is None:
        return settings
    raw = upgraded(raw)
    for option in OPTIONS:
        value = option.clean(raw.get(option.name))
        if value is not None:
            setattr(settings, option.name, value)
    return settings


def save_settings(settings: Settings, path: Path | None = None) -> None:
    target = path or settings_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    document: dict[str, Any] = {"version": SETTINGS_VERSION}
    for option in OPTIONS:
        document[option.name] = option.stored(getattr(settings, option.name))
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(document, indent=2), encoding="utf-8")
    temporary.replace(target)
