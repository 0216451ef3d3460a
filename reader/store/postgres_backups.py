"""Backups of a server library: ``pg_dump`` archives in a folder of this machine.

A PostgreSQL database is not a file to copy: ``pg_dump`` reads a consistent snapshot while
others write, and ``pg_restore`` puts one back. When ``pg_dump`` is installed, a backup runs
it; otherwise the error says how to make one by hand.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

from reader.errors import LibraryUnavailable
from reader.store.interface import BackupInfo
from reader.store.location import ServerLocation

SUFFIX = ".dump"
RESTORE_HOW = (
    "a server library is restored by its owner with pg_restore: "
    "pg_restore --clean --dbname=postgresql://USER@HOST/DATABASE BACKUP.dump"
)
DUMP_TIMEOUT_S = 3600


def dump_command(location: ServerLocation, target: Path) -> list[str]:
    """The ``pg_dump`` command that writes ``location`` to ``target`` (custom format, which
    ``pg_restore`` reads). The password comes from ``~/.pgpass`` or ``PGPASSWORD``."""
    return ["pg_dump", "--format=custom", "--no-owner", f"--file={target}",
            f"--dbname={location.url}"]


def dump_advice(location: ServerLocation) -> str:
    """The ``pg_dump`` command that backs up ``location``, as a person would type it."""
    command = dump_command(location, Path("BACKUP.dump"))
    return " ".join([*command[:-1], f"'--dbname={location.url}'"])


def backup_folder(folder: Path) -> Path:
    """Where the dumps of the library whose local folder is ``folder`` are kept."""
    return folder / "backups"


def dump(location: ServerLocation, folder: Path, label: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backup_folder(folder) / f"{stamp}-{label}{SUFFIX}"
    command = dump_command(location, target)
    if shutil.which("pg_dump") is None:
        raise LibraryUnavailable(
            f"pg_dump is not installed here; make a backup with: {dump_advice(location)}")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=DUMP_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        target.unlink(missing_ok=True)
        raise LibraryUnavailable(f"pg_dump failed: {exc}") from exc
    if result.returncode != 0:
        target.unlink(missing_ok=True)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise LibraryUnavailable(f"pg_dump failed: {lines[-1] if lines else result.returncode}")
    return target


def restore(location: ServerLocation, folder: Path, backup: Path) -> None:
    """Put ``backup`` in place of the library's content with ``pg_restore``, in one
    transaction, after dumping the current content beside the other backups."""
    if shutil.which("pg_restore") is None:
        raise LibraryUnavailable(f"pg_restore is not installed here; {RESTORE_HOW}")
    dump(location, folder, "before-revert")
    command = ["pg_restore", "--clean", "--if-exists", "--single-transaction", "--no-owner",
               f"--dbname={location.url}", str(backup)]
    try:
        result = subprocess.run(command, capture_output=True, text=True,
                                timeout=DUMP_TIMEOUT_S, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        raise LibraryUnavailable(f"pg_restore failed: {exc}") from exc
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        raise LibraryUnavailable(
            f"pg_restore failed: {lines[-1] if lines else result.returncode}")


def list_dumps(folder: Path) -> list[BackupInfo]:
    found = []
    for path in backup_folder(folder).glob(f"*{SUFFIX}"):
        parts = path.stem.split("-", 3)
        label = parts[3] if len(parts) == 4 else "manual"
        stat = path.stat()
        found.append(BackupInfo(path, datetime.fromtimestamp(stat.st_mtime), label,
                                stat.st_size))
    return sorted(found, key=lambda info: (info.created, info.path.name), reverse=True)


def prune(folder: Path, keep: int, label: str) -> None:
    for info in [info for info in list_dumps(folder) if info.label == label][keep:]:
        info.path.unlink(missing_ok=True)
