"""The reading type in Preferences: the font (the system's serif or sans serif, or any
installed family), its size, the line width and the line spacing, with a sample set in them."""

from __future__ import annotations

from html import escape

from msgspec.structs import replace
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QSpinBox, QWidget

from reader.settings import (
    LINE_SPACING,
    LINE_WIDTH,
    READING_FONT,
    READING_FONT_SIZE,
    SANS_SERIF,
    SERIF,
    IntOption,
    Settings,
)
from ui.article_pane.reading_type import reading_font

SAMPLE = ("The harbour wall has leaked since the storms of last winter, the engineers told the "
          "council on Monday, and repairs will take most of the spring.")
SAMPLE_WIDTH = 400  # the sample's width in the dialog at its narrowest
GENERIC = ((SANS_SERIF, "Sans serif (the system's)"), (SERIF, "Serif (the system's)"))


def spin_box(option: IntOption, parent: QWidget, suffix: str = "", step: int = 1) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(option.minimum, option.maximum)
    spin.setAccessibleName(option.label)
    spin.setSuffix(suffix)
    spin.setSingleStep(step)
    return spin


class TypeFields:
    """Adds its rows to ``form``; :meth:`show` fills them, :meth:`values` reads them."""

    def __init__(self, form: QFormLayout, parent: QWidget) -> None:
        self._base = parent.font()
        self.font = QComboBox(parent)
        self.font.setAccessibleName(READING_FONT.label)
        for value, label in GENERIC:
            self.font.addItem(label, value)
        self.font.insertSeparator(len(GENERIC))
        for family in QFontDatabase.families():
            if not QFontDatabase.isPrivateFamily(family):
                self.font.addItem(family, family)
        self.size = spin_box(READING_FONT_SIZE, parent, " pt")
        self.line_width = spin_box(LINE_WIDTH, parent, " characters", 5)
        self.line_spacing = spin_box(LINE_SPACING, parent, " %", 5)
        self.sample = QLabel(parent)
        self.sample.setAccessibleName("Sample of the reading type")
        self.sample.setWordWrap(True)
        form.addRow(f"{READING_FONT.label}:", self.font)
        form.addRow(f"{READING_FONT_SIZE.label}:", self.size)
        form.addRow(f"{LINE_WIDTH.label}:", self.line_width)
        form.addRow(f"{LINE_SPACING.label}:", self.line_spacing)
        form.addRow(self.sample)
        self.font.currentIndexChanged.connect(self._show_sample)
        for spin in (self.size, self.line_spacing):
            spin.valueChanged.connect(self._show_sample)

    def show(self, settings: Settings) -> None:
        index = self.font.findData(settings.reading_font)
        if index < 0:  # a family the file names but this system lacks: kept as it is
            self.font.addItem(f"{settings.reading_font} (not installed)", settings.reading_font)
            index = self.font.count() - 1
        self.font.setCurrentIndex(index)
        self.size.setValue(settings.reading_font_size)
        self.line_width.setValue(settings.line_width)
        self.line_spacing.setValue(settings.line_spacing)
        self._show_sample()

    def applied(self, settings: Settings) -> Settings:
        """``settings`` in the type the fields say."""
        return replace(settings, reading_font=str(self.font.currentData()),
                       reading_font_size=self.size.value(), line_width=self.line_width.value(),
                       line_spacing=self.line_spacing.value())

    def chosen_font(self) -> QFont:
        settings = Settings(reading_font=str(self.font.currentData()),
                            reading_font_size=self.size.value())
        return reading_font(settings, self._base)

    def _show_sample(self) -> None:
        self.sample.setFont(self.chosen_font())
        spacing = self.line_spacing.value()
        self.sample.setText(f'<p style="line-height: {spacing}%">{escape(SAMPLE)}</p>')
        # A dialog does not grow for a wrapped label by itself: the sample asks for the
        # height of its lines at the width it has (or will have).
        width = self.sample.width() if self.sample.isVisible() else SAMPLE_WIDTH
        self.sample.setMinimumHeight(self.sample.heightForWidth(width))
