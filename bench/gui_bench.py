"""The desktop window on a 100,000-article library, beside an empty Qt window.

Start-up is timed from process start to the first painted window, for Broadsheet (started
through its real entry point) and for an empty window with SQLAlchemy imported, alternating,
in the same run.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench import Options
from bench.report import Table
from bench.search_bench import ensure_library

REPO = Path(__file__).resolve().parents[1]
START_UP_RATIO = 1.8  # first paint at 100k articles against an empty window


def _launch(args: list[str], config: Path) -> tuple[float, list[dict[str, Any]]]:
    # Its own config folder: no saved window state or settings of the user's on either side.
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config))
    env.pop("BROADSHEET_CONFIG", None)
    began = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.gui_child", *args],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )
    assert child.stdout is not None
    painted_at = None
    lines = []
    for line in child.stdout:
        if not line.startswith("{"):
            continue
        record = json.loads(line)
        lines.append(record)
        if record.get("event") == "painted" and painted_at is None:
            painted_at = time.perf_counter() - began
    child.wait(timeout=600)
    if painted_at is None:
        raise RuntimeError(f"bench.gui_child {args} never painted (exit {child.returncode})")
    return painted_at, lines


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(len(ordered) * 0.95) - 1)]


def run(options: Options) -> None:
    library = ensure_library(options)
    # Five starts of each side: with three, one slow start on a busy machine moved the median
    # by a tenth of the ratio.
    runs = max(options.repeat, 5)
    app_times: list[float] = []
    empty_times: list[float] = []
    app_lines: list[dict[str, Any]] = []
    empty_rss: list[float] = []
    with tempfile.TemporaryDirectory(prefix="broadsheet-bench-") as config:
        for _ in range(runs):
            seconds, _ = _launch(["app", str(library)], Path(config))
            app_times.append(seconds)
            seconds, lines = _launch(["empty"], Path(config))
            empty_times.append(seconds)
            empty_rss.append(lines[0]["rss_mb"])
        _, app_lines = _launch(["measure", str(library)], Path(config))
    painted = app_lines[0]
    done = app_lines[-1]
    switches = done["switch_ms"]

    table = Table(f"desktop window: {done['rows']:,} articles, median of {runs} starts")
    start, base = statistics.median(app_times), statistics.median(empty_times)
    table.add("start-up to first paint", start, base, unit="s", digits=2, target="<= 1.8x",
              passed=start / base <= START_UP_RATIO)
    table.add("resident memory, shown", painted["rss_mb"], statistics.median(empty_rss),
              unit="MB", target="< 250 MB", passed=painted["rss_mb"] < 250)
    table.add("resident memory, after scrolling", done["rss_mb"], None, unit="MB",
              target="< 250 MB", passed=done["rss_mb"] < 250)
    table.add("switch article p50", statistics.median(switches), None, unit="ms", digits=1)
    table.add("switch article p95", _p95(switches), None, unit="ms", digits=1,
              target="< 30 ms", passed=_p95(switches) < 30)
    early = done["early_switch_ms"]
    table.add("switch p95, start-up reads running", _p95(early), None, unit="ms", digits=1)
    table.add("scroll whole list", done["scroll_s"], None, unit="s", digits=2)
    table.add("pages scrolled", done["scroll_steps"], None)
    table.add("rows held after scrolling", done["rows_cached"], done["rows"],
              target="fewer than all", passed=done["rows_cached"] < done["rows"])
    table.note("baseline: an empty QMainWindow with sqlalchemy.orm imported, same size")
    table.note("switching: 50 articles once the window is settled; 20 before that, while the "
               "sidebar, counts, months and the rest of the list are read")
    table.print()
