"""Positions in a rendered article ↔ character offsets into ``Article.body``.

Highlights are stored as body offsets; the reading view works in positions of its
``QTextDocument``, which holds a header above the body, one block per body block, and counts
UTF-16 units where Python counts code points. ``OffsetMap`` converts between the two.
"""

from __future__ import annotations

from bisect import bisect_right

from msgspec import Struct


class BlockSpan(Struct, frozen=True):
    """One body block as placed in the document. ``units`` holds the UTF-16 offset of each
    character boundary when the block has characters outside the BMP (QTextDocument counts
    UTF-16 units, Python counts code points); None when the two agree."""

    doc_start: int
    body_start: int
    body_end: int
    units: tuple[int, ...] | None


def utf16_units(text: str) -> tuple[int, ...] | None:
    if len(text.encode("utf-16-le")) == 2 * len(text):
        return None
    boundaries = [0]
    for char in text:
        boundaries.append(boundaries[-1] + (2 if ord(char) >= 0x10000 else 1))
    return tuple(boundaries)


class OffsetMap:
    """Document positions ↔ body offsets for the body blocks of one rendered article."""

    def __init__(self, spans: list[BlockSpan]) -> None:
        self._spans = spans
        self._doc_starts = [span.doc_start for span in spans]
        self._body_starts = [span.body_start for span in spans]

    def doc_position(self, body_offset: int) -> int:
        """Where ``body_offset`` is in the document; offsets between blocks go to the end of
        the block before."""
        if not self._spans:
            return 0
        index = max(bisect_right(self._body_starts, body_offset) - 1, 0)
        span = self._spans[index]
        inside = min(max(body_offset, span.body_start), span.body_end) - span.body_start
        return span.doc_start + (span.units[inside] if span.units else inside)

    def body_offset(self, doc_position: int) -> int | None:
        """The body offset at ``doc_position``; None in the header, above the body."""
        if not self._spans or doc_position < self._doc_starts[0]:
            return None
        span = self._spans[bisect_right(self._doc_starts, doc_position) - 1]
        units = doc_position - span.doc_start
        if span.units is None:
            return span.body_start + min(units, span.body_end - span.body_start)
        return span.body_start + bisect_right(span.units, units) - 1
