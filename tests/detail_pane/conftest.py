"""The article pane on a real temporary library, for every test here."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.detail_pane.pane_env import Env


@pytest.fixture
def env(tmp_path: Path, qtbot: QtBot) -> Iterator[Env]:
    environment = Env(tmp_path, qtbot)
    yield environment
    environment.pane.flush()
    environment.signals.detach()
    environment.library.close()
