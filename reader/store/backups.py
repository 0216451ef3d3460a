"""Rotating copies of the library, made with SQLite's online backup API.

Copies live in a ``<library>-backups`` folder beside the library file. The online backup API
gives a consistent copy even while another connection (the GUI beside a CLI import) writes.
"""

from __future__ import annotations

import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from reader.errors import LibraryUnavailable
from reader.store.interface import BackupInfo, BackupPreview
from reader.store.sqlite_uri import read_only_uri

_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})\.(?P<label>[a-z0-9-]+)\.sqlite3$")


def backup_folder(library_path: Path) -> Path:
    return library_path.with_name(f"{library_path.stem}-backups")


def list_backups(library_path: Path) -> list[BackupInfo]:
    """Backups of ``library_path``, newest first."""
    folder = backup_folder(library_path)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match is None or match["stem"] != library_path.stem:
            continue
        created = datetime.strptime(match["stamp"], "%Y%m%d-%H%M%S")
        found.append(BackupInfo(path, created, match["label"], path.stat().st_size))
    return sorted(found, key=lambda info: (info.created, info.path.name), reverse=True)


def copy_database(source: sqlite3.Connection, target: Path) -> None:
    """Copy through the online backup API into ``target`` (written aside, then renamed)."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    destination = sqlite3.connect(partial)
    try:
        source.backup(destination)
    finally:
        destination.close()
    partial.replace(target)


def backup_target(library_path: Path, label: str) -> Path:
    """Where a backup of ``library_path`` labelled ``label`` made now goes: a name no backup
    has yet."""
    folder = backup_folder(library_path)
    stamp = datetime.now()
    target = folder / f"{library_path.stem}.{stamp:%Y%m%d-%H%M%S}.{label}.sqlite3"
    while target.exists():  # two backups in one second: keep both
        stamp += timedelta(seconds=1)
        target = folder / f"{library_path.stem}.{stamp:%Y%m%d-%H%M%S}.{label}.sqlite3"
    return target


def make_backup(source: sqlite3.Connection, library_path: Path, label: str) -> Path:
    return write_backup(source, backup_target(library_path, label))


def write_backup(source: sqlite3.Connection, target: Path) -> Path:
    """Copy ``source`` to ``target`` (a name from :func:`backup_target`), making its folder."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LibraryUnavailable(
            f"cannot create the backup folder {target.parent}: {exc}") from exc
    try:
        copy_database(source, target)
    except (OSError, sqlite3.Error) as exc:
        raise LibraryUnavailable(f"the backup could not be written: {exc}") from exc
    return target


def prune(library_path: Path, keep: int, label: str | None = None) -> list[Path]:
    """Delete all but the newest ``keep`` backups (of ``label`` only, when given)."""
    backups = [b for b in list_backups(library_path) if label is None or b.label == label]
    removed = []
    for info in backups[max(keep, 0) :]:
        info.path.unlink(missing_ok=True)
        removed.append(info.path)
    return removed


def daily_backup_due(library_path: Path, now: datetime | None = None) -> bool:
    daily = [b for b in list_backups(library_path) if b.label == "daily"]
    current = now or datetime.now()
    return not daily or current - daily[0].created >= timedelta(days=1)


def preview(backup: Path) -> BackupPreview:
    """What a backup holds, read without opening it as a library (nothing is upgraded)."""
    try:
        connection = sqlite3.connect(read_only_uri(backup), uri=True)
    except sqlite3.Error as exc:
        raise LibraryUnavailable(f"{backup.name} cannot be read: {exc}") from exc
    try:
        counts = [
            connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "tags", "notes", "highlights")
        ]
        newest = connection.execute("SELECT max(imported_at) FROM articles").fetchone()[0]
    except sqlite3.Error as exc:
        raise LibraryUnavailable(f"{backup.name} is not a readable library: {exc}") from exc
    finally:
        connection.close()
    return BackupPreview(
        articles=counts[0],
        tags=counts[1],
        notes=counts[2],
        highlights=counts[3],
        newest_import=datetime.fromisoformat(newest) if newest else None,
    )


def integrity_problems(path: Path) -> list[str]:
    """What ``PRAGMA integrity_check`` reports; empty when the file is sound."""
    try:
        connection = sqlite3.connect(read_only_uri(path), uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    messages = [str(row[0]) for row in rows]
    return [] if messages == ["ok"] else messages


def restore_into(backup: Path, library_path: Path) -> None:
    """Replace the library's content with the backup's, through the backup API.

    The library must not be open elsewhere in this process. The current file is kept as a
    backup labelled ``before-restore`` first, so a restore can itself be undone.
    """
    problems = integrity_problems(backup)
    if problems:
        raise LibraryUnavailable(f"{backup.name} is damaged: {problems[0]}")
    if library_path.exists():
        current = sqlite3.connect(library_path)
        try:
            make_backup(current, library_path, "before-restore")
        except LibraryUnavailable:
            pass  # a damaged library may not copy; restoring it is the point
        finally:
            current.close()
    source = sqlite3.connect(read_only_uri(backup), uri=True)
    try:
        target = sqlite3.connect(library_path)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
