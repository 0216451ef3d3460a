"""The command-line tests' fixtures: one library seeded once per module, and a private
copy of it per test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.cli.support import LEAD, OLDER, SHORT, broadsheet_process


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


@pytest.fixture()
def ids(seeded: tuple[Path, Any, int]) -> dict[str, int]:
    return {Path(item["path"]).name: item["id"] for item in seeded[1]["imported"]}
