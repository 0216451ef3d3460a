"""Edit > Preferences: what the reader sets there is saved and shown at once."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QDialogButtonBox, QLineEdit, QSpinBox, QWidget
from pytestqt.qtbot import QtBot

from reader import Library
from reader.settings import BACKUPS_TO_KEEP, READING_FONT_SIZE, IntOption, Settings, load_settings
from ui.article_pane.highlights_panel import HIGHLIGHT_ROLE
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui.window.main_window import MainWindow

WindowFactory = Callable[..., MainWindow]


def _press(dialog: PreferencesDialog, which: QDialogButtonBox.StandardButton) -> None:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    box.button(which).click()


def test_preferences_are_saved_and_shown_at_once(
    seeded_library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    ids = seeded_library.article_ids()
    window = open_window(seeded_library)
    detail = window.detail_widget
    mark = seeded_library.add_highlight(ids[1], 0, 8, "yellow", "")
    window.list.select_id(ids[1])
    assert seeded_library.article(ids[1]).read  # read on opening, as by default

    dialog = window.edit_preferences()
    assert dialog.isVisible() and dialog.mark_read.isChecked()
    dialog.mark_read.setChecked(False)
    dialog.font_size.setValue(16)
    dialog.backups.setValue(5)
    dialog.color_names[0].clear()
    qtbot.keyClicks(dialog.color_names[0], "Main claim")
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert not dialog.isVisible()

    saved = load_settings()
    assert (saved.mark_read_on_open, saved.reading_font_size, saved.backups_to_keep) == (
        False, 16, 5)
    assert saved.color("yellow").name == "Main claim"
    assert window.safety.backups.keep == 5
    menu = detail.highlights.color_button.menu()  # type: ignore[attr-defined]
    assert [a.text() for a in menu.actions()] == ["Main claim", "Disputed", "Evidence", "Follow up"]
    row = detail.highlights.model.index(0)  # type: ignore[attr-defined]
    assert row.data(Qt.ItemDataRole.ToolTipRole).startswith("Main claim:")
    assert row.data(HIGHLIGHT_ROLE).id == mark.id
    body = detail.view.text.document().defaultFont()  # type: ignore[attr-defined]
    assert body.pointSize() == 16

    window.list.select_id(ids[2])
    assert not seeded_library.article(ids[2]).read  # no longer marked read on opening


def test_a_name_that_cannot_be_used_keeps_the_dialog_open(
    library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    window = open_window(library)
    dialog = window.edit_preferences()
    dialog.mark_read.setChecked(False)
    dialog.color_names[1].setText(dialog.color_names[0].text().upper())
    _press(dialog, QDialogButtonBox.StandardButton.Ok)
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    assert "cannot both be called" in dialog.error_label.text()
    assert window.settings == Settings()  # nothing taken

    _press(dialog, QDialogButtonBox.StandardButton.RestoreDefaults)
    assert dialog.mark_read.isChecked() and not dialog.error_label.isVisible()
    assert dialog.color_names[1].text() == "Disputed"
    _press(dialog, QDialogButtonBox.StandardButton.Cancel)
    assert window.settings == Settings()


def test_every_preference_has_an_accessible_name(
    library: Library, open_window: WindowFactory
) -> None:
    dialog = open_window(library).edit_preferences()
    controls: list[QWidget] = [*dialog.findChildren(QAbstractButton),
                               *dialog.findChildren(QLineEdit), *dialog.findChildren(QSpinBox)]
    unnamed = [c for c in controls if not c.accessibleName() and c.isVisibleTo(dialog)]
    assert controls and unnamed == []


def test_the_spin_boxes_take_their_bounds_and_names_from_the_declarations(
    library: Library, open_window: WindowFactory
) -> None:
    dialog = open_window(library).edit_preferences()
    boxes: list[tuple[QSpinBox, IntOption]] = [(dialog.font_size, READING_FONT_SIZE),
                                               (dialog.backups, BACKUPS_TO_KEEP)]
    for box, option in boxes:
        assert (box.minimum(), box.maximum(), box.accessibleName()) == (
            option.minimum, option.maximum, option.label)
        box.setValue(option.maximum + 1)
        assert box.value() == option.maximum


def test_ctrl_comma_opens_the_preferences(
    library: Library, open_window: WindowFactory, qtbot: QtBot
) -> None:
    window = open_window(library)
    window.list.setFocus()
    qtbot.keyClick(window.list, Qt.Key.Key_Comma, Qt.KeyboardModifier.ControlModifier)
    shown = [d for d in window.findChildren(PreferencesDialog) if d.isVisible()]
    assert len(shown) == 1
    shown[0].reject()
