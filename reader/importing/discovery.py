"""What an import will read: the files under the paths given, the entries of the
read-later exports among them, and the web addresses given beside them."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from msgspec import Struct

from reader.addresses import web_url
from reader.errors import NotAnArticle
from reader.importing.file_names import printable
from reader.importing.formats import IMPORTABLE_SUFFIXES
from reader.importing.parse_pool import Job, Link
from reader.importing.readlater.recognise import (
    EXPORT_SUFFIXES,
    SNIFFED_IN_FOLDERS,
    read_export,
)
from reader.records import Failed

# What a folder's walk picks up: articles, and what may be an export (looked into).
_WALKED = IMPORTABLE_SUFFIXES | SNIFFED_IN_FOLDERS


class Found(Struct, frozen=True):
    path: Path
    named: bool  # given on its own, not met in a folder


def discover(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Found | Link | Failed]:
    """Article files under ``paths``, recursively; failures for paths that cannot be walked.

    A file named explicitly is taken whatever its suffix; inside folders only article and
    export names count (``IMPORTABLE_SUFFIXES``, ``SNIFFED_IN_FOLDERS``), hidden entries are
    skipped, and each folder is walked once even when symlinks make a loop. An http(s)
    address given as a string is a link to fetch.
    """
    seen_dirs: set[tuple[int, int]] = set()
    for given in paths:
        url = web_url(given) if isinstance(given, str) else None
        if url is not None:
            yield Link(url)
            continue
        path = Path(given)
        if isinstance(given, str) and "://" in given and not path.exists():
            yield Failed(given, "not a link that can be fetched (only http:// and https:// "
                                "addresses with a host are)")
        elif path.is_dir():
            yield from _walk(path, seen_dirs)
        elif path.exists() or path.is_symlink():
            yield Found(path, named=True)
        else:
            yield Failed(printable(str(path)), "no such file or folder")


def _walk(folder: Path, seen: set[tuple[int, int]]) -> Iterator[Found | Failed]:
    try:
        info = folder.stat()
    except OSError as exc:
        yield Failed(printable(str(folder)), f"unreadable folder: {exc.strerror or exc}")
        return
    identity = (info.st_dev, info.st_ino)
    if identity in seen:
        return
    seen.add(identity)
    try:
        with os.scandir(folder) as entries:
            children = sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        yield Failed(printable(str(folder)), f"unreadable folder: {exc.strerror or exc}")
        return
    for entry in children:
        if entry.name.startswith("."):
            continue
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(Path(entry.path), seen)
        elif Path(entry.name).suffix.lower() in _WALKED:
            yield Found(Path(entry.path), named=False)


def jobs_of(found: Found | Link) -> list[Job] | Failed:
    """The file itself, or the entries of the export it is; [] for a folder's CSV, JSON or
    ZIP that is no export (a folder of articles may hold such files beside them). A link is
    its own job."""
    if isinstance(found, Link):
        return [found]
    suffix = found.path.suffix.lower()
    sniffed = suffix in SNIFFED_IN_FOLDERS or (found.named and suffix not in IMPORTABLE_SUFFIXES)
    if sniffed:
        try:
            entries = read_export(found.path)
        except NotAnArticle as exc:
            return Failed(printable(str(found.path)), str(exc))
        if entries == []:
            return Failed(printable(str(found.path)), "the read-later export holds no entries")
        if entries is not None:
            return list(entries)
        if not found.named and suffix in EXPORT_SUFFIXES:
            return []
    return [found.path]
