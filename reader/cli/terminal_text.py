"""Text from the library made safe to print: nothing in it may drive the terminal.

Titles, tags, notes and file names are the user's data, and a file name or an older
library can carry anything. An ESC sequence could clear the screen, retitle the window or
hide what follows. Printed as text, control characters are shown as escapes (``\\x1b``);
direction controls stay, since right-to-left text needs them, but each text closes what it
opens (:func:`reader.text_direction.contained`), so none runs on into the rest of a line.
Printed as JSON, the same characters are escaped as JSON allows: a reader of the JSON still
gets every character back.
"""

from __future__ import annotations

import re

from reader.text_direction import contained

# C0 and C1 controls and DEL; the Unicode line and paragraph separators, which some terminals
# break on; and lone surrogates, the bytes of a file name that were not UTF-8, which no stream
# can encode.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# In JSON, json.dumps already escapes C0 controls; the rest are legal raw and escaped here,
# direction controls too (in JSON they are data, not display).
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
_KEPT_IN_TEXT = "\n\t"


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte Python could not decode: shown as that byte
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, lines: bool = False) -> str:
    """``text`` with every character that could drive a terminal shown as an escape and its
    direction controls closed; with ``lines``, line breaks and tabs stay (a note, an
    article's body) and each line closes its own."""
    if _UNSAFE.search(text) is not None:
        kept = _KEPT_IN_TEXT if lines else ""
        text = _UNSAFE.sub(lambda m: m.group() if m.group() in kept else _escape(m.group()),
                           text)
    if lines:
        return "\n".join(contained(line) for line in text.split("\n"))
    return contained(text)


def json_safe(document: str) -> str:
    """JSON text with the characters that could drive a terminal written as ``\\uXXXX``.

    In JSON text made by ``json.dumps`` such characters only occur inside strings, where
    the escape means the same character: the document is unchanged for any reader.
    """
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", document)
