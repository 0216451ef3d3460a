"""Telling a read-later export from an article file, by content, and reading its entries.

Inside a folder only names that exports use are looked at (``.csv``, ``.json``, ``.zip``, and
``.html`` for Pocket's old export): a folder of 100,000 text files costs no extra read. A
file named on its own is sniffed whatever its name. What decides is the content: the CSV
header, the JSON's keys, a ZIP's members, the Pocket page's headings.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from reader.errors import NotAnArticle
from reader.importing.decoding import decode_bytes, read_file_bytes
from reader.importing.readlater.csv_exports import csv_entries, csv_kind
from reader.importing.readlater.entries import SavedEntry
from reader.importing.readlater.omnivore import is_omnivore, omnivore_entries
from reader.importing.readlater.pocket_html import is_pocket_html, pocket_html_entries
from reader.importing.readlater.wallabag import is_wallabag, wallabag_entries

EXPORT_SUFFIXES = frozenset({".csv", ".json", ".zip"})
SNIFFED_IN_FOLDERS = EXPORT_SUFFIXES | {".html", ".htm"}
# Exports of years of reading, with the articles' text, run to hundreds of megabytes.
EXPORT_MAX_BYTES = 1024 * 1024 * 1024
_HEAD_BYTES = 64 * 1024
_ZIP_MAGIC = b"PK\x03\x04"


def read_export(path: Path) -> list[SavedEntry] | None:
    """The entries of the export at ``path``, or None when it is not one (an article file).

    Raises NotAnArticle for an export that cannot be read (damaged, too large).
    """
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except OSError:
        return None  # not ours to explain: the article reader says why it cannot be read
    if head.startswith(_ZIP_MAGIC):
        return _zip_entries(path)
    if _kind(head.decode("utf-8-sig", errors="ignore")) is None:
        return None
    return entries_of_text(decode_bytes(read_file_bytes(path, EXPORT_MAX_BYTES)), str(path))


def entries_of_text(text: str, source: str) -> list[SavedEntry] | None:
    """The entries of an export held in ``text``, or None when it is not one."""
    kind = _kind(text[:_HEAD_BYTES])
    if kind == "wallabag":
        return wallabag_entries(text, source)
    if kind == "pocket_html":
        return pocket_html_entries(text, source)
    if kind is not None:
        return csv_entries(text, source)
    return None


def _kind(head: str) -> str | None:
    stripped = head.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        return "wallabag" if is_wallabag(stripped) else None
    if stripped.startswith("<"):
        return "pocket_html" if is_pocket_html(head) else None
    return csv_kind(stripped)


def _zip_entries(path: Path) -> list[SavedEntry] | None:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotAnArticle(f"unreadable ZIP archive ({exc})") from None
    with archive:
        names = sorted(info.filename for info in archive.infolist() if not info.is_dir())

        def read(name: str) -> str | None:
            return _member_text(archive, name)

        if is_omnivore(names):
            return omnivore_entries(archive, str(path), read)
        entries: list[SavedEntry] = []
        found = False
        for name in names:  # Pocket's part_*.csv, or any export zipped
            if Path(name).suffix.lower() not in SNIFFED_IN_FOLDERS or name.startswith("__MACOSX"):
                continue
            text = read(name)
            member = entries_of_text(text, f"{path}/{name}") if text is not None else None
            if member is not None:
                found = True
                entries += member
    return entries if found else None


def _member_text(archive: zipfile.ZipFile, name: str) -> str | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > EXPORT_MAX_BYTES:
        raise NotAnArticle(f"{name} in the archive is larger than the 1 GB an export may be")
    try:
        data = archive.read(info)
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
        raise NotAnArticle(f"unreadable member {name} of the archive ({exc})") from None
    return data.decode("utf-8-sig", errors="replace")
