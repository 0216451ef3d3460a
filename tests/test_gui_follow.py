"""A window follows what another program changes in its library (a script importing, a
colleague tagging): the list, the counts and the open article catch up within two seconds,
and the selection stays."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reader import Library


def test_the_window_shows_another_programs_writes_within_two_seconds(
    seeded_library: Library, open_window: Callable[..., Any], qtbot: Any, tmp_path: Path
) -> None:
    seeded_library.follow()
    window = open_window(seeded_library)
    first = window.model.ids()[0]
    window.list.select_ids([first])
    qtbot.waitUntil(lambda: window.detail.note.article_id() == first, timeout=2000)
    before = len(window.model.ids())
    with Library.open(seeded_library.path) as other:
        (tmp_path / "late.txt").write_text("Late edition\n\nThe presses ran past midnight.\n")
        (made,) = other.import_paths([tmp_path / "late.txt"]).imported
        qtbot.waitUntil(lambda: made.id in window.model.ids(), timeout=2000)
        assert len(window.model.ids()) == before + 1
        assert window.list.selected_or_current_ids() == [first]
        other.add_tags([first], ["frontpage"])
        other.set_note(first, "Checked by the night desk.")
        qtbot.waitUntil(
            lambda: window.detail.note.toPlainText() == "Checked by the night desk.",
            timeout=2000)
        assert "frontpage" in {t.name for t in seeded_library.tags()}
        assert window.list.selected_or_current_ids() == [first]
