"""Where you were: each article opens where it was left, the place is kept in the library as
the reader scrolls (a write every so often, never a step to undo), and the list marks the
articles read part way."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QScrollBar
from pytestqt.qtbot import QtBot

from reader import Library
from reader.edits import SetProgress
from tests.conftest import write_articles
from ui.article_list.article_delegates import PROGRESS_WIDTH
from ui.article_list.article_model import Column
from ui.article_pane import reading_position
from ui.window.main_window import MainWindow

OpenWindow = Callable[..., MainWindow]
PARAGRAPH = ("The council met again on {n} March to hear the engineers' report on the harbour "
             "wall, which has been leaking since the storms of the winter before last. ")


def _long(title: str) -> str:
    paragraphs = [PARAGRAPH.format(n=n) * 3 for n in range(1, 41)]
    return f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"


@pytest.fixture()
def long_library(library: Library, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Library:
    monkeypatch.setattr(reading_position, "SAVE_EVERY_MS", 150)
    files = write_articles(tmp_path / "long", {
        f"{name}.txt": _long(f"Harbour wall report {name}") for name in ("a", "b", "c")})
    library.import_paths(files)
    return library


def _writes(library: Library, monkeypatch: pytest.MonkeyPatch) -> list[SetProgress]:
    """Every place written, as it is applied."""
    made: list[SetProgress] = []
    apply = library.apply

    def spy(edit: Any) -> Any:
        if isinstance(edit, SetProgress):
            made.append(edit)
        return apply(edit)

    monkeypatch.setattr(library, "apply", spy)
    return made


def _bar(window: MainWindow) -> QScrollBar:
    return window.detail_widget.view.text.verticalScrollBar()


def _scroll(bar: QScrollBar, steps: int) -> None:
    for _ in range(steps):
        bar.triggerAction(QScrollBar.SliderAction.SliderSingleStepAdd)  # as the wheel does


def test_the_place_is_kept_every_so_often_and_not_on_every_scroll(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written = _writes(long_library, monkeypatch)
    window = open_window(long_library)
    first = window.detail.current_article_id()
    assert first is not None
    bar = _bar(window)
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    _scroll(bar, 60)
    assert written == []  # not one write per step
    qtbot.waitUntil(lambda: bool(written), timeout=2000)
    assert len(written) == 1
    fraction = window.detail_widget.view.scroll_fraction()
    assert fraction is not None and 0 < fraction < 1
    assert written[0] == SetProgress(first, round(fraction, 4))
    qtbot.wait(300)
    assert len(written) == 1  # nothing more while the reader stays put
    assert not window.history.can_undo()  # where one stopped reading is no step to undo


def test_leaving_an_article_keeps_its_place_at_once_and_it_opens_there(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot
) -> None:
    window = open_window(long_library)
    ids = long_library.article_ids()
    bar = _bar(window)
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    bar.triggerAction(QScrollBar.SliderAction.SliderPageStepAdd)
    bar.triggerAction(QScrollBar.SliderAction.SliderPageStepAdd)
    left_at = bar.value()
    fraction = window.detail_widget.view.scroll_fraction()
    qtbot.keyClick(window.list, Qt.Key.Key_J)  # on to the next article, before any timer
    assert long_library.article(ids[0]).progress == pytest.approx(fraction, abs=1e-4)
    assert bar.value() == 0  # the next one opens at its top
    qtbot.keyClick(window.list, Qt.Key.Key_K)
    assert bar.value() == pytest.approx(left_at, abs=2)


def test_the_window_opens_the_kept_article_where_it_was_left(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot
) -> None:
    window = open_window(long_library)
    ids = long_library.article_ids()
    window.list.select_id(ids[1])
    long_library.apply(SetProgress(ids[1], 0.5))
    window.close()
    again = open_window(long_library)
    bar = _bar(again)
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() > 0, timeout=2000)
    assert again.detail_widget.view.scroll_fraction() == pytest.approx(0.5, abs=0.02)


def _title_bottom(window: MainWindow, row: int) -> list[QColor]:
    image: QImage = window.list.viewport().grab().toImage()
    rect = window.list.visualRect(window.model.index(row, Column.TITLE))
    y = rect.bottom() - 1
    return [image.pixelColor(QPoint(x, y)) for x in range(rect.left() + 4, rect.right() - 4)]


def test_the_list_marks_how_far_an_article_was_read(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot
) -> None:
    ids = long_library.article_ids()
    window = open_window(long_library)
    window.list.select_id(ids[0])
    accent = window.list.palette().color(QPalette.ColorRole.Highlight)
    assert accent not in _title_bottom(window, 1)
    long_library.apply(SetProgress(ids[1], 0.4))
    qtbot.wait(50)
    marked = [x for x, color in enumerate(_title_bottom(window, 1)) if color == accent]
    assert marked[0] == 0  # from the title's start...
    assert abs(len(marked) - 0.4 * PROGRESS_WIDTH) <= 2  # ...two fifths of the mark
    text = window.model.index(1, Column.TITLE).data(Qt.ItemDataRole.AccessibleTextRole)
    assert "(read 40%)" in text
    long_library.apply(SetProgress(ids[1], 1.0))  # finished: no mark
    qtbot.wait(50)
    assert accent not in _title_bottom(window, 1)


def test_a_read_only_library_keeps_no_place(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_library.close()
    library = Library.open(long_library.path, read_only=True)
    written = _writes(library, monkeypatch)
    try:
        window = open_window(library)
        bar = _bar(window)
        qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
        _scroll(bar, 20)
        qtbot.keyClick(window.list, Qt.Key.Key_J)
        qtbot.wait(300)
        assert written == []
    finally:
        window.close()
        library.close()


def test_the_wheel_and_the_arrow_keys_are_reading_too(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    written = _writes(long_library, monkeypatch)
    window = open_window(long_library)
    text = window.detail_widget.view.text
    qtbot.waitUntil(lambda: _bar(window).maximum() > 0, timeout=2000)
    centre = QPointF(text.viewport().rect().center())
    wheel = QWheelEvent(centre, text.viewport().mapToGlobal(centre), QPoint(0, 0),
                        QPoint(0, -360), Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(text.viewport(), wheel)
    assert _bar(window).value() > 0
    qtbot.waitUntil(lambda: len(written) == 1, timeout=2000)
    text.setFocus()
    qtbot.keyClick(text, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: len(written) == 2, timeout=2000)


def test_the_caret_starts_where_the_reader_is(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot
) -> None:
    window = open_window(long_library)
    text = window.detail_widget.view.text
    bar = _bar(window)
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    for _ in range(3):
        bar.triggerAction(QScrollBar.SliderAction.SliderPageStepAdd)
    place = bar.value()
    text.setFocus()
    qtbot.keyClick(text, Qt.Key.Key_F7)
    qtbot.keyClick(text, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert text.textCursor().hasSelection()
    assert bar.value() == place  # selecting from here, not from the top of the article


def _reads(library: Library, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the reads that would mean a list, a count or the article read again."""
    made: list[str] = []
    for name in ("article", "article_ids", "month_counts", "count", "counts"):
        original = getattr(library, name)

        def spy(*args: Any, _name: str = name, _original: Any = original, **kwargs: Any) -> Any:
            made.append(_name)
            return _original(*args, **kwargs)

        monkeypatch.setattr(library, name, spy)
    return made


def test_keeping_the_place_reads_nothing_again(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    written = _writes(long_library, monkeypatch)
    window = open_window(long_library)
    bar = _bar(window)
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    qtbot.wait(600)  # the first paint's counts and month strip
    reads = _reads(long_library, monkeypatch)
    _scroll(bar, 30)
    qtbot.waitUntil(lambda: bool(written), timeout=2000)
    qtbot.waitUntil(lambda: window.model.summary_at(0).progress > 0, timeout=2000)
    qtbot.wait(600)  # past the month strip's and the saved searches' delays
    assert reads == []


def test_a_place_kept_by_another_program_repaints_its_row_alone(
    open_window: OpenWindow, long_library: Library, qtbot: QtBot,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    long_library.follow()
    window = open_window(long_library)
    ids = window.model.ids()
    qtbot.wait(600)
    reads = _reads(long_library, monkeypatch)
    with Library.open(long_library.path) as other:
        other.apply(SetProgress(ids[1], 0.4))
        qtbot.waitUntil(lambda: window.model.summary_at(1).progress == 0.4, timeout=3000)
    qtbot.wait(600)
    assert reads == []
