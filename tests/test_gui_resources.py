"""Icons and the style sheet as the window gets them, from the ``resources`` package."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from ui.resources import icon, missing_icons, stylesheet

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"


def test_every_shipped_icon_draws(qtbot: QtBot) -> None:
    names = sorted(path.stem for path in ICONS.glob("*.svg"))
    assert "broadsheet" in names
    for name in names:
        assert not icon(name).isNull(), name
        assert not icon(name).pixmap(24, 24).isNull(), name
    assert missing_icons().isdisjoint(names)


def test_a_missing_icon_is_blank_and_reported(qtbot: QtBot) -> None:
    assert icon("no-such-icon").isNull()
    assert "no-such-icon" in missing_icons()


def test_the_style_sheet_is_the_shipped_one(qtbot: QtBot) -> None:
    sheet = stylesheet()
    assert sheet == (ICONS.parent / "style.qss").read_text(encoding="utf-8")
    assert "QToolBar" in sheet
