"""What the window's start-up loads before its first paint: the command line's parser is built
on every start (``main.py`` parses the arguments once), so no command may pull a heavy library
into it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_parsing_the_arguments_loads_no_numpy_trafilatura_or_feedparser() -> None:
    code = (
        "import sys\n"
        "from reader.cli.main import parse_arguments\n"
        "parse_arguments(['--library', 'x.sqlite3'])\n"
        "heavy = sorted(m for m in ('numpy', 'trafilatura', 'feedparser', 'lxml', 'httpx')"
        " if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60, check=True)
    assert done.stdout.strip() == ""


def test_no_class_on_the_start_path_is_a_dataclass() -> None:
    """A frozen dataclass compiles its methods from source on every start (~2 ms a class on
    a slow machine); the records are msgspec Structs, made in C. Catches one slipping back."""
    code = (
        "import dataclasses, inspect, sys\n"
        "import reader.cli.main, ui.window.main_window\n"
        "made = sorted(f'{name}.{cls.__name__}' for name, module in list(sys.modules.items())\n"
        "              if name.split('.')[0] in ('reader', 'ui')\n"
        "              for cls in vars(module).values()\n"
        "              if inspect.isclass(cls) and cls.__module__ == name\n"
        "              and dataclasses.is_dataclass(cls))\n"
        "print(','.join(made))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60, check=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == ""
