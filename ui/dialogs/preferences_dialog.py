"""Edit > Preferences: the settings a reader changes, in one dialog.

Labels and bounds come from the declarations in :mod:`reader.settings`. The dialog edits a
copy; the window takes the copy (:meth:`PreferencesDialog.chosen`) when OK is pressed and the
names check out, so Cancel leaves everything as it was.
"""

from __future__ import annotations

from pathlib import Path

from msgspec.structs import replace
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader import InvalidValue
from reader.settings import (
    BACKUPS_TO_KEEP,
    DEFAULT_HIGHLIGHT_COLORS,
    FEED_REFRESH_MINUTES,
    HIGHLIGHT_COLORS,
    INBOX_FOLDER,
    INBOX_TAGS,
    MARK_READ_ON_OPEN,
    MAX_COLOR_NAME,
    Settings,
    renamed_colors,
)
from ui.article_pane.highlights_panel import swatch_icon
from ui.article_pane.note_editor import ERROR_COLOR
from ui.dialogs.type_fields import TypeFields, spin_box
from ui.plain_text import plain_label


def _swatch(hex_color: str, size: int = 18) -> QLabel:
    label = QLabel()
    label.setPixmap(swatch_icon(hex_color, size).pixmap(size, size))
    return label


class FolderField(QWidget):
    """A folder's path, typed or chosen with Choose…; empty for none."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        self.line.setAccessibleName(label)
        self.line.setPlaceholderText("None: nothing is watched")
        self.line.setClearButtonEnabled(True)
        self.choose = QPushButton("Choose…", self)
        self.choose.setAccessibleName(f"Choose the {label.lower()}")
        self.choose.clicked.connect(self._choose)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.choose)

    def folder(self) -> str | None:
        return self.line.text().strip() or None

    def set_folder(self, folder: str | None) -> None:
        self.line.setText(folder or "")

    def _choose(self) -> None:
        start = str(Path(self.folder() or "~").expanduser())
        chosen = QFileDialog.getExistingDirectory(self, self.line.accessibleName(), start)
        if chosen:
            self.line.setText(chosen)


def checked_folder(typed: str | None) -> str | None:
    """The folder as it will be kept (``~`` expanded, made absolute); InvalidValue when it
    is none."""
    if typed is None:
        return None
    folder = Path(typed).expanduser().absolute()
    if not folder.is_dir():
        raise InvalidValue(f"there is no folder {typed}" if not folder.exists()
                           else f"{typed} is not a folder")
    return str(folder)


class PreferencesDialog(QDialog):
    """Reading (and its type), highlight colour names, backups, feeds and the inbox folder."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.setAccessibleName("Preferences")
        self.setMinimumWidth(440)
        self._settings = settings
        self._chosen = settings

        self.mark_read = QCheckBox(MARK_READ_ON_OPEN.label, self)
        self.mark_read.setAccessibleName(MARK_READ_ON_OPEN.label)
        reading = QGroupBox("Reading", self)
        reading_form = QFormLayout(reading)
        reading_form.addRow(self.mark_read)
        self.type = TypeFields(reading_form, self)
        self.font_size = self.type.size

        colors = QGroupBox(HIGHLIGHT_COLORS.label, self)
        colors_form = QFormLayout(colors)
        self.color_names: list[QLineEdit] = []
        for color in settings.highlight_colors:
            field = QLineEdit(self)
            field.setMaxLength(MAX_COLOR_NAME)
            field.setAccessibleName(f"Name of the {color.key} highlight colour")
            field.textEdited.connect(lambda _text: self.error_label.hide())
            colors_form.addRow(_swatch(color.hex), field)
            self.color_names.append(field)

        self.backups = spin_box(BACKUPS_TO_KEEP, self)
        backups = QGroupBox("Backups", self)
        backups_form = QFormLayout(backups)
        backups_form.addRow(f"{BACKUPS_TO_KEEP.label}:", self.backups)
        hint = QLabel("Each is a full copy of the library.", backups)
        hint.setEnabled(False)
        backups_form.addRow(hint)

        self.feed_minutes = spin_box(FEED_REFRESH_MINUTES, self)
        self.feed_minutes.setSuffix(" min")
        self.feed_minutes.setSpecialValueText("only when asked")
        feeds = QGroupBox("Feeds", self)
        feeds_form = QFormLayout(feeds)
        feeds_form.addRow(f"{FEED_REFRESH_MINUTES.label}:", self.feed_minutes)

        self.inbox = FolderField(INBOX_FOLDER.label, self)
        self.inbox.line.textEdited.connect(lambda _text: self.error_label.hide())
        inbox = QGroupBox(INBOX_FOLDER.label, self)
        inbox_form = QFormLayout(inbox)
        inbox_form.addRow(self.inbox)
        self.inbox_tags = QLineEdit(self)
        self.inbox_tags.setPlaceholderText("inbox, to read")
        self.inbox_tags.setAccessibleName(f"{INBOX_TAGS.label} (separated by commas)")
        self.inbox_tags.textEdited.connect(lambda _text: self.error_label.hide())
        inbox_form.addRow(f"{INBOX_TAGS.label}:", self.inbox_tags)
        inbox_hint = QLabel("Files saved there are imported while Broadsheet is open, then "
                            "moved into its Imported or Not imported folder.", inbox)
        inbox_hint.setWordWrap(True)
        inbox_hint.setEnabled(False)
        inbox_form.addRow(inbox_hint)

        self.error_label = plain_label(QLabel(self))
        self.error_label.setAccessibleName("Problem with the preferences")
        self.error_label.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        defaults = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        defaults.clicked.connect(lambda: self._show(Settings()))
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))

        for spin in (self.font_size, self.type.line_width, self.type.line_spacing, self.backups,
                     self.feed_minutes):
            line = spin.findChild(QLineEdit)  # what a screen reader lands in
            if line is not None:
                line.setAccessibleName(spin.accessibleName())

        layout = QVBoxLayout(self)
        for part in (reading, colors, backups, feeds, inbox, self.error_label, buttons):
            layout.addWidget(part)
        self._show(settings)
        self.mark_read.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> Settings:
        """The settings as accepted (the ones given, until OK is pressed)."""
        return self._chosen

    def accept(self) -> None:
        typed = self.inbox.folder()
        try:
            colors = renamed_colors(self._settings.highlight_colors,
                                    [field.text() for field in self.color_names])
            # A folder kept from before is taken as it is: a share may be away for now.
            inbox = (self._settings.inbox_folder if typed == self._settings.inbox_folder
                     else checked_folder(typed))
            inbox_tags = _tag_names(self.inbox_tags.text())
        except InvalidValue as exc:
            self.error_label.setText(f"Cannot save: {exc}.")
            self.error_label.show()
            # Taller by the message, rather than squeezing every field to make room for it.
            self.resize(self.width(), max(self.height(), self.sizeHint().height()))
            return
        self._chosen = self.type.applied(replace(
            self._settings,
            mark_read_on_open=self.mark_read.isChecked(),
            backups_to_keep=self.backups.value(),
            feed_refresh_minutes=self.feed_minutes.value(),
            highlight_colors=colors,
            inbox_folder=inbox,
            inbox_tags=inbox_tags,
        ))
        super().accept()

    def _show(self, settings: Settings) -> None:
        self.mark_read.setChecked(settings.mark_read_on_open)
        self.type.show(settings)
        self.backups.setValue(settings.backups_to_keep)
        self.feed_minutes.setValue(settings.feed_refresh_minutes)
        self.inbox.set_folder(settings.inbox_folder)
        self.inbox_tags.setText(", ".join(settings.inbox_tags))
        defaults = {color.key: color.name for color in DEFAULT_HIGHLIGHT_COLORS}
        names = {color.key: color.name for color in settings.highlight_colors}
        for color, field in zip(self._settings.highlight_colors, self.color_names, strict=True):
            field.setText(names.get(color.key) or defaults.get(color.key, color.name))
        self.error_label.hide()


def _tag_names(text: str) -> tuple[str, ...]:
    """The tags typed, separated by commas, as tags are named; InvalidValue for a name no tag
    may have."""
    from reader.catalog.tag_names import clean_tags
    from ui.dialogs.feed_dialogs import split_tags

    names = clean_tags(split_tags(text))
    if len(names) > INBOX_TAGS.most:
        raise InvalidValue(f"at most {INBOX_TAGS.most} tags for the inbox")
    return names
