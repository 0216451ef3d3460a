"""Tags the shown article should probably carry, as ghost chips beside the tag field: a click
(or Tab in the empty field, for the first) adds one; nothing is added without the reader.
The chips are kept and given the next article's suggestions, as the tag chips are."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QToolButton, QWidget

from reader import TagSuggestion
from ui.article_pane.flow_layout import FlowLayout


class SuggestionChip(QToolButton):
    """One suggested tag, ``+ name``, in the muted colour of placeholder text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tagSuggestion")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab from the field takes one instead
        self.name = ""

    def show_suggestion(self, suggestion: TagSuggestion, first: bool) -> None:
        self.name = suggestion.tag
        self.setText(f"+ {suggestion.tag}")
        self.setAccessibleName(f"Add suggested tag {suggestion.tag}")
        keys = " (Tab)" if first else ""
        self.setToolTip(f"Add “{suggestion.tag}”{keys}: {round(suggestion.score * 100)}% "
                        "of the articles most like this one that carry a tag have it")
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        palette.setColor(QPalette.ColorRole.ButtonText, muted)
        self.setPalette(palette)


class TagSuggestions(QWidget):
    """A row of :class:`SuggestionChip`; ``chosen`` says which was clicked."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Suggested tags")
        self._flow = FlowLayout(self)
        self._shown: list[str] = []
        self.hide()

    def names(self) -> list[str]:
        """The tags suggested, the likeliest first."""
        return list(self._shown)

    def show_suggestions(self, suggestions: Sequence[TagSuggestion]) -> None:
        pool = self.chips()
        for _ in range(len(suggestions) - len(pool)):
            chip = SuggestionChip(self)
            chip.clicked.connect(lambda _checked=False, c=chip: self.chosen.emit(c.name))
            self._flow.addWidget(chip)
            pool.append(chip)
        for index, chip in enumerate(pool):
            if index < len(suggestions):
                chip.show_suggestion(suggestions[index], first=index == 0)
            chip.setVisible(index < len(suggestions))
        self._shown = [s.tag for s in suggestions]
        self.setVisible(bool(suggestions))
        self._flow.invalidate()

    def chips(self) -> list[SuggestionChip]:
        items = (self._flow.itemAt(i) for i in range(self._flow.count()))
        return [w for item in items if item and isinstance(w := item.widget(), SuggestionChip)]
