"""Start Broadsheet: ``python main.py [--library PATH] [COMMAND ...]`` (the ``broadsheet``
command is the same).

The arguments are parsed once: a command runs on the command line (:mod:`reader.cli`), none
opens the window (:mod:`ui.app`). ``reader`` never imports ``ui``; this is where they meet.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Sequence

PROG = "broadsheet"


def main(argv: Sequence[str]) -> int:
    from reader.cli.main import parse_arguments, run_command

    args = parse_arguments(argv)
    if args.handler is None:
        return open_window(args.library)
    return run_command(args)


def open_window(library: str | None) -> int:
    try:
        from ui.app import main as window_main
    except ImportError as exc:
        print(f"{PROG}: error: the desktop application cannot start ({exc}); "
              f"run '{PROG} --help' for the commands", file=sys.stderr)
        return 1
    return int(window_main(library) or 0)


def run() -> int:
    gc.disable()  # until start-up is over: see reader/startup.py
    return main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(run())
