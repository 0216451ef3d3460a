"""The import summary: duplicates whose original waits in the Trash say where it is, and a
file that repeats another file of the same import says so, in the window as on the command
line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from reader import ImportProgress, Library
from reader.cli.main import main
from tests.conftest import SEED_ARTICLES, write_articles
from ui.dialogs.import_dialog import ImportProgressDialog, ImportSummaryDialog
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



@pytest.fixture()
def twice(tmp_path: Path) -> list[Path]:
    """Two files with one text, and one already in the library."""
    text = SEED_ARTICLES["missile.txt"]
    return write_articles(tmp_path / "twice", {"a.txt": text, "b.txt": text,
                                               "c.txt": SEED_ARTICLES["harvest.txt"]})


def test_a_file_repeating_another_of_the_same_import_says_so(
    open_window: Callable[..., MainWindow], library: Library, twice: list[Path]
) -> None:
    (earlier,) = library.import_paths([twice[2]]).imported
    window = open_window(library)
    summary = _summary_after_import(window, twice)
    first = next(item.id for item in library.summaries(library.article_ids())
                 if item.id != earlier.id)
    assert _rows(summary.table) == [
        ("Duplicate", str(twice[1]), f"same as article #{first} (also in this import)"),
        ("Already in library", str(twice[2]), f"same as article #{earlier.id}"),
    ]
    text = summary.summary.text()
    assert "1 already in the library." in text
    assert "1 repeated another file of this import." in text
    summary.close()


def test_the_progress_tally_counts_duplicates_of_either_kind(qtbot: QtBot) -> None:
    dialog = ImportProgressDialog()
    qtbot.addWidget(dialog)
    dialog.update_progress(ImportProgress(3, 3, "b.txt", imported=1, duplicates=2, failed=0))
    assert dialog.tally.text() == "1 new · 2 duplicates"
    dialog.close()


def test_the_command_line_says_the_same(
    library: Library, twice: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    (earlier,) = library.import_paths([twice[2]]).imported
    assert main(["--library", str(library.path), "import", *map(str, twice)]) == 0
    lines = capsys.readouterr().out.splitlines()
    first = next(i for i in library.article_ids() if i != earlier.id)
    assert lines == [
        f"duplicate: {twice[1]} (same as article {first}, also in this import)",
        f"duplicate: {twice[2]} (same as article {earlier.id})",
        "Imported 1, 2 duplicates, 0 failed",
    ]
