"""``broadsheet desktop-entry install|remove``: the menu entry and icon in the user's XDG
folders, run in this process as a shell would run it."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from reader.cli.desktop_entry import entry_text, exec_value
from reader.version import source_version
from tests.conftest import run_in_process

REPO = Path(__file__).resolve().parents[1]
APP_ICON = REPO / "resources" / "icons" / "broadsheet.svg"
TEMPLATE = (REPO / "resources" / "broadsheet.desktop").read_text(encoding="utf-8")


def run_cli(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``broadsheet ARGS`` for a user whose home is ``home``, with no XDG folder set unless
    ``env`` sets one."""
    environment = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("XDG_", "BROADSHEET_"))
    }
    environment.update(HOME=str(home), **env)
    return run_in_process(args, env=environment)


def entry_fields(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def written(data_home: Path) -> tuple[Path, Path]:
    return (data_home / "applications" / "broadsheet.desktop",
            data_home / "icons" / "hicolor" / "scalable" / "apps" / "broadsheet.svg")


def test_install_writes_an_entry_that_runs_this_installation(tmp_path: Path) -> None:
    data_home = tmp_path / "data"
    result = run_cli("desktop-entry", "install", home=tmp_path / "home",
                     XDG_DATA_HOME=str(data_home))
    assert result.returncode == 0, result.stderr
    entry, icon = written(data_home)
    assert str(entry) in result.stdout
    assert icon.read_bytes() == APP_ICON.read_bytes()
    fields = entry_fields(entry)
    assert fields["Icon"] == "broadsheet" and fields["Name"] == "Broadsheet"
    program = Path(fields["Exec"])
    assert program.is_absolute() and fields["TryExec"] == fields["Exec"]
    shown = subprocess.run([program, "--version"], capture_output=True, text=True, timeout=60,
                           check=True)
    assert shown.stdout.strip() == f"broadsheet {source_version(REPO / 'pyproject.toml')}"


def test_without_xdg_data_home_the_entry_goes_under_the_home(tmp_path: Path) -> None:
    home = tmp_path / "home"
    for unset in ({}, {"XDG_DATA_HOME": ""}, {"XDG_DATA_HOME": "relative/data"}):
        result = run_cli("desktop-entry", "install", home=home, **unset)
        assert result.returncode == 0, result.stderr
        assert all(path.is_file() for path in written(home / ".local" / "share")), unset
        assert not (REPO / "relative").exists()
        shutil.rmtree(home)


def test_remove_takes_both_files_away_and_says_when_there_was_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run_cli("desktop-entry", "install", home=home).returncode == 0
    entry, icon = written(home / ".local" / "share")
    removed = run_cli("desktop-entry", "remove", home=home)
    assert removed.returncode == 0, removed.stderr
    assert not entry.exists() and not icon.exists()
    assert str(entry) in removed.stdout and str(icon) in removed.stdout
    again = run_cli("desktop-entry", "remove", home=home)
    assert again.returncode == 0 and "no menu entry" in again.stdout


def test_the_command_opens_no_library(tmp_path: Path) -> None:
    library = tmp_path / "library.sqlite3"
    result = run_cli("desktop-entry", "install", home=tmp_path / "home",
                     BROADSHEET_LIBRARY=str(library))
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("library.sqlite3*")) == []
    assert not (tmp_path / "home" / ".local" / "share" / "Broadsheet").exists()


def test_a_library_option_goes_into_the_entry(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_cli("--library", "~/papers/news.sqlite3", "desktop-entry", "install",
                     home=home)
    assert result.returncode == 0, result.stderr
    command = entry_fields(written(home / ".local" / "share")[0])["Exec"].split(" ")
    assert command[1:] == ["--library", str(home / "papers" / "news.sqlite3")]


def _recording_tool(folder: Path, name: str, log: Path, status: int = 0) -> None:
    tool = folder / name
    tool.write_text(f'#!/bin/sh\necho "{name} $*" >> "{log}"\nexit {status}\n')
    tool.chmod(0o755)


@pytest.mark.parametrize("status", [0, 1])
def test_the_menu_caches_are_refreshed_when_the_tools_exist(tmp_path: Path,
                                                            status: int) -> None:
    """Run on install and on remove, each on its folder; a tool that fails fails nothing."""
    tools, log, data_home = tmp_path / "bin", tmp_path / "log", tmp_path / "data"
    tools.mkdir()
    for name in ("update-desktop-database", "gtk-update-icon-cache"):
        _recording_tool(tools, name, log, status)
    for action in ("install", "remove"):
        result = run_cli("desktop-entry", action, home=tmp_path / "home", PATH=str(tools),
                         XDG_DATA_HOME=str(data_home))
        assert result.returncode == 0 and result.stderr == "", result.stderr
    applications, theme = data_home / "applications", data_home / "icons" / "hicolor"
    assert log.read_text().splitlines() == 2 * [
        f"update-desktop-database -q {applications}",
        f"gtk-update-icon-cache -q -t -f {theme}",
    ]


def test_without_the_cache_tools_install_is_silent_about_them(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    result = run_cli("desktop-entry", "install", home=tmp_path / "home", PATH=str(empty))
    assert result.returncode == 0 and result.stderr == ""
    assert all(path.is_file() for path in written(tmp_path / "home" / ".local" / "share"))


def test_a_data_folder_that_cannot_be_made_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = run_cli("desktop-entry", "install", home=tmp_path / "home",
                     XDG_DATA_HOME=str(blocker / "data"))
    assert result.returncode == 1
    assert result.stderr.startswith("broadsheet: error: ")
    assert len(result.stderr.strip().splitlines()) == 1 and str(blocker) in result.stderr


def test_an_unknown_action_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("desktop-entry", "add", home=tmp_path)
    assert result.returncode == 2 and "invalid choice: 'add'" in result.stderr


@pytest.mark.parametrize(
    ("command", "value"),
    [
        (["/usr/bin/broadsheet"], "/usr/bin/broadsheet"),
        (["/opt/My Apps/bin/broadsheet"], '"/opt/My Apps/bin/broadsheet"'),
        # Quoted, the dollar sign is escaped once; the string escape doubles that backslash.
        (["/opt/a$b/broadsheet"], '"/opt/a\\\\$b/broadsheet"'),
        (['/opt/say "hi"/broadsheet'], '"/opt/say \\\\"hi\\\\"/broadsheet"'),
        (["/opt/a\\b/broadsheet"], '"/opt/a\\\\\\\\b/broadsheet"'),
        (["/opt/100%/broadsheet", "--library", "/tmp/x y"],
         '/opt/100%%/broadsheet --library "/tmp/x y"'),
    ],
)
def test_exec_quotes_as_the_desktop_entry_specification_says(
    command: list[str], value: str
) -> None:
    assert exec_value(command) == value


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None,
                    reason="desktop-file-validate (desktop-file-utils) is not installed")
def test_entries_for_awkward_paths_are_valid(tmp_path: Path) -> None:
    for number, program in enumerate(["/usr/bin/broadsheet", "/opt/My $Apps/\"x\"/broadsheet",
                                      "/opt/100%/a\\b/broadsheet"]):
        entry = tmp_path / f"entry{number}.desktop"
        entry.write_text(entry_text(TEMPLATE, [program, "--library", "/tmp/l y"]))
        checked = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True,
                                 text=True, timeout=60, check=False)
        assert checked.returncode == 0 and checked.stdout == "", checked.stdout


def test_install_needs_neither_qt_nor_the_window_code(tmp_path: Path) -> None:
    script = textwrap.dedent(
        """
        import sys

        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "ui"):
                    raise ImportError(f"{name} is blocked in this process")
                return None

        sys.meta_path.insert(0, Block())
        from reader.cli.main import main
        status = main(["desktop-entry", "install"])
        assert not any(m.split(".")[0] in ("PySide6", "ui") for m in sys.modules)
        sys.exit(status)
        """
    )
    home = tmp_path / "home"
    env = {key: value for key, value in os.environ.items() if not key.startswith("XDG_")}
    result = subprocess.run([sys.executable, "-c", script], cwd=REPO,
                            env={**env, "HOME": str(home)}, capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert all(path.is_file() for path in written(home / ".local" / "share"))
