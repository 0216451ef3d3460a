"""broadsheet export and broadsheet restore: the formats, a query, and their errors."""

from __future__ import annotations

import csv
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader import Library
from tests.conftest import run_in_process
from tests.exported_library import build_library, without_stamp


@pytest.fixture()
def built(tmp_path: Path) -> Iterator[tuple[Library, dict[str, int]]]:
    library, ids = build_library(tmp_path)
    yield library, ids
    library.close()


# --- command line ----------------------------------------------------------------------------


def broadsheet(*args: str, library: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "BROADSHEET_LIBRARY"}
    return run_in_process(["--library", str(library), *args], env=env)


def _one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1, result
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("broadsheet: error: "), result.stderr
    assert all(fragment in lines[0] for fragment in fragments), lines[0]


def test_cli_export_and_restore(built: tuple[Library, dict[str, int]], tmp_path: Path) -> None:
    library, _ = built
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = broadsheet("export", "--format", "json", "--output", str(first),
                        library=library.path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Exported 4 articles to {first}"
    copy = tmp_path / "copy.sqlite3"
    result = broadsheet("restore", str(first), library=copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        f"Restored 4 articles, 3 tags, 2 saved searches from {first}")
    assert broadsheet("export", "--format", "json", "--output", str(second),
                      library=copy).returncode == 0
    assert without_stamp(first) == without_stamp(second)

    again = broadsheet("restore", str(first), library=copy)
    _one_line_error(again, "not empty")
    garbage = tmp_path / "garbage.json"
    garbage.write_text("<html>", encoding="utf-8")
    _one_line_error(broadsheet("restore", str(garbage), library=tmp_path / "new.sqlite3"),
                    str(garbage), "not a Broadsheet library export")


def test_cli_markdown_and_csv_with_a_query(
    built: tuple[Library, dict[str, int]], tmp_path: Path
) -> None:
    library, ids = built
    digest, folder, table = tmp_path / "digest.md", tmp_path / "pages", tmp_path / "list.csv"
    for output, kind, query in ((digest, "markdown", "quay"), (folder, "markdown", None),
                                (table, "csv", "quay")):
        extra = [] if query is None else [query]
        result = broadsheet("export", "--format", kind, "--output", str(output), *extra,
                            library=library.path)
        assert result.returncode == 0, result.stderr
    assert digest.read_text(encoding="utf-8").count("\n## ") == 1
    assert len(list(folder.glob("*.md"))) == len(library.article_ids())
    with table.open(encoding="utf-8", newline="") as handle:
        assert [int(row["id"]) for row in csv.DictReader(handle)] == [ids["a"]]


def test_cli_usage_errors_exit_2(library: Library, tmp_path: Path) -> None:
    result = broadsheet("export", "--output", str(tmp_path / "x.json"), library=library.path)
    assert result.returncode == 2 and "--format" in result.stderr
    result = broadsheet("export", "--format", "pdf", "--output", "x", library=library.path)
    assert result.returncode == 2


def test_cli_query_without_search_is_an_error(
    library: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from reader.cli import main as cli
    from reader.cli import transfer as cli_transfer

    monkeypatch.setattr(cli_transfer.importlib.util, "find_spec", lambda name: None)
    status = cli.main(["--library", str(library.path), "export", "--format", "csv",
                       "--output", str(tmp_path / "x.csv"), "anything"])
    assert status == 1
    assert capsys.readouterr().err.strip() == "broadsheet: error: search is not available"
    assert not (tmp_path / "x.csv").exists()
