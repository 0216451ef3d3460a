"""What the window's start-up loads before its first paint: the command line's parser is built
on every start (``main.py`` parses the arguments once), so no command may pull a heavy library
into it."""

from __future__ import annotations

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
