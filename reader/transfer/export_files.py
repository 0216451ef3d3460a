"""Writing export files: whole or not at all, never over the library, as the user's umask and
symlinks say, and without debris from an export that was killed.

Each file is written beside its target under a temporary ``.part`` name and renamed into
place once complete. The temporary name carries the writing process's id, so the next
export into the same folder can tell a leftover of a killed export (its process is gone)
from a file another export is writing right now.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TextIO

from msgspec import Struct

from reader.errors import InvalidValue

PART = ".part"
# Of the target's name, at most this many bytes go into the temporary name, which must fit
# the 255 bytes most file systems allow a name like the target's own.
_NAME_BYTES = 120
_LEFTOVER = re.compile(r"^\.(?P<stem>.+)\.(?P<pid>[0-9]+)\.[0-9a-f]{8}\.part$")
# Where a process id cannot be checked, a leftover this old is surely a killed export's.
_STALE_SECONDS = 24 * 60 * 60

Target = Path | TextIO
"""A file to write, or a stream (standard output) that is written as it goes."""


class Protected(Struct, frozen=True):
    """The library's own files (database and journals) and its backup folder."""

    files: Sequence[Path]
    backup_folder: Path

    def refuse(self, target: Path, shown: Path) -> None:
        """InvalidValue when writing ``target`` (real path, ``shown`` as the user gave it)
        would write over the library, its journals or its backups."""
        real = target.resolve()
        for index, own in enumerate(self.files):
            if real == own.resolve() or _same_file(real, own):
                what = "the library file itself" if index == 0 else "one of the library's files"
                raise InvalidValue(f"cannot write {shown}: it is {what}")
        folder = self.backup_folder.resolve()
        if real == folder or folder in real.parents:
            raise InvalidValue(f"cannot write {shown}: it is in the library's backup folder")


def _same_file(one: Path, other: Path) -> bool:
    # A hard link or a bind mount reaches the library under another name: compare inodes.
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def real_target(path: Path, protected: Protected) -> Path:
    """The file an export named ``path`` writes: through a symlink to the file it names,
    so the link stays a link. InvalidValue for a folder, a missing folder, or the library."""
    if path.is_dir():
        raise InvalidValue(f"cannot write {path}: it is a folder; give a file name")
    real = Path(os.path.realpath(path)) if path.is_symlink() else path
    if not real.parent.is_dir():
        raise InvalidValue(f"cannot write {path}: the folder {real.parent} does not exist")
    protected.refuse(real, path)
    return real


def _short_name(name: str) -> str:
    encoded = name.encode("utf-8", "surrogateescape")[:_NAME_BYTES]
    return encoded.decode("utf-8", "ignore")


def _running(pid: int) -> bool | None:
    """Whether process ``pid`` exists; None where that cannot be asked safely."""
    if os.name != "posix":
        return None  # os.kill(pid, 0) would not merely ask there
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: it exists
    return True


def remove_leftovers(folder: Path, name: str | None = None) -> None:
    """Delete the ``.part`` files killed exports left in ``folder`` (of the target ``name``
    only, or of any)."""
    stem = None if name is None else _short_name(name)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        found = _LEFTOVER.match(entry.name)
        if found is None or (stem is not None and found["stem"] != stem):
            continue
        alive = _running(int(found["pid"][:12]))
        try:
            if alive is False or (alive is None and
                                  now - entry.stat().st_mtime > _STALE_SECONDS):
                os.unlink(entry.path)
        except OSError:
            continue  # gone already, or not ours to remove: it does no harm


def _named(exc: OSError, path: Path) -> OSError:
    """``exc`` naming the export the user asked for instead of its temporary file."""
    return OSError(exc.errno or errno.EIO, exc.strerror or str(exc), str(path))


@contextmanager
def written(target: Target, protected: Protected, newline: str | None = None, *,
            tidy: bool = True) -> Iterator[IO[str]]:
    """A text file that replaces ``target`` only when the block finishes without an error
    (a stream is simply written to). New files get the permissions the umask allows; a
    replaced file keeps its own. With ``tidy``, leftovers of killed exports to the same
    name go first (one file of many in a folder: the caller tidies the folder once)."""
    if not isinstance(target, Path):
        yield target
        return
    real = real_target(target, protected)
    if tidy:
        remove_leftovers(real.parent, real.name)
    part = real.parent / f".{_short_name(real.name)}.{os.getpid()}.{secrets.token_hex(4)}{PART}"
    try:
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise _named(exc, target) from None
    try:
        _keep_mode(descriptor, real)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
        os.replace(part, real)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise _named(exc, target) from None
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _keep_mode(descriptor: int, real: Path) -> None:
    try:
        mode = real.stat().st_mode & 0o7777
    except OSError:
        return  # a new file: os.open applied the umask
    if hasattr(os, "fchmod"):
        os.fchmod(descriptor, mode)
