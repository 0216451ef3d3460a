"""The sidebar's tag commands (rename, merge, colour, delete) are steps of Edit > Undo."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor
from pytestqt.qtbot import QtBot

from reader import ArticleQuery, Library, LibraryUnavailable, View
from tests.conftest import answer_confirmations
from ui.article_list.article_model import TagsRole
from ui.sidebar.sidebar import KindRole, ValueRole
from ui.tasks import TaskRunner
from ui.window.main_window import MainWindow

Opener = Callable[..., MainWindow]
TagsSeen = dict[str, tuple[str | None, frozenset[int]]]


def _tags_seen(library: Library) -> TagsSeen:
    """Every tag by name (as written): its colour and the articles carrying it, trash too."""
    carrying: dict[str, set[int]] = defaultdict(set)
    every = library.article_ids() + library.article_ids(ArticleQuery(view=View.TRASH))
    for article_id in every:
        for ref in library.article_tags(article_id):
            carrying[ref.name].add(article_id)
    return {tag.name: (tag.color, frozenset(carrying[tag.name])) for tag in library.tags()}


def _tree_tags(window: MainWindow) -> dict[str, str | None]:
    """The tags the sidebar's tree shows, by full name, with the colour of their swatch."""
    model = window.sidebar.model()
    shown: dict[str, str | None] = {}

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(KindRole) == "tag":
                shown[str(index.data(ValueRole))] = index.data(Qt.ItemDataRole.UserRole)
            walk(index)

    walk(QModelIndex())
    return shown


def _chips(window: MainWindow, article_id: int) -> set[str]:
    row = window.model.row_for_id(article_id)
    assert row is not None
    return {ref.name for ref in window.model.index(row, 0).data(TagsRole) or ()}


def _opened(
    open_window: Opener, library: Library
) -> tuple[MainWindow, TagsSeen, dict[str, str | None]]:
    """A window on ``library``, with the tags as the library and the window had them first."""
    before = _tags_seen(library)
    window = open_window(library)
    return window, before, _tree_tags(window)


def _rename_answer(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The Rename dialog answers ``name``."""
    monkeypatch.setattr("ui.sidebar.tag_commands.QInputDialog.getText",
                        lambda *a, **k: (name, True))


def _undo(window: MainWindow) -> None:
    window.actions_["undo"].trigger()


def _redo(window: MainWindow) -> None:
    window.actions_["redo"].trigger()


@pytest.fixture()
def tagged(seeded_library: Library) -> tuple[Library, list[int]]:
    """``Asia/Korea`` (red) on the first two articles and the last, which is in the Trash;
    ``asia/korea/seoul`` on the third; ``East`` on the second and fourth."""
    library = seeded_library
    ids = sorted(library.article_ids())
    library.add_tags([ids[0], ids[1], ids[5]], ["Asia/Korea"])
    library.add_tags([ids[2]], ["asia/korea/seoul"])
    library.add_tags([ids[1], ids[3]], ["East"])
    library.set_tag_color("Asia/Korea", "#cc0000")
    library.delete_articles([ids[5]])
    return library, ids


def test_a_rename_is_undone_and_redone_with_the_tree_and_the_choice(
    open_window: Opener, tagged: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, ids = tagged
    window, before, tree_before = _opened(open_window, library)
    window.sidebar.select_filter(View.ALL, "Asia/Korea")
    _rename_answer(monkeypatch, "Korea")
    window.sidebar.rename_tag("Asia/Korea")
    assert set(_tags_seen(library)) == {"Korea", "Korea/seoul", "East"}
    assert window.sidebar.current_filter() == (View.ALL, "Korea")
    assert window.actions_["undo"].text() == "&Undo Rename tag “Asia/Korea” to “Korea”"

    _undo(window)
    assert _tags_seen(library) == before
    assert _tree_tags(window) == tree_before
    assert window.sidebar.current_filter() == (View.ALL, "Asia/Korea")  # it follows back
    assert sorted(window.model.ids()) == sorted(ids[:3])
    assert window.actions_["redo"].text() == "&Redo Rename tag “Asia/Korea” to “Korea”"

    _redo(window)
    assert set(_tags_seen(library)) == {"Korea", "Korea/seoul", "East"}
    assert _tags_seen(library)["Korea"] == ("#cc0000", frozenset({ids[0], ids[1], ids[5]}))
    assert set(_tree_tags(window)) == {"Korea", "Korea/seoul", "East"}
    assert window.sidebar.current_filter() == (View.ALL, "Korea")


def test_undoing_a_rename_puts_the_old_name_back_on_the_list_rows(
    open_window: Opener, tagged: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, ids = tagged
    window = open_window(library)
    assert _chips(window, ids[0]) == {"Asia/Korea"}
    _rename_answer(monkeypatch, "Korea")
    window.sidebar.rename_tag("Asia/Korea")
    assert _chips(window, ids[0]) == {"Korea"}
    _undo(window)
    assert _chips(window, ids[0]) == {"Asia/Korea"}
    assert _chips(window, ids[1]) == {"Asia/Korea", "East"}


def test_a_delete_is_undone_with_the_trashed_articles_links(
    open_window: Opener, tagged: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, ids = tagged
    window, before, tree_before = _opened(open_window, library)
    questions = answer_confirmations(monkeypatch, window.sidebar)
    window.sidebar.delete_tag("Asia/Korea")
    assert questions == ["Delete tag 'Asia/Korea'? It is on 3 articles."]
    assert set(_tags_seen(library)) == {"asia/korea/seoul", "East"}
    assert "Asia/Korea" not in _tree_tags(window)
    assert window.actions_["undo"].text() == "&Undo Delete tag “Asia/Korea”"

    _undo(window)
    assert _tags_seen(library) == before
    assert _tags_seen(library)["Asia/Korea"][1] == {ids[0], ids[1], ids[5]}
    assert _tree_tags(window) == tree_before

    _redo(window)
    assert set(_tags_seen(library)) == {"asia/korea/seoul", "East"}
    assert "Asia/Korea" not in _tree_tags(window)


def test_a_merge_is_undone_without_leaving_the_target_behind(
    open_window: Opener, tagged: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, ids = tagged
    window, before, tree_before = _opened(open_window, library)
    offered: list[list[str]] = []

    def pick(*args: Any, **_kwargs: Any) -> tuple[str, bool]:
        offered.append(list(args[3]))
        return "East", True

    monkeypatch.setattr("ui.sidebar.tag_commands.QInputDialog.getItem", pick)
    window.sidebar.select_filter(View.ALL, "Asia/Korea")
    window.sidebar.merge_tag("Asia/Korea")
    assert offered == [["asia/korea/seoul", "East"]]
    merged = _tags_seen(library)
    assert "Asia/Korea" not in merged
    assert merged["East"][1] == {ids[0], ids[1], ids[3], ids[5]}
    assert window.actions_["undo"].text() == "&Undo Merge tag “Asia/Korea” into “East”"
    # "asia/korea" lives on as the group over asia/korea/seoul, but the choice went along
    # with the merged articles.
    assert window.sidebar.current_filter() == (View.ALL, "East")

    _undo(window)
    assert _tags_seen(library) == before
    assert {t.name for t in library.article_tags(ids[0])} == {"Asia/Korea"}  # not East
    assert {t.name for t in library.article_tags(ids[1])} == {"Asia/Korea", "East"}
    assert _tree_tags(window) == tree_before
    assert window.sidebar.current_filter() == (View.ALL, "Asia/Korea")

    _redo(window)
    assert _tags_seen(library) == merged
    assert "Asia/Korea" not in _tree_tags(window)
    assert window.sidebar.current_filter() == (View.ALL, "East")


def test_a_colour_change_is_undone_and_redone(
    open_window: Opener, tagged: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, _ids = tagged
    before = _tags_seen(library)
    window = open_window(library)
    monkeypatch.setattr("ui.sidebar.tag_commands.QColorDialog.getColor",
                        lambda *a, **k: QColor("#3366CC"))
    window.sidebar.change_color("Asia/Korea")
    assert _tags_seen(library)["Asia/Korea"][0] == "#3366cc"
    assert _tree_tags(window)["Asia/Korea"] == "#3366cc"
    assert window.actions_["undo"].text() == "&Undo Change colour of tag “Asia/Korea”"

    _undo(window)
    assert _tags_seen(library) == before
    assert _tree_tags(window)["Asia/Korea"] == "#cc0000"

    _redo(window)
    assert _tree_tags(window)["Asia/Korea"] == "#3366cc"
    # The same colour again changes nothing: no step for it.
    steps = window.history.stack.count()
    window.sidebar.change_color("Asia/Korea")
    assert window.history.stack.count() == steps


def test_a_refused_tag_change_is_said_and_leaves_no_step(
    open_window: Opener, tagged: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch
) -> None:
    library, _ids = tagged
    before = _tags_seen(library)
    window = open_window(library)
    warnings: list[str] = []
    monkeypatch.setattr("ui.sidebar.tag_commands.warn",
                        lambda _parent, _title, text: warnings.append(text))

    def refuse(*_args: Any) -> None:
        raise LibraryUnavailable("the library is busy (another program is writing to it)")

    monkeypatch.setattr(library, "apply", refuse)
    _rename_answer(monkeypatch, "Korea")
    window.sidebar.rename_tag("Asia/Korea")
    assert warnings == ["the library is busy (another program is writing to it)"]
    assert not window.history.can_undo()
    assert _tags_seen(library) == before

    # A refused merge into a tag that exists: the choice stays put when the tree is read again.
    monkeypatch.setattr("ui.sidebar.tag_commands.QInputDialog.getItem",
                        lambda *a, **k: ("East", True))
    window.sidebar.select_filter(View.ALL, "Asia/Korea")
    window.sidebar.merge_tag("Asia/Korea")
    monkeypatch.undo()
    library.set_tag_color("East", "#00aa00")  # any tag change rebuilds the tree
    assert window.sidebar.current_filter() == (View.ALL, "Asia/Korea")


def test_a_rename_off_the_gui_thread_is_undone_and_followed(
    open_window: Opener, tagged: tuple[Library, list[int]], monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    library, _ids = tagged
    before = _tags_seen(library)
    window = open_window(library, TaskRunner())
    qtbot.waitUntil(lambda: "Asia/Korea" in _tree_tags(window))
    window.sidebar.select_filter(View.ALL, "Asia/Korea")
    _rename_answer(monkeypatch, "Korea")
    window.sidebar.rename_tag("Asia/Korea")
    qtbot.waitUntil(window.history.can_undo)
    qtbot.waitUntil(lambda: window.sidebar.current_filter() == (View.ALL, "Korea"))

    _undo(window)  # off the GUI thread too
    qtbot.waitUntil(lambda: _tags_seen(library) == before)
    qtbot.waitUntil(lambda: "Asia/Korea" in _tree_tags(window))
    qtbot.waitUntil(lambda: window.sidebar.current_filter() == (View.ALL, "Asia/Korea"))
    assert "Korea" not in _tree_tags(window)
    window.runner.wait()
