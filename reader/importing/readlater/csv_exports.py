"""Pocket's and Instapaper's CSV exports.

Pocket (2024 on) mails a ZIP of ``part_000000.csv``, ``part_000001.csv``… with the columns
``title,url,time_added,cursor,tags,status``: ``time_added`` in seconds since 1970, tags
joined by ``|``, ``status`` ``unread`` or ``archive``. Instapaper's is one file with
``URL,Title,Selection,Folder,Timestamp`` and, in newer exports, ``Tags`` (a JSON list):
``Folder`` is ``Unread``, ``Archive``, ``Starred`` or a folder of the user's, kept as a tag;
``Selection`` is the passage selected when the link was saved.
"""

from __future__ import annotations

import csv
import io
import json

from reader.importing.readlater.entries import (
    Quote,
    SavedEntry,
    address,
    from_timestamp,
    line,
    origin,
    tag_list,
)

POCKET_COLUMNS = frozenset({"title", "url", "time_added", "tags", "status"})
INSTAPAPER_COLUMNS = frozenset({"url", "title", "selection", "folder"})
_INSTAPAPER_FOLDERS = frozenset({"unread", "archive", "starred"})
# A CSV cell may hold a whole selection of an article; the default limit is 128 KB.
csv.field_size_limit(16 * 1024 * 1024)


def csv_kind(head: str) -> str | None:
    """"pocket" or "instapaper" when ``head`` (the file's start) has that export's header."""
    first = head.lstrip("\ufeff").split("\n", 1)[0]
    try:
        columns = {name.strip().lower() for name in next(csv.reader([first]))}
    except (csv.Error, StopIteration):
        return None
    if columns >= POCKET_COLUMNS:
        return "pocket"
    if columns >= INSTAPAPER_COLUMNS:
        return "instapaper"
    return None


def csv_entries(text: str, source: str) -> list[SavedEntry]:
    """The entries of a Pocket or Instapaper CSV export (``text`` decoded, header first)."""
    kind = csv_kind(text[:4096])
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    read_row = _pocket if kind == "pocket" else _instapaper
    entries = []
    for number, row in enumerate(rows, start=1):
        fields = {str(key).strip().lower(): value for key, value in row.items() if key}
        entries.append(read_row(fields, source, number))
    return entries


def _pocket(row: dict[str, str], source: str, number: int) -> SavedEntry:
    url = address(row.get("url"))
    return SavedEntry(
        origin=origin(source, number), raw_url=line(row.get("url")),
        url=url,
        title=line(row.get("title")),
        tags=tag_list((row.get("tags") or "").split("|")),
        saved_at=from_timestamp(row.get("time_added")),
        read=(row.get("status") or "").strip().lower() in ("archive", "archived", "read"),
    )


def _instapaper(row: dict[str, str], source: str, number: int) -> SavedEntry:
    url = address(row.get("url"))
    folder = line(row.get("folder")) or ""
    tags = list(_instapaper_tags(row.get("tags") or ""))
    if folder and folder.lower() not in _INSTAPAPER_FOLDERS:
        tags.insert(0, folder)
    selection = (row.get("selection") or "").strip()
    return SavedEntry(
        origin=origin(source, number), raw_url=line(row.get("url")),
        url=url,
        title=line(row.get("title")),
        tags=tag_list(tags),
        saved_at=from_timestamp(row.get("timestamp")),
        read=folder.lower() == "archive",
        starred=folder.lower() == "starred",
        quotes=(Quote(selection),) if selection else (),
    )


def _instapaper_tags(cell: str) -> tuple[str, ...]:
    text = cell.strip()
    if text.startswith("["):
        try:
            loaded = json.loads(text)
        except ValueError:
            loaded = None
        if isinstance(loaded, list):
            return tag_list(loaded)
    return tag_list(text.split(","))
