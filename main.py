"""Start Broadsheet: ``python main.py [--library PATH] [COMMAND ...]``.

The same as the ``broadsheet`` command: with no command it opens the desktop application.
"""

from __future__ import annotations

import gc
import sys


def run() -> int:
    gc.disable()  # until start-up is over: see reader/startup.py
    from reader.cli.main import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())
