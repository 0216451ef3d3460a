"""The Trash from the command line: ``trash``, ``restore-from-trash``, ``list --trash``, and
``show`` saying an article is in the Trash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import Library
from tests.hostile_helpers import assert_refused, fill_library, run_cli

BOTH_ENGINES = True


@pytest.fixture()
def lib(library_location: str, tmp_path: Path) -> str:
    return fill_library(library_location, tmp_path)


def _listed(path: str, capsys: pytest.CaptureFixture[str], *args: str) -> list[int]:
    result = run_cli(capsys, "--library", path, "list", "--json", *args)
    assert result.returncode == 0, result.stderr
    return sorted(row["id"] for row in json.loads(result.stdout))


def test_trash_list_show_and_restore(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    moved = run_cli(capsys, "--library", lib, "trash", "1")
    assert moved.returncode == 0, moved.stderr
    assert "Moved 1 article to the Trash" in moved.stdout
    assert _listed(lib, capsys) == [2]
    assert _listed(lib, capsys, "--trash") == [1]
    text = run_cli(capsys, "--library", lib, "list", "--trash").stdout
    assert "Harbour" in text
    shown = run_cli(capsys, "--library", lib, "show", "1").stdout
    assert "in the Trash" in shown
    as_json = json.loads(run_cli(capsys, "--library", lib, "show", "1", "--json").stdout)
    assert as_json["in_trash"] is True
    back = run_cli(capsys, "--library", lib, "restore-from-trash", "1")
    assert back.returncode == 0 and "Restored 1 article" in back.stdout
    assert _listed(lib, capsys) == [1, 2]
    assert _listed(lib, capsys, "--trash") == []
    assert json.loads(run_cli(capsys, "--library", lib, "show", "2", "--json").stdout)[
        "in_trash"] is False
    assert "Trash" not in run_cli(capsys, "--library", lib, "show", "2").stdout


def test_trash_says_what_was_there_already(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(capsys, "--library", lib, "trash", "1")
    again = run_cli(capsys, "--library", lib, "trash", "1", "2")
    assert "Moved 1 article to the Trash (1 was there already)" in again.stdout
    back = run_cli(capsys, "--library", lib, "restore-from-trash", "1", "1")
    assert "Restored 1 article" in back.stdout
    none = run_cli(capsys, "--library", lib, "restore-from-trash", "1")
    assert "Restored 0 articles (1 was not in the Trash)" in none.stdout


def test_an_unknown_id_moves_nothing(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert_refused(run_cli(capsys, "--library", lib, "trash", "1", "99"), "99")
    assert_refused(run_cli(capsys, "--library", lib, "restore-from-trash", "99"), "99")
    assert _listed(lib, capsys) == [1, 2]
    with Library.open(lib) as library:
        assert library.counts().trash == 0


def test_list_trash_is_one_of_the_views(lib: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(capsys, "--library", lib, "list", "--trash", "--unread").returncode == 2
    assert run_cli(capsys, "--library", lib, "list", "--trash").stdout.strip() == (
        "The Trash is empty.")
