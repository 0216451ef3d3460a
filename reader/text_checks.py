"""What text the library keeps: valid Unicode without control characters.

Text reaches the library from a keyboard, the command line, pipes and hand-edited exports.
Lone surrogates (bytes that were not UTF-8, as Python decodes file names and arguments)
cannot be stored at all, and control characters (ESC sequences, NUL, bells) would reach
terminals and file names raw: both are refused with the field's name, whoever writes.
"""

from __future__ import annotations

import re

from reader.errors import InvalidValue

_SURROGATE = re.compile("[\ud800-\udfff]")
# One line of text (a title, a tag name) holds no control character at all; a note or a
# comment keeps its line breaks and tabs.
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_ENDINGS = re.compile(r"\r\n?")


def shortened(text: str, most: int) -> str:
    """``text`` as a message or a label quotes it: cut to ``most`` characters, the last "…",
    when it is longer."""
    return text if len(text) <= most else text[: most - 1] + "…"


def valid_unicode(value: str, what: str) -> str:
    """``value``, or InvalidValue when it holds bytes that were not UTF-8."""
    if _SURROGATE.search(value):
        raise InvalidValue(f"{what} is not valid UTF-8 text")
    return value


def check_line(value: str, what: str) -> str:
    """``value`` as one line of stored text: valid Unicode, no control characters."""
    return _check(valid_unicode(value, what), _LINE_CONTROL, what)


def check_text(value: str, what: str) -> str:
    """``value`` as stored text of several lines (line endings made ``\\n``; tabs kept)."""
    return _check(_LINE_ENDINGS.sub("\n", valid_unicode(value, what)), _TEXT_CONTROL, what)


def check_text_as_is(value: str, what: str) -> str:
    """``value`` as stored text of several lines, taken exactly as it is (an article's body,
    which highlights point into by offset): a carriage return is refused, not converted."""
    return _check(valid_unicode(value, what), _TEXT_CONTROL, what)


def _check(value: str, pattern: re.Pattern[str], what: str) -> str:
    found = pattern.search(value)
    if found is not None:
        raise InvalidValue(f"{what} holds a control character (U+{ord(found.group()):04X})")
    return value
