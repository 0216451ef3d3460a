"""The installed app's window at its first paint, run with an installation's interpreter:
``python -I installed_window.py --library PATH --source CLONE [--screenshot PNG]``.

Run by ``check_install.py`` outside the source tree. It fails (exit status 1, a line per
problem) if Broadsheet is imported from ``CLONE`` instead of the installation, if a file of
``CLONE/resources`` is missing from the installed package, or if the window, started through
the ``broadsheet`` command's own entry point, paints without the style sheet or with an icon
it could not find. ``--screenshot`` saves what the window painted.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The window must paint long before this; if it never does, fail instead of hanging CI.
FIRST_PAINT_TIMEOUT_MS = 60_000
MODULES = ("main", "reader", "ui", "resources")


def from_the_clone(source: Path) -> list[str]:
    """Modules that were imported from the source tree: the check would prove nothing."""
    problems = []
    for name in MODULES:
        where = Path(getattr(importlib.import_module(name), "__file__", "") or "").resolve()
        if where.is_relative_to(source):
            problems.append(f"{name} is imported from the source tree ({where})")
    return problems


def _walk(folder: Traversable, prefix: str = "") -> set[str]:
    found: set[str] = set()
    for child in folder.iterdir():
        if child.name == "__pycache__" or child.name.endswith(".pyc"):
            continue
        name = f"{prefix}{child.name}"
        found |= _walk(child, f"{name}/") if child.is_dir() else {name}
    return found


def missing_resources(source: Path) -> list[str]:
    """Files of the clone's ``resources/`` that the installed ``resources`` package lacks."""
    wanted = _walk(source / "resources")
    shipped = _walk(files("resources"))
    return [f"resources/{name} is not installed" for name in sorted(wanted - shipped)]


def on_first_paint(app: Any, then: Callable[[Any], None]) -> Any:
    """Call ``then(window)`` from the event loop after the first paint of a main window."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, target: QObject, event: QEvent) -> bool:
            if not self.done and event.type() == QEvent.Type.Paint and isinstance(
                target, QMainWindow
            ):
                self.done = True
                QTimer.singleShot(0, lambda: then(target))
            return False

    watcher = FirstPaint(app)
    app.installEventFilter(watcher)
    return watcher


def window_problems(app: Any, window: Any) -> list[str]:
    from ui.resources import missing_icons

    problems = []
    try:
        expected = files("resources").joinpath("style.qss").read_text(encoding="utf-8")
    except OSError:
        expected = None
    if not app.styleSheet() or app.styleSheet() != expected:
        problems.append("the window is painted without the style sheet")
    if app.windowIcon().isNull():
        problems.append("the application has no window icon")
    problems += [f"the icon {name!r} is missing" for name in sorted(missing_icons())]
    if not window.isVisible():
        problems.append("the main window is not visible")
    return problems


def run_window(library: str, screenshot: Path | None) -> list[str]:
    # As the ``broadsheet`` command starts (main.run): the collector off, main, then Qt.
    gc.disable()
    from main import main  # noqa: I001
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    problems: list[str] = []
    painted: list[bool] = []

    def check(window: Any) -> None:
        painted.append(True)
        try:
            problems.extend(window_problems(app, window))
            if screenshot is not None:
                window.grab().save(str(screenshot))
        finally:  # an error here must end the run, not leave it to the timeout
            app.quit()

    watcher = on_first_paint(app, check)
    QTimer.singleShot(FIRST_PAINT_TIMEOUT_MS, app.quit)
    status = main(["--library", library])
    del watcher
    if not painted:
        problems.append(f"the window did not paint (the app exited with status {status})")
    return problems


def run() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--library", required=True)
    parser.add_argument("--source", required=True, type=Path, help="the clone")
    parser.add_argument("--screenshot", type=Path)
    args = parser.parse_args()
    source = args.source.resolve()
    problems = from_the_clone(source) + missing_resources(source)
    problems += run_window(args.library, args.screenshot)
    for problem in problems:
        print(f"installed window: {problem}", file=sys.stderr)
    if not problems:
        print("installed window: painted with its style sheet and every icon")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(run())
