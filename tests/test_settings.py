"""User preferences: declared once, a round trip through the file, checked colour names, a
file that is not what it should be, and the upgrade of an older one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader import InvalidValue
from reader.settings import (
    BACKUPS_TO_KEEP,
    DEFAULT_HIGHLIGHT_COLORS,
    LINE_SPACING,
    LINE_WIDTH,
    MAX_COLOR_NAME,
    MAX_FILE_BYTES,
    MAX_FONT_FAMILY,
    OPTIONS,
    READING_FONT,
    READING_FONT_SIZE,
    SANS_SERIF,
    SERIF,
    SETTINGS_VERSION,
    ColorNamesOption,
    HighlightColor,
    IntOption,
    Settings,
    load_settings,
    renamed_colors,
    save_settings,
)

PALETTE = list(DEFAULT_HIGHLIGHT_COLORS)
SETTING_NAMES = [option.name for option in OPTIONS]


def test_settings_come_back_as_saved(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    colors = renamed_colors(PALETTE, ["Claim", "Doubt", "Source", "Later"])
    chosen = Settings(mark_read_on_open=False, reading_font_size=15, reading_font="Noto Serif",
                      line_width=60, line_spacing=160, backups_to_keep=7,
                      highlight_colors=colors)
    save_settings(chosen, path)
    loaded = load_settings(path)
    assert loaded == chosen
    assert loaded.color("red") == HighlightColor("red", "Doubt", "#f4a3a3")


def test_a_missing_or_damaged_file_gives_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.json") == Settings()
    damaged = tmp_path / "damaged.json"
    damaged.write_text("{not json", encoding="utf-8")
    assert load_settings(damaged) == Settings()
    odd = tmp_path / "odd.json"
    odd.write_text(json.dumps({"reading_font_size": "huge", "mark_read_on_open": False,
                               "unknown": 1}), encoding="utf-8")
    assert load_settings(odd) == Settings(mark_read_on_open=False)


def test_colour_names_are_trimmed_and_keep_their_keys_and_colours() -> None:
    renamed = renamed_colors(PALETTE, ["  Main   claim ", "Disputed", "Evidence", "Follow up"])
    assert renamed[0] == HighlightColor("yellow", "Main claim", "#f9e27d")
    assert [c.key for c in renamed] == [c.key for c in PALETTE]


@pytest.mark.parametrize(
    ("names", "problem"),
    [
        (["", "Disputed", "Evidence", "Follow up"], "the yellow highlight colour needs a name"),
        (["Key", "key", "Evidence", "Follow up"], "two colours cannot both be called “key”"),
        (["x" * (MAX_COLOR_NAME + 1), "b", "c", "d"],
         f"colour names are at most {MAX_COLOR_NAME} characters"),
    ],
)
def test_a_colour_name_that_cannot_be_used_is_refused(names: list[str], problem: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        renamed_colors(PALETTE, names)
    assert str(refused.value) == problem


# --- declarations ----------------------------------------------------------------------------


def test_every_setting_is_declared_once_with_its_default() -> None:
    assert list(Settings.__struct_fields__) == [option.name for option in OPTIONS]
    defaults = Settings()
    for option in OPTIONS:
        if isinstance(option, IntOption):
            assert option.minimum <= option.default <= option.maximum, option.name
        if isinstance(option, ColorNamesOption):
            assert getattr(defaults, option.name) == list(option.default)
        else:
            assert getattr(defaults, option.name) == option.default


@pytest.mark.parametrize(
    ("stored", "expected"),
    [(SERIF, SERIF), ("  Noto   Serif ", "Noto Serif"), ("", SANS_SERIF), ("   ", SANS_SERIF),
     (12, SANS_SERIF), (None, SANS_SERIF), ("Bell\x07", SANS_SERIF),
     ("x" * (MAX_FONT_FAMILY + 1), SANS_SERIF)],
)
def test_the_reading_font_is_a_family_name_or_the_default(
    tmp_path: Path, stored: object, expected: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "reading_font": stored}), encoding="utf-8")
    assert load_settings(path).reading_font == expected


def test_line_width_and_spacing_are_kept_in_their_bounds(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "line_width": 5, "line_spacing": 1000}),
                    encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.line_width, loaded.line_spacing) == (LINE_WIDTH.minimum, LINE_SPACING.maximum)


# --- a file that is not what it should be ----------------------------------------------------

NESTED = b"[" * 100_000 + b"]" * 100_000


@pytest.mark.parametrize(
    "content",
    [
        NESTED,
        b'{"reading_font_size": ' + NESTED + b"}",
        b'{"reading_font_size": ' + b"9" * 5000 + b"}",
        b"[1, 2, 3]",
        b'"settings"',
        b"null",
        b'{"reading_font_size": 20, "name": "\xff\xfe"}',
        b"\x00" * 64,
        b'{"reading_font_size": 20\x00}',
        b'{"reading_font_size": 20}' + b" " * (MAX_FILE_BYTES + 1),
    ],
    ids=["deep", "deep-value", "5000-digits", "array", "string", "null", "bad-utf8", "nul",
         "nul-inside", "too-big"],
)
def test_a_file_that_cannot_be_read_gives_the_defaults(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    assert load_settings(path) == Settings()


def test_a_folder_in_place_of_the_file_gives_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "settings.json").mkdir()
    assert load_settings(tmp_path / "settings.json") == Settings()


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ({"reading_font_size": 1000, "backups_to_keep": 0},
         Settings(reading_font_size=READING_FONT_SIZE.maximum, backups_to_keep=1)),
        ({"reading_font_size": -(10**300), "backups_to_keep": 10**300},
         Settings(reading_font_size=READING_FONT_SIZE.minimum,
                  backups_to_keep=BACKUPS_TO_KEEP.maximum)),
        ({"reading_font_size": True, "backups_to_keep": 4.0, "mark_read_on_open": 0},
         Settings()),
        ({"reading_font_size": "14", "mark_read_on_open": "false", "backups_to_keep": None},
         Settings()),
        ({"version": 2, "mark_read_on_open": False, "reading_font_size": 9},
         Settings(mark_read_on_open=False, reading_font_size=9)),
    ],
)
def test_values_out_of_bounds_are_clamped_and_of_the_wrong_type_dropped(
    tmp_path: Path, stored: dict[str, Any], expected: Settings
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(stored), encoding="utf-8")
    assert load_settings(path) == expected


def test_colour_names_that_cannot_be_used_fall_back_to_the_default_names(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": 2, "highlight_colors": {
        "yellow": "  Main   claim ", "red": "", "green": "x" * (MAX_COLOR_NAME + 1),
        "blue": "bell\x07", "purple": "Not in the palette"}}), encoding="utf-8")
    assert [color.name for color in load_settings(path).highlight_colors] == [
        "Main claim", "Disputed", "Evidence", "Follow up"]
    for names in ({"yellow": "Same", "red": "same"}, {"yellow": 3}, ["Key point"], {"red": None}):
        path.write_text(json.dumps({"version": 2, "highlight_colors": names}), encoding="utf-8")
        assert load_settings(path).highlight_colors == PALETTE, names


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from([*SETTING_NAMES, "version", "key", "name", "hex"])
                      | st.text(max_size=8), inner, max_size=6),
    max_leaves=20,
))
def test_any_json_document_loads_into_settings_in_bounds(tmp_path: Path, document: Any) -> None:
    path = tmp_path / "settings.json"  # each example writes the file anew
    path.write_text(json.dumps(document), encoding="utf-8")
    loaded = load_settings(path)
    assert isinstance(loaded.mark_read_on_open, bool)
    for option in (READING_FONT_SIZE, LINE_WIDTH, LINE_SPACING, BACKUPS_TO_KEEP):
        value = getattr(loaded, option.name)
        assert type(value) is int and option.minimum <= value <= option.maximum
    assert READING_FONT.clean(loaded.reading_font) == loaded.reading_font
    assert [color.key for color in loaded.highlight_colors] == [c.key for c in PALETTE]
    assert renamed_colors(PALETTE, [c.name for c in loaded.highlight_colors]) == (
        loaded.highlight_colors)
    save_settings(loaded, path)
    assert load_settings(path) == loaded


# --- versions --------------------------------------------------------------------------------


def test_the_file_carries_its_version_and_only_the_colour_names(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(), path)
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "version": SETTINGS_VERSION,
        "mark_read_on_open": True,
        "reading_font_size": READING_FONT_SIZE.default,
        "reading_font": SANS_SERIF,
        "line_width": LINE_WIDTH.default,
        "line_spacing": LINE_SPACING.default,
        "backups_to_keep": BACKUPS_TO_KEEP.default,
        "feed_refresh_minutes": 30,
        "highlight_colors": {color.key: color.name for color in PALETTE},
        "inbox_folder": None,
        "inbox_tags": [],
    }


def test_the_inbox_folder_is_kept_as_written_or_is_none(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    save_settings(Settings(inbox_folder="~/Inbox"), path)
    assert load_settings(path).inbox_folder == "~/Inbox"
    for stored in ("", "   ", 7, ["~/Inbox"], "in\x00box", None):
        path.write_text(json.dumps({"version": SETTINGS_VERSION, "inbox_folder": stored}),
                        encoding="utf-8")
        assert load_settings(path).inbox_folder is None, stored


@pytest.mark.parametrize(("written", "read"), [(0, 0), (-5, 0), (90, 90), (10**6, 1440),
                                               ("15", 30), (True, 30)])
def test_the_feed_interval_is_kept_in_bounds(tmp_path: Path, written: object,
                                             read: int) -> None:
    """0 means only when asked; a day is the longest wait; what is not a number is ignored."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION, "feed_refresh_minutes": written}),
                    encoding="utf-8")
    assert load_settings(path).feed_refresh_minutes == read


def test_a_file_without_a_version_is_upgraded(tmp_path: Path) -> None:
    """The first files had no version and kept each colour whole, its hex with its name."""
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({
        "mark_read_on_open": False, "reading_font_size": 15, "backups_to_keep": 7,
        "highlight_colors": [
            {"key": "yellow", "name": "Claim", "hex": "#000000"},
            {"key": "red", "name": "Doubt", "hex": "#f4a3a3"},
            {"key": "mauve", "name": "Gone", "hex": "#ff00ff"},
            {"key": "green"},
        ],
    }), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded == Settings(
        mark_read_on_open=False, reading_font_size=15, backups_to_keep=7,
        highlight_colors=renamed_colors(PALETTE, ["Claim", "Doubt", "Evidence", "Follow up"]))
    assert loaded.color("yellow").hex == "#f9e27d"  # the palette's colour, not the file's
    save_settings(loaded, path)
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == SETTINGS_VERSION
    assert load_settings(path) == loaded


def test_a_file_from_a_newer_version_is_read_for_what_this_one_knows(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION + 1, "reading_font_size": 20,
                                "highlight_colors": {"red": "Doubt"}, "sidebar": "left"}),
                    encoding="utf-8")
    loaded = load_settings(path)
    assert (loaded.reading_font_size, loaded.color("red").name) == (20, "Doubt")
    for version in ("2", None, 1.5, -1, True):  # not a version: read what can be read
        path.write_text(json.dumps({"version": version, "reading_font_size": 20,
                                    "highlight_colors": {"red": "Doubt"}}), encoding="utf-8")
        loaded = load_settings(path)
        assert (loaded.reading_font_size, loaded.color("red").name) == (20, "Doubt"), version


@pytest.mark.parametrize(("stored", "loaded"), [
    (["later", " web / news ", "Later", 3, "", "a\x07b"], ("later", "web/news")),
    ("later", ()),
    (None, ()),
    ([f"t{n}" for n in range(30)], tuple(f"t{n}" for n in range(20))),
])
def test_inbox_tags_are_tag_names_or_none(tmp_path: Path, stored: object,
                                          loaded: tuple[str, ...]) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"version": SETTINGS_VERSION, "inbox_tags": stored}),
                    encoding="utf-8")
    assert load_settings(path).inbox_tags == loaded
    save_settings(Settings(inbox_tags=("later", "web")), path)
    assert load_settings(path).inbox_tags == ("later", "web")
