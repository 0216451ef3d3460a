"""Install Broadsheet as a user would and use it: ``python tests/smoke/check_install.py``
(``make check-install``, which ``make test`` runs).

Builds the wheel from a copy of the source tree (a stale ``build/`` folder could otherwise
lend the wheel files the package no longer declares), installs it into a fresh virtualenv in
a temporary folder, and from there, with a temporary home and the source tree out of reach:

- the command line prints the version, imports the seed article and lists it;
- the window reaches its first paint with its style sheet and every icon
  (``installed_window.py``, run with the installed interpreter);
- ``desktop-entry install`` writes an entry that ``desktop-file-validate`` accepts (installed
  with apt-get when it is missing and we are root, else skipped with a note), whose ``Exec``
  runs this installation, with the app's icon beside it; ``desktop-entry remove`` takes both.

Exits 1 with the reason at the first failed step. Dependencies come from pip's cache when it
has them.
"""

from __future__ import annotations

import argparse
import configparser
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Iterator, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests" / "data" / "seed_article.txt"
WINDOW_SMOKE = Path(__file__).resolve().parent / "installed_window.py"
# Left out of the copy the wheel is built from: environments, caches and earlier builds.
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis",
    ".cache",
)
COMMAND_TIMEOUT = 300  # seconds; pip on a cold cache is the slowest step
VALIDATOR = "desktop-file-validate"


class CheckFailed(Exception):
    """A step of the check went wrong; the message says which and how."""


@contextlib.contextmanager
def step(label: str, doing: str, timings: list[tuple[str, float]]) -> Iterator[None]:
    """Time one step under ``label``, saying first what it does."""
    began = time.perf_counter()
    print(f"check-install: {doing}…", flush=True)
    yield
    timings.append((label, time.perf_counter() - began))


def run(command: Sequence[str | Path], **options: object) -> subprocess.CompletedProcess[str]:
    """Run ``command``; a non-zero exit fails the check with its output."""
    done = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True,
        timeout=COMMAND_TIMEOUT, check=False, **options,  # type: ignore[call-overload]
    )
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()
        raise CheckFailed(f"{' '.join(map(str, command))} exited with {done.returncode}\n{output}")
    return done


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def source_version() -> str:
    with (REPO / "pyproject.toml").open("rb") as handle:
        return str(tomllib.load(handle)["project"]["version"])


def user_environment(home: Path) -> dict[str, str]:
    """The environment of a user whose home is ``home``: nothing of ours leaks in (no
    PYTHONPATH into the clone, no library, no XDG folders of the person running the check)."""
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "BROADSHEET_", "XDG_", "VIRTUAL_ENV"))
    }
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="qt.qpa.*=false")
    return env


# --- build and install -----------------------------------------------------------------------


def build_wheel(work: Path) -> Path:
    source = work / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    dist = work / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", dist,
         source])
    wheels = sorted(dist.glob("broadsheet-*.whl"))
    expect(len(wheels) == 1, f"expected one wheel in {dist}, found {wheels}")
    return wheels[0]


def install_wheel(work: Path, wheel: Path) -> Path:
    """A fresh virtualenv with the wheel and its dependencies; its ``bin`` folder. The
    virtualenv gets no pip of its own: this pip installs into it (``--python``)."""
    venv = work / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet", wheel])
    return venv / "bin"


# --- the installed app -----------------------------------------------------------------------


def check_command_line(bin_dir: Path, work: Path, env: dict[str, str]) -> Path:
    """The version, then the seed article imported into a new library and listed; the
    library, with a note on the article so the list paints its note icon too."""
    broadsheet = bin_dir / "broadsheet"
    shown = run([broadsheet, "--version"], cwd=work, env=env).stdout.strip()
    expect(shown == f"broadsheet {source_version()}", f"--version printed {shown!r}")
    library = work / "library.sqlite3"
    base = [broadsheet, "--library", library]
    report = json.loads(run([*base, "import", SEED, "--json"], cwd=work, env=env).stdout)
    expect(len(report["imported"]) == 1, f"the seed article was not imported: {report}")
    listed = json.loads(run([*base, "list", "--json"], cwd=work, env=env).stdout)
    expect(
        len(listed) == 1 and listed[0]["title"].startswith("Amid escalating")
        and listed[0]["published"] == "2024-03-20",
        f"the list does not show the seed article: {listed}",
    )
    run([*base, "note", str(listed[0]["id"]), "--set", "Checked."], cwd=work, env=env)
    return library


def check_window(bin_dir: Path, work: Path, env: dict[str, str], library: Path,
                 screenshot: Path | None) -> None:
    command: list[str | Path] = [bin_dir / "python", "-I", WINDOW_SMOKE,
                                 "--library", library, "--source", REPO]
    if screenshot is not None:
        command += ["--screenshot", screenshot.resolve()]
    print("  " + run(command, cwd=work, env=env).stdout.strip())


def validator() -> str | None:
    """``desktop-file-validate``, installed from Debian's desktop-file-utils if it is missing
    and apt-get is ours to use; None if it cannot be had."""
    found = shutil.which(VALIDATOR)
    if found or not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    get = ["apt-get", "install", "-y", "-q", "--no-install-recommends", "desktop-file-utils"]
    for attempt in ([get], [["apt-get", "update", "-q"], get]):  # stale package lists: update
        if all(subprocess.run(part, capture_output=True, env=env, timeout=COMMAND_TIMEOUT,
                              check=False).returncode == 0 for part in attempt):
            break
    return shutil.which(VALIDATOR)


def check_desktop_entry(bin_dir: Path, work: Path, env: dict[str, str]) -> None:
    data_home = work / "data-home"  # apart from HOME: $XDG_DATA_HOME must be obeyed
    env = {**env, "XDG_DATA_HOME": str(data_home)}
    broadsheet = bin_dir / "broadsheet"
    run([broadsheet, "desktop-entry", "install"], cwd=work, env=env)
    entry = data_home / "applications" / "broadsheet.desktop"
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "broadsheet.svg"
    expect(entry.is_file() and icon.is_file(), f"desktop-entry install wrote no {entry} or {icon}")
    expect(icon.read_bytes() == (REPO / "resources" / "icons" / "broadsheet.svg").read_bytes(),
           f"{icon} is not the app's icon")
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]  keys are case-sensitive
    parsed.read(entry, encoding="utf-8")
    fields = parsed["Desktop Entry"]
    expect(fields.get("Exec") == str(broadsheet) and fields.get("TryExec") == str(broadsheet),
           f"the entry runs {fields.get('Exec')!r}, not {broadsheet}")
    expect(fields.get("Icon") == "broadsheet", f"the entry's icon is {fields.get('Icon')!r}")
    shown = run([fields["Exec"], "--version"], cwd=work, env=env).stdout.strip()
    expect(shown == f"broadsheet {source_version()}", f"the entry's program printed {shown!r}")
    checker = validator()
    if checker is None:
        print(f"  note: {VALIDATOR} is not available (desktop-file-utils); entry not validated")
    else:
        output = run([checker, entry]).stdout.strip()
        print(f"  {VALIDATOR}: {output or 'valid'}")
    run([broadsheet, "desktop-entry", "remove"], cwd=work, env=env)
    expect(not entry.exists() and not icon.exists(), "desktop-entry remove left files behind")


# --- the check -------------------------------------------------------------------------------


def check(work: Path, screenshot: Path | None, timings: list[tuple[str, float]]) -> None:
    home = work / "home"
    home.mkdir()
    env = user_environment(home)
    with step("wheel", "building the wheel", timings):
        wheel = build_wheel(work)
    with step("install", f"installing {wheel.name} into a fresh virtualenv", timings):
        bin_dir = install_wheel(work, wheel)
    with step("command line", "the command line: --version, import, list, note", timings):
        library = check_command_line(bin_dir, work, env)
    with step("window", "the window at its first paint", timings):
        check_window(bin_dir, work, env, library, screenshot)
    with step("desktop entry", "desktop-entry install and remove", timings):
        check_desktop_entry(bin_dir, work, env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--screenshot", type=Path, help="save the installed window's paint")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    timings: list[tuple[str, float]] = []
    began = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="broadsheet-install-"))
    try:
        check(work, args.screenshot, timings)
    except (CheckFailed, subprocess.TimeoutExpired) as exc:
        print(f"check-install: FAILED: {exc}", file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"check-install: kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    parts = ", ".join(f"{label} {seconds:.1f} s" for label, seconds in timings)
    print(f"check-install: passed in {time.perf_counter() - began:.1f} s ({parts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
