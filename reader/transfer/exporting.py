"""Getting articles out: the whole library as JSON, the list as CSV, notes as Markdown.

Every export walks its articles a page at a time (``PAGE_SIZE``) inside one read transaction
and writes each page before loading the next, so memory stays flat at any library size and
the output is one consistent snapshot. Files appear whole or not at all: each is written
beside its target and renamed into place once complete.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from msgspec import Struct
from sqlalchemy import Connection, func, select

from reader.catalog import saved_searches as search_store
from reader.catalog import tags as tag_ops
from reader.catalog.articles import summaries
from reader.errors import InvalidValue
from reader.records import ArticleQuery
from reader.settings import HighlightColor
from reader.store.chunks import chunks
from reader.store.interface import Store
from reader.store.schema import articles
from reader.transfer import markdown_notes
from reader.transfer.export_files import (
    Protected,
    Target,
    real_target,
    remove_leftovers,
    written,
)
from reader.transfer.export_records import article_records, iso
from reader.transfer.feed_records import feed_records

FORMAT = "broadsheet-library"
# 2: articles carry ``url``, ``author`` and ``text_fetched``; 3: how far each was read
# (``progress``); 4: the subscriptions (``feeds``). Restore reads 1 to 4.
VERSION = 4
PAGE_SIZE = 200
CSV_FIELDS = (
    "id", "title", "published", "source", "tags", "read", "starred", "has_note", "highlights",
    "imported_at", "url", "author",
)

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_QUOTE = "'"
TAG_SEPARATOR = "; "

Progress = Callable[[int, int], None]
"""Called as ``progress(done, total)``: articles written so far, out of how many."""
Cancel = Callable[[], bool]
Selection = ArticleQuery | Sequence[int] | None
"""Which articles: a query's results, ids in the order given, or None for the default."""


STREAM = Path("-")


class ExportReport(Struct, frozen=True):
    path: Path  # STREAM when written to a stream (standard output)
    articles: int
    cancelled: bool = False


class _Cancelled(Exception):
    """Raised between pages when the caller asked to stop; the partial output is dropped."""


class _Run:
    """Progress reporting and cancel polling, once per page."""

    def __init__(self, progress: Progress | None, cancel: Cancel | None) -> None:
        self.total = 0
        self.done = 0
        self._progress = progress
        self._cancel = cancel

    def start(self, total: int) -> None:
        self.total = total
        self._report()

    def check(self) -> None:
        if self._cancel is not None and self._cancel():
            raise _Cancelled

    def advance(self, count: int) -> None:
        self.done += count
        self._report()

    def pages(self, conn: Connection, ids: Sequence[int] | None) -> Iterator[list[int]]:
        """``_pages(conn, ids)``, with cancel polled before each page and progress reported
        after it."""
        for page in _pages(conn, ids):
            self.check()
            yield page
            self.advance(len(page))

    def _report(self) -> None:
        if self._progress is not None:
            self._progress(self.done, self.total)


def _export(
    output: Target, progress: Progress | None, cancel: Cancel | None,
    write: Callable[[_Run], None],
) -> ExportReport:
    """Run ``write``; a cancel between its pages ends it early, reported as cancelled."""
    target = output if isinstance(output, Path) else STREAM
    run = _Run(progress, cancel)
    try:
        write(run)
    except _Cancelled:
        return ExportReport(target, run.done, cancelled=True)
    return ExportReport(target, run.done)


# --- reading pages ---------------------------------------------------------------------------


def _pages(conn: Connection, ids: Sequence[int] | None) -> Iterator[list[int]]:
    """``ids`` a page at a time; None walks every article (the trash too) in id order."""
    if ids is not None:
        for chunk in chunks(ids, PAGE_SIZE):
            yield list(chunk)
        return
    last = 0
    while True:
        # Keyset paging: each page costs the same however far into the library it is.
        query = select(articles.c.id).where(articles.c.id > last).order_by(articles.c.id)
        page = list(conn.execute(query.limit(PAGE_SIZE)).scalars())
        if not page:
            return
        yield page
        last = page[-1]


def _total(conn: Connection, ids: Sequence[int] | None) -> int:
    if ids is not None:
        return len(ids)
    return conn.execute(select(func.count()).select_from(articles)).scalar_one()



# --- files ---------------------------------------------------------------------------------


def _protected(store: Store) -> Protected:
    files, backups = store.own_files()
    return Protected(files, backups)


def _stream_or_file(target: Target, protected: Protected) -> None:
    """Refuse a bad file target before anything is read (a stream needs no check)."""
    if isinstance(target, Path):
        real_target(target, protected)


# --- JSON ------------------------------------------------------------------------------------


def _header() -> str:
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    fields = {"format": FORMAT, "version": VERSION, "exported_at": stamp}
    return json.dumps(fields, ensure_ascii=False)[:-1] + ',\n"articles": ['


def _write_library_lists(
    handle: IO[str], conn: Connection, used: set[str] | None, selected: set[int] | None
) -> None:
    """The closing lists: tag colours (only tags in use for a selection), saved searches,
    and the subscriptions, one feed at a time (a feed's entries can be many)."""
    tag_list = [
        {"name": tag.name, "color": tag.color}
        for tag in tag_ops.all_tags(conn)
        if used is None or tag.name.casefold() in used
    ]
    searches = [{"name": s.name, "query": s.query} for s in search_store.all_searches(conn)]
    dump = json.dumps
    handle.write(
        f'\n],\n"tags": {dump(tag_list, ensure_ascii=False)},\n'
        f'"saved_searches": {dump(searches, ensure_ascii=False)},\n"feeds": ['
    )
    separator = "\n"
    for record in feed_records(conn, selected):
        handle.write(separator + dump(record, ensure_ascii=False))
        separator = ",\n"
    handle.write("\n]}\n")


def export_json(
    store: Store,
    path: Target,
    ids: Sequence[int] | None = None,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportReport:
    """Write ``ids`` (None: every article, the trash included) as a library export.

    One article per line, each ``json.dumps``'d on its own: the document is never whole in
    memory. ``restore`` reads it back.
    """
    protected = _protected(store)
    _stream_or_file(path, protected)

    def write(run: _Run) -> None:
        with written(path, protected) as handle, store.read() as conn:
            run.start(_total(conn, ids))
            used: set[str] | None = None if ids is None else set()
            handle.write(_header())
            separator = "\n"
            for page in run.pages(conn, ids):
                for record in article_records(conn, page):
                    handle.write(separator + json.dumps(record, ensure_ascii=False))
                    separator = ",\n"
                    if used is not None:
                        used.update(name.casefold() for name in record["tags"])
            _write_library_lists(handle, conn, used, None if ids is None else set(ids))

    return _export(path, progress, cancel, write)


# --- CSV -------------------------------------------------------------------------------------


def export_csv(
    store: Store,
    path: Target,
    ids: Sequence[int],
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportReport:
    """One row per article of ``ids``, with a header row; UTF-8, tags joined by ``; `` (see
    ``csv_tags``), text cells kept from being read as formulas (see ``csv_text``)."""
    protected = _protected(store)
    _stream_or_file(path, protected)

    def write(run: _Run) -> None:
        # newline="": the csv module writes its own line endings.
        with written(path, protected, newline="") as handle, store.read() as conn:
            run.start(len(ids))
            writer = csv.writer(handle)
            writer.writerow(CSV_FIELDS)
            for page in run.pages(conn, ids):
                for item in summaries(conn, page):
                    writer.writerow(
                        [
                            item.id, csv_text(item.title), iso(item.published) or "",
                            csv_text(item.source or ""),
                            csv_text(csv_tags(ref.name for ref in item.tags)),
                            _flag(item.read), _flag(item.starred), _flag(item.has_note),
                            item.highlight_count, iso(item.imported_at),
                            csv_text(item.url or ""), csv_text(item.author or ""),
                        ]
                    )

    return _export(path, progress, cancel, write)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def csv_text(value: str) -> str:
    """A free-text cell that spreadsheets show as text rather than run as a formula.

    Excel and LibreOffice treat a cell beginning with ``= + - @``, a tab or a carriage return
    as a formula (CSV injection), so such text gets a ``'`` in front. Text that already begins
    with quotes before one of those characters gets one more, so dropping exactly one leading
    ``'`` from any cell whose text after its quotes begins with one of them always gives the
    text back. Only for text columns: ids, counts and dates are written as they are.
    """
    if value.lstrip(FORMULA_QUOTE).startswith(FORMULA_STARTS):
        return FORMULA_QUOTE + value
    return value


def csv_tags(names: Iterable[str]) -> str:
    """Tag names in one cell: joined by ``; `` with every ``;`` inside a name doubled.

    Names never begin with a space, so reading left to right ``;;`` is a ``;`` of the name
    and ``; `` ends it: ``a;b`` and ``c`` give ``a;;b; c``, and ``a;`` with ``b`` (``a;;; b``)
    cannot be mistaken for ``a`` with ``;b`` (``a; ;;b``).
    """
    return TAG_SEPARATOR.join(name.replace(";", ";;") for name in names)


# --- Markdown --------------------------------------------------------------------------------


def export_markdown(
    store: Store,
    path: Target,
    ids: Sequence[int],
    *,
    one_file: bool | None = None,
    colors: Sequence[HighlightColor],
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> ExportReport:
    """Notes and highlights of ``ids``: one digest file at ``path``, or one file per article
    in the folder ``path`` (created if needed; a cancelled run keeps the files written).
    ``one_file`` None decides by the name: one file when it ends in ``.md`` and is no folder.
    Highlights are grouped under the names ``colors`` gives their colours; a stream gets the
    digest."""
    palette = list(colors)
    protected = _protected(store)
    if not isinstance(path, Path):
        return _markdown_digest(store, path, ids, palette, protected, progress, cancel)
    protected.refuse(path, path)
    if one_file is None:
        one_file = path.suffix.lower() == ".md" and not path.is_dir()
    if one_file:
        real_target(path, protected)
        return _markdown_digest(store, path, ids, palette, protected, progress, cancel)
    if path.exists() and not path.is_dir():
        raise InvalidValue(
            f"cannot write into {path}: it is a file; give a folder, or a name ending in .md"
        )
    path.mkdir(parents=True, exist_ok=True)
    return _markdown_folder(store, path, ids, palette, protected, progress, cancel)


def _markdown_digest(
    store: Store,
    path: Target,
    ids: Sequence[int],
    palette: list[HighlightColor],
    protected: Protected,
    progress: Progress | None,
    cancel: Cancel | None,
) -> ExportReport:
    def write(run: _Run) -> None:
        with written(path, protected) as handle, store.read() as conn:
            run.start(len(ids))
            handle.write(markdown_notes.digest_header(len(ids), datetime.now()))
            for page in run.pages(conn, ids):
                for record in article_records(conn, page):
                    handle.write("\n" + markdown_notes.render_article(record, palette, level=2))

    return _export(path, progress, cancel, write)


def _markdown_folder(
    store: Store,
    folder: Path,
    ids: Sequence[int],
    palette: list[HighlightColor],
    protected: Protected,
    progress: Progress | None,
    cancel: Cancel | None,
) -> ExportReport:
    remove_leftovers(folder)

    def write(run: _Run) -> None:
        with store.read() as conn:
            run.start(len(ids))
            for page in run.pages(conn, ids):
                for record in article_records(conn, page):
                    target = folder / markdown_notes.file_name(record["title"], record["id"])
                    with written(target, protected, tidy=False) as handle:
                        handle.write(markdown_notes.render_article(record, palette, level=1))

    return _export(folder, progress, cancel, write)
