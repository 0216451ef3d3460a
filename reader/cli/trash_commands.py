"""``broadsheet trash`` and ``restore-from-trash``: moving articles to the Trash and back, as
Delete and Restore do in the window. ``list --trash`` lists it; ``show`` says so."""

from __future__ import annotations

import argparse

from reader.cli import output as out
from reader.cli.output import EXIT_OK
from reader.library import Library


def _articles(count: int) -> str:
    return f"{count} article{'' if count == 1 else 's'}"


def cmd_trash(library: Library, args: argparse.Namespace) -> int:
    wanted = list(dict.fromkeys(args.ids))
    moved = library.delete_articles(wanted)  # NotFound, nothing moved, for an unknown id
    line = f"Moved {_articles(moved)} to the Trash"
    if moved < len(wanted):
        line += f" ({len(wanted) - moved} was there already)"
    out.print_lines([line])
    return EXIT_OK


def cmd_restore_from_trash(library: Library, args: argparse.Namespace) -> int:
    wanted = list(dict.fromkeys(args.ids))
    back = library.restore_articles(wanted)
    line = f"Restored {_articles(back)} from the Trash"
    if back < len(wanted):
        line = f"Restored {_articles(back)} ({len(wanted) - back} was not in the Trash)"
    out.print_lines([line])
    return EXIT_OK
