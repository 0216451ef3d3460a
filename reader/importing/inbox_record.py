"""What the inbox handled but could not move away: a small JSON file of path, size and
modification time for each such file.

Moving a handled file out of the inbox is what normally remembers it (see ``inbox``); this
record is the fallback for a folder Broadsheet may read but not write (a read-only share,
another user's folder). A file is known by its path with its size and modification time, so
a file saved again under the same name is new and is imported again. Entries for files that
left the folder are dropped, which keeps the record as small as the folder.

The file is written whole to a temporary name and renamed over the old one, so a crash leaves
the old record or the new one, never half of one. A record that cannot be read is started
afresh: the files it knew are then imported again, and come out as duplicates.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

from msgspec import Struct

from reader.store.location import LibraryLocation

RECORD_VERSION = 1


class Signature(Struct, frozen=True):
    """A file's size and modification time: equal signatures over an interval mean the file
    was not written in between."""

    size: int
    mtime_ns: int


def record_beside(library_path: Path) -> Path:
    """Where a library keeps the record of its inbox: beside the library file, so "once"
    means once into that library (the default library lives in the user data folder)."""
    return library_path.with_name(f"{library_path.stem}.inbox.json")


def record_for(location: LibraryLocation, kept_in: Path) -> Path:
    """Where the library at ``location`` keeps the record of its inbox: beside a library
    file, or inside ``kept_in``, the folder this machine keeps for a server library (named
    after its whole address; beside that folder, databases on one host would share a name)."""
    if isinstance(location, Path):
        return record_beside(location)
    return kept_in / "inbox.json"


class InboxRecord:
    """Files handled in place. ``path`` None keeps the record in memory only."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._files: dict[str, dict[str, object]] = self._load()

    def knows(self, file: Path, signature: Signature) -> bool:
        entry = self._files.get(str(file))
        return (entry is not None and entry.get("size") == signature.size
                and entry.get("mtime_ns") == signature.mtime_ns)

    def remember(self, file: Path, signature: Signature, outcome: str) -> None:
        """Note ``file`` as handled; raises OSError when the record cannot be written (the
        caller still knows the file for as long as it runs)."""
        self._files[str(file)] = {
            "size": signature.size, "mtime_ns": signature.mtime_ns, "outcome": outcome,
        }
        self._save()

    def forget_missing(self, folder: Path, present: set[Path]) -> None:
        """Drop the entries of ``folder``'s files that are no longer there."""
        kept = {str(path) for path in present}
        gone = [name for name in self._files
                if Path(name).parent == folder and name not in kept]
        if not gone:
            return
        for name in gone:
            del self._files[name]
        with contextlib.suppress(OSError):  # tidiness only: stale entries match no file
            self._save()

    def _load(self) -> dict[str, dict[str, object]]:
        if self.path is None:
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        files = data.get("files") if isinstance(data, dict) else None
        if not isinstance(files, dict):
            return {}
        return {name: entry for name, entry in files.items()
                if isinstance(name, str) and isinstance(entry, dict)}

    def _save(self) -> None:
        if self.path is None:
            return
        # ASCII: a name whose bytes are not UTF-8 holds lone surrogates, which only an
        # escape can carry (and which read back as the same name).
        text = json.dumps({"version": RECORD_VERSION, "files": self._files}, indent=1)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".inbox-", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
