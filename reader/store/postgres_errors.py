"""What a PostgreSQL failure means to the user, in one line."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError

_REASONS = (
    # (what the server or libpq says, what the user is told)
    ("password authentication failed", "the server refused the password (check ~/.pgpass or "
                                       "PGPASSWORD)"),
    ("no password supplied", "the server asks for a password: put it in ~/.pgpass or "
                             "PGPASSWORD"),
    ("does not exist", None),  # a database or role: the server's own words say which
    ("timeout expired", "the server did not answer in time (is the address right, and the "
                        "server up?)"),
    ("connection refused", "the server refused the connection (is PostgreSQL running there, "
                           "on that port?)"),
    ("could not translate host name", "no server has that name"),
    ("no such file or directory", "no server is listening there (is PostgreSQL running?)"),
    ("read-only transaction", "your role on the server may read this library but not "
                              "change it"),
    ("permission denied", "your role on the server may read this library but not change it"),
    ("terminating connection", "the server closed the connection; try again"),
    ("server closed the connection", "the server closed the connection; try again"),
    ("could not write", "the server could not save the change (is its disk full?)"),
    ("no space left", "the server's disk is full; the change was not saved"),
)


def describe(exc: DBAPIError) -> str:
    """The reason ``exc`` gives, as one line a user can act on."""
    message = str(exc.orig) if exc.orig is not None else str(exc)
    lowered = message.lower()
    for found, reason in _REASONS:
        if found in lowered:
            return reason or _last_line(message)
    return _last_line(message)


def _last_line(message: str) -> str:
    """libpq's messages run over lines (every address tried, then the failure): the last
    one with text names the failure itself."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    reason = lines[-1] if lines else message
    for prefix in ("FATAL:", "ERROR:", "DETAIL:"):
        reason = reason.removeprefix(prefix).strip()
    if "failed:" in reason:
        reason = reason.rsplit("failed:", 1)[1].strip()
    return reason
