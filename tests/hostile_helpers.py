"""Shared by the hostile-input tests: running a command in-process and checking that a
refusal is one clear line."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from reader import Library
from tests.cli.support import in_process

REPO = Path(__file__).resolve().parents[1]
LEAD = (
    " date 2024-03-20 Harbour works began on Monday after the winter storms damaged the "
    "northern quay.\n\nWhat comes next\n\nThe council expects the quay to reopen in June.\n"
)
OTHER = "Apples and pears\n\nThe harvest this autumn was the largest in a decade, growers said.\n"


run_cli = in_process  # ``broadsheet ARGS`` run in this process


def run_process(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    """``broadsheet ARGS`` as a separate process, for what needs one (signals, closed
    streams, bytes in argv)."""
    options.setdefault("capture_output", True)
    options.setdefault("timeout", 120)
    options.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "reader.cli.main", *args], cwd=REPO, check=False, **options
    )


def assert_refused(result: subprocess.CompletedProcess[str], *fragments: str,
                   status: int = 1) -> str:
    """One line on stderr, no traceback, the given exit status; returns the line."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert result.returncode == status, (result.returncode, result.stderr)
    if status == 2:  # argparse: the usage, then the message
        lines = lines[-1:]
    assert len(lines) == 1, result.stderr
    assert re.match(r"broadsheet( [\w-]+)*: error: ", lines[0]), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def make_library(folder: Path, texts: dict[str, str] | None = None) -> Path:
    """A library file in ``folder`` holding one article per text (LEAD and OTHER by
    default)."""
    path = folder / "lib.sqlite3"
    fill_library(str(path), folder, texts)
    return path


def fill_library(location: str, folder: Path, texts: dict[str, str] | None = None) -> str:
    """The library at ``location`` (a file or a server address) given one article per text,
    written to ``folder`` first; returns the location."""
    inbox = folder / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for name, text in (texts or {"lead.txt": LEAD, "other.txt": OTHER}).items():
        (inbox / name).write_text(text, encoding="utf-8")
    with Library.open(location) as library:
        report = library.import_paths([inbox])
        assert not report.failed
    return location
