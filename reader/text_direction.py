"""Which way a text runs, and keeping the direction controls inside a text to itself.

Arabic and Hebrew run right to left; a paragraph takes the direction of its first strong
character (the Unicode Bidirectional Algorithm's rules P2 and P3), which is how readers and
browsers decide it when nothing else is said.

A title may carry direction controls (U+202A-U+202E embeddings and overrides, U+2066-U+2069
isolates) left open, by accident or to deceive: "‮" reverses everything after it. Shown
next to other text (a table row, a line of dates and sources), an open control runs on into
it. ``contained`` closes what a text opens.
"""

from __future__ import annotations

import re
import unicodedata

RIGHT_TO_LEFT = "rtl"
LEFT_TO_RIGHT = "ltr"

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI
_POP_EMBEDDING = "\u202c"  # PDF
_POP_ISOLATE = "\u2069"  # PDI
_ANY_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")


def base_direction(text: str) -> str | None:
    """``RIGHT_TO_LEFT`` or ``LEFT_TO_RIGHT`` from the first strong character outside
    isolates; None when there is none (digits, punctuation, nothing)."""
    depth = 0
    for char in text:
        if char in _ISOLATES:
            depth += 1
        elif char == _POP_ISOLATE:
            depth = max(depth - 1, 0)
        elif depth == 0:
            kind = unicodedata.bidirectional(char)
            if kind == "L":
                return LEFT_TO_RIGHT
            if kind in ("R", "AL"):
                return RIGHT_TO_LEFT
    return None


def is_right_to_left(text: str) -> bool:
    return base_direction(text) == RIGHT_TO_LEFT


def contained(text: str) -> str:
    """``text`` with every direction control it opens closed at its end: placed beside other
    text, it cannot change that text's direction. Closers that match nothing are ignored by
    the algorithm and stay, so every character keeps its offset; text whose controls balance
    comes back unchanged."""
    if _ANY_CONTROL.search(text) is None:
        return text  # nearly always: one scan in C (list rows ask for this as they paint)
    open_controls: list[str] = []
    for char in text:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_controls.append(char)
        elif char == _POP_EMBEDDING:
            # Closes the last embedding opened inside the current isolate, if any.
            if open_controls and open_controls[-1] in _EMBEDDINGS:
                open_controls.pop()
        elif char == _POP_ISOLATE and any(c in _ISOLATES for c in open_controls):
            while open_controls.pop() not in _ISOLATES:
                pass  # embeddings opened inside the isolate end with it
    closers = [_POP_ISOLATE if c in _ISOLATES else _POP_EMBEDDING for c in open_controls]
    return text + "".join(reversed(closers))
