"""Values the library keeps: what it refuses (bytes that were not UTF-8, control
characters, numbers past SQLite's integers) and what it tidies (a note of blanks)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reader import InvalidValue, Library, View
from reader.records import ArticleQuery
from tests.hostile_helpers import fill_library, run_cli

BOTH_ENGINES = True
NOT_UTF8 = os.fsdecode(b"caf\xe9")


@pytest.fixture()
def lib(library_location: str, tmp_path: Path) -> Library:
    opened = Library.open(fill_library(library_location, tmp_path))
    yield opened  # type: ignore[misc]
    opened.close()


@pytest.mark.parametrize("blank", [" ", "\n\n", " \t\n ", "\u00a0\u3000", "\r\n"])
def test_a_note_of_blanks_is_no_note_anywhere(
    lib: Library, blank: str, capsys: pytest.CaptureFixture[str]
) -> None:
    lib.set_note(1, blank)
    assert lib.search("has:note") == []
    assert lib.count(ArticleQuery(view=View.ANNOTATED)) == 0
    assert lib.counts().annotated == 0
    assert not lib.summaries([1])[0].has_note
    shown = run_cli(capsys, "--library", str(lib.location), "show", "1", "--json")
    assert json.loads(shown.stdout)["has_note"] is False
    lib.append_note(1, blank)
    assert lib.search("has:note") == []


@pytest.mark.parametrize(
    "write",
    [
        lambda lib, text: lib.update_article(1, title=text),
        lambda lib, text: lib.update_article(1, source=text),
        lambda lib, text: lib.add_tags([1], [text]),
        lambda lib, text: lib.set_note(1, text),
        lambda lib, text: lib.save_search(text, "harbour"),
        lambda lib, text: lib.save_search("mine", text),
        lambda lib, text: lib.add_highlight(1, 0, 4, comment=text),
    ],
    ids=["title", "source", "tag", "note", "search-name", "search-query", "comment"],
)
@pytest.mark.parametrize("text", [f"x{NOT_UTF8}", "red\x1b[31m alert", "bell\x07", "nul\x00",
                                  "c1\x9b2J"])
def test_text_with_control_characters_or_bad_bytes_is_refused(
    lib: Library, write: object, text: str
) -> None:
    before = (lib.article(1), lib.tags(), lib.saved_searches())
    with pytest.raises(InvalidValue, match=r"UTF-8|control character"):
        write(lib, text)  # type: ignore[operator]
    assert (lib.article(1), lib.tags(), lib.saved_searches()) == before


def test_line_breaks_and_tabs_stay_in_notes_and_comments(lib: Library) -> None:
    lib.set_note(1, "first\tline\r\nsecond line")
    assert lib.note(1).text == "first\tline\nsecond line"
    mark = lib.add_highlight(1, 0, 4, comment="why\nthis")
    assert mark.comment == "why\nthis"


def test_titles_and_sources_are_one_line(lib: Library) -> None:
    lib.update_article(1, title="Harbour\nworks", source=" The\tTimes \n")
    article = lib.article(1)
    assert (article.title, article.source) == ("Harbour works", "The Times")
    with pytest.raises(InvalidValue, match="source is longer"):
        lib.update_article(1, source="x" * 1001)


def test_a_note_longer_than_an_article_may_be_is_refused(lib: Library) -> None:
    with pytest.raises(InvalidValue, match="note is longer"):
        lib.set_note(1, "x" * (5 * 1024 * 1024 + 1))
    assert lib.note(1).text == ""


@pytest.mark.parametrize("name", ["nul\x00", "\x00"])
def test_a_name_holding_a_nul_is_no_tag(lib: Library, name: str) -> None:
    from reader import NotFound

    lib.add_tags([1], ["nul"])
    for change in (lambda: lib.rename_tag(name, "other"), lambda: lib.delete_tag(name),
                   lambda: lib.set_tag_color(name, "#aa0000")):
        with pytest.raises(NotFound):
            change()
    assert [tag.name for tag in lib.tags()] == ["nul"]
