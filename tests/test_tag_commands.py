"""``broadsheet tags``: listing as before, and renaming, merging, recolouring and deleting
tags from scripts through the same library calls the window's sidebar makes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import Library
from tests.hostile_helpers import assert_refused, fill_library, run_cli

BOTH_ENGINES = True


@pytest.fixture()
def lib(library_location: str, tmp_path: Path) -> str:
    path = fill_library(library_location, tmp_path)
    with Library.open(path) as library:
        library.add_tags([1], ["asia", "asia/korea", "roads"])
        library.add_tags([2], ["Straße", "Straße/Nord", "streets"])
        library.set_tag_color("asia", "#aa0000")
    return path


def _tags(path: str) -> dict[str, tuple[str | None, int]]:
    with Library.open(path) as library:
        return {tag.name: (tag.color, tag.count) for tag in library.tags()}


def test_tags_alone_still_lists_them(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    listed = run_cli(capsys, "--library", lib, "tags")
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[0].split() == ["TAG", "COUNT", "COLOR"]
    assert "asia/korea" in listed.stdout
    as_json = json.loads(run_cli(capsys, "--library", lib, "tags", "--json").stdout)
    assert as_json[0] == {"name": "asia", "color": "#aa0000", "count": 1}
    assert [item["name"] for item in as_json] == ["asia", "asia/korea", "roads", "Straße",
                                                  "Straße/Nord", "streets"]


def test_rename_moves_the_subtree(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--library", lib, "tags", "rename", "STRASSE", "Road")
    assert result.returncode == 0, result.stderr
    assert "Road" in result.stdout
    assert "Road/Nord" in _tags(lib)
    assert not any(name.startswith("Straße") for name in _tags(lib))
    run_cli(capsys, "--library", lib, "tags", "rename", "asia", "Asia")
    assert set(_tags(lib)) >= {"Asia", "Asia/korea"}


def test_merge_takes_several_tags_into_the_last(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_cli(capsys, "--library", lib, "tags", "merge", "roads", "streets",
                     "asia")
    assert result.returncode == 0, result.stderr
    tags = _tags(lib)
    assert "roads" not in tags and "streets" not in tags
    assert tags["asia"] == ("#aa0000", 2)


def test_merge_with_an_unknown_tag_changes_nothing(
    lib: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tags(lib)
    assert_refused(run_cli(capsys, "--library", lib, "tags", "merge", "roads", "nope",
                           "asia"), "nope")
    assert _tags(lib) == before
    assert_refused(run_cli(capsys, "--library", lib, "tags", "merge", "asia"),
                   "merge", status=2)


def test_delete_and_colour(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli(capsys, "--library", lib, "tags", "delete", "roads")
    assert result.returncode == 0 and "1 article" in result.stdout
    assert "roads" not in _tags(lib)
    assert run_cli(capsys, "--library", lib, "tags", "color", "streets",
                   "#00AA00").returncode == 0
    assert _tags(lib)["streets"][0] == "#00aa00"
    assert run_cli(capsys, "--library", lib, "tags", "color", "streets",
                   "none").returncode == 0
    assert _tags(lib)["streets"][0] is None


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["rename", "nope", "x"], "nope"), (["delete", "nope"], "nope"),
     (["color", "asia", "crimson"], "colour"), (["rename", "asia", " / "], "tag name"),
     (["rename", "asia", "bad\x1b[2J"], "control character")],
)
def test_tag_commands_refuse_in_one_line(
    lib: str, capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    before = _tags(lib)
    assert_refused(run_cli(capsys, "--library", lib, "tags", *args), fragment)
    assert _tags(lib) == before
