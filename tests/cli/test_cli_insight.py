"""``broadsheet related``, ``suggest-tags`` and ``stats`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bench.labelled_news import labelled_corpus
from reader import Library
from tests.cli.support import assert_one_line_error, broadsheet, in_process

CORPUS = labelled_corpus(200, seed=5, copies=0.06)


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str], dict[int, int]]:
    """A library of the labelled corpus: (its file, topic by id, original id by copy id)."""
    folder = tmp_path_factory.mktemp("news")
    for item in CORPUS:
        (folder / f"{item.index:04d}.txt").write_text(item.file_text(), encoding="utf-8")
    path = folder / "lib.sqlite3"
    with Library.open(path) as library:
        report = library.import_paths([folder])
    by_name = {Path(done.path).stem: done.id for done in report.imported}
    ids = {item.index: by_name[f"{item.index:04d}"] for item in CORPUS}
    copies = {ids[item.index]: ids[item.copy_of] for item in CORPUS if item.copy_of is not None}
    return path, {ids[item.index]: item.topic for item in CORPUS}, copies


def _run(capsys: pytest.CaptureFixture[str], library: Path, *args: str
         ) -> subprocess.CompletedProcess[str]:
    return in_process(capsys, "--library", str(library), *args)


def test_related_json_is_the_search_row_and_near_duplicate(
        news: tuple[Path, dict[int, str], dict[int, int]]) -> None:
    path, _topics, copies = news
    copy, original = next(iter(copies.items()))
    result = broadsheet("related", str(original), "--json", "--limit", "3", library=path)
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    searched = json.loads(broadsheet("search", "", "--json", "--limit", "1",
                                     library=path).stdout)[0]
    assert all(set(row) == {*searched, "near_duplicate"} for row in rows)
    assert {row["id"] for row in rows if row["near_duplicate"]} >= {copy}
    assert sum(not row["near_duplicate"] for row in rows) == 3
    assert original not in {row["id"] for row in rows}


def test_related_as_a_table_marks_copies(
        capsys: pytest.CaptureFixture[str],
        news: tuple[Path, dict[int, str], dict[int, int]]) -> None:
    path, _topics, copies = news
    copy, original = next(iter(copies.items()))
    result = _run(capsys, path, "related", str(original), "--limit", "2")
    assert result.returncode == 0
    copy_line = next(line for line in result.stdout.splitlines()
                     if line.lstrip().startswith(f"{copy} "))
    assert copy_line.endswith("≈ copy")


def test_suggest_tags_prints_tags_with_scores(
        capsys: pytest.CaptureFixture[str],
        news: tuple[Path, dict[int, str], dict[int, int]], tmp_path: Path) -> None:
    path = tmp_path / "tagged.sqlite3"
    path.write_bytes(news[0].read_bytes())
    topics = news[1]
    ids = sorted(topics)
    with Library.open(path) as library:
        for topic in set(topics.values()):
            library.add_tags([i for i in ids[:-10] if topics[i] == topic], [topic])
    target = ids[-1]
    result = _run(capsys, path, "suggest-tags", str(target), "--json")
    suggestions = json.loads(result.stdout)
    assert suggestions[0]["tag"] == topics[target]
    assert all(set(s) == {"tag", "score"} and 0 < s["score"] <= 1 for s in suggestions)
    text = _run(capsys, path, "suggest-tags", str(target)).stdout
    assert text.splitlines()[0].split() == [topics[target], f"{suggestions[0]['score']:.2f}"]


def test_suggest_tags_says_when_there_is_too_little_tagging(
        capsys: pytest.CaptureFixture[str],
        news: tuple[Path, dict[int, str], dict[int, int]]) -> None:
    result = _run(capsys, news[0], "suggest-tags", "1")
    assert result.returncode == 0
    assert result.stdout.startswith("No suggestions.")
    assert json.loads(_run(capsys, news[0], "suggest-tags", "1", "--json").stdout) == []


@pytest.mark.parametrize("command", ["related", "suggest-tags"])
def test_an_unknown_article_is_one_line(capsys: pytest.CaptureFixture[str],
                                        news: tuple[Path, dict[int, str], dict[int, int]],
                                        command: str) -> None:
    assert_one_line_error(_run(capsys, news[0], command, "9999"), "no article with id 9999")


def test_a_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str],
                                      news: tuple[Path, dict[int, str], dict[int, int]]) -> None:
    result = _run(capsys, news[0], "related", "1", "--limit", "0")
    assert result.returncode == 2
    assert "must be 1 or more" in result.stderr


def test_stats_count_reading_as_it_happens(
        capsys: pytest.CaptureFixture[str],
        news: tuple[Path, dict[int, str], dict[int, int]], tmp_path: Path) -> None:
    path = tmp_path / "read.sqlite3"
    path.write_bytes(news[0].read_bytes())
    _run(capsys, path, "set", "3", "--read")
    _run(capsys, path, "set", "4", "--read")
    stats = json.loads(_run(capsys, path, "stats", "--json").stdout)
    assert stats["articles"] == len(news[1]) and stats["read"] == 2
    assert stats["added"]["monthly"][-1]["count"] == len(news[1])
    assert stats["read_per_period"]["weekly"][-1]["count"] == 2
    assert stats["read_per_period"]["estimated_until"] is None
    assert stats["streak"] == {"current": 1, "longest": 1}
    assert sum(row["count"] for row in stats["backlog"]) == len(news[1]) - 2
    text = _run(capsys, path, "stats").stdout
    assert text.startswith(f"{len(news[1])} articles, 2 read")
    assert "Reading streak: 1 day (longest 1)" in text
