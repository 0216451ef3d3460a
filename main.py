"""Start Broadsheet: ``python main.py [--library PATH]``."""

from __future__ import annotations

import sys


def run() -> int:
    from ui.app import main

    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())
