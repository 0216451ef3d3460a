"""An article as a short vector of numbers whose cosine with another article's says how alike
their words are: tf-idf, cut down to a few hundred dimensions by a random projection.

- **Words** are the full-text index's tokens (:mod:`reader.search.tokens`: whole words, pairs
  of characters in Chinese, Japanese, Korean and Thai), the title's counted twice. Numbers
  and single letters carry no topic and are left out.
- **Weights** are tf-idf: ``1 + log(count)`` times ``log((N + 1) / (df + 1)) + 1``, with the
  document frequencies ``df`` of a :class:`TermModel` counted on (a sample of) the library
  itself. Nothing is downloaded or shipped: a library in any language weighs its own words.
- **Projection**: each word stands for a fixed, sparse random direction, ``SPREAD`` signed
  positions among ``DIMENSIONS`` drawn from a hash of the word, so the same word lands on the
  same direction on every machine and in every process, with no vocabulary to keep in step.
  Summing the weighted directions and normalising gives the vector; cosines of such vectors
  are those of the full tf-idf vectors within about ``1/sqrt(DIMENSIONS)``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from hashlib import blake2b

import numpy as np
import numpy.typing as npt
from msgspec import Struct

from reader.search.tokens import index_text

# Measured on the labelled corpus (bench.related_quality, README "Related articles"): of 10
# related articles 0.908 share the topic at 256 dimensions (stored as bytes), 0.941 with
# exact tf-idf, 0.858 at 128 and 0.929 at 512, which doubles the memory and the time.
DIMENSIONS = 256
# Signed positions per word: four instead of one keep two words from colliding outright.
SPREAD = 4
# Bumped whenever the words, weights or projection change: vectors of another version are
# made again.
VERSION = 1

Vector = npt.NDArray[np.float32]
Codes = npt.NDArray[np.int8]
_KEY = b"broadsheet-related"
# A stored vector: its scale, then each dimension as a signed byte (``code * scale``). A
# quarter of float32's size (260 against 1,024 bytes) for cosines within 0.003 of the exact.
RECORD = np.dtype([("scale", "<f4"), ("codes", "i1", (DIMENSIONS,))])


def article_terms(title: str, body: str) -> Counter[str]:
    """The words of an article with their counts, the title's twice. (Numbers and single
    letters are counted too; they weigh nothing, see :func:`telling`.)"""
    counts = Counter(index_text(body).split())
    title_words = index_text(title).split()
    counts.update(title_words)
    counts.update(title_words)
    return counts


def telling(word: str) -> bool:
    """Whether ``word`` can say what an article is about: numbers and single letters
    cannot."""
    return len(word) > 1 and not word.isdigit()


def quantize(vectors: npt.NDArray[np.float32]) -> tuple[Codes, Vector]:
    """Rows of ``vectors`` as signed bytes and the scale of each row."""
    scales = (np.abs(vectors).max(axis=1) / 127.0).astype(np.float32)
    scales[scales == 0] = 1.0
    codes = np.rint(vectors / scales[:, None]).astype(np.int8)
    return codes, scales


def pack(vector: Vector) -> bytes:
    """One vector as a :data:`RECORD`."""
    codes, scales = quantize(vector[None, :])
    record = np.zeros(1, dtype=RECORD)
    record["scale"], record["codes"] = scales, codes
    return record.tobytes()


def unpack(blob: bytes) -> tuple[Codes, Vector]:
    """Concatenated :data:`RECORD` s as (codes, scales)."""
    records = np.frombuffer(blob, dtype=RECORD)
    return records["codes"], records["scale"].astype(np.float32)


class TermModel(Struct, frozen=True):
    """How many of ``documents`` articles each word is in: what makes a word telling.

    Words seen in a single article are not kept; they weigh as words never seen.
    """

    documents: int
    frequencies: Mapping[str, int]

    @classmethod
    def count(cls, texts: Iterable[Counter[str]]) -> TermModel:
        frequencies: Counter[str] = Counter()
        documents = 0
        for terms in texts:
            documents += 1
            frequencies.update(terms.keys())
        kept = {word: n for word, n in frequencies.items() if n > 1 and telling(word)}
        return cls(documents, kept)

    def idf(self, word: str) -> float:
        df = self.frequencies.get(word, 0)
        return math.log((self.documents + 1) / (df + 1)) + 1.0


class Projector:
    """Turns word counts into unit vectors of ``dimensions`` under one :class:`TermModel`.

    Each word met gets a row number once, with its positions and its signed idf in arrays:
    a vector is then a few array operations instead of a Python loop over its words (0.1
    against 0.3 ms for an article of 400 words).
    """

    def __init__(self, model: TermModel, dimensions: int = DIMENSIONS) -> None:
        if dimensions & (dimensions - 1) or not 16 <= dimensions <= 65536:
            raise ValueError("dimensions must be a power of two from 16 to 65536")
        self.model = model
        self.dimensions = dimensions
        self._rows: dict[str, int] = {}
        self._positions = np.zeros((1024, SPREAD), dtype=np.intp)
        self._weights = np.zeros((1024, SPREAD), dtype=np.float64)

    def _row(self, word: str) -> int:
        row = len(self._rows)
        if row == len(self._positions):
            self._positions = np.concatenate([self._positions, np.zeros_like(self._positions)])
            self._weights = np.concatenate([self._weights, np.zeros_like(self._weights)])
        digest = blake2b(word.encode("utf-8"), digest_size=2 * SPREAD + 1, key=_KEY).digest()
        mask = self.dimensions - 1
        idf = self.model.idf(word) if telling(word) else 0.0
        for i in range(SPREAD):
            self._positions[row, i] = int.from_bytes(digest[2 * i : 2 * i + 2], "little") & mask
            self._weights[row, i] = idf if digest[-1] >> i & 1 else -idf
        self._rows[word] = row
        return row

    def vector(self, terms: Counter[str]) -> Vector:
        """The unit vector of an article's word counts (all zeros when it has no words)."""
        if not terms:
            return np.zeros(self.dimensions, dtype=np.float32)
        known = self._rows
        rows = np.fromiter((known[w] if w in known else self._row(w) for w in terms),
                           dtype=np.intp, count=len(terms))
        tf = 1.0 + np.log(np.fromiter(terms.values(), dtype=np.float64, count=len(terms)))
        summed = np.bincount(self._positions[rows].ravel(),
                             weights=(self._weights[rows] * tf[:, None]).ravel(),
                             minlength=self.dimensions)
        norm = float(np.linalg.norm(summed))
        if norm == 0.0:
            return np.zeros(self.dimensions, dtype=np.float32)
        return (summed / norm).astype(np.float32)

    def article_vector(self, title: str, body: str) -> Vector:
        return self.vector(article_terms(title, body))
