"""The library's vectors held in memory, one row per article, for cosines against all of them
at once.

Rows are kept as signed bytes with a scale each (25 MB at 100,000 articles, against 100 MB
as float32) and turned back into float32 a thousand rows at a time for each product: the
conversion costs less than the memory it saves would take to read, and a product of that
size stays on one thread, where larger ones woke OpenBLAS's threads and waited on them (9
against 16-60 ms at 95,000 articles on two busy cores).
"""

from __future__ import annotations

import threading

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection

from reader.related import stored
from reader.related.vectors import DIMENSIONS, Codes, Vector, unpack

Ids = npt.NDArray[np.int64]
Matrix = npt.NDArray[np.float32]
CHUNK = 1024


class VectorIndex:
    """Article ids in ascending order, and their vectors as the rows of one matrix.

    :meth:`sync` brings it level with the table: only rows stamped since the last look are
    read. Rows of articles deleted for good stay until everything is read again (after a
    backup is restored, :meth:`forget`): every query checks its candidates still exist.
    Arrays are replaced, never changed in place, so a snapshot stays whole while it is used.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._ids: Ids = np.empty(0, dtype=np.int64)
        self._codes: Codes = np.empty((0, DIMENSIONS), dtype=np.int8)
        self._scales: Vector = np.empty(0, dtype=np.float32)
        self._seen = 0

    def __len__(self) -> int:
        return len(self._ids)

    def snapshot(self) -> Snapshot:
        with self._lock:
            return Snapshot(self._ids, self._codes, self._scales)

    def sync(self, conn: Connection) -> None:
        """Load what the table holds that this index does not (one step down an index when
        nothing changed)."""
        newest = stored.newest_stamp(conn)
        with self._lock:
            if newest == self._seen:
                return
            since = self._seen if 0 < self._seen < newest else 0
            ids, blob = stored.load_vectors(conn, since)
            codes, scales = unpack(blob)
            if since:
                self._merge(np.asarray(ids, dtype=np.int64), codes, scales)
            else:  # the first look, or another library's content (a backup restored)
                self._ids, self._codes, self._scales = np.asarray(ids, np.int64), codes, scales
            self._seen = newest

    def forget(self) -> None:
        """Read everything again at the next :meth:`sync`."""
        with self._lock:
            self._seen = -1

    def put(self, made: list[tuple[int, bytes]]) -> None:
        """Vectors (packed) made in memory only (a library that cannot be written)."""
        if made:
            ids = np.asarray([article_id for article_id, _ in made], dtype=np.int64)
            codes, scales = unpack(b"".join(vector for _, vector in made))
            with self._lock:
                self._merge(ids, codes, scales)

    def has(self, article_id: int) -> bool:
        ids = self._ids
        position = int(np.searchsorted(ids, article_id))
        return position < len(ids) and int(ids[position]) == article_id

    def _merge(self, ids: Ids, codes: Codes, scales: Vector) -> None:
        if not len(ids):
            return
        positions = np.searchsorted(self._ids, ids)
        inside = positions < len(self._ids)
        known = np.zeros(len(ids), dtype=bool)
        known[inside] = self._ids[positions[inside]] == ids[inside]
        all_codes, all_scales = self._codes.copy(), self._scales.copy()
        all_codes[positions[known]] = codes[known]
        all_scales[positions[known]] = scales[known]
        all_ids = self._ids
        if not known.all():
            all_ids = np.concatenate([all_ids, ids[~known]])
            all_codes = np.concatenate([all_codes, codes[~known]])
            all_scales = np.concatenate([all_scales, scales[~known]])
            order = np.argsort(all_ids, kind="stable")
            all_ids, all_codes, all_scales = all_ids[order], all_codes[order], all_scales[order]
        self._ids, self._codes, self._scales = all_ids, all_codes, all_scales


class Snapshot:
    """The index as it was at one moment: ids, and cosines with them."""

    def __init__(self, ids: Ids, codes: Codes, scales: Vector) -> None:
        self.ids = ids
        self._codes = codes
        self._scales = scales

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        """The memory the index holds."""
        return int(self.ids.nbytes + self._codes.nbytes + self._scales.nbytes)

    def similarities(self, query: Vector) -> Vector:
        """The cosine of ``query`` (a unit vector) with every row."""
        found = np.empty(len(self.ids), dtype=np.float32)
        for start in range(0, len(self.ids), CHUNK):
            block = self._codes[start : start + CHUNK].astype(np.float32)
            np.matmul(block, query, out=found[start : start + CHUNK])
        found *= self._scales
        return found

    def rows(self, rows: npt.NDArray[np.intp] | list[int]) -> Matrix:
        """The vectors of ``rows`` (positions, not ids)."""
        picked: Matrix = self._codes[rows].astype(np.float32) * self._scales[rows, None]
        return picked
