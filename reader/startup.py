"""The garbage collector during start-up, for the command line and the desktop app alike.

Starting makes a few hundred thousand objects that live as long as the process: modules,
classes, SQLAlchemy's tables and compiled statements, Qt's wrappers. Collecting while they are
made finds nothing to free and costs about 30 ms of a 0.5 s start, so ``main.py`` turns the
collector off first thing and :func:`finish` turns it back on once start-up is over.
"""

from __future__ import annotations

import gc


def finish() -> None:
    """Move what start-up made out of the collector's way (later collections skip it), then
    collect as usual. Harmless when the collector was never turned off."""
    gc.freeze()
    gc.enable()
