"""``broadsheet desktop-entry install|remove``: Broadsheet in the user's application menu.

``install`` writes the desktop entry and the scalable app icon into the user's XDG data
folder (``$XDG_DATA_HOME``, else ``~/.local/share``); ``remove`` takes them away. The entry's
``Exec`` names this installation's ``broadsheet`` by its absolute path: a desktop session does
not read the shell's start-up files, so pipx's ``~/.local/bin`` is often not on its PATH.
Neither command opens a library, and neither needs Qt: the files come from the ``resources``
package.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from msgspec import Struct

import resources
from reader.cli.output import EXIT_OK
from reader.errors import BroadsheetError
from reader.paths import resolve_library_location

PROG = "broadsheet"
# The name ui/app.py gives QGuiApplication.setDesktopFileName: the dock matches the running
# window to this entry by it.
ENTRY_FILE = "broadsheet.desktop"
ICON_FILE = f"{resources.APP_ICON}.svg"
GROUP = "[Desktop Entry]"
# Characters the desktop entry specification reserves in an Exec argument: an argument that
# holds one is written in double quotes, with these four escaped inside them.
RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
ESCAPED_IN_QUOTES = re.compile(r'(["`$\\])')
# A cache refresh is a courtesy to the menu; one that hangs must not hang the command.
REFRESH_TIMEOUT = 30


class Places(Struct, frozen=True):
    """Where the entry and its icon go under one XDG data folder."""

    data_home: Path

    @property
    def applications(self) -> Path:
        return self.data_home / "applications"

    @property
    def theme(self) -> Path:
        return self.data_home / "icons" / "hicolor"

    @property
    def entry(self) -> Path:
        return self.applications / ENTRY_FILE

    @property
    def icon(self) -> Path:
        return self.theme / "scalable" / "apps" / ICON_FILE


def data_home(environ: Mapping[str, str] | None = None) -> Path:
    """``$XDG_DATA_HOME``, or ``~/.local/share`` when it is unset, empty or relative (the
    specification says to ignore a relative one)."""
    value = (os.environ if environ is None else environ).get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path.home() / ".local" / "share"


# --- the entry's text ------------------------------------------------------------------------


def _string_value(text: str) -> str:
    """``text`` as a desktop entry string value (backslashes and control characters
    escaped)."""
    return (text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))


def _exec_argument(argument: str) -> str:
    argument = argument.replace("%", "%%")  # a lone % would start a field code
    if RESERVED.isdisjoint(argument):
        return argument
    return '"' + ESCAPED_IN_QUOTES.sub(r"\\\1", argument) + '"'


def exec_value(command: Sequence[str]) -> str:
    """The value of an ``Exec`` key that runs ``command`` as it is, whatever its characters.

    Quoting comes first, then the string escape on the whole value, as the specification
    reads them in the opposite order: a literal backslash in a quoted argument is four.
    """
    return _string_value(" ".join(_exec_argument(argument) for argument in command))


def entry_text(template: str, command: Sequence[str]) -> str:
    """``template`` (the shipped entry) with ``Exec`` running ``command`` and a ``TryExec`` on
    its program, so the menu hides the entry if this installation is uninstalled."""
    lines: list[str] = []
    group = ""
    replaced = False
    for line in template.splitlines():
        if line.startswith("["):
            group = line.strip()
        elif group == GROUP and line.startswith(("Exec=", "TryExec=")):
            if line.startswith("Exec="):
                lines += [f"TryExec={_string_value(command[0])}", f"Exec={exec_value(command)}"]
                replaced = True
            continue
        lines.append(line)
    if not replaced:
        raise BroadsheetError(f"the shipped {ENTRY_FILE} has no Exec line")
    return "\n".join(lines) + "\n"


# --- this installation -----------------------------------------------------------------------


def _scripts_folders() -> list[Path]:
    """Where the installer put ``broadsheet``, most likely first: the scheme whose library
    folder holds this code (a venv, pipx, ``pip install --user``), then the interpreter's own
    (an editable install or a clone, whose code lies outside any library folder)."""
    here = Path(__file__).resolve()
    schemes = [sysconfig.get_default_scheme(), sysconfig.get_preferred_scheme("user")]
    folders: list[Path] = []
    for scheme in schemes:
        paths = sysconfig.get_paths(scheme)
        if any(here.is_relative_to(Path(paths[key]).resolve()) for key in ("purelib", "platlib")):
            folders.append(Path(paths["scripts"]))
    folders.append(Path(sysconfig.get_path("scripts")))
    return folders


def installed_program() -> Path:
    """The absolute path of this installation's ``broadsheet`` command."""
    candidates = [folder / PROG for folder in _scripts_folders()]
    if sys.argv and Path(sys.argv[0]).name == PROG:
        candidates.append(Path(sys.argv[0]))
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return Path(os.path.abspath(candidate))
    raise BroadsheetError(
        f"cannot find the '{PROG}' command of this installation; "
        "install Broadsheet with pipx or pip first (see README: Install)"
    )


# --- writing and removing --------------------------------------------------------------------


def _write_atomically(target: Path, data: bytes) -> None:
    """``target`` holds ``data`` entirely or keeps what it held: a menu never reads half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)  # as a file written the usual way; 0600 is for secrets
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def install(places: Places, command: Sequence[str]) -> None:
    """Write the icon, then the entry that names it."""
    icon = resources.icon_file(resources.APP_ICON).read_bytes()
    template = resources.resource(resources.DESKTOP_ENTRY).read_text(encoding="utf-8")
    text = entry_text(template, command)
    had_icon = places.icon.exists()
    _write_atomically(places.icon, icon)
    try:
        _write_atomically(places.entry, text.encode("utf-8"))
    except OSError:
        if not had_icon:  # leave nothing behind that the failed install alone put there
            places.icon.unlink(missing_ok=True)
        raise
    refresh_caches(places)


def remove(places: Places) -> list[Path]:
    """Delete the entry, then its icon; the files that were there."""
    removed = []
    for path in (places.entry, places.icon):
        if path.exists():
            path.unlink()
            removed.append(path)
    if removed:
        refresh_caches(places)
    return removed


def refresh_caches(places: Places) -> None:
    """Tell the menu and the icon theme about the change, with whichever of the desktop's
    tools are installed; without them the menu notices by itself, a little later."""
    _run_if_present(["update-desktop-database", "-q", str(places.applications)])
    # -t: the user's hicolor folder has no index.theme of its own; -f: rebuild even if the
    # cache looks current.
    _run_if_present(["gtk-update-icon-cache", "-q", "-t", "-f", str(places.theme)])


def _run_if_present(command: list[str]) -> None:
    program = shutil.which(command[0])
    if program is None:
        return
    # A stale cache delays the menu; it loses nothing, so a failure here is no error.
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        subprocess.run([program, *command[1:]], capture_output=True, timeout=REFRESH_TIMEOUT,
                       check=False)


# --- the command -----------------------------------------------------------------------------


def _command_line(library: str | None) -> list[str]:
    command = [str(installed_program())]
    if library:  # ``broadsheet --library X desktop-entry install``: the entry opens X
        where = resolve_library_location(library)
        command += ["--library", os.path.abspath(where) if isinstance(where, Path) else str(where)]
    return command


def cmd_desktop_entry(args: argparse.Namespace) -> int:
    places = Places(data_home())
    if args.action == "install":
        command = _command_line(args.library)
        install(places, command)
        print(f"Added Broadsheet to the application menu: {places.entry}")
        print(f"  runs: {exec_value(command)}")
        print(f"  icon: {places.icon}")
    else:
        removed = remove(places)
        for path in removed:
            print(f"Removed {path}")
        if not removed:
            print(f"Broadsheet has no menu entry in {places.applications}.")
    return EXIT_OK


def add_desktop_entry(commands: Any) -> None:
    """Register ``desktop-entry`` with the parser's commands (``commands`` is argparse's
    subparsers object)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "desktop-entry",
        help="add Broadsheet to your application menu (install) or take it away (remove)",
    )
    parser.add_argument(
        "action", choices=["install", "remove"],
        help="install: write the menu entry and its icon; remove: delete them",
    )
    parser.set_defaults(handler=cmd_desktop_entry, command_parser=parser, needs_library=False)
