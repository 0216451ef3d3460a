"""What an installation is made of: the files the wheel declares."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

import resources

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))


def _resource_files() -> list[PurePosixPath]:
    folder = REPO / "resources"
    return [
        PurePosixPath(path.relative_to(folder).as_posix())
        for path in folder.rglob("*")
        if path.is_file() and path.suffix not in (".py", ".pyc")
    ]


def _declared(name: PurePosixPath, glob: str) -> bool:
    """Whether setuptools' package-data ``glob`` takes ``name`` (``*`` stays in a folder)."""
    pattern = glob.split("/")
    return len(pattern) == len(name.parts) and all(
        fnmatchcase(part, wanted) for part, wanted in zip(name.parts, pattern, strict=True))


def test_every_file_in_resources_is_declared_package_data() -> None:
    globs = PYPROJECT["tool"]["setuptools"]["package-data"]["resources"]
    files = _resource_files()
    assert PurePosixPath("icons/tag.svg") in files
    assert not _declared(PurePosixPath("icons/tag.svg"), "*.svg")
    undeclared = [str(name) for name in files if not any(_declared(name, g) for g in globs)]
    assert undeclared == []


def test_the_resources_package_finds_its_files() -> None:
    for name in _resource_files():
        assert resources.resource(str(name)).read_bytes() == (
            REPO / "resources" / name).read_bytes()
    assert resources.icon_file(resources.APP_ICON).is_file()
