"""``broadsheet feeds``: subscribe to feeds, list and remove them, refresh them, change their
titles, tags and options, and move subscriptions in and out as OPML.

``feeds refresh --json`` prints ``{"feeds": [{"id", "url", "title", "new", "error"}]}``, one
object per feed refreshed (``error`` a one-line reason, or null), and exits 1 when any feed
failed: scripts depend on that shape.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reader.cli.arguments import UsageError
from reader.cli.output import (
    EXIT_ERROR,
    EXIT_OK,
    display_width,
    dump_json,
    fit,
    output_width,
    pad,
    print_lines,
)
from reader.cli.terminal_text import visible
from reader.feeds.records import Feed, FeedChanges, FeedRefresh
from reader.library import Library


def add_feeds(commands: Any) -> None:
    """Register ``feeds`` and its subcommands with the parser's commands."""
    parser: argparse.ArgumentParser = commands.add_parser(
        "feeds", help="subscribe to RSS, Atom and JSON feeds: each entry becomes an article")
    parser.set_defaults(handler=_no_subcommand, command_parser=parser)
    actions = parser.add_subparsers(title="feed commands", metavar="ACTION")

    def action(name: str, handler: Any, help_text: str) -> argparse.ArgumentParser:
        sub: argparse.ArgumentParser = actions.add_parser(name, help=help_text)
        sub.set_defaults(handler=handler, command_parser=sub)
        return sub

    add = action("add", cmd_add, "subscribe to a feed, or to the feed a site's page names")
    add.add_argument("url", metavar="URL")
    add.add_argument("--tag", dest="tags", action="append", default=[], metavar="NAME",
                     help="tag every article from this feed (repeatable)")
    add.add_argument("--full-text", action="store_true",
                     help="fetch each entry's page for the whole article (for summary feeds)")
    listing = action("list", cmd_list, "list subscriptions with their unread counts")
    listing.add_argument("--json", action="store_true", help="print JSON on stdout")
    remove = action("remove", cmd_remove, "unsubscribe (the articles stay)")
    remove.add_argument("ref", metavar="URL|ID")
    refresh = action("refresh", cmd_refresh,
                     "fetch every feed (or those named) and import new entries; exit 1 if any "
                     "failed")
    refresh.add_argument("refs", nargs="*", metavar="URL|ID")
    refresh.add_argument("--json", action="store_true", help="print JSON on stdout")
    _add_set(action("set", cmd_set, "change a feed's title, tags or options"))
    importing = action("import-opml", cmd_import_opml, "subscribe to the feeds of an OPML file")
    importing.add_argument("file", type=Path, metavar="FILE")
    exporting = action("export-opml", cmd_export_opml, "write the subscriptions as OPML")
    exporting.add_argument("file", type=Path, metavar="FILE")


def _add_set(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ref", metavar="URL|ID")
    parser.add_argument("--title", metavar="TEXT", help="call the feed this")
    tags = parser.add_mutually_exclusive_group()
    tags.add_argument("--tag", dest="tags", action="append", metavar="NAME",
                      help="the tags its articles get, in place of those it has (repeatable)")
    tags.add_argument("--no-tags", action="store_true", help="its articles get no tag")
    full = parser.add_mutually_exclusive_group()
    full.add_argument("--full-text", dest="full_text", action="store_true", default=None,
                      help="fetch each entry's page for the whole article")
    full.add_argument("--no-full-text", dest="full_text", action="store_false",
                      help="keep each entry's own text")
    pause = parser.add_mutually_exclusive_group()
    pause.add_argument("--pause", dest="paused", action="store_true", default=None,
                       help="refresh it only when named")
    pause.add_argument("--resume", dest="paused", action="store_false",
                       help="refresh it with the others again")
    parser.add_argument("--json", action="store_true", help="print the feed as JSON")


def _no_subcommand(_library: Library, args: argparse.Namespace) -> int:
    parser: argparse.ArgumentParser = args.command_parser
    parser.print_usage(sys.stderr)
    print("broadsheet: error: give a feed command (add, list, remove, refresh, set, "
          "import-opml, export-opml)", file=sys.stderr)
    return EXIT_ERROR


def cmd_add(library: Library, args: argparse.Namespace) -> int:
    feed, report = library.feeds.subscribe(args.url, tags=args.tags, full_text=args.full_text)
    moved = f" (found at {feed.url})" if feed.url != args.url.strip() else ""
    print_lines([f"Subscribed to {feed.title} as feed {feed.id}{moved}: {_new(report)}"])
    return EXIT_OK


def cmd_list(library: Library, args: argparse.Namespace) -> int:
    feeds = library.feeds.all()
    if args.json:
        dump_json({"feeds": [feed_dict(feed) for feed in feeds]})
    elif feeds:
        print("\n".join(feeds_table(feeds, output_width(sys.stdout))))
    else:
        print("No feeds.")
    return EXIT_OK


def cmd_remove(library: Library, args: argparse.Namespace) -> int:
    feed = library.feeds.remove(args.ref)
    print_lines([f"Unsubscribed from {feed.title} (feed {feed.id}); its {feed.articles} "
                 "articles stay"])
    return EXIT_OK


def cmd_refresh(library: Library, args: argparse.Namespace) -> int:
    ids = library.feeds.resolve(args.refs) if args.refs else None
    reports = library.feeds.refresh(ids)
    if args.json:
        dump_json({"feeds": [refresh_dict(report) for report in reports]})
    else:
        print_lines(refresh_lines(reports))
    return EXIT_ERROR if any(report.failed for report in reports) else EXIT_OK


def cmd_set(library: Library, args: argparse.Namespace) -> int:
    tags = () if args.no_tags else None if args.tags is None else tuple(args.tags)
    changes = FeedChanges(title=args.title, tags=tags, full_text=args.full_text,
                          paused=args.paused)
    if changes == FeedChanges():
        raise UsageError("nothing to change: give --title, --tag, --no-tags, --full-text, "
                         "--no-full-text, --pause or --resume")
    feed = library.feeds.update(library.feeds.resolve([args.ref])[0], changes)
    if args.json:
        dump_json(feed_dict(feed))
    else:
        options = [f"tags: {', '.join(feed.tags)}" if feed.tags else "no tags",
                   "whole articles" if feed.full_text else "entry text",
                   "paused" if feed.paused else "refreshed with the others"]
        print_lines([f"Feed {feed.id}: {feed.title}; {'; '.join(options)}"])
    return EXIT_OK


def cmd_import_opml(library: Library, args: argparse.Namespace) -> int:
    report = library.feeds.import_opml(args.file)
    if report.existing:
        print_lines([f"already subscribed: {url}" for url in report.existing])
    print(f"Subscribed to {len(report.added)} feeds; `broadsheet feeds refresh` fetches them")
    return EXIT_OK


def cmd_export_opml(library: Library, args: argparse.Namespace) -> int:
    count = library.feeds.export_opml(args.file)
    print_lines([f"Wrote {count} feeds to {args.file}"])
    return EXIT_OK


# --- output ----------------------------------------------------------------------------------


def feed_dict(feed: Feed) -> dict[str, Any]:
    return {
        "id": feed.id, "url": feed.url, "title": feed.title, "site_url": feed.site_url,
        "tags": list(feed.tags), "full_text": feed.full_text, "paused": feed.paused,
        "gone": feed.gone, "error": feed.error, "articles": feed.articles,
        "unread": feed.unread,
        "checked_at": feed.checked_at.isoformat(sep=" ") if feed.checked_at else None,
        "retry_at": feed.retry_at.isoformat(sep=" ") if feed.retry_at else None,
    }


def refresh_dict(report: FeedRefresh) -> dict[str, Any]:
    return {"id": report.id, "url": report.url, "title": report.title, "new": report.new,
            "error": report.error}


def _new(report: FeedRefresh) -> str:
    plural = "" if report.new == 1 else "s"
    text = f"{report.new} new article{plural}"
    if report.duplicates:
        text += f", {report.duplicates} already in the library"
    return text


def refresh_lines(reports: Sequence[FeedRefresh]) -> list[str]:
    lines = []
    for report in reports:
        if report.failed:
            lines.append(f"failed: {report.title} <{report.url}>: {report.error}")
        elif report.not_modified:
            lines.append(f"{report.title}: unchanged")
        else:
            lines.append(f"{report.title}: {_new(report)}")
    failed = sum(report.failed for report in reports)
    new = sum(report.new for report in reports)
    lines.append(f"Refreshed {len(reports)} feeds: {new} new articles"
                 + (f", {failed} failed" if failed else ""))
    return lines


def _state(feed: Feed) -> str:
    if feed.gone:
        return "gone"
    if feed.error:
        return "failing"
    return "paused" if feed.paused else ""


def feeds_table(feeds: Sequence[Feed], width: int | None) -> list[str]:
    """``ID  UNREAD/ARTICLES  TITLE  URL  STATE``, fitted to the terminal's width."""
    counts = [f"{feed.unread}/{feed.articles}" for feed in feeds]
    id_width = max(len(str(feed.id)) for feed in feeds)
    count_width = max(len(text) for text in counts)
    titles = [visible(feed.title) for feed in feeds]
    title_width = min(40, max(display_width(title) for title in titles))
    lines = []
    for feed, count, title in zip(feeds, counts, titles, strict=True):
        state = _state(feed)
        line = (f"{str(feed.id).rjust(id_width)}  {count.rjust(count_width)}  "
                f"{pad(fit(title, title_width), title_width)}  {visible(feed.url)}"
                + (f"  [{state}]" if state else ""))
        lines.append(fit(line, width) if width else line)
    return lines
