"""The ``broadsheet`` command line. Most cases call its entry point in this process, as a
shell would run it; a few smoke tests start it as a separate process, the way users do: the
real exit statuses, Ctrl+C, Qt never loaded, and ``main.py``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reader import Library
from tests.cli.support import (
    REPO,
    _env,
    article,
    as_json,
    broadsheet,
    broadsheet_all,
    in_process,
)

# --- import ----------------------------------------------------------------------------------


def test_import_json_lists_every_file_and_exits_1_on_failure(
    seeded: tuple[Path, Any, int], inbox: Path
) -> None:
    _, report, status = seeded
    assert status == 1
    assert set(report) >= {"imported", "duplicates", "failed", "warnings"}
    imported = {Path(item["path"]).name: item["id"] for item in report["imported"]}
    assert set(imported) == {"a.txt", "b.txt", "c.txt"}
    assert all(isinstance(value, int) for value in imported.values())
    assert report["duplicates"] == [
        {"path": str(inbox / "a_copy.txt"), "of": imported["a.txt"], "in_trash": False,
         "by": "text"}
    ]
    failed = {Path(item["path"]).name: item["reason"] for item in report["failed"]}
    assert set(failed) == {"empty.txt", "photo.txt"}
    assert all(reason.strip() for reason in failed.values())
    assert isinstance(report["warnings"], list)


def test_reimport_reports_duplicates_of_the_original_ids(
    lib: Path, inbox: Path, ids: dict[str, int]
) -> None:
    result = broadsheet("import", str(inbox / "a.txt"), str(inbox / "c.txt"), "--json",
                        library=lib)
    report = as_json(result)
    assert report["imported"] == [] and report["failed"] == []
    assert {Path(d["path"]).name: d["of"] for d in report["duplicates"]} == {
        "a.txt": ids["a.txt"],
        "c.txt": ids["c.txt"],
    }


def test_reimport_says_which_originals_are_in_the_trash(
    lib: Path, inbox: Path, ids: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(lib) as opened:
        opened.delete_articles([ids["a.txt"]])
    files = [str(inbox / "a.txt"), str(inbox / "c.txt")]
    text = in_process(capsys, "--library", str(lib), "import", *files)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines() == [
        f"duplicate: {files[0]} (same as article {ids['a.txt']}, which is in the Trash)",
        f"duplicate: {files[1]} (same as article {ids['c.txt']})",
        "Imported 0, 2 duplicates, 0 failed",
    ]
    report = as_json(in_process(capsys, "--library", str(lib), "import", *files, "--json"))
    assert report["duplicates"] == [
        {"path": files[0], "of": ids["a.txt"], "in_trash": True, "by": "text"},
        {"path": files[1], "of": ids["c.txt"], "in_trash": False, "by": "text"},
    ]


def test_import_text_has_a_line_per_problem_and_a_summary(inbox: Path, tmp_path: Path) -> None:
    result = broadsheet("import", str(inbox), library=tmp_path / "lib.sqlite3")
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[-1] == "Imported 3, 1 duplicate, 2 failed"
    assert sum("empty.txt" in line for line in lines) == 1
    assert sum("photo.txt" in line for line in lines) == 1
    assert sum("a_copy.txt" in line for line in lines) == 1
    assert result.stderr == ""  # no progress when stderr is not a terminal


def test_import_of_good_files_exits_0(inbox: Path, tmp_path: Path) -> None:
    result = broadsheet("import", str(inbox / "b.txt"), library=tmp_path / "lib.sqlite3")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Imported 1, 0 duplicates, 0 failed"


def test_import_of_a_missing_path_fails_it(inbox: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    result = broadsheet("import", str(missing), str(inbox / "c.txt"), "--json",
                        library=tmp_path / "lib.sqlite3")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert [item["path"] for item in report["failed"]] == [str(missing)]
    assert [item["path"] for item in report["imported"]] == [str(inbox / "c.txt")]


def test_import_tags_every_new_article(lib: Path, ids: dict[str, int]) -> None:
    tagged = as_json(broadsheet("list", "--tag", "seed", "--json", library=lib))
    assert sorted(item["id"] for item in tagged) == sorted(ids.values())
    with Library.open(lib) as library:
        assert [(tag.name, tag.count) for tag in library.tags()] == [("seed", 3)]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_ctrl_c_cancels_the_import_and_keeps_what_was_done(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(600):
        (folder / f"{number:05}.txt").write_text(
            f"Article {number}\n\nBody of article number {number}, long enough to count.\n"
        )
    library = tmp_path / "lib.sqlite3"
    master, terminal = os.openpty()  # stderr on a terminal shows progress: a signal to start
    process = subprocess.Popen(
        [sys.executable, "-m", "reader.cli.main", "--library", str(library), "import", str(folder)],
        cwd=REPO, env=_env(), stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=terminal, text=True,
    )
    os.close(terminal)
    progress = os.read(master, 4096)
    process.send_signal(signal.SIGINT)
    drained: list[bytes] = [progress]
    reader = threading.Thread(target=_drain, args=(master, drained), daemon=True)
    reader.start()
    stdout, _ = process.communicate(timeout=60)
    reader.join(timeout=10)
    assert process.returncode == 130
    assert b"[1/600]" in b"".join(drained)
    summary = stdout.strip().splitlines()[-1]
    assert summary.startswith("Cancelled. Imported ")
    kept = int(summary.removeprefix("Cancelled. Imported ").split(",")[0])
    assert 0 < kept < 600
    with Library.open(library) as opened:
        assert opened.counts().total == kept


def _drain(fd: int, into: list[bytes]) -> None:
    try:
        while chunk := os.read(fd, 65536):
            into.append(chunk)
    except OSError:
        pass  # the child closed the terminal
    finally:
        os.close(fd)


# --- list ------------------------------------------------------------------------------------


def test_list_json_fields_and_default_order(lib: Path, ids: dict[str, int]) -> None:
    rows = as_json(broadsheet("list", "--json", library=lib))
    assert [row["id"] for row in rows] == [ids["a.txt"], ids["c.txt"], ids["b.txt"]]
    assert set(rows[0]) == {
        "id", "title", "published", "source", "tags", "read", "starred", "has_note",
        "highlights", "url", "author", "text_fetched",
    }
    assert [row["published"] for row in rows] == ["2024-03-20", "2023-01-05", None]
    assert rows[2]["title"] == "Apples and pears"
    assert rows[0] | {"title": None} == {
        "id": ids["a.txt"], "title": None, "published": "2024-03-20", "source": None,
        "tags": ["seed"], "read": False, "starred": False, "has_note": False, "highlights": 0,
        "url": None, "author": None, "text_fetched": True,
    }


def test_list_sort_reverse_limit_and_filters(
    lib: Path, ids: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    with Library.open(lib) as library:
        library.add_tags([ids["c.txt"]], ["world/asia"])
        library.set_starred([ids["b.txt"]])
        library.set_read([ids["b.txt"]])
    calls = [["--sort", "title"], ["--limit", "2"], ["--tag", "world"]]
    results = broadsheet_all(*(["list", "--json", *call] for call in calls), library=lib)
    by_title, limited, world = ([row["id"] for row in as_json(result)] for result in results)
    titles = [row["title"].casefold() for row in as_json(results[0])]
    assert titles == sorted(titles) and len(by_title) == 3
    assert limited == [ids["a.txt"], ids["c.txt"]]
    assert world == [ids["c.txt"]]  # a tag takes in its descendants

    def listed(*options: str) -> list[int]:
        result = in_process(capsys, "--library", str(lib), "list", "--json", *options)
        return [row["id"] for row in as_json(result)]

    assert listed("--sort", "title", "--reverse") == by_title[::-1]
    assert listed("--reverse") == [ids["b.txt"], ids["c.txt"], ids["a.txt"]]
    assert listed("--sort", "imported") == sorted(ids.values(), reverse=True)
    assert listed("--tag", "nothing-like-it") == []
    assert listed("--starred") == [ids["b.txt"]]
    assert listed("--unread") == [ids["a.txt"], ids["c.txt"]]


def test_list_text_is_an_aligned_table_cut_to_the_terminal(
    lib: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = broadsheet("list", library=lib)
    assert wide.returncode == 0
    lines = wide.stdout.splitlines()
    assert lines[0].split() == ["ID", "DATE", "TITLE", "TAGS"]
    assert any("Apples and pears" in line and "seed" in line for line in lines)
    assert any("2024-03-20" in line for line in lines)
    monkeypatch.setenv("COLUMNS", "60")
    narrow = in_process(capsys, "--library", str(lib), "list")
    assert narrow.returncode == 0
    assert all(len(line) <= 60 for line in narrow.stdout.splitlines())
    assert "…" in narrow.stdout


# --- show ------------------------------------------------------------------------------------


def test_show_json_has_body_note_and_highlights(lib: Path, ids: dict[str, int]) -> None:
    article_id = ids["a.txt"]
    with Library.open(lib) as library:
        body = library.article(article_id).body
        start = body.index("quay")
        mark = library.add_highlight(article_id, start, start + 4, "yellow", "which quay?")
        library.set_note(article_id, "Follow up in June.")
    shown = as_json(broadsheet("show", str(article_id), "--json", library=lib))
    assert shown["body"] == body
    assert shown["note"] == "Follow up in June."
    assert shown["has_note"] is True
    assert shown["published"] == "2024-03-20"
    assert shown["tags"] == ["seed"]
    assert shown["highlights"] == [
        {"id": mark.id, "start": start, "end": start + 4, "text": "quay", "color": "yellow",
         "comment": "which quay?"}
    ]
    listed, shown_text = broadsheet_all(["list", "--json"], ["show", str(article_id)],
                                        library=lib)
    row = as_json(listed)[0]
    assert (row["id"], row["has_note"], row["highlights"]) == (article_id, True, 1)
    text = shown_text.stdout
    for expected in ("2024-03-20", "The council expects", "Follow up in June.", "which quay?"):
        assert expected in text


# --- editing ---------------------------------------------------------------------------------


def test_tag_add_and_remove_update_counts(lib: Path, ids: dict[str, int]) -> None:
    first, second = str(ids["a.txt"]), str(ids["b.txt"])
    added = broadsheet("tag", first, second, "--add", "Europe", "--add", "sport", library=lib)
    assert added.returncode == 0, added.stderr
    removed = broadsheet("tag", first, "--remove", "sport", "--remove", "seed", library=lib)
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == f"{first}: Europe"
    assert as_json(broadsheet("tags", "--json", library=lib)) == [
        {"name": "Europe", "color": None, "count": 2},
        {"name": "seed", "color": None, "count": 2},
        {"name": "sport", "color": None, "count": 1},
    ]
    assert [ref.name for ref in article(lib, ids["b.txt"]).tags] == ["Europe", "seed", "sport"]


def test_note_set_append_stdin_and_print(lib: Path, ids: dict[str, int]) -> None:
    article_id = ids["b.txt"]
    assert broadsheet("note", str(article_id), "--set", "First.", library=lib).returncode == 0
    assert article(lib, article_id).note.text == "First."
    assert broadsheet("note", str(article_id), "--append", "Second.", library=lib).returncode == 0
    assert article(lib, article_id).note.text == "First.\n\nSecond."
    piped = broadsheet("note", str(article_id), library=lib, stdin="Élan.\nTwo lines.\n")
    assert piped.returncode == 0, piped.stderr
    assert article(lib, article_id).note.text == "Élan.\nTwo lines."
    printed = broadsheet("note", str(article_id), library=lib)  # nothing piped in: print it
    assert printed.stdout == "Élan.\nTwo lines.\n"


def test_set_title_date_source_and_flags(lib: Path, ids: dict[str, int]) -> None:
    article_id = ids["b.txt"]
    result = broadsheet("set", str(article_id), "--title", "Orchards  report", "--date",
                        "20 March 2024", "--read", "--star", "--source", "The Gazette",
                        library=lib)
    assert result.returncode == 0, result.stderr
    changed = article(lib, article_id)
    assert (changed.title, changed.published, changed.source) == (
        "Orchards report", date(2024, 3, 20), "The Gazette"
    )
    assert (changed.read, changed.starred) == (True, True)
    result = broadsheet("set", str(article_id), "--date", "", "--unread", "--unstar",
                        "--source", "", library=lib)
    assert result.returncode == 0, result.stderr
    changed = article(lib, article_id)
    assert (changed.published, changed.source, changed.read, changed.starred) == (
        None, None, False, False
    )


def test_set_date_none_clears_it(
    lib: Path, ids: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    result = in_process(capsys, "--library", str(lib), "set", str(ids["a.txt"]), "--date", "None")
    assert result.returncode == 0, result.stderr
    assert article(lib, ids["a.txt"]).published is None
