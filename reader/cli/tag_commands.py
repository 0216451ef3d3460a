"""``broadsheet tags rename|merge|delete|color``: tidying tags from scripts.

Each goes through the same ``Library`` call as the window's sidebar, so a rename moves the
tags below too and a name already taken merges, exactly as there.
"""

from __future__ import annotations

import argparse

from reader.cli import output as out
from reader.cli.commands import UsageError
from reader.cli.output import EXIT_OK
from reader.library import Library

NO_COLOR = frozenset({"", "none"})


def _quoted(name: str) -> str:
    return f"“{name}”"


def cmd_tags_rename(library: Library, args: argparse.Namespace) -> int:
    library.rename_tag(args.old, args.new)
    out.print_lines([f"Renamed {_quoted(args.old)} to {_quoted(args.new)}"])
    return EXIT_OK


def cmd_tags_merge(library: Library, args: argparse.Namespace) -> int:
    """``merge FROM... INTO``: every tag named is checked first, so an unknown one merges
    none of them."""
    if len(args.names) < 2:
        raise UsageError("name the tags to merge, then the tag to merge them into")
    *sources, target = args.names
    for name in args.names:
        library.tag_usage(name)  # NotFound for a tag that does not exist
    for source in sources:
        library.merge_tags(source, target)
    count = library.tag_usage(target)
    joined = ", ".join(_quoted(name) for name in sources)
    out.print_lines([f"Merged {joined} into {_quoted(target)} "
                     f"({count} article{'' if count == 1 else 's'})"])
    return EXIT_OK


def cmd_tags_delete(library: Library, args: argparse.Namespace) -> int:
    count = library.delete_tag(args.name)
    out.print_lines([f"Deleted {_quoted(args.name)} from {count} "
                     f"article{'' if count == 1 else 's'}"])
    return EXIT_OK


def cmd_tags_color(library: Library, args: argparse.Namespace) -> int:
    color = None if args.color.strip().lower() in NO_COLOR else args.color
    library.set_tag_color(args.name, color)
    shown = "no colour" if color is None else color.lower()
    out.print_lines([f"{_quoted(args.name)} now has {shown}"])
    return EXIT_OK


def add_actions(parser: argparse.ArgumentParser) -> None:
    """The actions under ``tags``; with none, ``tags`` lists the tags as before."""
    actions = parser.add_subparsers(title="actions", metavar="ACTION")

    def action(name: str, handler: object, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        sub.set_defaults(handler=handler, command_parser=sub)
        return sub

    rename = action("rename", cmd_tags_rename,
                    "rename a tag and the tags below it (a name in use merges into it)")
    rename.add_argument("old", metavar="OLD")
    rename.add_argument("new", metavar="NEW")
    merge = action("merge", cmd_tags_merge,
                   "move every article of the FROM tags to INTO and remove them")
    merge.add_argument("names", nargs="+", metavar="FROM... INTO")
    delete = action("delete", cmd_tags_delete, "remove a tag from every article")
    delete.add_argument("name", metavar="NAME")
    color = action("color", cmd_tags_color, "set a tag's colour (#rrggbb, or none)")
    color.add_argument("name", metavar="NAME")
    color.add_argument("color", metavar="COLOR")
