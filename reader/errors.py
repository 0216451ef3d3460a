"""Errors the library raises. Each carries a message fit to show a user as it is."""

from __future__ import annotations


class BroadsheetError(Exception):
    """Base of every error the library raises on purpose."""


class NotAnArticle(BroadsheetError):
    """A file could not be imported; the message says why (empty, binary, too large...)."""


class NotFound(BroadsheetError):
    """An article, tag or highlight id that does not exist."""


class InvalidValue(BroadsheetError):
    """A value a caller passed is not acceptable (bad date, empty tag name, bad range...)."""


class LibraryUnavailable(BroadsheetError):
    """The library file cannot be opened, created, upgraded or written."""
