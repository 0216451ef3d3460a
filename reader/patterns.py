"""Regular expressions compiled when first used.

Patterns over large character classes (every CJK and Southeast Asian script) take milliseconds
each to compile, and the window's start-up imports their modules long before the first search
or import needs them: compiling them lazily keeps about 20 ms off the first paint.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable


def compiled_on_first_use(source: str, flags: int = 0) -> Callable[[], re.Pattern[str]]:
    """A function returning ``re.compile(source, flags)``, compiled on its first call."""

    @functools.cache
    def pattern() -> re.Pattern[str]:
        return re.compile(source, flags)

    return pattern
