"""Every view learns of writes through one channel, ``Library.subscribe`` relayed to the GUI
thread, whoever wrote: the window, an import, a restored backup, code beside the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from reader import Library
from tests.conftest import TITLED_ARTICLES, write_articles
from ui.sidebar.sidebar import KindRole, ValueRole
from ui.window.main_window import MainWindow

Opener = Callable[..., MainWindow]


def _tree(window: MainWindow) -> dict[str, tuple[str, Any]]:
    """Each tag of the sidebar's tree: its count and the colour of its swatch."""
    model = window.sidebar.model()
    shown: dict[str, tuple[str, Any]] = {}

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(KindRole) == "tag":
                count = index.siblingAtColumn(1).data()
                shown[str(index.data(ValueRole))] = (count, index.data(Qt.ItemDataRole.UserRole))
            walk(index)

    walk(QModelIndex())
    return shown


def _count_rebuilds(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    rebuilds: list[int] = []
    rebuild = window.sidebar._rebuild_tags

    def counted(*args: Any) -> None:
        rebuilds.append(1)
        rebuild(*args)

    monkeypatch.setattr(window.sidebar, "_rebuild_tags", counted)
    return rebuilds


def test_adding_a_tag_articles_have_updates_counts_without_rebuilding_the_tree(
    open_window: Opener, seeded_library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = seeded_library
    ids = sorted(library.article_ids())
    library.add_tags(ids[:1], ["asia"])
    window = open_window(library)
    assert _tree(window)["asia"] == ("1", None)
    rebuilds = _count_rebuilds(window, monkeypatch)

    window.list.select_id(ids[1])
    assert window.detail_widget.tags.add_to([ids[1]], "Asia")  # type: ignore[attr-defined]
    assert _tree(window)["asia"] == ("2", None)
    library.set_tag_color("asia", "#aa0000")
    assert _tree(window)["asia"] == ("2", "#aa0000")
    library.delete_articles(ids[:1])  # out of every count, the tag's too
    assert _tree(window)["asia"] == ("1", "#aa0000")
    assert rebuilds == []

    library.add_tags(ids[2:3], ["fresh"])  # a tag made: the tree changes shape
    assert rebuilds == [1]
    assert _tree(window)["fresh"] == ("1", None)
    library.rename_tag("fresh", "new")
    assert rebuilds == [1, 1]
    assert "new" in _tree(window) and "fresh" not in _tree(window)


def test_the_list_grows_with_an_import_made_beside_the_window(
    open_window: Opener, library: Library, tmp_path: Path
) -> None:
    window = open_window(library)
    assert window.model.rowCount() == 0
    files = write_articles(tmp_path / "more", TITLED_ARTICLES)
    library.import_paths(files)  # not through the window's importer
    assert window.model.rowCount() == len(files)
    assert window.count_label.text() == "3 articles · 3 unread"


def test_a_backup_restored_beside_the_window_reloads_it_and_clears_undo(
    open_window: Opener, seeded_library: Library
) -> None:
    library = seeded_library
    window = open_window(library)
    backup = library.backups.make()
    library.save_search("Later", "is:unread")
    window.list.select_rows([0], current=0)
    window.actions_["delete"].trigger()
    assert window.model.rowCount() == 5 and window.history.can_undo()
    library.backups.revert_to(backup)
    assert window.model.rowCount() == 6
    assert not window.history.can_undo()  # its steps were about the library replaced
    assert window.sidebar.saved.searches == ()
