"""``broadsheet fetch [QUERY]``: download the pages of articles saved with only their address
(a read-later entry without its text) and give each its article.

One line per article fetched or failed, then a summary; ``--json`` prints the same as one
object. The first Ctrl+C stops the downloads still running: those articles keep waiting.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli import output as out
from reader.cli.output import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK
from reader.cli.transfer import cancel_on_interrupt
from reader.errors import LibraryUnavailable
from reader.library import Library
from reader.records import FetchReport
from reader.store.interface import READ_ONLY


def add_fetch(commands: Any) -> None:
    """Register ``fetch`` with the parser's commands (argparse's subparsers object)."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "fetch",
        help="download and extract the pages of articles saved without their text "
        "(is:unfetched); exit 1 if any failed",
    )
    parser.add_argument("query", nargs="?", metavar="QUERY",
                        help="only the articles it finds (see README: Searching)")
    parser.add_argument("--json", action="store_true", help="print JSON on stdout")
    parser.set_defaults(handler=cmd_fetch, command_parser=parser)


def cmd_fetch(library: Library, args: argparse.Namespace) -> int:
    # Loaded here: the HTTP client and the page extractor are for this command alone.
    from reader.importing.fetch_text import fetch_texts, unfetched_query

    if library.read_only:
        raise LibraryUnavailable(READ_ONLY)
    waiting = library.summaries(library.article_ids(unfetched_query(args.query)))
    progress = out.CountLine(sys.stderr, "Fetching") if sys.stderr.isatty() else None
    try:
        with cancel_on_interrupt() as cancelled:
            report = fetch_texts(waiting, library.fill_text, progress=progress,
                                 cancel=cancelled)
    finally:
        if progress is not None:
            progress.clear()
    if args.json:
        out.dump_json(report_dict(report))
    else:
        print("\n".join(report_lines(report)))
    if report.cancelled:
        return EXIT_INTERRUPTED
    return EXIT_ERROR if report.failed else EXIT_OK


def report_dict(report: FetchReport) -> dict[str, Any]:
    return {
        "fetched": [{"id": item.id, "url": item.url} for item in report.fetched],
        "failed": [{"id": item.id, "url": item.url, "reason": item.reason}
                   for item in report.failed],
        "cancelled": report.cancelled,
    }


def report_lines(report: FetchReport) -> list[str]:
    """A line per article, fetched ones first, then the summary."""
    if not (report.fetched or report.failed or report.cancelled):
        return ["Nothing to fetch: no article is waiting for its text."]
    lines = [f"fetched: article {item.id} <{item.url}>" for item in report.fetched]
    lines += [f"failed: article {item.id} <{item.url}>: {item.reason}" for item in report.failed]
    summary = f"Fetched {len(report.fetched)}, {len(report.failed)} failed"
    return [*lines, f"Cancelled. {summary}" if report.cancelled else summary]
