"""``broadsheet stats``: reading statistics (articles added and read per week and month, the
streak, reading by tag and source, notes and highlights, the unread backlog)."""

from __future__ import annotations

import argparse
from typing import Any

from reader.cli import output as out
from reader.cli.arguments import command, json_flag
from reader.cli.output import EXIT_OK
from reader.library import Library
from reader.stats.figures import ReadingStats, Share
from reader.stats.periods import Series

BAR_WIDTH = 30


def add_stats(commands: Any) -> None:
    """Register ``stats`` with the parser's commands."""
    json_flag(command(commands, "stats", cmd_stats,
                      "reading statistics: articles added and read per week and month, the "
                      "reading streak, reading by tag and source, notes, highlights and the "
                      "unread backlog"))


def _weeks(series: Series) -> list[dict[str, Any]]:
    return [{"week": day.isoformat(), "count": count} for day, count in series]


def _months(series: Series) -> list[dict[str, Any]]:
    return [{"month": day.isoformat()[:7], "count": count} for day, count in series]


def _shares(shares: list[Share], key: str) -> list[dict[str, Any]]:
    return [{key: share.name, "read": share.read, "total": share.total} for share in shares]


def stats_dict(stats: ReadingStats) -> dict[str, Any]:
    return {
        "today": stats.today.isoformat(),
        "articles": stats.articles,
        "read": stats.read,
        "streak": {"current": stats.streak, "longest": stats.longest_streak},
        "added": {"weekly": _weeks(stats.added_weekly), "monthly": _months(stats.added_monthly)},
        "read_per_period": {
            "weekly": _weeks(stats.read_weekly), "monthly": _months(stats.read_monthly),
            "estimated_until": (stats.estimated_until.isoformat()
                                if stats.estimated_until else None),
        },
        "by_tag": _shares(stats.by_tag, "tag"),
        "by_source": _shares(stats.by_source, "source"),
        "notes_monthly": _months(stats.notes_monthly),
        "highlights_monthly": _months(stats.highlights_monthly),
        "backlog": [{"age": label, "count": count} for label, count in stats.backlog],
    }


def _bars(rows: list[tuple[str, int]], suffix: list[str] | None = None) -> list[str]:
    if not rows:
        return ["  (none)"]
    width = max(out.display_width(label) for label, _ in rows)
    top = max((count for _, count in rows), default=0) or 1
    lines = []
    for index, (label, count) in enumerate(rows):
        bar = "█" * round(count / top * BAR_WIDTH)
        extra = f"  {suffix[index]}" if suffix else ""
        lines.append(f"  {out.pad(label, width)}  {count:>6}  {bar}{extra}".rstrip())
    return lines


def stats_text(stats: ReadingStats) -> str:
    share = f" ({stats.read * 100 // stats.articles}%)" if stats.articles else ""
    lines = [f"{stats.articles} articles, {stats.read} read{share}",
             f"Reading streak: {stats.streak} day{'s' * (stats.streak != 1)} "
             f"(longest {stats.longest_streak})", "", "Added per month"]
    lines += _bars([(d.strftime("%b %Y"), n) for d, n in stats.added_monthly[-12:]])
    lines += ["", "Read per month"]
    lines += _bars([(d.strftime("%b %Y"), n) for d, n in stats.read_monthly[-12:]])
    if stats.estimated_until:
        lines.append(f"  (up to {stats.estimated_until.isoformat()}: articles marked read, "
                     "counted when they were added)")
    for title, shares in (("Read by tag", stats.by_tag), ("Read by source", stats.by_source)):
        lines += ["", title]
        lines += _bars([(s.name, s.read) for s in shares], [f"of {s.total}" for s in shares])
    lines += ["", "Unread backlog by age"]
    lines += _bars(stats.backlog)
    notes = sum(n for _, n in stats.notes_monthly)
    marks = sum(n for _, n in stats.highlights_monthly)
    lines += ["", f"Notes edited in the last two years: {notes}; highlights made: {marks}"]
    return "\n".join(lines)


def cmd_stats(library: Library, args: argparse.Namespace) -> int:
    stats = library.reading.stats()
    if args.json:
        out.dump_json(stats_dict(stats))
    else:
        print(stats_text(stats))
    return EXIT_OK
