"""One GUI start-up, measured from inside: ``python -m bench.gui_child MODE [LIBRARY]``.

MODE ``empty`` shows an empty window with SQLAlchemy imported (the baseline). ``app`` starts
Broadsheet on LIBRARY the way ``main.py`` does (the same entry point, imports in the same
order, the stylesheet and saved window state) and quits at the first paint. ``measure`` builds
the main window on LIBRARY directly, with the app's style sheet and without the daily
backup, then measures article switching and a scroll through the whole list. Prints JSON
lines; the parent times process start to the "painted" line.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _on_first_paint(watched: Any, then: Any, main_window_only: bool = False) -> Any:
    """Call ``then`` (from the event loop) after ``watched``'s first paint event. Watching the
    application with ``main_window_only`` catches the first paint of any QMainWindow: the
    watch moves from the application to the window as soon as the window gets its first
    event, so that it does not run Python for every event of every widget, which the
    baseline's watch on its one window does not pay either."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QMainWindow

    paint = QEvent.Type.Paint

    class FirstPaint(QObject):
        done = False
        on_application = main_window_only

        def eventFilter(self, target: QObject, event: QEvent) -> bool:
            if self.on_application:
                if not isinstance(target, QMainWindow):
                    return False
                self.on_application = False
                watched.removeEventFilter(self)
                target.installEventFilter(self)
            if not self.done and event.type() == paint:
                self.done = True
                QTimer.singleShot(0, then)
            return False

    watcher = FirstPaint(watched)
    watched.installEventFilter(watcher)
    return watcher


def _say(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def empty() -> None:
    import sqlalchemy.orm  # noqa: F401  the baseline pays for the same database layer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 800)  # the size Broadsheet opens at without saved state
    _on_first_paint(window, lambda: (_say(event="painted", rss_mb=_rss_mb()), app.quit()))
    window.show()
    app.exec()


def application(path: str) -> None:
    """The real start: ``main.main`` opens the window on the QApplication made here."""
    # As main.py starts: the collector off, then the command line's parser (and with it the
    # reader and SQLAlchemy), then Qt. The order matters: once PySide6 is loaded, its import
    # hook reads the source of every module an import statement names, so a module imported
    # after Qt costs more than one imported before it.
    gc.disable()
    from main import main  # noqa: I001
    import reader.cli.main  # noqa: F401  the first thing main() imports
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    _on_first_paint(app, lambda: (_say(event="painted", rss_mb=_rss_mb()), app.quit()),
                    main_window_only=True)
    sys.exit(main(["--library", path]))


def measured(path: str) -> None:
    from PySide6.QtWidgets import QApplication

    from reader import Library
    from reader.settings import Settings
    from ui.resources import stylesheet
    from ui.window.main_window import MainWindow

    app = QApplication([])
    app.setStyleSheet(stylesheet())  # as the app has it: styled widgets paint differently
    library = Library.open(path)
    window = MainWindow(library, Settings(mark_read_on_open=False))
    window.resize(1400, 900)

    def after_paint() -> None:
        _say(event="painted", rss_mb=_rss_mb())
        # Right after the paint, the sidebar's tags and counts, the month strip and the rest
        # of the list are being read on worker threads; then the window is settled.
        early = _switch_articles(app, window, range(0, 40, 2))
        _settle(app, window)
        settled = _switch_articles(app, window, range(40, 140, 2))
        scroll = _scroll_everything(app, window)
        _say(event="done", early_switch_ms=early, switch_ms=settled, rss_mb=_rss_mb(),
             **scroll)
        app.quit()

    _on_first_paint(window, after_paint)
    window.show()
    app.exec()
    library.close()


def _settle(app: Any, window: Any, timeout: float = 30.0) -> None:
    """Until the window's background reads are done."""
    deadline = time.perf_counter() + timeout
    while window.runner.busy and time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)
    app.processEvents()


def _switch_articles(app: Any, window: Any, rows: range) -> list[float]:
    times = []
    for row in rows:
        began = time.perf_counter()
        window.list.selectRow(row)
        app.processEvents()
        times.append((time.perf_counter() - began) * 1000)
    return times


def _scroll_everything(app: Any, window: Any) -> dict[str, Any]:
    bar = window.list.verticalScrollBar()
    began = time.perf_counter()
    steps = 0
    while bar.value() < bar.maximum():
        bar.setValue(bar.value() + bar.pageStep())
        window.list.viewport().repaint()
        app.processEvents()
        steps += 1
    return {
        "scroll_s": time.perf_counter() - began,
        "scroll_steps": steps,
        "rows": window.model.rowCount(),
        "rows_cached": window.model.cached_row_count(),
    }


if __name__ == "__main__":
    if sys.argv[1] == "empty":
        empty()
    elif sys.argv[1] == "app":
        application(sys.argv[2])
    else:
        measured(sys.argv[2])
