"""Feeds in the window: the sidebar's Feeds section, Add Feed, Refresh Feeds (F5) in the
background, per-feed settings and unsubscribing, and the refresh interval."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import feed_samples as samples
import pytest
from local_http import LocalServer, page, silent_for
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reader import Library
from ui.sidebar.feeds_section import FEED_KIND, FeedIdRole
from ui.sidebar.sidebar import KindRole
from ui.tasks import TaskRunner
from ui.window.main_window import MainWindow

RSS = "application/rss+xml"
Opener = Callable[..., MainWindow]


def feed_rows(window: MainWindow) -> dict[str, tuple[str, str]]:
    """Each feed row's title with its count and tooltip."""
    model = window.sidebar.model()
    rows = {}
    for section in range(model.rowCount()):
        root = model.index(section, 0)
        for row in range(model.rowCount(root)):
            name = model.index(row, 0, root)
            if name.data(KindRole) == FEED_KIND:
                rows[name.data()] = (model.index(row, 1, root).data(), name.data(
                    Qt.ItemDataRole.ToolTipRole))
    return rows


def test_the_sidebar_lists_feeds_with_unread_counts_and_failures(
        library: Library, server: LocalServer, open_window: Opener) -> None:
    good = server.route("/good", page(samples.rss20(3), RSS))
    bad = server.route("/bad", page(samples.atom(2), "application/atom+xml"))
    port, _ = library.feeds.subscribe(good)
    library.feeds.subscribe(bad)
    server.route("/bad", page(b"down", "text/plain", status=500))
    library.feeds.refresh()
    library.set_read([library.search(f"feed:{port.id}")[0].id])
    window = open_window(library)
    rows = feed_rows(window)
    assert set(rows) == {"Port News", "Air Desk"}
    assert (rows["Air Desk"][0], rows["Port News"][0]) == ("2", "2")
    assert "Last refresh failed: the server answered 500" in rows["Air Desk"][1]
    assert "Last refresh failed" not in rows["Port News"][1]


def test_choosing_a_feed_lists_its_articles(library: Library, server: LocalServer,
                                            open_window: Opener, qtbot: QtBot) -> None:
    library.feeds.subscribe(server.route("/a", page(samples.rss20(3), RSS)))
    feed, _ = library.feeds.subscribe(server.route("/b", page(samples.atom(2),
                                                               "application/atom+xml")))
    window = open_window(library)
    model = window.sidebar.model()
    index = next(model.index(row, 0, model.index(section, 0))
                 for section in range(model.rowCount())
                 for row in range(model.rowCount(model.index(section, 0)))
                 if model.index(row, 0, model.index(section, 0)).data(FeedIdRole) == feed.id)
    window.sidebar.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    assert window.search.text() == f"feed:{feed.id}"


def test_refresh_feeds_runs_in_the_background_and_fills_the_list(
        library: Library, server: LocalServer, open_window: Opener, qtbot: QtBot) -> None:
    library.feeds.subscribe(server.route("/f", page(samples.rss20(2), RSS)))
    server.route("/f", page(samples.rss20(6), RSS))
    window = open_window(library, TaskRunner())
    qtbot.waitUntil(lambda: window.model.rowCount() == 2)
    action = window.actions_["refresh_feeds"]
    assert action.shortcut().toString() == "F5"
    action.trigger()
    assert window.feeds.refreshing
    qtbot.waitUntil(lambda: window.model.rowCount() == 6, timeout=10_000)
    qtbot.waitUntil(lambda: not window.feeds.refreshing)
    assert window.statusBar().currentMessage() == "Feeds refreshed: 4 new articles"
    assert not window.feeds.progress.isVisible()
    [feed] = library.feeds.all()
    assert feed.articles == 6
    qtbot.waitUntil(lambda: feed_rows(window).get("Port News", ("",))[0] == str(feed.unread))


def test_add_feed_subscribes_and_shows_its_articles(
        library: Library, server: LocalServer, open_window: Opener, qtbot: QtBot) -> None:
    home = server.route("/", page(samples.home_page("/feed.xml")))
    server.route("/feed.xml", page(samples.rss20(3), RSS))
    window = open_window(library)
    dialog = window.feeds.add_feed()
    dialog.url.setText(home)
    dialog.tags.setText("port, asia/korea")
    dialog.accept()
    [feed] = library.feeds.all()
    assert (feed.url, feed.tags) == (server.url("/feed.xml"), ("asia/korea", "port"))
    qtbot.waitUntil(lambda: window.search.text() == f"feed:{feed.id}")
    qtbot.waitUntil(lambda: window.model.rowCount() == 3)
    assert window.sidebar.currentIndex().siblingAtColumn(0).data(FeedIdRole) == feed.id


def test_a_page_without_a_feed_is_refused_with_its_reason(
        library: Library, server: LocalServer, open_window: Opener,
        monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda _parent, _title, text: shown.append(text))
    window = open_window(library)
    window.feeds.subscribe(server.route("/p", page(b"<html><body>No feed</body></html>")))
    assert len(shown) == 1 and "names no feed" in shown[0]
    assert library.feeds.all() == []


def test_settings_and_unsubscribe(library: Library, server: LocalServer, open_window: Opener,
                                  monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
    feed, _ = library.feeds.subscribe(server.route("/f", page(samples.rss20(2), RSS)))
    window = open_window(library)
    dialog = window.feeds.edit_feed(feed.id)
    assert dialog is not None
    dialog.title.setText("Harbour")
    dialog.paused.setChecked(True)
    dialog.accept()
    changed = library.feeds.get(feed.id)
    assert (changed.title, changed.paused) == ("Harbour", True)
    qtbot.waitUntil(lambda: "Harbour" in feed_rows(window))
    assert "Paused" in feed_rows(window)["Harbour"][1]
    monkeypatch.setattr("ui.window.feeds.confirm_unsubscribe", lambda _parent, _title: True)
    window.feeds.remove_feed(feed.id)
    assert library.feeds.all() == [] and library.count() == 2
    qtbot.waitUntil(lambda: feed_rows(window) == {})


def test_the_interval_follows_the_preference(library: Library, open_window: Opener) -> None:
    window = open_window(library)
    timer: Any = window.feeds._timer
    assert timer.isActive() and timer.interval() == 30 * 60_000
    dialog = window.edit_preferences()
    dialog.feed_minutes.setValue(0)
    dialog.accept()
    assert window.settings.feed_refresh_minutes == 0 and not timer.isActive()


def test_a_read_only_library_cannot_add_or_refresh(library: Library, server: LocalServer,
                                                   open_window: Opener) -> None:
    library.feeds.subscribe(server.route("/f", page(samples.rss20(1), RSS)))
    path = library.path
    library.close()
    with Library.open(path, read_only=True) as reader:
        window = open_window(reader)
        assert not window.actions_["add_feed"].isEnabled()
        assert not window.actions_["refresh_feeds"].isEnabled()
        assert list(feed_rows(window)) == ["Port News"]
        window.close()


def test_a_library_without_feeds_is_not_refreshed_on_the_timer(
        library: Library, open_window: Opener, monkeypatch: pytest.MonkeyPatch) -> None:
    window = open_window(library)
    assert window.sidebar.feeds.loaded and window.sidebar.feeds.feeds == ()
    monkeypatch.setattr(Library, "feeds", property(lambda _self: pytest.fail("fetched")))
    window.feeds._refresh_automatically()
    assert not window.feeds.refreshing


def test_feeds_refresh_once_the_window_is_up(
        library: Library, server: LocalServer, open_window: Opener, qtbot: QtBot,
        monkeypatch: pytest.MonkeyPatch) -> None:
    library.feeds.subscribe(server.route("/f", page(samples.rss20(2), RSS)))
    server.route("/f", page(samples.rss20(4), RSS))
    monkeypatch.setattr("ui.window.feeds.STARTUP_DELAY_MS", 50)
    window = open_window(library, TaskRunner())
    qtbot.waitUntil(lambda: window.model.rowCount() == 4, timeout=10_000)
    assert library.feeds.all()[0].articles == 4


def test_a_refresh_can_be_stopped_and_keeps_what_landed(
        library: Library, server: LocalServer, open_window: Opener, qtbot: QtBot) -> None:
    for n in range(3):
        library.feeds.subscribe(server.route(f"/f{n}", page(samples.rss20(1, prefix=f"F{n}"),
                                                            RSS)))
    server.route("/f0", page(samples.rss20(3, prefix="F0"), RSS))
    for n in (1, 2):
        server.route(f"/f{n}", silent_for(30, server))
    window = open_window(library, TaskRunner())
    window.actions_["refresh_feeds"].trigger()
    qtbot.waitUntil(lambda: window.model.rowCount() == 5, timeout=10_000)
    assert window.feeds.stop.isVisible() and window.feeds.stop.accessibleName()
    qtbot.mouseClick(window.feeds.stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.feeds.refreshing, timeout=5_000)  # not the 60 s deadline
    assert window.statusBar().currentMessage() == "Feed refresh stopped: 2 new articles kept"
    assert not window.feeds.stop.isVisible() and library.count() == 5
