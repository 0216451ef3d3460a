"""What the command-line tests share: running ``broadsheet`` in this process or as a
process of its own, and one seeded library per test module."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from reader import Article, Library
from reader.cli.main import main
from tests.conftest import run_in_process

REPO = Path(__file__).resolve().parents[2]
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


def article(library: Path, article_id: int) -> Article:
    with Library.open(library) as opened:
        return opened.article(article_id)
