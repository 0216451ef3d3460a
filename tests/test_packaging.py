"""What an installation is made of: the files the wheel declares, the version, and the
install section of the README. (``tests/smoke/check_install.py`` builds and installs the
real wheel; these catch the same mistakes in a second.)"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from fnmatch import fnmatchcase
from importlib import metadata
from pathlib import Path, PurePosixPath

import pytest

import resources
from reader import version as version_module
from reader.version import source_version, version
from ui.app import COMMON_LIBRARIES, XCB_LIBRARIES

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
README = (REPO / "README.md").read_text(encoding="utf-8")


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


# --- the version -----------------------------------------------------------------------------


def test_version_prints_the_pyproject_version() -> None:
    for entry in (["-m", "reader.cli.main"], ["main.py"]):
        shown = subprocess.run([sys.executable, *entry, "--version"], cwd=REPO,
                               capture_output=True, text=True, timeout=60, check=False)
        assert shown.returncode == 0 and shown.stderr == ""
        assert shown.stdout == f"broadsheet {PYPROJECT['project']['version']}\n"


def test_a_clone_without_metadata_reads_pyproject(monkeypatch: pytest.MonkeyPatch) -> None:
    def not_installed(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(version_module.metadata, "version", not_installed)
    assert version() == PYPROJECT["project"]["version"]
    monkeypatch.setattr(version_module, "PYPROJECT", REPO / "no-such-pyproject.toml")
    assert version() == "unknown"


def test_another_projects_pyproject_gives_no_version(tmp_path: Path) -> None:
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "other"\nversion = "9.9"\n')
    assert source_version(other) is None
    other.write_text("[project\n")
    assert source_version(other) is None


# --- the README ------------------------------------------------------------------------------


def test_the_readme_starts_with_how_to_install() -> None:
    first = re.search(r"^## (.+)$", README, re.MULTILINE)
    assert first is not None and first.group(1) == "Install"
    section = README[first.end():README.index("\n## ", first.end())]
    assert "pipx install .\n" in section
    assert "pipx install dist/broadsheet-*.whl" in section


def test_the_readme_names_every_library_the_display_check_knows() -> None:
    line = next(line for line in README.splitlines()
                if line.startswith("sudo apt-get install libxcb"))
    named = line.split()[3:]
    wanted = [package for _soname, package in (*XCB_LIBRARIES, *COMMON_LIBRARIES)]
    assert sorted(named) == sorted(wanted)
