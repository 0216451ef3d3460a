"""Which way a text runs, and direction controls kept inside the text that opens them."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from reader.cli.output import article_table, display_width
from reader.records import ArticleSummary
from reader.text_direction import (
    LEFT_TO_RIGHT,
    RIGHT_TO_LEFT,
    base_direction,
    contained,
)
from tests.data.languages.make_samples import HERE

RLO, PDF, RLI, PDI, LRE = "\u202e", "\u202c", "\u2067", "\u2069", "\u202a"


def _title(name: str) -> str:
    return (HERE / f"{name}.txt").read_text(encoding="utf-8").split("\n", 1)[0]


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        (_title("ar"), RIGHT_TO_LEFT),
        (_title("he"), RIGHT_TO_LEFT),
        (_title("ru"), LEFT_TO_RIGHT),
        (_title("zh_hans"), LEFT_TO_RIGHT),
        ("«2024» " + _title("ar"), RIGHT_TO_LEFT),  # digits and quotes are not strong
        (f"{RLI}عربي{PDI} in English", LEFT_TO_RIGHT),  # an isolate does not count
        ("12, 34 — !", None),
    ],
)
def test_the_first_strong_character_decides(text: str, direction: str | None) -> None:
    assert base_direction(text) == direction


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        ("plain title", "plain title"),
        (f"{RLO}evil", f"{RLO}evil{PDF}"),
        (f"{RLO}balanced{PDF} title", f"{RLO}balanced{PDF} title"),
        (f"{RLI}a{LRE}b", f"{RLI}a{LRE}b{PDF}{PDI}"),
        (f"{RLI}a{LRE}b{PDI}c", f"{RLI}a{LRE}b{PDI}c"),  # the isolate's end closes both
        (f"stray{PDF}{PDI} closers", f"stray{PDF}{PDI} closers"),  # ignored, and kept
    ],
)
def test_open_controls_are_closed_at_the_end(text: str, closed: str) -> None:
    assert contained(text) == closed


def _open_at_end(text: str) -> int:
    """Embeddings and isolates still open after ``text`` (what would run on past it)."""
    depth = 0
    for char in text:
        if char in "\u202a\u202b\u202d\u202e\u2066\u2067\u2068":
            depth += 1
        elif char in (PDF, PDI) and depth:
            depth -= 1
    return depth


def test_a_title_with_an_open_override_does_not_turn_the_row_around() -> None:
    summary = ArticleSummary(
        id=7, title=f"Report {RLO}evil.exe", published=date(2024, 3, 20), source=None,
        imported_at=datetime(2024, 3, 21), read=False, starred=False, has_note=False,
        highlight_count=0,
    )
    _header, row = article_table([summary], width=60)
    assert RLO in row
    assert _open_at_end(row) == 0


def test_direction_controls_take_no_width() -> None:
    assert display_width(f"{RLO}abc{PDF}") == 3
    assert all(unicodedata.category(char) == "Cf" for char in (RLO, PDF, RLI, PDI))
