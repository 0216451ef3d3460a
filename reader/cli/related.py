"""``broadsheet related ID`` and ``broadsheet suggest-tags ID``: the articles most like one
article, and the tags it should probably carry.

Both bring the index level with the library first (the first time on a large library that
takes a while, with a progress line on a terminal), then answer from it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from reader.cli import output as out
from reader.cli.arguments import article_id, command, json_flag, limit
from reader.cli.output import EXIT_OK
from reader.library import Library
from reader.records import RelatedArticle
from reader.related.thresholds import MIN_TAGGED, MIN_USES

DEFAULT_LIMIT = 10


def add_related(commands: Any) -> None:
    """Register ``related`` and ``suggest-tags`` with the parser's commands."""
    parser = command(commands, "related", cmd_related,
                     "the articles most like one article, best first; near-identical copies "
                     "(the same story in another outlet) are marked and not counted in --limit")
    parser.add_argument("id", type=article_id, metavar="ID")
    parser.add_argument("--limit", type=limit, default=DEFAULT_LIMIT, metavar="N",
                        help=f"at most N articles besides copies (default {DEFAULT_LIMIT})")
    json_flag(parser)

    parser = command(commands, "suggest-tags", cmd_suggest_tags,
                     "existing tags an article probably should carry, from the articles you "
                     f"tagged (needs {MIN_TAGGED} tagged articles)")
    parser.add_argument("id", type=article_id, metavar="ID")
    json_flag(parser)


def _refresh(library: Library) -> None:
    line = out.CountLine(sys.stderr, "Indexing articles for related") if (
        sys.stderr.isatty()) else None
    try:
        library.related.refresh(progress=line)
    finally:
        if line is not None:
            line.clear()


def related_dict(item: RelatedArticle) -> dict[str, Any]:
    """A row of ``search --json`` and whether it is a near-identical copy."""
    return {**out.summary_dict(item.summary), "near_duplicate": item.near_duplicate}


def cmd_related(library: Library, args: argparse.Namespace) -> int:
    library.article(args.id)  # NotFound before any indexing
    _refresh(library)
    found = library.related.related(args.id, limit=args.limit)
    if args.json:
        out.dump_json([related_dict(item) for item in found])
    elif not found:
        print("No related articles.")
    else:
        table = out.article_table([item.summary for item in found], out.output_width(sys.stdout))
        marks = ["", *("≈ copy" if item.near_duplicate else "" for item in found)]
        width = max(len(line) for line in table)
        print("\n".join(f"{line.ljust(width)}  {mark}".rstrip()
                        for line, mark in zip(table, marks, strict=True)))
    return EXIT_OK


def cmd_suggest_tags(library: Library, args: argparse.Namespace) -> int:
    library.article(args.id)
    _refresh(library)
    suggestions = library.related.suggest_tags(args.id)
    if args.json:
        out.dump_json([{"tag": s.tag, "score": s.score} for s in suggestions])
    elif suggestions:
        width = max(out.display_width(s.tag) for s in suggestions)
        for suggestion in suggestions:
            print(f"{out.pad(suggestion.tag, width)}  {suggestion.score:.2f}")
    else:
        print(f"No suggestions. (Tags are suggested once {MIN_TAGGED} articles carry tags, "
              f"from tags on {MIN_USES} or more.)")
    return EXIT_OK
