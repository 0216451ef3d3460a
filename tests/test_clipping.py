"""Clipped Markdown: front matter fills the fields and tags, the body keeps its blocks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.importing.formats import load_document
from reader.importing.parsing import split_blocks

CLIP = Path(__file__).resolve().parent / "data" / "pages" / "clip.md"
BODY = (
    "The harbour trust met on Monday to agree the summer timetable for the island ferry.\n\n"
    "Six crossings a day will run from June, one more each way than last year."
)


def clip(tmp_path: Path, front: str, body: str = BODY, name: str = "clip.md") -> Path:
    path = tmp_path / name
    path.write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")
    return path


def test_an_obsidian_web_clip_fills_every_field() -> None:
    parsed = load_document(CLIP)
    assert parsed.title == "Night trains return to the northern line"
    assert parsed.url == "https://www.railwaygazette.example/2024/05/night-trains-return"
    assert parsed.author == "Tomas Lindqvist, Aino Virtanen"
    assert parsed.published == date(2024, 5, 2)
    assert parsed.tags == ("clippings", "rail", "travel")
    assert parsed.source == "railwaygazette.example"
    assert parsed.warnings == ()


def test_the_clip_body_keeps_paragraphs_and_headings_without_markup() -> None:
    body = load_document(CLIP).body
    assert not body.startswith("Night trains")  # the repeated title line is gone
    assert "new cabins that sleep two" in body  # a link keeps its words
    assert "](" not in body and "carriage.jpg" not in body and "#" not in body
    headings = [b.text for b in split_blocks(body) if b.kind == "heading"]
    assert headings == ["Tickets and timetable"]


def test_markdownload_style_fields(tmp_path: Path) -> None:
    front = (
        "title: Ferry timetable agreed\n"
        "url: https://www.islandnews.example/ferry\n"
        "author: Morag Leask\n"
        "date: 20 March 2024\n"
        "tags: ferry, island , transport\n"
        "site: Island News"
    )
    parsed = load_document(clip(tmp_path, front, name="clip.markdown"))
    assert (parsed.title, parsed.author, parsed.source) == (
        "Ferry timetable agreed", "Morag Leask", "Island News"
    )
    assert parsed.url == "https://www.islandnews.example/ferry"
    assert parsed.published == date(2024, 3, 20)
    assert parsed.tags == ("ferry", "island", "transport")
    assert parsed.body == BODY


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-20", date(2024, 3, 20)),
        ("2024-03-20T22:15:00+01:00", date(2024, 3, 20)),
        ('"2024-03-20T22:15:00Z"', date(2024, 3, 20)),
        ('"March 20, 2024"', date(2024, 3, 20)),
        ("not a date", None),
    ],
)
def test_dates_in_their_common_spellings(tmp_path: Path, value: str, expected: date) -> None:
    parsed = load_document(clip(tmp_path, f"title: T\npublished: {value}"))
    assert parsed.published == expected


def test_published_wins_over_created(tmp_path: Path) -> None:
    parsed = load_document(clip(tmp_path, "created: 2024-05-03\npublished: 2024-05-01"))
    assert parsed.published == date(2024, 5, 1)


def test_a_source_that_is_not_an_address_is_no_url(tmp_path: Path) -> None:
    parsed = load_document(clip(tmp_path, "title: T\nsource: my notebook"))
    assert parsed.url is None and parsed.source is None


def test_without_a_title_the_body_names_the_article(tmp_path: Path) -> None:
    parsed = load_document(clip(tmp_path, "tags: [ferry]", body="# Ferry news\n\n" + BODY))
    assert parsed.title == "Ferry news"
    assert parsed.body == BODY
    assert parsed.tags == ("ferry",)


def test_malformed_front_matter_is_read_as_plain_text_with_a_warning(tmp_path: Path) -> None:
    parsed = load_document(clip(tmp_path, "title: [unclosed\nauthor: : :"))
    assert parsed.warnings == ("front matter is not valid YAML; imported as plain text",)
    assert "The harbour trust met on Monday" in parsed.body
    assert parsed.url is None and parsed.tags == ()


def test_front_matter_that_is_not_a_mapping_is_plain_text(tmp_path: Path) -> None:
    parsed = load_document(clip(tmp_path, "- just\n- a list"))
    assert parsed.warnings == ("front matter is not valid YAML; imported as plain text",)


def test_yaml_tags_that_would_build_objects_are_refused(tmp_path: Path) -> None:
    front = "title: !!python/object/apply:os.system ['echo unsafe']"
    parsed = load_document(clip(tmp_path, front))
    assert parsed.warnings == ("front matter is not valid YAML; imported as plain text",)


def test_markdown_without_front_matter_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "plain.md"
    path.write_text("# Ferry news\n\n" + BODY + "\n", encoding="utf-8")
    parsed = load_document(path)
    assert (parsed.title, parsed.body, parsed.url, parsed.tags) == ("Ferry news", BODY, None, ())
