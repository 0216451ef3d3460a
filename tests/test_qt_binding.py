"""Guards the Qt binding version: some releases leak references to None.

PySide6 6.12.0 drops a reference to None on every void method call; on Python 3.11 a long
session then aborts with "Fatal Python error: none_dealloc". pyproject.toml pins it out.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_void_calls_keep_references_to_none(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(1000):
        label.setText("x")
        label.setAccessibleName("y")
    assert sys.getrefcount(None) - before > -50
