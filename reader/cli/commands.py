"""The ``broadsheet`` commands that read and edit articles: list, search, show, tags, tag,
note and set. Each takes the open library and the parsed arguments and returns the exit
status; errors are raised and reported by ``reader.cli.main``."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from reader.cli import output as out
from reader.cli.arguments import UsageError as UsageError  # raised here, caught by main
from reader.cli.output import EXIT_OK
from reader.dates import parse_date
from reader.errors import InvalidValue
from reader.library import UNSET, Library
from reader.records import ArticleQuery, ArticleSummary, SortKey, View
from reader.text_checks import valid_unicode

NO_DATE = frozenset({"", "none"})



# --- reading ---------------------------------------------------------------------------------


def _query(args: argparse.Namespace) -> ArticleQuery:
    sort = SortKey(args.sort)
    newest_first = sort in (SortKey.PUBLISHED, SortKey.IMPORTED)
    return ArticleQuery(
        view=View(args.view),
        tag=args.tag,
        sort=sort,
        descending=newest_first != args.reverse,
    )


def _print_list(items: list[ArticleSummary], as_json: bool, empty: str) -> int:
    if as_json:
        out.dump_json([out.summary_dict(item) for item in items])
    elif items:
        out.print_lines(out.article_table(items, out.output_width(sys.stdout)))
    else:
        print(empty)
    return EXIT_OK


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    items = library.list_articles(_query(args), limit=args.limit)
    empty = "The Trash is empty." if args.view == View.TRASH.value else "No articles."
    return _print_list(items, args.json, empty)


def cmd_search(library: Library, args: argparse.Namespace) -> int:
    """The list for a query of the search language, best match first."""
    query = ArticleQuery(search=args.query, sort=SortKey.RELEVANCE)
    items = library.list_articles(query, limit=args.limit)
    return _print_list(items, args.json, "No articles match.")


def cmd_show(library: Library, args: argparse.Namespace) -> int:
    article = library.article(args.id)
    if args.json:
        out.dump_json(out.article_dict(article))
    else:
        out.print_lines([out.article_text(article)], keep_lines=True)
    return EXIT_OK


def cmd_tags(library: Library, args: argparse.Namespace) -> int:
    tags = library.tags()
    if args.json:
        out.dump_json([out.tag_dict(tag) for tag in tags])
    elif tags:
        out.print_lines(out.tags_table(tags))
    else:
        print("No tags.")
    return EXIT_OK


# --- editing ---------------------------------------------------------------------------------


def cmd_tag(library: Library, args: argparse.Namespace) -> int:
    if not args.add and not args.remove:
        raise UsageError("say what to change with --add NAME or --remove NAME")
    if args.add:
        library.add_tags(args.ids, args.add)
    if args.remove:
        library.remove_tags(args.ids, args.remove)
    lines = []
    for summary in library.summaries(args.ids):
        names = ", ".join(ref.name for ref in summary.tags) or "(no tags)"
        lines.append(f"{summary.id}: {names}")
    out.print_lines(lines)
    return EXIT_OK


def _piped_text() -> str | None:
    """What was piped in on stdin, or None for a terminal or nothing at all."""
    if sys.stdin is None or sys.stdin.isatty():
        return None
    try:
        return valid_unicode(sys.stdin.read(), "the text piped in")
    except UnicodeDecodeError:
        raise InvalidValue("the text piped in is not valid UTF-8 text") from None


def cmd_note(library: Library, args: argparse.Namespace) -> int:
    if args.set is not None:
        library.set_note(args.id, args.set)
    elif args.append is not None:
        library.append_note(args.id, args.append)
    else:
        given = _piped_text()
        if given:
            library.set_note(args.id, given.rstrip("\n"))
        else:  # nothing piped in: show the note (``--set ""`` clears it)
            text = library.note(args.id).text
            if text:
                out.print_lines([text.rstrip("\n")], keep_lines=True)
    return EXIT_OK


def _date_value(text: str) -> date | None:
    valid_unicode(text, "the date")
    return None if text.strip().lower() in NO_DATE else parse_date(text)


def cmd_set(library: Library, args: argparse.Namespace) -> int:
    changes = (args.title, args.date, args.source, args.read, args.starred)
    if all(value is None for value in changes):
        raise UsageError("nothing to change: give --title, --date, --source, --read or --star")
    published = UNSET if args.date is None else _date_value(args.date)
    source = UNSET if args.source is None else args.source
    library.update_article(args.id, title=args.title, published=published, source=source)
    if args.read is not None:
        library.set_read([args.id], args.read)
    if args.starred is not None:
        library.set_starred([args.id], args.starred)
    return EXIT_OK
