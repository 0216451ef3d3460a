"""Hearing of other clients' writes to a server library: ``LISTEN`` on a connection of its own.

A notice is only a hint that the change log has new rows: notices sent while this connection
was down are lost, so after reconnecting :meth:`Listener.wait` reports a change and the log
is read all the same.
"""

from __future__ import annotations

import contextlib
import time

import psycopg
from sqlalchemy.engine import make_url

# How long to wait before trying again to reach a server that went away.
RETRY_S = 2.0


class Listener:
    """The :class:`~reader.store.interface.ChangeSignal` of a PostgreSQL library."""

    def __init__(self, driver_url: str, channel: str, connect_timeout: int) -> None:
        url = make_url(driver_url).set(drivername="postgresql")
        self._dsn = url.render_as_string(hide_password=False)
        self._channel = channel
        self._timeout = connect_timeout
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._closed = False

    def _connect(self) -> bool:
        try:
            conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=self._timeout,
                                   application_name="Broadsheet (following changes)")
            conn.execute(f"LISTEN {self._channel}")
        except psycopg.Error:
            return False
        self._conn = conn
        return True

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for a notice; True when one came, or when the
        connection was (re)made and notices may have been missed."""
        if self._closed:
            return False
        if self._conn is None:
            if self._connect():
                return True
            time.sleep(min(RETRY_S, timeout))
            return False
        try:
            heard = list(self._conn.notifies(timeout=timeout, stop_after=1))
        except psycopg.Error:
            self._drop()
            return False
        return bool(heard)

    def _drop(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    def close(self) -> None:
        self._closed = True
        self._drop()
