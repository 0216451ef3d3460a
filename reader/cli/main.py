"""The ``broadsheet`` commands: import, list, show, edit, export and restore articles, fetch
the text of those saved without it, watch an inbox folder, follow feeds, and find related
articles, tag suggestions and reading statistics.

``main.py`` parses the arguments with :func:`parse_arguments` and hands a command to
:func:`run_command` (no command opens the window, which is ``ui``'s, not this package's).
Every failure is one line on stderr and a non-zero exit status: 1 for errors, 2 for usage
errors, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from reader import startup
from reader.cli import arguments
from reader.cli.arguments import UsageError
from reader.cli.commands import (
    cmd_list,
    cmd_note,
    cmd_search,
    cmd_set,
    cmd_show,
    cmd_tag,
    cmd_tags,
)
from reader.cli.desktop_entry import add_desktop_entry
from reader.cli.feeds import add_feeds
from reader.cli.fetch import add_fetch
from reader.cli.output import EXIT_ERROR, EXIT_INTERRUPTED
from reader.cli.related import add_related
from reader.cli.stats import add_stats
from reader.cli.streams import ClosedOutput, closed_streams_replaced
from reader.cli.tag_commands import add_actions as add_tag_actions
from reader.cli.terminal_text import visible
from reader.cli.transfer import cmd_export, cmd_import, cmd_restore
from reader.cli.trash_commands import cmd_restore_from_trash, cmd_trash
from reader.cli.version_flag import add_version_flag
from reader.cli.watch import add_watch
from reader.errors import BroadsheetError, InvalidValue, LibraryUnavailable
from reader.library import Library
from reader.paths import explicit_library_given, resolve_library_location
from reader.records import LibraryUpgrade, SortKey, View

PROG = "broadsheet"

# --- arguments -------------------------------------------------------------------------------


def _add_import(commands: Any) -> None:
    parser = arguments.command(commands, "import", cmd_import,
                      "import article files, folders and web pages by their link")
    parser.set_defaults(makes_library=True)
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a file, a folder, or an http(s) link to fetch")
    parser.add_argument(
        "--tag", dest="tags", action="append", default=[], metavar="NAME",
        help="tag every imported article (repeatable)",
    )
    arguments.json_flag(parser)


def _add_list(commands: Any) -> None:
    parser = arguments.command(commands, "list", cmd_list, "list articles")
    parser.add_argument(
        "--sort", choices=[key.value for key in SortKey], default=SortKey.PUBLISHED.value,
        help="order (default: date, newest first)",
    )
    parser.add_argument("--reverse", action="store_true", help="reverse the order")
    parser.add_argument("--tag", metavar="NAME", help="only articles with this tag")
    parser.add_argument("--limit", type=arguments.limit, metavar="N", help="at most N articles")
    views = parser.add_mutually_exclusive_group()
    for view in (View.UNREAD, View.STARRED, View.ANNOTATED):
        views.add_argument(
            f"--{view.value}", dest="view", action="store_const", const=view.value,
            help=f"only {view.value} articles",
        )
    views.add_argument("--trash", dest="view", action="store_const", const=View.TRASH.value,
                       help="the articles in the Trash instead")
    parser.set_defaults(view=View.ALL.value)
    arguments.json_flag(parser)


def _add_search(commands: Any) -> None:
    parser = arguments.command(commands, "search", cmd_search,
                               "find articles (see README: Searching)")
    parser.add_argument("query", metavar="QUERY", help='e.g. \'"exact phrase" tag:asia/ -draft\'')
    parser.add_argument("--limit", type=arguments.limit, metavar="N", help="at most N articles")
    arguments.json_flag(parser)


def _add_show(commands: Any) -> None:
    parser = arguments.command(commands, "show", cmd_show, "show one article with its note")
    parser.add_argument("id", type=arguments.article_id, metavar="ID")
    arguments.json_flag(parser)


def _add_tag(commands: Any) -> None:
    parser = arguments.command(commands, "tag", cmd_tag, "add or remove tags on articles")
    parser.add_argument("ids", nargs="+", type=arguments.article_id, metavar="ID")
    parser.add_argument("--add", action="append", default=[], metavar="NAME")
    parser.add_argument("--remove", action="append", default=[], metavar="NAME")


def _add_tags(commands: Any) -> None:
    parser = arguments.command(commands, "tags", cmd_tags,
                               "list tags with their article counts; rename, merge, recolour "
                               "or delete them")
    arguments.json_flag(parser)
    add_tag_actions(parser)


def _add_trash(commands: Any) -> None:
    parser = arguments.command(commands, "trash", cmd_trash, "move articles to the Trash")
    parser.add_argument("ids", nargs="+", type=arguments.article_id, metavar="ID")
    parser = arguments.command(commands, "restore-from-trash", cmd_restore_from_trash,
                               "put articles back from the Trash")
    parser.add_argument("ids", nargs="+", type=arguments.article_id, metavar="ID")


def _add_note(commands: Any) -> None:
    parser = arguments.command(
        commands, "note", cmd_note,
        "print, set or extend an article's note; with no option, text piped in "
        "replaces the note, else the note is printed",
    )
    parser.add_argument("id", type=arguments.article_id, metavar="ID")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="TEXT", help="replace the note")
    group.add_argument("--append", metavar="TEXT", help="add a paragraph to the note")


def _add_set(commands: Any) -> None:
    parser = arguments.command(commands, "set", cmd_set, "change an article's details")
    parser.add_argument("id", type=arguments.article_id, metavar="ID")
    parser.add_argument("--title", metavar="T", help="a new title")
    parser.add_argument("--date", metavar="D", help='publication date; "" or none clears it')
    parser.add_argument("--source", metavar="S", help='where it came from; "" clears it')
    for dest, on, off in (("read", "read", "unread"), ("starred", "star", "unstar")):
        group = parser.add_mutually_exclusive_group()
        group.add_argument(f"--{on}", dest=dest, action="store_const", const=True,
                           help=f"mark as {on.replace('star', 'starred')}")
        group.add_argument(f"--{off}", dest=dest, action="store_const", const=False,
                           help=f"mark as not {on.replace('star', 'starred')}")


def _add_export(commands: Any) -> None:
    parser = arguments.command(
        commands, "export", cmd_export,
        "export articles: the library as JSON, the list as CSV, or notes and highlights as "
        "Markdown (a folder gets one file per article, a name ending in .md one digest)",
    )
    parser.add_argument("--format", choices=["json", "markdown", "csv"], required=True)
    parser.add_argument("--output", required=True, metavar="PATH",
                        help="file or folder; - for standard output")
    parser.add_argument("query", nargs="?", metavar="QUERY", help="only articles matching it")


def _add_restore(commands: Any) -> None:
    parser = arguments.command(commands, "restore", cmd_restore,
                      "fill an empty library from a JSON export")
    parser.set_defaults(makes_library=True)
    parser.add_argument("file", type=Path, metavar="FILE",
                        help="a file written by export --format json")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Broadsheet, a reader for a local library of news articles. "
        "Without a command, opens the desktop application.",
    )
    parser.add_argument(
        "--library", metavar="PATH",
        help="the library file (default: $BROADSHEET_LIBRARY, else the per-user library)",
    )
    add_version_flag(parser)
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add in (_add_import, _add_list, _add_search, _add_show, _add_tag, _add_tags, _add_note,
                _add_set, _add_trash, _add_export, _add_restore, add_fetch, add_watch, add_feeds,
                add_related, add_stats, add_desktop_entry):
        add(commands)
    return parser


# --- running ---------------------------------------------------------------------------------


def _error(message: str) -> int:
    # Messages name files and tags, which may hold anything: shown, never obeyed.
    print(f"{PROG}: error: {visible(message)}", file=sys.stderr)
    return EXIT_ERROR


def _os_error_message(exc: OSError) -> str:
    if exc.strerror and exc.filename:
        return f"{exc.strerror}: {exc.filename}"
    return exc.strerror or str(exc) or type(exc).__name__


def _open_library(path: str | None, *, makes_folders: bool = False) -> Library:
    """The library ``--library`` (or the environment, or the default) names.

    A library file named explicitly in a folder that does not exist is most likely a typo:
    only the commands that fill a library (import, restore) make the folders, and say so.
    """
    try:
        where = resolve_library_location(path)
    except InvalidValue as exc:
        raise LibraryUnavailable(str(exc)) from exc
    if isinstance(where, Path):
        _check_library_folder(where, path, makes_folders=makes_folders)
    try:
        return Library.open(where, on_upgrade=_announce_upgrade)
    except LibraryUnavailable as exc:
        message = str(exc)
        if str(where) not in message:
            message = f"cannot open the library {where}: {message}"
        raise LibraryUnavailable(message) from exc


def _announce_upgrade(upgrade: LibraryUpgrade) -> None:
    # On stderr, which stays quiet otherwise: scripts read stdout, and a person waiting on an
    # upgrade of tens of seconds learns the command has not hung.
    print(f"{PROG}: upgrading the library to this version ({upgrade.backup_note})…",
          file=sys.stderr, flush=True)


def _check_library_folder(where: Path, given: str | None, *, makes_folders: bool) -> None:
    if where.is_dir():
        raise LibraryUnavailable(f"cannot open the library {where}: it is a folder, not a file")
    folder = where.parent
    if explicit_library_given(given) and not folder.exists() and not folder.is_symlink():
        if not makes_folders:
            raise LibraryUnavailable(
                f"cannot open the library {where}: the folder {folder} does not exist"
            )
        try:
            folder.mkdir(parents=True)
        except OSError as exc:
            raise LibraryUnavailable(
                f"cannot create the folder {folder}: {exc.strerror or exc}"
            ) from None
        print(f"{PROG}: created the folder {folder} for the library", file=sys.stderr)


def _run(args: argparse.Namespace) -> int:
    startup.finish()
    if not getattr(args, "needs_library", True):  # desktop-entry: nothing to open or create
        return int(args.handler(args))
    makes_folders = bool(getattr(args, "makes_library", False))
    with _open_library(args.library, makes_folders=makes_folders) as library:
        try:
            handler: arguments.Handler = args.handler
            return handler(library, args)
        except UsageError as exc:
            parser: argparse.ArgumentParser = args.command_parser
            parser.error(str(exc))  # exits with status 2


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    """The arguments of one start; ``handler`` is None when no command was given. Exits with
    status 2 and argparse's message for arguments that do not parse."""
    closed_streams_replaced(output=False)  # argparse writes its errors to stderr
    args = build_parser().parse_args(list(argv))
    if not hasattr(args, "handler"):
        args.handler = None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command, as ``broadsheet ARGS`` would (a missing command is a usage error)."""
    args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.handler is None:
        build_parser().print_usage(sys.stderr)
        return _error("give a command (or start Broadsheet without one to open the window)")
    return run_command(args)


def run_command(args: argparse.Namespace) -> int:
    """Run the command ``parse_arguments`` found; errors become one line on stderr."""
    closed_streams_replaced(output=True)
    try:
        return _run(args)
    except BroadsheetError as exc:
        return _error(str(exc))
    except ClosedOutput as exc:
        return _error(str(exc))
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            _silence_stdout()
            return EXIT_ERROR
        return _error(_os_error_message(exc))
    except SQLAlchemyError as exc:
        detail = getattr(exc, "orig", None) or exc
        return _error(f"the library could not be read or written: {detail}")
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED


def _silence_stdout() -> None:
    """After the reader of our output went away (``| head``), drop what is still buffered."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
