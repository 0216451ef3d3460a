"""The command line on a library the version before this one made: one line on stderr says
it is being upgraded and where the backup goes; stdout, which scripts read, is as ever."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.cli.support import broadsheet, broadsheet_process
from tests.older_libraries import make_older, revision_of, take_back

NOTICE = "broadsheet: upgrading the library to this version ({})…"


def test_an_older_library_is_upgraded_after_one_line_on_stderr(lib: Path) -> None:
    current = broadsheet("list", "--json", library=lib)
    assert current.returncode == 0
    assert current.stderr == ""  # a current library: stderr stays quiet
    take_back(str(lib))

    upgraded = broadsheet_process("list", "--json", library=lib)  # as users run it
    backups = list((lib.parent / "lib-backups").glob("lib.*.before-upgrade-*.sqlite3"))
    assert len(backups) == 1
    assert upgraded.returncode == 0
    assert upgraded.stderr.splitlines() == [NOTICE.format(f"a backup is kept at {backups[0]}")]
    assert upgraded.stdout == current.stdout

    again = broadsheet("list", "--json", library=lib)
    assert (again.stdout, again.stderr) == (current.stdout, "")


def test_an_upgrade_that_fails_says_why_after_the_notice(lib: Path) -> None:
    take_back(str(lib))
    revision = revision_of(str(lib))
    (lib.parent / "lib-backups").write_text("a file where the backups would go")
    result = broadsheet("list", "--json", library=lib)
    assert result.returncode == 1 and result.stdout == ""
    notice, error = result.stderr.splitlines()
    assert notice.startswith("broadsheet: upgrading the library to this version (a backup")
    assert error.startswith("broadsheet: error: ") and "cannot create the backup folder" in error
    assert revision_of(str(lib)) == revision  # left as it was


def test_a_server_library_names_the_command_that_backs_it_up(
    postgres_server: Any, tmp_path: Path
) -> None:
    location = postgres_server.new_database()
    make_older(location, tmp_path)
    upgraded = broadsheet("--library", location, "list", "--json")
    assert upgraded.returncode == 0, upgraded.stderr
    [notice] = upgraded.stderr.splitlines()
    assert notice.startswith("broadsheet: upgrading the library to this version (a server "
                             "library is not copied first; back it up with pg_dump ")
    assert f"'--dbname={location}'" in notice and notice.endswith(")…")
    assert [item["title"] for item in json.loads(upgraded.stdout)] == ["Harbour works"]
    assert broadsheet("--library", location, "list").stderr == ""
