"""The PostgreSQL server the tests use: ``$BROADSHEET_TEST_POSTGRES``, a superuser address
(``.ci/postgres`` starts a throwaway cluster and sets it).

Each test gets a database of its own, made with ``CREATE DATABASE … TEMPLATE`` from a
database migrated once per test process: a copy costs milliseconds, migrating a new one
about a second. Without a server the tests that need one are skipped, saying how to run
them; where a server is required (``BROADSHEET_REQUIRE_POSTGRES``, set on CI) they fail.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy.engine import URL, make_url

ENV = "BROADSHEET_TEST_POSTGRES"
REQUIRED = "BROADSHEET_REQUIRE_POSTGRES"
HOW = (f"no PostgreSQL server for the tests: set {ENV} to a superuser address, or run them "
       "through .ci/postgres (make test does)")


def server_url() -> URL:
    """The server's address; skips (or fails, where a server is required) without one."""
    given = os.environ.get(ENV)
    if not given:
        if os.environ.get(REQUIRED):
            pytest.fail(f"{REQUIRED} is set, but {ENV} is not", pytrace=False)
        pytest.skip(HOW)
    return make_url(given)


def address(url: URL) -> str:
    return url.render_as_string(hide_password=False)


class TestServer:
    """Databases for tests on one server, dropped when the session ends."""

    __test__ = False

    def __init__(self, url: URL, folder: Path) -> None:
        self.url = url
        self.folder = folder
        self._made: list[str] = []
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.template = f"broadsheet_template_{worker}_{uuid.uuid4().hex[:8]}"
        try:
            self._admin = psycopg.connect(address(url), autocommit=True, connect_timeout=5)
        except psycopg.Error as exc:
            if os.environ.get(REQUIRED):
                pytest.fail(f"cannot reach the test server: {exc}", pytrace=False)
            pytest.skip(f"cannot reach the test server at {ENV}: {exc}")
        self._admin.execute(f'CREATE DATABASE "{self.template}"')
        from reader import Library

        Library.open(address(url.set(database=self.template))).close()

    def execute(self, sql: str) -> None:
        self._admin.execute(sql)

    def connect(self, name: str) -> psycopg.Connection[Any]:
        """A superuser connection to the database ``name``."""
        return psycopg.connect(self.database_url(name), autocommit=True, connect_timeout=5)

    def database_url(self, name: str, user: str | None = None) -> str:
        url = self.url.set(database=name)
        if user is not None:
            url = url.set(username=user)
        return address(url)

    def new_database(self, *, empty: bool = False) -> str:
        """The address of a new database: a migrated, empty library unless ``empty``."""
        name = f"t_{uuid.uuid4().hex[:16]}"
        template = "template0" if empty else self.template
        self._admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self._made.append(name)
        return self.database_url(name)

    def close(self) -> None:
        for name in [*self._made, self.template]:
            with contextlib.suppress(psycopg.Error):
                self._admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin.close()
