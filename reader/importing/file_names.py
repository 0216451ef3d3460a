"""File names as the library stores and prints them."""

from __future__ import annotations


def printable(text: str) -> str:
    """A path (or a label made from one) as text that can be stored and printed: bytes of a
    name that are not UTF-8 (``x\\xff.txt`` on a disk from elsewhere) are written as
    ``\\xff``. SQLite cannot store the lone surrogates Python decodes them to, and one such
    name used to fail the whole batch of files it was written with."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate that stands for no byte: shown as itself
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")
