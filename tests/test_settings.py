"""User preferences: defaults, a round trip through the file, and checked colour names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import InvalidValue
from reader.settings import (
    DEFAULT_HIGHLIGHT_COLORS,
    MAX_COLOR_NAME,
    HighlightColor,
    Settings,
    load_settings,
    renamed_colors,
    save_settings,
)

PALETTE = list(DEFAULT_HIGHLIGHT_COLORS)


def test_settings_come_back_as_saved(tmp_path: Path) -> None:
    path = tmp_path / "config" / "settings.json"
    colors = renamed_colors(PALETTE, ["Claim", "Doubt", "Source", "Later"])
    save_settings(Settings(mark_read_on_open=False, reading_font_size=15, backups_to_keep=7,
                           highlight_colors=colors), path)
    loaded = load_settings(path)
    assert loaded == Settings(mark_read_on_open=False, reading_font_size=15,
                              backups_to_keep=7, highlight_colors=colors)
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
