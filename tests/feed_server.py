"""The local server fixture the feed tests share, with no proxy in the way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from local_http import LocalServer


@pytest.fixture()
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy",
                 "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    running = LocalServer()
    yield running
    running.close()
