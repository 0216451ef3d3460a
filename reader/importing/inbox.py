"""The inbox folder: files that appear in a folder are imported once they stop growing.

A browser's Save, a web clipper or a script drops files into the folder; the inbox looks at
it every few seconds and hands each new file to an import function once the file has
settled: its size and modification time unchanged for ``settle`` seconds. Until then it is
left alone, and so are files still being downloaded (``.crdownload``, ``.part``,
``.partial``, ``.tmp``, ``.download``), hidden files, Office lock files (``~$…``) and a
0-byte placeholder, which a browser creates first and fills (or renames onto) at the end.
Only files directly in the folder count; folders in it are left alone.

Looking is polling, on purpose: a folder on a network share gets no change notices, so
correctness cannot depend on them. ``wake`` lets a caller that does get notices (Qt's file
system watcher, inotify) ask for a look sooner.

Each file is imported once, and "once" is remembered by moving the file: a handled file goes
into ``Imported/`` (imported, or already in the library) or ``Not imported/`` with a
``NAME.reason.txt`` beside it saying why. The folder then shows the user what happened,
holds only what is still to come, and needs no state: a file in the inbox is a file to
import, whenever it arrived and whether or not anything was running then. (calibre's
auto-add folder deletes what it added; moving keeps the user's file.) A folder that cannot be
written (a read-only share) falls back to a record of the files handled in place, by path,
size and modification time (``inbox_record``). The file is moved after its import is
committed: a crash in between imports it again at the next start, where it comes out as a
duplicate and is moved then, so nothing is lost and nothing is imported twice.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from msgspec import Struct

from reader.errors import BroadsheetError
from reader.importing.file_names import printable
from reader.importing.inbox_record import InboxRecord, Signature
from reader.records import CancelCheck, Duplicate, Failed, Imported, ImportReport

IMPORTED_FOLDER = "Imported"
NOT_IMPORTED_FOLDER = "Not imported"
REASON_SUFFIX = ".reason.txt"
# Names browsers and download tools give a file while it is being written; the finished file
# gets its real name by a rename, and is seen then.
PARTIAL_SUFFIXES = frozenset({".crdownload", ".part", ".partial", ".tmp", ".download"})
# A browser writes a saved page in well under a second; a slow share may pause a copy for a
# second or two. Three seconds of stillness is long enough for both and short to wait.
DEFAULT_SETTLE_SECONDS = 3.0
DEFAULT_POLL_SECONDS = 2.0
_SLICE = 0.2  # how often a waiting watcher looks at its cancel check

ImportFiles = Callable[[Sequence[Path], CancelCheck | None], ImportReport]
Result = Imported | Duplicate | Failed


class InboxUnavailable(BroadsheetError):
    """The inbox folder cannot be read (missing, not a folder, a share gone away)."""


class Handled(Struct, frozen=True):
    """One file taken from the inbox: its import result, and where the file went (None when
    it stayed in place, remembered in the record)."""

    result: Result
    kept_at: Path | None


class _Seen(Struct, frozen=True):
    signature: Signature
    since: float  # when this signature was first seen


def waits_for_completion(name: str) -> bool:
    """Whether a file called ``name`` is skipped: hidden, a lock file, or still downloading."""
    if name.startswith((".", "~$")):
        return True
    return Path(name).suffix.lower() in PARTIAL_SUFFIXES


class Inbox:
    """Watches ``folder`` and imports its settled files with ``import_files``.

    Not thread-safe: one ``poll`` at a time (``wake`` may be called from anywhere).
    """

    def __init__(
        self,
        folder: Path,
        import_files: ImportFiles,
        *,
        settle: float = DEFAULT_SETTLE_SECONDS,
        record: InboxRecord | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.folder = folder
        self._import = import_files
        self._settle = settle
        self._record = record or InboxRecord(None)
        self._clock = clock
        self._watching: dict[Path, _Seen] = {}
        # Files handled in this run whose move and record both failed: never taken twice.
        self._done: set[tuple[Path, Signature]] = set()
        self._wake = threading.Event()

    @property
    def waiting(self) -> list[Path]:
        """Files seen but not taken yet: still being written, or empty placeholders."""
        return sorted(self._watching)

    def poll(self, cancel: CancelCheck | None = None) -> list[Handled]:
        """Look at the folder once: note what changed, import what has settled, move it away.

        Raises InboxUnavailable when the folder cannot be read, and whatever the import
        function raises (a read-only library); files not handled are taken at a later poll.
        """
        now = self._clock()
        present = self._scan()
        self._record.forget_missing(self.folder, set(present))
        ready: list[tuple[Path, Signature]] = []
        for path, signature in sorted(present.items()):  # in name order, as a folder import
            if self._record.knows(path, signature) or (path, signature) in self._done:
                self._watching.pop(path, None)
                continue
            seen = self._watching.get(path)
            if seen is None or seen.signature != signature:
                self._watching[path] = _Seen(signature, now)
            elif signature.size > 0 and now - seen.since >= self._settle:
                ready.append((path, signature))
        for path in set(self._watching) - set(present):
            del self._watching[path]
        if not ready or (cancel is not None and cancel()):
            return []
        report = self._import([path for path, _ in ready], cancel)
        return self._file_away(ready, report)

    def seconds_to_next_poll(self, interval: float = DEFAULT_POLL_SECONDS) -> float:
        """How long to wait before polling again: ``interval``, or less when a file will have
        settled sooner."""
        now = self._clock()
        due = [seen.since + self._settle - now for seen in self._watching.values()
               if seen.signature.size > 0]
        return max(0.0, min([interval, *due]))

    def watch(
        self,
        on_handled: Callable[[Handled], None],
        cancel: CancelCheck,
        interval: float = DEFAULT_POLL_SECONDS,
    ) -> None:
        """Poll until ``cancel`` says stop, telling ``on_handled`` of each file taken."""
        while not cancel():
            for handled in self.poll(cancel):
                on_handled(handled)
            self._sleep(self.seconds_to_next_poll(interval), cancel)

    def sweep(self, cancel: CancelCheck | None = None) -> list[Handled]:
        """Take what is in the folder now and stops growing within one settle interval; files
        still changing after that are left for later (see ``waiting``)."""
        handled = self.poll(cancel)
        if self._watching and not (cancel is not None and cancel()):
            self._sleep(self.seconds_to_next_poll(self._settle), cancel)
            handled += self.poll(cancel)
        return handled

    def wake(self) -> None:
        """Ask a watching inbox to look now (a change notice arrived)."""
        self._wake.set()

    # --- the folder --------------------------------------------------------------------------

    def _scan(self) -> dict[Path, Signature]:
        found: dict[Path, Signature] = {}
        try:
            with os.scandir(self.folder) as entries:
                for entry in entries:
                    if waits_for_completion(entry.name):
                        continue
                    try:
                        if not entry.is_file():
                            continue
                        info = entry.stat()
                    except OSError:
                        continue  # vanished or unreadable since listed: seen next time
                    found[Path(entry.path)] = Signature(info.st_size, info.st_mtime_ns)
        except OSError as exc:
            raise InboxUnavailable(
                f"cannot read the inbox folder {self.folder}: {exc.strerror or exc}"
            ) from exc
        return found

    def _sleep(self, seconds: float, cancel: CancelCheck | None) -> None:
        end = time.monotonic() + seconds
        while not (cancel is not None and cancel()):
            left = end - time.monotonic()
            if left <= 0 or self._wake.wait(min(left, _SLICE)):
                break
        self._wake.clear()

    def _file_away(
        self, ready: list[tuple[Path, Signature]], report: ImportReport
    ) -> list[Handled]:
        every: list[Result] = [*report.imported, *report.duplicates, *report.failed]
        results = {item.path: item for item in every}
        handled: list[Handled] = []
        for path, signature in ready:
            # Reports name files in printable form (bytes that are not UTF-8 written out).
            shown = printable(str(path))
            result = results.get(shown) or _export_result(shown, every)
            if result is None:
                continue  # not reached before a cancel: taken at a later poll
            self._watching.pop(path, None)
            kept_at = self._keep(path, signature, result) if path.exists() else None
            handled.append(Handled(result, kept_at))
        return handled

    def _keep(self, path: Path, signature: Signature, result: Result) -> Path | None:
        failed = isinstance(result, Failed)
        folder = self.folder / (NOT_IMPORTED_FOLDER if failed else IMPORTED_FOLDER)
        try:
            folder.mkdir(exist_ok=True)
            target = _free_name(folder, path.name)
            os.rename(path, target)
        except OSError:
            self._remember_in_place(path, signature, result)
            return None
        if isinstance(result, Failed):
            # The file is out of the inbox already; a reason that cannot be written beside it
            # was still reported to the caller.
            with contextlib.suppress(OSError):
                target.with_name(target.name + REASON_SUFFIX).write_text(
                    result.reason + "\n", encoding="utf-8")
        return target

    def _remember_in_place(self, path: Path, signature: Signature, result: Result) -> None:
        self._done.add((path, signature))
        outcome = "failed" if isinstance(result, Failed) else "imported"
        # Known for this run through _done even when the record cannot be written; the next
        # start then imports it once more, and finds it a duplicate.
        with contextlib.suppress(OSError):
            self._record.remember(path, signature, outcome)


def _export_result(path: str, every: list[Result]) -> Result | None:
    """The result of a read-later export, whose entries are reported one by one as
    ``FILE#N <url>`` (``FILE/MEMBER#N`` inside a ZIP): imported if any entry was, else the
    first entry's result."""
    entries = [item for item in every if item.path.startswith((f"{path}#", f"{path}/"))]
    return next((item for item in entries if isinstance(item, Imported)), None) or next(
        iter(entries), None)


def _free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/stem (2).ext`` and so on when that is taken."""
    target = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while target.exists() or target.with_name(target.name + REASON_SUFFIX).exists():
        target = folder / f"{stem} ({number}){suffix}"
        number += 1
    return target
