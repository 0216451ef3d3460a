"""One GUI start-up, measured from inside: ``python -m bench.gui_child MODE [LIBRARY]``.

MODE ``empty`` shows an empty window with SQLAlchemy imported (the baseline); ``app`` opens
Broadsheet's main window on LIBRARY and, with ``--measure``, then measures article switching
and a scroll through the whole list. Prints JSON lines; the parent times process start to
the "painted" line.
"""

from __future__ import annotations

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


def _painted(widget: Any, then: Any) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and not self.done:
                self.done = True
                QTimer.singleShot(0, then)
            return False

    watcher = FirstPaint(widget)
    widget.installEventFilter(watcher)
    widget._first_paint = watcher  # keep it alive


def _say(**values: Any) -> None:
    print(json.dumps(values), flush=True)


def empty() -> None:
    import sqlalchemy.orm  # noqa: F401  the baseline pays for the same database layer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1400, 900)
    _painted(window, lambda: (_say(event="painted", rss_mb=_rss_mb()), app.quit()))
    window.show()
    app.exec()


def application(path: str, measure: bool) -> None:
    from PySide6.QtWidgets import QApplication

    from reader import Library
    from reader.settings import Settings
    from ui.main_window import MainWindow

    app = QApplication([])
    library = Library.open(path)
    window = MainWindow(library, Settings(mark_read_on_open=False))
    window.resize(1400, 900)

    def after_paint() -> None:
        _say(event="painted", rss_mb=_rss_mb())
        if not measure:
            app.quit()
            return
        switches = _switch_articles(app, window)
        scroll = _scroll_everything(app, window)
        _say(event="done", switch_ms=switches, rss_mb=_rss_mb(), **scroll)
        app.quit()

    _painted(window, after_paint)
    window.show()
    app.exec()
    library.close()


def _switch_articles(app: Any, window: Any) -> list[float]:
    times = []
    for row in range(0, 100, 2):
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
    else:
        application(sys.argv[2], measure="--measure" in sys.argv)
