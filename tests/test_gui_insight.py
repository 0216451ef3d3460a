"""The window's related articles, tag suggestions, open events and statistics window,
against a real library of the labelled news corpus."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from pytestqt.qtbot import QtBot

from bench.labelled_news import labelled_corpus
from reader import ArticleQuery, Library
from reader.settings import Settings
from tests.conftest import ManualRunner
from ui.article_pane import insight
from ui.article_pane.detail_pane import DetailPane
from ui.dialogs.stat_charts import BarChart, series_colors
from ui.library_signals import LibrarySignals
from ui.tasks import ImmediateRunner, Runner

CORPUS = labelled_corpus(160, seed=9)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, str]]:
    """The corpus imported and indexed, 140 articles tagged by topic, once per module."""
    folder = tmp_path_factory.mktemp("insight")
    for item in CORPUS:
        (folder / f"{item.index:04d}.txt").write_text(item.file_text(), encoding="utf-8")
    with Library.open(folder / "library.sqlite3") as library:
        report = library.import_paths([folder])
        by_name = {Path(done.path).stem: done.id for done in report.imported}
        topics = {by_name[f"{item.index:04d}"]: item.topic for item in CORPUS}
        ids = sorted(topics)
        for topic in set(topics.values()):
            library.add_tags([i for i in ids[:140] if topics[i] == topic], [topic])
        library.related.refresh()
    return folder / "library.sqlite3", topics


@pytest.fixture()
def news(template: tuple[Path, dict[int, str]], tmp_path: Path
         ) -> tuple[Library, dict[int, str]]:
    path = tmp_path / "library.sqlite3"
    path.write_bytes(template[0].read_bytes())
    library = Library.open(path)
    yield library, template[1]
    library.close()


Pane = Callable[..., DetailPane]


@pytest.fixture()
def make_pane(qtbot: QtBot) -> Pane:
    kept: list[LibrarySignals] = []  # alive as long as the panes that listen to them

    def make(library: Library, runner: Runner | None = None) -> DetailPane:
        kept.append(LibrarySignals(library))
        pane = DetailPane(library, kept[-1], Settings(), runner=runner or ImmediateRunner())
        qtbot.addWidget(pane)
        pane.resize(1100, 800)
        pane.show()
        return pane
    return make


def _events(library: Library) -> list[tuple[int, str]]:
    with sqlite3.connect(library.path) as raw:
        rows = raw.execute("SELECT article_id, kind FROM reading_events").fetchall()
    raw.close()
    return rows


def test_the_pane_lists_related_articles_and_opens_one(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], make_pane: Pane) -> None:
    library, topics = news
    pane = make_pane(library)
    shown = sorted(topics)[150]
    pane.set_article(shown)
    assert pane.related.status.text() == "Finding related articles…"  # nothing yet at switch
    qtbot.waitUntil(lambda: pane.related.view.count() == 10, timeout=3000)
    listed = pane.related.article_ids()
    assert shown not in listed
    assert listed == [item.summary.id for item in library.related.related(shown)]
    rect = pane.related.view.visualItemRect(pane.related.view.item(2))
    with qtbot.waitSignal(pane.open_requested) as opened:
        qtbot.mouseClick(pane.related.view.viewport(), Qt.MouseButton.LeftButton,
                         pos=rect.center())
    assert opened.args == [listed[2]]


def test_a_newer_switch_supersedes_the_related_articles_of_the_last(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], make_pane: Pane) -> None:
    library, topics = news
    runner = ManualRunner()
    pane = make_pane(library, runner)
    runner.finish_all()  # the index is level already
    first, second = sorted(topics)[150:152]
    pane.set_article(first)
    qtbot.wait(insight.SETTLE_MS + 100)
    pane.set_article(second)
    qtbot.wait(insight.SETTLE_MS + 100)
    runner.finish_all()  # the first request answers too, and is dropped
    assert pane.related.article_ids() == [
        item.summary.id for item in library.related.related(second)]


def test_an_answer_for_a_pane_gone_meanwhile_is_dropped(
        qtbot: QtBot, news: tuple[Library, dict[int, str]]) -> None:
    library, topics = news
    runner = ManualRunner()
    signals = LibrarySignals(library)
    pane = DetailPane(library, signals, Settings(), runner=runner)
    runner.finish_all()
    pane.set_article(sorted(topics)[150])
    qtbot.wait(insight.SETTLE_MS + 100)
    with qtbot.waitSignal(pane.destroyed):
        pane.deleteLater()  # its window closed while the answer was on its way
    runner.finish_all()  # delivered to nobody, without an error


def test_tag_suggestions_are_ghost_chips_taken_by_tab_or_a_click(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], make_pane: Pane) -> None:
    library, topics = news
    pane = make_pane(library)
    untagged = sorted(topics)[154]
    pane.set_article(untagged)
    qtbot.waitUntil(lambda: bool(pane.tags.suggestions.names()), timeout=3000)
    suggested = pane.tags.suggestions.names()
    assert suggested[0] == topics[untagged]
    assert library.article(untagged).tags == ()  # shown, never applied by itself
    assert f"Tab adds “{suggested[0]}”" in pane.tags.edit.placeholderText()
    pane.tags.edit.setFocus()
    qtbot.keyClick(pane.tags.edit, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: [t.name for t in library.article(untagged).tags] == [suggested[0]],
                    timeout=2000)
    assert suggested[0] not in pane.tags.suggestions.names()
    assert pane.tags.edit.hasFocus()  # Tab took the tag instead of moving on
    pane.history.undo()
    qtbot.waitUntil(lambda: library.article(untagged).tags == (), timeout=2000)
    other = sorted(topics)[155]
    pane.set_article(other)
    qtbot.waitUntil(lambda: bool(pane.tags.suggestions.chips()[0].isVisible()), timeout=3000)
    chip = pane.tags.suggestions.chips()[0]
    qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: [t.name for t in library.article(other).tags] == [chip.name],
                    timeout=2000)


def test_tab_moves_on_when_nothing_is_suggested(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], make_pane: Pane) -> None:
    library, topics = news
    pane = make_pane(library)
    tagged = sorted(topics)[0]  # its topic is its tag already; nothing else scores
    pane.set_article(tagged)
    qtbot.wait(insight.SETTLE_MS + 200)
    pane.tags.show_suggestions([])
    pane.tags.edit.setFocus()
    qtbot.keyClick(pane.tags.edit, Qt.Key.Key_Tab)
    assert not pane.tags.edit.hasFocus()


def test_a_read_only_library_gets_related_articles_but_no_suggestions(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], make_pane: Pane) -> None:
    library, topics = news
    with Library.open(library.path, read_only=True) as frozen:
        pane = make_pane(frozen)
        pane.set_article(sorted(topics)[150])
        qtbot.waitUntil(lambda: pane.related.view.count() == 10, timeout=3000)
        assert pane.tags.suggestions.names() == []


def test_an_article_shown_a_while_is_recorded_as_opened(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], make_pane: Pane,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(insight, "OPEN_DWELL_MS", 300)
    library, topics = news
    pane = make_pane(library)
    first, second = sorted(topics)[:2]
    pane.set_article(first)
    pane.set_article(second)  # flicked past: not opened
    qtbot.waitUntil(lambda: (second, "opened") in _events(library), timeout=2000)
    assert (first, "opened") not in _events(library)
    assert pane.history.stack.count() == 0  # no step to undo


def test_an_article_the_window_chose_is_opened_only_when_the_reader_chooses_it(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], make_pane: Pane,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(insight, "OPEN_DWELL_MS", 100)
    library, topics = news
    pane = make_pane(library)
    first = sorted(topics)[0]
    pane.set_article(first, opened=False)  # as the window opens, shown as it was left
    qtbot.wait(400)
    assert _events(library) == []
    pane.open_shown()  # clicked, Enter or Space
    qtbot.waitUntil(lambda: (first, "opened") in _events(library), timeout=2000)
    assert sorted(_events(library)) == [(first, "opened"), (first, "read")]  # read on opening


# --- the window --------------------------------------------------------------------------------


def test_a_related_article_outside_the_list_opens_in_the_pane(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], open_window: Any) -> None:
    library, topics = news
    window = open_window(library)
    shown = sorted(topics)[150]
    window.list.select_id(shown)
    qtbot.waitUntil(lambda: window.detail_widget.related.view.count() > 0, timeout=3000)
    target = window.detail_widget.related.article_ids()[0]
    window.finder.apply_filter(ArticleQuery(tag=topics[shown] if topics[target] != topics[shown]
                                            else "nothing-tagged-so"))
    window.detail_widget.open_requested.emit(target)
    assert window.detail.current_article_id() == target


def test_view_statistics_shows_the_figures_and_saves_charts(
        qtbot: QtBot, news: tuple[Library, dict[int, str]], open_window: Any,
        tmp_path: Path) -> None:
    library, topics = news
    library.set_read(sorted(topics)[:30])
    window = open_window(library)
    window.actions_["statistics"].trigger()
    stats = window.insight.statistics
    assert stats is not None and stats.isVisible()
    qtbot.waitUntil(lambda: stats.by_tag.shares != [], timeout=3000)
    counts = library.counts()  # the 30, and the article the window opened with
    read = counts.total - counts.unread
    assert read >= 30
    assert stats.summary.text().startswith(f"{len(topics)} articles, {read} read")
    assert stats.added.series[0][1][-1] == len(topics)
    written = stats.save_all(str(tmp_path))
    assert len(written) == len(stats.charts)
    image = QImage(written[0])
    assert image.width() == stats.added.width() and not image.isNull()


def test_charts_draw_in_the_palette(qtbot: QtBot) -> None:
    chart = BarChart("Read")
    qtbot.addWidget(chart)
    palette = chart.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#c03030"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    chart.setPalette(palette)
    chart.resize(300, 200)
    chart.set_data(["a", "b"], [("read", [4, 4])])
    image = chart.grab().toImage()
    bar = image.pixelColor(QPoint(chart.width() * 3 // 4, chart.height() - 60))
    assert bar.name() == "#c03030"
    assert image.pixelColor(QPoint(2, 2)).name() == "#101010"
    first, second = series_colors(palette)
    assert abs(first.hslHueF() - second.hslHueF()) > 0.3
