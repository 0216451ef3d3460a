"""The ``broadsheet`` commands that move articles in and out of the library: import, export
and restore. Each shows progress on a terminal, and the first Ctrl+C stops it cleanly.
"""

from __future__ import annotations

import argparse
import importlib.util
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TextIO

from reader.cli import output as out
from reader.cli.output import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK
from reader.errors import InvalidValue
from reader.library import Library
from reader.records import ArticleQuery
from reader.settings import load_settings

if TYPE_CHECKING:
    from reader.transfer.exporting import ExportReport

# --- import ----------------------------------------------------------------------------------


@contextmanager
def cancel_on_interrupt() -> Iterator[Callable[[], bool]]:
    """The first Ctrl+C asks the import to stop after the current file; a second one aborts."""
    requested = False

    def handle(_signum: int, _frame: FrameType | None) -> None:
        nonlocal requested
        if requested:
            raise KeyboardInterrupt
        requested = True

    try:
        previous = signal.signal(signal.SIGINT, handle)
    except ValueError:  # not the main thread: no cooperative cancelling
        yield lambda: False
        return
    try:
        yield lambda: requested
    finally:
        signal.signal(signal.SIGINT, previous)


def cmd_import(library: Library, args: argparse.Namespace) -> int:
    progress = out.ProgressLine(sys.stderr) if sys.stderr.isatty() else None
    try:
        with cancel_on_interrupt() as cancelled:
            report = library.import_paths(
                args.paths, tags=args.tags, progress=progress, cancel=cancelled
            )
    finally:
        if progress is not None:
            progress.clear()
    nothing = not report.processed and not report.cancelled
    if args.json:
        out.dump_json(out.report_dict(report))
    elif not nothing:
        out.print_lines(out.report_lines(report))
    if nothing:  # "Imported 0" would read as success: most likely the wrong folder
        where = ", ".join(str(path) for path in args.paths)
        raise InvalidValue(f"nothing to import: no .txt or .md files in {where}")
    if report.cancelled:
        return EXIT_INTERRUPTED
    return EXIT_ERROR if report.failed else EXIT_OK


# --- export and restore ----------------------------------------------------------------------


def _export_query(text: str | None) -> ArticleQuery | None:
    if text is None:
        return None
    # Search ships separately from export: look for it when asked rather than at import time.
    has_field = "search" in ArticleQuery.__struct_fields__
    if not has_field or importlib.util.find_spec("reader.search.sql") is None:
        raise InvalidValue("search is not available")
    return ArticleQuery(search=text)


@contextmanager
def _terminal_progress(label: str) -> Iterator[dict[str, Any]]:
    """``progress``/``cancel`` options: a status line on a terminal, Ctrl+C to cancel."""
    progress = out.CountLine(sys.stderr, label) if sys.stderr.isatty() else None
    try:
        with cancel_on_interrupt() as cancelled:
            yield {"progress": progress, "cancel": cancelled}
    finally:
        if progress is not None:
            progress.clear()


def _export_target(output: str) -> Path | TextIO:
    """``--output``: a path, or ``-`` for standard output; an empty path is refused (as a
    path it would mean the current folder)."""
    if output == "-":
        return sys.stdout
    if not output:
        raise InvalidValue("the output path is empty; give a file or folder, or - for "
                           "standard output")
    return Path(output)


def cmd_export(library: Library, args: argparse.Namespace) -> int:
    target = _export_target(args.output)
    selection = _export_query(args.query)
    exporters: dict[str, Callable[..., ExportReport]] = {
        "json": library.transfer.export_json,
        "csv": library.transfer.export_csv,
        # A name ending in .md: one digest file; highlights under the user's colour names.
        "markdown": partial(library.transfer.export_markdown,
                            colors=load_settings().highlight_colors),
    }
    with _terminal_progress("Exporting") as options:
        report = exporters[args.format](target, selection, **options)
    # On standard output the export is the output: the summary goes beside it.
    summary = sys.stdout if isinstance(target, Path) else sys.stderr
    print(out.export_line(report), file=summary)
    return EXIT_INTERRUPTED if report.cancelled else EXIT_OK


def cmd_restore(library: Library, args: argparse.Namespace) -> int:
    with _terminal_progress("Restoring") as options:
        report = library.transfer.restore(args.file, **options)
    print(out.restore_line(report))
    return EXIT_INTERRUPTED if report.cancelled else EXIT_OK
