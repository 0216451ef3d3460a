"""Putting a library export (``reader.transfer.exporting.export_json``) back into an empty library.

The file is read incrementally, one article at a time, and written in batches, all inside one
transaction: a damaged file, a cancel or any error leaves the library as empty as it was.
Each batch is indexed for full-text search with one ``INSERT ... SELECT``, the way the
importer does it.
"""

from __future__ import annotations

import codecs
import stat
from collections.abc import Iterator
from json import JSONDecodeError, JSONDecoder
from pathlib import Path
from typing import IO, Any

from msgspec import Struct
from sqlalchemy import Connection, func, select

from reader.errors import InvalidValue
from reader.stats.events import estimate_reads
from reader.store.interface import Store
from reader.store.schema import articles, feeds, saved_searches, tags
from reader.transfer.exporting import FORMAT, VERSION, Cancel, Progress
from reader.transfer.feed_records import FeedRows
from reader.transfer.restore_rows import Batch

READ_SIZE = 1 << 16
# One article with its note and highlights as JSON text. Its body may be 5 MB of text at most;
# this leaves room for escapes, a note and highlights, and keeps memory bounded before the
# article's fields are even checked.
MAX_VALUE = 64 << 20
BATCH_SIZE = 500
_BLANKS = " \t\r\n"


class RestoreReport(Struct, frozen=True):
    path: Path
    articles: int = 0
    tags: int = 0
    saved_searches: int = 0
    cancelled: bool = False
    feeds: int = 0


class _Cancelled(Exception):
    pass


class _Syntax(Exception):
    """The file is not well-formed JSON (or not the expected shape) at this point."""


class _JsonStream:
    """Pull-parses one JSON document: members of objects and items of arrays come one by one,
    each value decoded whole with the standard decoder from a growing buffer."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        # utf-8-sig: a byte-order mark, which some editors add, is not part of the JSON.
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self._json = JSONDecoder()
        self._buffer = ""
        self._pos = 0
        self._eof = False
        self.bytes_read = 0

    def _fill(self, size: int = READ_SIZE) -> bool:
        chunk = self._handle.read(size)
        self.bytes_read += len(chunk)
        try:
            text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            raise _Syntax("it is not UTF-8 text") from exc
        self._buffer = self._buffer[self._pos :] + text
        self._pos = 0
        self._eof = not chunk
        return bool(chunk)

    def _peek(self) -> str:
        """The next character that is not a blank, without taking it; "" at the end."""
        while True:
            while self._pos < len(self._buffer) and self._buffer[self._pos] in _BLANKS:
                self._pos += 1
            if self._pos < len(self._buffer) or not self._fill():
                return self._buffer[self._pos : self._pos + 1]

    def take(self, expected: str) -> str:
        char = self._peek()
        if char not in expected or not char:
            found = repr(char) if char else "the end of the file"
            raise _Syntax(f"expected {' or '.join(map(repr, expected))}, found {found}")
        self._pos += 1
        return char

    def value(self) -> Any:
        self._peek()
        size = READ_SIZE
        while True:
            try:
                value, end = self._json.raw_decode(self._buffer, self._pos)
                # A number at the very end of the buffer may continue in the next read.
                if end < len(self._buffer) or self._eof:
                    self._pos = end
                    return value
            except JSONDecodeError as exc:
                if self._eof:
                    raise _Syntax(exc.msg) from exc
            except ValueError as exc:  # Python converts integers of up to 4,300 digits
                raise _Syntax("a number has too many digits") from exc
            except RecursionError as exc:
                raise _Syntax("its values are nested too deeply") from exc
            if len(self._buffer) - self._pos > MAX_VALUE:
                raise _Syntax(f"one value is larger than {MAX_VALUE // (1 << 20)} MB of text")
            self._fill(size)
            size *= 2  # a long article decodes in a few attempts, not one per read

    def members(self) -> Iterator[str]:
        """Keys of an object; the caller reads each key's value before asking for the next."""
        self.take("{")
        if self._peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise _Syntax("expected a key")
            self.take(":")
            yield key
            if self.take(",}") == "}":
                return

    def items(self) -> Iterator[Any]:
        self.take("[")
        if self._peek() == "]":
            self._pos += 1
            return
        while True:
            yield self.value()
            if self.take(",]") == "]":
                return

    def finish(self) -> None:
        if self._peek():
            raise _Syntax("unexpected text after the end of the document")


class _Restore:
    """One restore run: checks the header, writes articles in batches, counts."""

    def __init__(
        self, conn: Connection, path: Path, stream: _JsonStream, size: int,
        progress: Progress | None, cancel: Cancel | None,
    ) -> None:
        self.conn = conn
        self.path = path
        self.stream = stream
        self.size = size
        self.progress = progress
        self.cancel = cancel
        self.batch = Batch(conn, path)
        self.feeds = FeedRows(self.batch.damaged)
        self.header: dict[str, Any] = {}
        self.articles = 0

    def run(self) -> RestoreReport:
        for key in self.stream.members():
            if key == "articles":
                self._articles()
            elif key in ("tags", "saved_searches", "feeds"):
                self._lists(key, self.stream.value())
            else:
                self.header[key] = self.stream.value()
                self._check_header(complete=False)
        self.stream.finish()
        self._check_header(complete=True)
        self.batch.flush()
        self.feeds.write(self.conn)
        return RestoreReport(
            self.path, self.articles, self.batch.tag_count(), self.batch.searches,
            feeds=len(self.feeds),
        )

    def _check_header(self, complete: bool) -> None:
        fmt, version = self.header.get("format"), self.header.get("version")
        if (fmt is not None or complete) and fmt != FORMAT:
            raise InvalidValue(f"{self.path} is not a Broadsheet library export")
        if version is None and not complete:
            return
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            raise InvalidValue(f"{self.path} is not a Broadsheet library export (no version)")
        if version > VERSION:
            raise InvalidValue(
                f"{self.path} was exported by a newer Broadsheet (format version {version}; "
                f"this one reads up to {VERSION}); upgrade Broadsheet to restore it"
            )

    def _articles(self) -> None:
        for item in self.stream.items():
            if self.cancel is not None and self.cancel():
                raise _Cancelled
            self.articles += 1
            self.batch.add_article(item, self.articles)
            if len(self.batch) >= BATCH_SIZE:
                self.batch.flush()
                self._report()
        self.batch.flush()
        self._report()

    def _lists(self, key: str, value: Any) -> None:
        if not isinstance(value, list):
            raise InvalidValue(f"{self.path} is damaged: {key!r} is not a list")
        if key == "tags":
            self.batch.add_tags(value)
        elif key == "feeds":
            self.feeds.add(value)
        else:
            self.batch.add_searches(value)

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(min(self.stream.bytes_read, self.size), self.size)


def _require_empty(conn: Connection) -> None:
    found = [
        f"{count} {one if count == 1 else many}"
        for one, many, table in (
            ("article", "articles", articles),
            ("tag", "tags", tags),
            ("saved search", "saved searches", saved_searches),
            ("feed", "feeds", feeds),
        )
        if (count := conn.execute(select(func.count()).select_from(table)).scalar_one())
    ]
    if found:
        raise InvalidValue(
            f"the library is not empty ({', '.join(found)}); "
            "restore into a new, empty library instead"
        )


def restore_into(
    store: Store,
    path: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> RestoreReport:
    """Restore the export at ``path`` into the empty library ``store``.

    ``progress(done, total)`` counts bytes of the file read. Raises InvalidValue naming the
    file when it is not an export, is from a newer version, or is damaged; nothing is written
    then, nor when ``cancel`` returns True (the report says ``cancelled``).
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        # A FIFO would block the restore forever, a device never end: as import does, only
        # regular files are read.
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise InvalidValue(f"cannot restore from {path}: it is {what}")
    size = info.st_size
    with path.open("rb") as handle:
        stream = _JsonStream(handle)
        run: _Restore | None = None
        try:
            with store.write() as conn:
                _require_empty(conn)
                run = _Restore(conn, path, stream, size, progress, cancel)
                report = run.run()
                # Reading statistics start, as after an upgrade, from the read marks.
                estimate_reads(conn)
                return report
        except _Cancelled:
            return RestoreReport(path, cancelled=True)
        except _Syntax as exc:
            # Once the header said "broadsheet-library", a syntax error means damage.
            valid = run is not None and run.header.get("format") == FORMAT
            if valid:
                raise InvalidValue(f"{path} is damaged or incomplete: {exc}") from None
            raise InvalidValue(f"{path} is not a Broadsheet library export ({exc})") from None

