"""Start-up: arguments, platform checks, the library, then the main window."""

from __future__ import annotations

import ctypes
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from reader.paths import APP_NAME

# Libraries Qt's xcb platform plugin loads, with the Debian/Ubuntu package for each. Used to
# name packages, and as the list to check when ``ldd`` cannot tell us the plugin's own needs.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
)
# Needed whichever window system is in use.
COMMON_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)
# Only older Qt builds link these; named if ldd reports them missing, never required blindly.
OTHER_PACKAGES = {
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb.so.1": "libxcb1",
    "libGLX.so.0": "libglx0",
    "libOpenGL.so.0": "libopengl0",
    "libglib-2.0.so.0": "libglib2.0-0",
}
PACKAGES = {**dict(XCB_LIBRARIES), **dict(COMMON_LIBRARIES), **OTHER_PACKAGES}
_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found", re.MULTILINE)


def package_for(soname: str) -> str:
    """The Debian package that ships ``soname`` (``libfoo.so.1`` -> ``libfoo1`` if unknown)."""
    if soname in PACKAGES:
        return PACKAGES[soname]
    stem, _, version = soname.partition(".so.")
    return f"{stem.lower()}{version.split('.')[0]}" if version else stem.lower()


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _qt_binaries(platform_plugin: str) -> list[Path]:
    """The platform plugin and the Qt libraries it brings in, from the installed PySide6."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return []
    qt = Path(next(iter(spec.submodule_search_locations))) / "Qt"
    found = [qt / "plugins" / "platforms" / f"libq{platform_plugin}.so"]
    companion = "libQt6XcbQpa.so*" if platform_plugin == "xcb" else "libQt6WaylandClient.so*"
    for pattern in (companion, "libQt6Gui.so*"):
        found += sorted((qt / "lib").glob(pattern))[:1]
    return [path for path in found if path.exists()]


def _ldd_missing(binaries: Sequence[Path]) -> set[str] | None:
    """Sonames ``ldd`` cannot resolve for ``binaries``; None when ldd cannot say."""
    ldd = shutil.which("ldd")
    if not binaries or ldd is None:
        return None
    try:
        output = subprocess.run(
            [ldd, *map(str, binaries)], capture_output=True, text=True, timeout=10, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return set(_NOT_FOUND.findall(output))


def display_plugins(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> list[str]:
    """The display plugins Qt will try, in order, when ours is the Linux check to make."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return []
    has_x11 = bool(env.get("DISPLAY"))
    has_wayland = bool(env.get("WAYLAND_DISPLAY"))
    # Qt picks Wayland in a Wayland session and falls back to X11 (XWayland) when it can:
    # the start is safe if any plugin it would try has everything it needs.
    plugins: list[str] = []
    if has_wayland and (env.get("XDG_SESSION_TYPE") == "wayland" or not has_x11):
        plugins.append("wayland")
    if has_x11:
        plugins.append("xcb")
    return plugins


def missing_packages(
    environ: Mapping[str, str] | None = None,
    platform: str = sys.platform,
    loadable: Callable[[str], bool] = _loadable,
    ldd_missing: Callable[[str], set[str] | None] | None = None,
) -> list[str]:
    """Debian packages whose libraries Qt's display plugin would fail to load, if any.

    Checked only on Linux with a display and no explicit ``QT_QPA_PLATFORM``. ``ldd`` on the
    platform plugin says exactly what is missing; without it, a known list is tried to load.
    """
    missing: set[str] = set()
    for plugin in display_plugins(environ, platform):
        found = (ldd_missing or _plugin_missing)(plugin)
        missing = _by_loading(plugin, loadable) if found is None else found
        if not missing:
            return []
    packages: list[str] = []
    for soname in sorted(missing):
        package = package_for(soname)
        if package not in packages:
            packages.append(package)
    return packages


def _plugin_missing(plugin: str) -> set[str] | None:
    return _ldd_missing(_qt_binaries(plugin))


def _by_loading(plugin: str, loadable: Callable[[str], bool]) -> set[str]:
    wanted = list(COMMON_LIBRARIES) + (list(XCB_LIBRARIES) if plugin == "xcb" else [])
    return {soname for soname, _package in wanted if not loadable(soname)}


class DisplayCheck:
    """Remembers that the window opened with these Qt display plugins, so the next start can
    skip asking ``ldd`` (~25 ms). The mark is taken away while a start is under way: if Qt
    aborts for a library gone missing since, the start after it checks again."""

    def __init__(self, marker: Path, plugins: Sequence[str],
                 check: Callable[[], list[str]] = missing_packages) -> None:
        self._marker = marker
        self._check = check
        # The plugins and their files as they are now: another Qt, another check.
        files = [_identity(binary) for plugin in plugins for binary in _qt_binaries(plugin)]
        self._key = "\n".join([*plugins, *files]) if plugins else ""

    @classmethod
    def for_this_start(cls) -> DisplayCheck:
        import appdirs

        folder = Path(appdirs.user_cache_dir(APP_NAME, appauthor=False))
        return cls(folder / "display-check", display_plugins())

    def missing_packages(self) -> list[str]:
        """What would stop Qt opening a window, or [] when this Qt opened one last time."""
        if not self._key:
            return []  # no check to make (no Linux display, or a platform chosen by hand)
        try:
            passed = self._marker.read_text(encoding="utf-8") == self._key
            self._marker.unlink()
        except OSError:
            passed = False
        return [] if passed else self._check()

    def window_opened(self) -> None:
        if not self._key:
            return
        try:
            self._marker.parent.mkdir(parents=True, exist_ok=True)
            self._marker.write_text(self._key, encoding="utf-8")
        except OSError:
            pass  # the next start checks again, that is all


def _identity(binary: Path) -> str:
    info = binary.stat()
    return f"{binary}:{info.st_size}:{info.st_mtime_ns}"


def install_hint(packages: Sequence[str]) -> str:
    return (
        "Broadsheet cannot open a window: system libraries that Qt needs are missing.\n"
        "Install them with:\n\n"
        f"    sudo apt-get install {' '.join(packages)}\n\n"
        "(On other distributions, install the equivalent packages.)"
    )


def main(library: str | None = None) -> int:
    """Open the window on the library ``library`` names (``--library``; None: the
    environment's or the default one); returns when the window closes."""
    display = DisplayCheck.for_this_start()
    missing = display.missing_packages()
    if missing:
        print(install_hint(missing), file=sys.stderr)
        return 1

    from PySide6.QtWidgets import QApplication

    from reader import InvalidValue, LibraryUnavailable, startup
    from reader.paths import resolve_library_location
    from reader.settings import load_settings
    from ui.dialogs.open_library import remember_library
    from ui.dialogs.upgrade_dialog import open_library_showing_upgrade
    from ui.plain_text import critical
    from ui.resources import icon, stylesheet
    from ui.window.main_window import MainWindow

    existing = QApplication.instance()
    app = (
        existing
        if isinstance(existing, QApplication)
        else QApplication([sys.argv[0] if sys.argv else APP_NAME])
    )
    app.setOrganizationName(APP_NAME)
    app.setApplicationName(APP_NAME)
    app.setDesktopFileName("broadsheet")
    app.setWindowIcon(icon("broadsheet"))
    app.setStyleSheet(stylesheet())

    def cannot_open(message: str) -> int:
        if sys.stderr is not None:  # started from a desktop, there may be none
            print(message, file=sys.stderr)
        critical(None, "Broadsheet", message)
        return 1

    try:
        where = resolve_library_location(library)
    except (LibraryUnavailable, InvalidValue) as exc:  # "", ":memory:", "~nobody/...", "ftp://"
        return cannot_open(f"Cannot open the library: {exc}")
    try:
        # Off the GUI thread: an older library's upgrade shows a dialog while it runs.
        opened = open_library_showing_upgrade(where)
    except (LibraryUnavailable, InvalidValue) as exc:
        return cannot_open(f"Cannot open the library {where}:\n{exc}")
    opened.follow()  # what other programs and colleagues change shows within seconds
    remember_library(str(opened.location))
    try:
        window = MainWindow(opened, load_settings())
        window.show()
        display.window_opened()
        startup.finish()
        window.safety.start()  # daily backup and integrity check, after the first paint
        return int(app.exec())
    finally:
        opened.close()
