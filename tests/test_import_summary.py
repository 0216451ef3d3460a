"""The GUI's import summary: duplicates whose original waits in the Trash say where it is."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QTableWidget

from reader import Library
from ui.dialogs.import_dialog import ImportSummaryDialog
from ui.window.main_window import MainWindow


def _rows(table: QTableWidget) -> list[tuple[str, ...]]:
    return [
        tuple(table.item(row, column).text() for column in range(table.columnCount()))
        for row in range(table.rowCount())
    ]


def _summary_after_import(window: MainWindow, paths: list[Path]) -> ImportSummaryDialog:
    assert window.import_paths([str(path) for path in paths])
    summary = window.importer.summary
    assert summary is not None and summary.isVisible()
    return summary


def test_summary_says_an_original_is_in_the_trash(
    open_window: Callable[..., MainWindow], library: Library, sample_files: list[Path]
) -> None:
    ids = {Path(item.path).name: item.id for item in library.import_paths(sample_files).imported}
    trashed, live = sample_files[0], sample_files[1]
    library.delete_articles([ids[trashed.name]])
    window = open_window(library)

    summary = _summary_after_import(window, [trashed, live])
    text = summary.summary.text()
    assert "2 already in the library" in text
    assert "1 of them is in the Trash" in text and "restore it from the Trash" in text
    assert _rows(summary.table) == [
        ("In the Trash", str(trashed),
         f"same as article #{ids[trashed.name]}, in the Trash"),
        ("Already in library", str(live), f"same as article #{ids[live.name]}"),
    ]
    assert window.statusBar().currentMessage() == text
    # Still only in the Trash: importing a copy does not bring the article back to the list.
    assert ids[trashed.name] not in window.model.ids()
    summary.close()


def test_summary_of_live_duplicates_does_not_mention_the_trash(
    open_window: Callable[..., MainWindow], library: Library, sample_files: list[Path]
) -> None:
    window = open_window(library)
    assert window.import_paths([str(path) for path in sample_files])
    summary = _summary_after_import(window, sample_files[:2])
    assert "2 already in the library" in summary.summary.text()
    assert "Trash" not in summary.summary.text()
    assert [row[0] for row in _rows(summary.table)] == ["Already in library"] * 2
    summary.close()

