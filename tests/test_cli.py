"""The ``broadsheet`` command line. Most cases call its entry point in this process, as a
shell would run it; a few smoke tests start it as a separate process, the way users do: the
real exit statuses, Ctrl+C, Qt never loaded, and ``main.py``."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import types
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from reader import Article, Library
from reader.cli.main import main
from tests.conftest import run_in_process

REPO = Path(__file__).resolve().parents[1]
LEAD = (
    " date 2024-03-20 Harbour works began on Monday after the winter storms damaged the "
    "northern quay.\n\nWhat comes next\n\nThe council expects the quay to reopen in June.\n"
)
OLDER = (
    " date 2023-01-05 Monsoon rains arrived early over the southern coast, flooding "
    "several villages.\n\nRelief\n\nAid convoys set out from the capital on Friday.\n"
)
SHORT = "Apples and pears\n\nThe harvest this autumn was the largest in a decade, growers said.\n"

Run = Callable[..., subprocess.CompletedProcess[str]]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("BROADSHEET_LIBRARY", "COLUMNS")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.update(extra)
    return env


def _command(args: tuple[str, ...], library: Path | None) -> list[str]:
    return [*([] if library is None else ["--library", str(library)]), *args]


def broadsheet(
    *args: str, library: Path | None = None, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``broadsheet ARGS`` in this process, with the environment and stdin it would have as
    its own process."""
    return run_in_process(_command(args, library), env=_env(**env), stdin=stdin)


def broadsheet_process(
    *args: str, library: Path | None = None, stdin: str | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """``broadsheet ARGS`` as a process of its own, the way users run it."""
    return subprocess.run(
        [sys.executable, "-m", "reader.cli.main", *_command(args, library)],
        cwd=REPO,
        env=_env(**env),
        input=stdin,
        stdin=subprocess.DEVNULL if stdin is None else None,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def broadsheet_all(
    *calls: list[str], library: Path
) -> list[subprocess.CompletedProcess[str]]:
    """Several read-only invocations, one after another."""
    return [broadsheet(*args, library=library) for args in calls]


def in_process(
    capsys: pytest.CaptureFixture[str], *args: str
) -> subprocess.CompletedProcess[str]:
    """``main`` called directly: for variations of a case already run as a process."""
    try:
        status = main(list(args))
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else 1
    captured = capsys.readouterr()
    return subprocess.CompletedProcess(list(args), status, captured.out, captured.err)


def as_json(result: subprocess.CompletedProcess[str]) -> Any:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_one_line_error(result: subprocess.CompletedProcess[str], *fragments: str) -> None:
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("broadsheet: error: ")
    for fragment in fragments:
        assert fragment in lines[0]


# --- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    (folder / "a.txt").write_text(LEAD, encoding="utf-8")
    (folder / "a_copy.txt").write_text(LEAD, encoding="utf-8")
    (folder / "b.txt").write_text(SHORT, encoding="utf-8")
    (folder / "c.txt").write_text(OLDER, encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.txt").write_bytes(bytes(range(256)) * 4)
    return folder


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, inbox: Path) -> tuple[Path, Any, int]:
    """One library imported once per module, with the import's JSON and exit status."""
    library = tmp_path_factory.mktemp("seeded") / "lib.sqlite3"
    result = broadsheet_process("import", str(inbox), "--tag", "seed", "--json",
                                library=library)
    return library, json.loads(result.stdout), result.returncode


@pytest.fixture()
def lib(seeded: tuple[Path, Any, int], tmp_path: Path) -> Path:
    """A private copy of the seeded library, free to change."""
    source = seeded[0]
    target = tmp_path / "lib.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copy(f"{source}{suffix}", f"{target}{suffix}")
    return target


def article(library: Path, article_id: int) -> Article:
    with Library.open(library) as opened:
        return opened.article(article_id)


@pytest.fixture()
def ids(seeded: tuple[Path, Any, int]) -> dict[str, int]:
    return {Path(item["path"]).name: item["id"] for item in seeded[1]["imported"]}


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


# --- errors ----------------------------------------------------------------------------------


def test_unknown_id_is_one_line_and_exit_1(lib: Path) -> None:
    assert_one_line_error(broadsheet("show", "42", library=lib), "no article with id 42")


@pytest.mark.parametrize(
    "command",
    [
        ["show", "42", "--json"],
        ["set", "42", "--title", "Nope"],
        ["set", "42", "--read"],
        ["tag", "42", "--add", "x"],
        ["tag", "1", "42", "--remove", "seed"],
        ["note", "42", "--set", "x"],
    ],
)
def test_every_command_reports_an_unknown_id(
    lib: Path, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert_one_line_error(in_process(capsys, "--library", str(lib), *command), "id 42")


def test_bad_date_is_one_line_error(lib: Path, ids: dict[str, int]) -> None:
    result = broadsheet("set", str(ids["a.txt"]), "--date", "31/02/2024", "--title", "X",
                        library=lib)
    assert_one_line_error(result, "not a date")
    assert article(lib, ids["a.txt"]).title != "X"


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        (["--date", "2024-02-30"], "date"),
        (["--date", "yesterday"], "date"),
        (["--title", "   "], "title"),
    ],
)
def test_bad_values_change_nothing(
    lib: Path,
    ids: dict[str, int],
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    expected: str,
) -> None:
    result = in_process(capsys, "--library", str(lib), "set", str(ids["a.txt"]), *arguments)
    assert_one_line_error(result, expected)
    assert article(lib, ids["a.txt"]).published == date(2024, 3, 20)


def test_bad_tag_name_is_one_line_error(
    lib: Path, ids: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    result = in_process(capsys, "--library", str(lib), "tag", str(ids["a.txt"]), "--add", " / ")
    assert_one_line_error(result, "tag")


def test_library_that_is_a_folder_or_not_a_database(tmp_path: Path) -> None:
    assert_one_line_error(broadsheet("list", library=tmp_path), str(tmp_path))
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("shopping list: eggs, milk\n" * 100)
    assert_one_line_error(broadsheet("list", "--json", library=junk), "not a SQLite database")
    assert junk.read_text().startswith("shopping list")


def test_bad_option_without_a_command_exits_2(tmp_path: Path) -> None:
    result = broadsheet_process("--no-such-option", library=tmp_path / "lib.sqlite3")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "usage:" in result.stderr
    assert not (tmp_path / "lib.sqlite3").exists()


@pytest.mark.parametrize(
    "arguments",
    [
        ["list", "--sort", "colour"],
        ["list", "--limit", "none"],
        ["list", "--limit", "0"],
        ["list", "--starred", "--unread"],
        ["show", "abc"],
        ["import"],
        ["tag", "1"],
        ["set", "1"],
        ["note", "1", "--set", "a", "--append", "b"],
        ["set", "1", "--read", "--unread"],
        ["frobnicate"],
    ],
)
def test_usage_errors_exit_2(
    lib: Path, arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    result = in_process(capsys, "--library", str(lib), *arguments)
    assert result.returncode == 2
    assert "usage:" in result.stderr


def test_environment_variable_names_the_library(lib: Path, tmp_path: Path) -> None:
    rows = as_json(broadsheet("list", "--json", BROADSHEET_LIBRARY=str(lib)))
    assert len(rows) == 3


def test_library_option_wins_over_the_environment(
    lib: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BROADSHEET_LIBRARY", str(lib))
    other = in_process(capsys, "--library", str(tmp_path / "new.sqlite3"), "list", "--json")
    assert json.loads(other.stdout) == []


def test_commands_never_load_qt(lib: Path) -> None:
    script = (
        "import sys\n"
        "from reader.cli.main import main\n"
        f"status = main(['--library', {str(lib)!r}, 'list', '--json'])\n"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt was imported'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=_env(),
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_no_command_opens_the_window_on_the_library(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """main.py parses the arguments once and hands the window only the library named."""
    import main as entry

    received: list[str | None] = []
    fake = types.ModuleType("ui.app")
    fake.main = lambda library: received.append(library) or 0  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ui.app", fake)
    assert entry.main(["--library", str(tmp_path / "lib.sqlite3")]) == 0
    assert entry.main([]) == 0
    assert received == [str(tmp_path / "lib.sqlite3"), None]


def test_main_py_runs_a_command_in_a_process_of_its_own(lib: Path) -> None:
    """The entry users start: ``python main.py``, as the ``broadsheet`` script does."""
    result = subprocess.run(
        [sys.executable, "main.py", "--library", str(lib), "list", "--json"], cwd=REPO,
        env=_env(), stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60,
        check=False,
    )
    assert len(as_json(result)) == 3


def test_missing_gui_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import main as entry

    monkeypatch.setitem(sys.modules, "ui.app", None)
    status = entry.main([])
    result = subprocess.CompletedProcess([], status, "", capsys.readouterr().err)
    assert_one_line_error(result, "desktop application")


def test_reader_alone_needs_a_command(capsys: pytest.CaptureFixture[str]) -> None:
    result = in_process(capsys)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "broadsheet: error: give a command (or start Broadsheet without one to open the window)"
    )


def test_search_prints_list_rows_best_first(lib: Path, ids: dict[str, int]) -> None:
    rows = as_json(broadsheet("search", "apples OR monsoon", "--json", library=lib))
    assert {row["id"] for row in rows} <= set(ids.values())
    assert rows and set(rows[0]) == {
        "id", "title", "published", "source", "tags", "read", "starred", "has_note",
        "highlights", "url", "author", "text_fetched",
    }
    bad = broadsheet("search", '"unclosed', library=lib)
    assert bad.returncode == 1
    assert bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


# --- start-up --------------------------------------------------------------------------------


def test_a_command_runs_with_the_collector_back_on(
    lib: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """main.py turns the garbage collector off while it loads; an import of 100,000 files
    must not run that way."""
    gc.disable()
    try:
        assert main(["--library", str(lib), "list", "--json"]) == 0
        assert gc.isenabled()
        assert len(json.loads(capsys.readouterr().out)) == 3
    finally:
        gc.enable()
        gc.unfreeze()
