"""Reading mode (F11, or the button over the article): the article alone in the window.

The sidebar, the list (with its month strip), the toolbar and the article's side column step
aside; the article keeps its comfortable column, centred in the whole width. The keys that
act on the list and the article still do (``j``/``k``, ``n``, Space, ``s``, ``h``...); ``e``
and ``t`` bring the side column back while the note or the tag field is being typed in, and
Esc from there returns to the article. Esc from the article leaves reading mode.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QByteArray, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget


class ReadingPane(Protocol):
    """What reading mode asks of the pane that shows the article."""

    def set_reading_mode(self, on: bool) -> None: ...
    def focus_article(self) -> None: ...


class ReadingMode(QObject):
    def __init__(
        self,
        action: QAction,
        aside: Sequence[QWidget],
        splitters: Sequence[QSplitter],
        pane: ReadingPane,
        back_to_list: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._action = action
        self._back_to_list = back_to_list
        self._aside = list(aside)
        self._splitters = list(splitters)
        self._pane = pane
        self._sizes: list[QByteArray] = []
        self._shown: list[bool] = []
        action.setCheckable(True)
        action.toggled.connect(self._toggled)

    @property
    def active(self) -> bool:
        return self._action.isChecked()

    def leave(self) -> None:
        self._action.setChecked(False)

    def focus_article(self) -> None:
        """Back to the article (Esc from the note or the tag field)."""
        self._pane.focus_article()

    def _toggled(self, on: bool) -> None:
        if on:
            # The panes come back as they were: splitters forget the sizes of hidden panes.
            self._sizes = [splitter.saveState() for splitter in self._splitters]
            self._shown = [widget.isVisible() for widget in self._aside]
            for widget in self._aside:
                widget.hide()
            self._pane.set_reading_mode(True)
            self._pane.focus_article()
            return
        for widget, shown in zip(self._aside, self._shown, strict=True):
            widget.setVisible(shown)
        for splitter, sizes in zip(self._splitters, self._sizes, strict=True):
            splitter.restoreState(sizes)
        self._pane.set_reading_mode(False)
        self._back_to_list()
