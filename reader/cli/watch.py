"""``broadsheet watch FOLDER``: import files as they arrive in a folder, until Ctrl+C.

The folder is an inbox (``reader.importing.inbox``): each file is imported once it stops
growing and is then moved into ``Imported/`` or ``Not imported/``. Each file taken prints one
line, as ``import`` words them; ``--once`` takes what is there now and exits.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

from reader.cli import output as out
from reader.cli.output import EXIT_ERROR, EXIT_OK, duplicate_line
from reader.cli.terminal_text import visible
from reader.errors import InvalidValue
from reader.importing.file_names import printable
from reader.importing.inbox import Handled, Inbox
from reader.importing.inbox_record import InboxRecord, record_for
from reader.library import Library
from reader.records import CancelCheck, Duplicate, Failed, ImportReport

_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def add_watch(commands: Any) -> None:
    """Register ``watch`` with the parser's commands (argparse's subparsers object)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "watch",
        help="import files as they arrive in a folder (browser saves, clips), each once it "
        "stops growing; handled files move into Imported/ or Not imported/. Ctrl+C stops",
    )
    parser.add_argument("folder", type=Path, metavar="FOLDER", help="the inbox folder")
    parser.add_argument(
        "--tag", dest="tags", action="append", default=[], metavar="NAME",
        help="tag every imported article (repeatable)",
    )
    parser.add_argument(
        "--once", action="store_true",
        help="import what is in the folder now, then exit (status 1 if any file failed)",
    )
    parser.set_defaults(handler=cmd_watch, command_parser=parser)


def cmd_watch(library: Library, args: argparse.Namespace) -> int:
    folder: Path = args.folder
    if not folder.is_dir():
        raise InvalidValue(f"not a folder: {folder}" if folder.exists()
                           else f"no such folder: {folder}")
    library.import_paths([])  # a read-only library refuses now, not when a file arrives
    tags: list[str] = args.tags

    def import_files(paths: Sequence[Path], cancel: CancelCheck | None) -> ImportReport:
        return library.import_paths(paths, tags=tags, cancel=cancel)

    record = InboxRecord(record_for(library.location, library.path))
    inbox = Inbox(folder, import_files, record=record)
    failures = 0

    def show(handled: Handled) -> None:
        nonlocal failures
        failures += isinstance(handled.result, Failed)
        out.print_lines([handled_line(handled)])
        sys.stdout.flush()

    with _stop_on_signals() as stopping:
        if args.once:
            for handled in inbox.sweep(stopping):
                show(handled)
            for path in inbox.waiting:
                out.print_lines([f"waiting: {printable(str(path))} (still being written, "
                                 "or empty)"])
            return EXIT_ERROR if failures else EXIT_OK
        if sys.stderr.isatty():
            print(f"Watching {visible(printable(str(folder)))} (Ctrl+C to stop)",
                  file=sys.stderr)
        inbox.watch(show, stopping)
    return EXIT_OK


def handled_line(handled: Handled) -> str:
    """One line for a file taken from the inbox, worded as ``import`` words its results."""
    result = handled.result
    if isinstance(result, Failed):
        return f"failed: {result.path}: {result.reason}"
    if isinstance(result, Duplicate):
        return duplicate_line(result)
    return f"imported: {result.path} (article {result.id})"


@contextmanager
def _stop_on_signals() -> Iterator[Callable[[], bool]]:
    """Ctrl+C (or a service manager's SIGTERM) asks the watch to stop after the current file;
    a second Ctrl+C aborts at once."""
    requested = False

    def handle(signum: int, _frame: FrameType | None) -> None:
        nonlocal requested
        if requested and signum == signal.SIGINT:
            raise KeyboardInterrupt
        requested = True

    try:
        previous = [(number, signal.signal(number, handle)) for number in _STOP_SIGNALS]
    except ValueError:  # not the main thread: stopped only by the process ending
        yield lambda: False
        return
    try:
        yield lambda: requested
    finally:
        for number, handler in previous:
            signal.signal(number, handler)
