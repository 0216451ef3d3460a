"""What the command line prints: JSON-ready dicts, the article table, the import summary, and
the exit statuses."""

from __future__ import annotations

import json
import os
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from reader.cli.terminal_text import json_safe, visible
from reader.records import (
    Article,
    ArticleSummary,
    Duplicate,
    Highlight,
    ImportProgress,
    ImportReport,
    Tag,
    TagRef,
)
from reader.text_direction import contained

if TYPE_CHECKING:  # the exporter loads only for an export, not for every command
    from reader.transfer.exporting import ExportReport
    from reader.transfer.restoring import RestoreReport

# 1 for errors, 2 for usage errors, 130 when interrupted.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

ELLIPSIS = "…"
MAX_TAGS_WIDTH = 32
MIN_TITLE_WIDTH = 16

# --- JSON ------------------------------------------------------------------------------------


def dump_json(value: Any, stream: TextIO | None = None) -> None:
    out = stream or sys.stdout
    out.write(json_safe(json.dumps(value, ensure_ascii=False, indent=2)))
    out.write("\n")


def _tag_names(refs: Sequence[TagRef]) -> list[str]:
    return [ref.name for ref in refs]


def _listing_fields(item: ArticleSummary | Article) -> dict[str, Any]:
    """What a list row and a whole article both begin with, in the same order."""
    return {
        "id": item.id,
        "title": item.title,
        "published": item.published.isoformat() if item.published else None,
        "source": item.source,
        "tags": _tag_names(item.tags),
        "read": item.read,
        "starred": item.starred,
    }


def _web_fields(item: ArticleSummary | Article) -> dict[str, Any]:
    """Where it was read on the web, who wrote it, and whether its text is in."""
    return {"url": item.url, "author": item.author, "text_fetched": item.text_fetched}


def summary_dict(item: ArticleSummary) -> dict[str, Any]:
    return {
        **_listing_fields(item),
        "has_note": item.has_note,
        "highlights": item.highlight_count,
        **_web_fields(item),
    }


def highlight_dict(mark: Highlight) -> dict[str, Any]:
    return {
        "id": mark.id,
        "start": mark.start,
        "end": mark.end,
        "text": mark.text,
        "color": mark.color,
        "comment": mark.comment,
    }


def article_dict(article: Article) -> dict[str, Any]:
    return {
        **_listing_fields(article),
        "has_note": bool(article.note.text.strip()),
        "in_trash": article.in_trash,
        "path": article.path,
        "imported_at": article.imported_at.isoformat(sep=" "),
        "body": article.body,
        "note": article.note.text,
        "highlights": [highlight_dict(mark) for mark in article.highlights],
        **_web_fields(article),
    }


def tag_dict(tag: Tag) -> dict[str, Any]:
    return {"name": tag.name, "color": tag.color, "count": tag.count}


def report_dict(report: ImportReport) -> dict[str, Any]:
    return {
        "imported": [{"path": item.path, "id": item.id} for item in report.imported],
        "duplicates": [
            {"path": item.path, "of": item.of, "in_trash": item.in_trash, "by": item.by}
            for item in report.duplicates
        ],
        "failed": [{"path": item.path, "reason": item.reason} for item in report.failed],
        "warnings": [{"path": item.path, "message": item.message} for item in report.warnings],
        "cancelled": report.cancelled,
    }


# --- text ------------------------------------------------------------------------------------


def print_lines(lines: Sequence[str], *, keep_lines: bool = False) -> None:
    """Print ``lines`` on standard output, nothing in them driving the terminal; with
    ``keep_lines`` a line may hold line breaks and tabs (an article, a note)."""
    print("\n".join(visible(line, lines=keep_lines) for line in lines))


def _char_width(char: str) -> int:
    if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
        return 0  # accents, joiners and direction controls take no cell
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    return sum(_char_width(char) for char in text)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells, ending in an ellipsis when cut."""
    if display_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for char in text:
        cells = _char_width(char)
        if used + cells > width - 1:
            break
        kept.append(char)
        used += cells
    return "".join(kept) + ELLIPSIS


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def output_width(stream: TextIO) -> int | None:
    """The terminal's width when writing to one (or $COLUMNS is set), else None: no cutting."""
    if os.environ.get("COLUMNS") or stream.isatty():
        return shutil.get_terminal_size().columns
    return None


def article_table(items: Sequence[ArticleSummary], width: int | None) -> list[str]:
    """An aligned table: id, date, title (cut to fit ``width``), tags."""
    id_width = max(2, *(len(str(item.id)) for item in items))
    titles = [visible(item.title) for item in items]
    tags = [fit(visible(", ".join(_tag_names(item.tags))), MAX_TAGS_WIDTH) for item in items]
    tags_width = max((display_width(text) for text in tags), default=0)
    if tags_width:
        tags_width = max(tags_width, len("TAGS"))
    title_width = max(display_width(title) for title in titles)
    title_width = max(title_width, len("TITLE"))
    if width is not None:
        fixed = id_width + 2 + 10 + 2 + (tags_width + 2 if tags_width else 0)
        title_width = min(title_width, max(MIN_TITLE_WIDTH, width - fixed))

    def row(ident: str, day: str, title: str, tag_text: str) -> str:
        # A direction control left open in a title would turn the rest of the row around.
        shown = contained(fit(title, title_width))
        cells = [ident.rjust(id_width), pad(day, 10), pad(shown, title_width)]
        if tags_width:
            cells.append(tag_text)
        return "  ".join(cells).rstrip()

    lines = [row("ID", "DATE", "TITLE", "TAGS")]
    for item, title, tag_text in zip(items, titles, tags, strict=True):
        day = item.published.isoformat() if item.published else "-"
        lines.append(row(str(item.id), day, title, tag_text))
    return lines


def article_text(article: Article) -> str:
    """The article for ``show``: one-line fields escaped here, the body and the note keeping
    their lines (print it with ``keep_lines``)."""
    day = article.published.isoformat() if article.published else "no date"
    title = visible(article.title)
    lines = [title, "=" * min(display_width(title), 78), f"Date:   {day}"]
    for label, value in (("Source", article.source), ("Author", article.author),
                         ("URL", article.url)):
        if value:
            lines.append(f"{label + ':':<7} {visible(value)}")
    if article.tags:
        lines.append(f"Tags:   {visible(', '.join(_tag_names(article.tags)))}")
    flags = ["read" if article.read else "unread"] + (["starred"] if article.starred else [])
    if article.in_trash:
        flags.append("in the Trash")
    body = article.body.rstrip() if article.text_fetched else "(text not fetched)"
    lines += [f"Status: {', '.join(flags)}", f"Id:     {article.id}", "",
              visible(body, lines=True)]
    if article.note.text.strip():
        lines += ["", "Note", "----", visible(article.note.text.rstrip(), lines=True)]
    if article.highlights:
        lines += ["", "Highlights", "----------"]
        for mark in article.highlights:
            quoted = visible(" ".join(mark.text.split()))
            lines.append(f"[{mark.id}] ({visible(mark.color)}) “{quoted}”")
            if mark.comment.strip():
                lines.append(f"    {visible(mark.comment.strip(), lines=True)}")
    return "\n".join(lines)


def tags_table(tags: Sequence[Tag]) -> list[str]:
    names = [visible(tag.name) for tag in tags]
    name_width = max(len("TAG"), *(display_width(name) for name in names))
    lines = [f"{pad('TAG', name_width)}  COUNT  COLOR"]
    for tag, name in zip(tags, names, strict=True):
        lines.append(f"{pad(name, name_width)}  {tag.count:>5}  {tag.color or ''}".rstrip())
    return lines


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def duplicate_line(item: Duplicate, imported: frozenset[int] = frozenset()) -> str:
    """``duplicate: PATH (same as article N)``; ``same address as`` when the address matched,
    and ``also in this import`` when the article is one another file of it brought in."""
    # A trashed original is invisible in every list, so the bare id alone would puzzle; one
    # made by this same import is no article the library had.
    where = ", which is in the Trash" if item.in_trash else ""
    if item.of in imported:
        where = ", also in this import"
    same = "same address as" if item.by == "address" else "same as"
    return f"duplicate: {item.path} ({same} article {item.of}{where})"


def report_lines(report: ImportReport) -> list[str]:
    """One line per failure, duplicate and warning, then the summary line."""
    lines = [f"failed: {item.path}: {item.reason}" for item in report.failed]
    imported = report.imported_ids()
    lines += [duplicate_line(item, imported) for item in report.duplicates]
    lines += [f"warning: {item.path}: {item.message}" for item in report.warnings]
    summary = (
        f"Imported {len(report.imported)}, {_plural(len(report.duplicates), 'duplicate')}, "
        f"{len(report.failed)} failed"
    )
    if report.cancelled:
        summary = f"Cancelled. {summary}"
    return [*lines, summary]


class _StatusLine:
    """One line on a terminal, rewritten in place and cleared at the end."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._shown = False

    def _show(self, text: str) -> None:
        self._stream.write(f"\r\x1b[K{text}")
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False


class ProgressLine(_StatusLine):
    """Rewrites one status line on a terminal after each file."""

    def __call__(self, progress: ImportProgress) -> None:
        total = "?" if progress.total is None else str(progress.total)
        head = f"[{progress.done}/{total}] "
        width = shutil.get_terminal_size().columns - 1
        self._show(head + fit(visible(progress.path), max(8, width - len(head))))


class CountLine(_StatusLine):
    """Rewrites one ``label 42%`` status line on a terminal (export and restore)."""

    def __init__(self, stream: TextIO, label: str) -> None:
        super().__init__(stream)
        self._label = label

    def __call__(self, done: int, total: int) -> None:
        share = f" {done * 100 // total}%" if total else ""
        self._show(f"{self._label}{share}")


def export_line(report: ExportReport) -> str:
    if report.cancelled:
        return f"Cancelled after {_plural(report.articles, 'article')}."
    where = "standard output" if str(report.path) == "-" else visible(str(report.path))
    return f"Exported {_plural(report.articles, 'article')} to {where}"


def restore_line(report: RestoreReport) -> str:
    if report.cancelled:
        return "Cancelled; the library was left empty."
    counts = ", ".join(
        [_plural(report.articles, "article"), _plural(report.tags, "tag"),
         f"{report.saved_searches} saved search{'' if report.saved_searches == 1 else 'es'}"]
        + ([_plural(report.feeds, "feed")] if report.feeds else [])
    )
    return f"Restored {counts} from {visible(str(report.path))}"
