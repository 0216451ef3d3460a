"""Standard streams a command may find closed (``broadsheet list >&-``).

Python then sets ``sys.stdout`` (or ``sys.stderr``) to None, and the first ``print`` would
fail with an AttributeError. A closed standard error is replaced by a sink: there is nowhere
to report to anyway. A closed standard output is replaced by a stream that refuses writes,
so a command that prints says so in one line, and one that prints nothing still works.
"""

from __future__ import annotations

import io
import os
import sys


class ClosedOutput(Exception):
    """Something was to be printed on a standard output that is closed."""

    def __init__(self) -> None:
        super().__init__("standard output is closed; nothing could be printed")


class _ClosedStream(io.TextIOBase):
    def write(self, text: str) -> int:
        if not text:
            return 0
        raise ClosedOutput

    def isatty(self) -> bool:
        return False


def closed_streams_replaced(*, output: bool) -> None:
    """Replace a closed standard error (and, with ``output``, a closed standard output)."""
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - for the run
    if output and sys.stdout is None:
        sys.stdout = _ClosedStream()
