"""How SQLite is asked to read a file without changing it."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def read_only_uri(path: Path) -> str:
    """A ``file:`` URI that opens ``path`` for reading only (``sqlite3.connect(uri,
    uri=True)``); the path is quoted, so a ``?``, ``#`` or ``%`` in a folder name stays part
    of it.

    Readers of a WAL library share an index in its ``-shm`` file. With no such file and no
    right to make one beside the library, SQLite reads it only when told that nothing changes
    the file meanwhile (``immutable=1``).
    """
    sealed = not Path(f"{path}-shm").exists() and not os.access(path.parent, os.W_OK | os.X_OK)
    return f"file:{quote(str(path.resolve()))}?mode=ro" + ("&immutable=1" if sealed else "")
