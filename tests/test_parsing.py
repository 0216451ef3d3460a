"""Text to article: layouts, titles, dates, body normalisation, blocks and content hashes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from reader.errors import NotAnArticle
from reader.importing.decoding import decode_bytes
from reader.importing.parsing import (
    ParsedArticle,
    content_hash,
    load_article,
    make_title,
    parse_text,
    split_blocks,
)

# A real article as it was collected, kept with the tests so a clone needs nothing beside it.
SEED_SAMPLE = Path(__file__).parent / "data" / "seed_article.txt"

LEAD = (
    "Officials in the capital confirmed on Tuesday that the river had burst its banks. "
    "Thousands of residents were moved to higher ground overnight."
)
SECOND = "Engineers expect the water to recede by the weekend, weather permitting."


def assert_blocks_match(body: str) -> None:
    for block in split_blocks(body):
        assert body[block.start : block.end] == block.text


# --- the seed sample ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> ParsedArticle:
    return load_article(SEED_SAMPLE)


def test_seed_sample_date_title_and_body(seed: ParsedArticle) -> None:
    assert seed.published == date(2024, 3, 20)
    assert seed.warnings == ()
    assert seed.title.startswith("Amid escalating geopolitical tensions, North Korea")
    assert seed.title.endswith("…")
    assert len(seed.title) <= 90
    assert seed.body.startswith("Amid escalating geopolitical tensions")
    assert "date 2024-03-20" not in seed.body
    assert seed.body.endswith("is undeniable.")


def test_seed_sample_blocks(seed: ParsedArticle) -> None:
    blocks = split_blocks(seed.body)
    headings = [block.text for block in blocks if block.kind == "heading"]
    assert headings == [
        "Background and Recent Developments",
        "Global Implications and Regional Security",
        "What Lies Ahead",
    ]
    assert blocks[0].kind == "paragraph"
    assert blocks[-1].kind == "paragraph"
    assert len(blocks) == 7
    assert_blocks_match(seed.body)


def test_seed_sample_body_is_normalised(seed: ParsedArticle) -> None:
    assert "\n\n\n" not in seed.body
    assert seed.body == seed.body.strip()
    assert all(paragraph.strip() for paragraph in seed.body.split("\n\n"))


def test_seed_sample_hash_is_over_the_whole_text(seed: ParsedArticle) -> None:
    raw = SEED_SAMPLE.read_text(encoding="utf-8")
    assert seed.content_hash == content_hash(raw)


# --- date header (seed format) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("date 2024-03-20", date(2024, 3, 20)),
        ("Date: 2024-03-20", date(2024, 3, 20)),
        ("DATE 2024/03/20", date(2024, 3, 20)),
        ("date 20 March 2024", date(2024, 3, 20)),
        ("date March 20, 2024", date(2024, 3, 20)),
        ("date: Mar 20 2024", date(2024, 3, 20)),
        ("date Wednesday, 20 March 2024", date(2024, 3, 20)),
        ("   date 2024-03-20 —", date(2024, 3, 20)),
    ],
)
def test_date_header_with_lead_on_the_same_line(header: str, expected: date) -> None:
    article = parse_text(f"{header} {LEAD}\n\n{SECOND}")
    assert article.published == expected
    assert article.body == f"{LEAD}\n\n{SECOND}"
    assert (
        article.title
        == "Officials in the capital confirmed on Tuesday that the river had burst its banks."
    )


def test_lead_starting_with_a_number_is_not_eaten_by_the_date() -> None:
    article = parse_text("date March 20 2024 15 people were rescued from the flood overnight.")
    assert article.published == date(2024, 3, 20)
    assert article.body == "15 people were rescued from the flood overnight."


def test_date_header_alone_on_its_line() -> None:
    article = parse_text(f"date 2024-03-20\n\n{LEAD}\n\n{SECOND}")
    assert article.published == date(2024, 3, 20)
    assert article.body == f"{LEAD}\n\n{SECOND}"


def test_date_header_then_title_line() -> None:
    article = parse_text(f"date 2024-03-20\n\nRiver Floods the Capital\n\n{LEAD}")
    assert article.published == date(2024, 3, 20)
    assert article.title == "River Floods the Capital"
    assert article.body == LEAD


def test_impossible_date_imports_without_a_date_and_warns() -> None:
    article = parse_text(f"date 2024-02-30 {LEAD}")
    assert article.published is None
    assert article.warnings == ("impossible date '2024-02-30'; imported without a date",)
    assert article.body == LEAD


def test_impossible_written_date_warns_with_the_whole_date() -> None:
    article = parse_text(f"date 31 April 2024 {LEAD}")
    assert article.published is None
    assert article.warnings == ("impossible date '31 April 2024'; imported without a date",)
    assert article.body == LEAD


def test_the_word_date_in_prose_is_not_a_header() -> None:
    text = "Date night ideas are popular again among couples in the city."
    article = parse_text(text)
    assert article.published is None
    assert article.body == text


# --- title line -------------------------------------------------------------------------------


def test_title_line_then_body() -> None:
    article = parse_text(f"River Floods the Capital\n\n{LEAD}\n\n{SECOND}")
    assert article.title == "River Floods the Capital"
    assert article.body == f"{LEAD}\n\n{SECOND}"
    assert article.published is None


def test_title_line_may_end_in_a_question_mark() -> None:
    article = parse_text(f"Will the River Recede by Friday?\n\n{LEAD}")
    assert article.title == "Will the River Recede by Friday?"
    assert article.body == LEAD


def test_markdown_title() -> None:
    article = parse_text(
        f"# River Floods the Capital #\n\n{LEAD}\n\n## Aftermath\n\n{SECOND}\n\nEnd."
    )
    assert article.title == "River Floods the Capital"
    assert article.body == f"{LEAD}\n\nAftermath\n\n{SECOND}\n\nEnd."
    assert [b.kind for b in split_blocks(article.body)] == [
        "paragraph",
        "heading",
        "paragraph",
        "paragraph",
    ]


def test_markdown_title_without_blank_line() -> None:
    article = parse_text(f"# River Floods the Capital\n{LEAD}")
    assert article.title == "River Floods the Capital"
    assert article.body == LEAD


@pytest.mark.parametrize("separator", ["\n", "\n\n"])
def test_title_then_date_line_then_body(separator: str) -> None:
    article = parse_text(f"River Floods the Capital{separator}date: 20 March 2024\n\n{LEAD}")
    assert article.title == "River Floods the Capital"
    assert article.published == date(2024, 3, 20)
    assert article.body == LEAD


def test_title_then_date_with_lead_on_the_same_line() -> None:
    article = parse_text(f"River Floods the Capital\n\ndate 2024-03-20 {LEAD}")
    assert article.title == "River Floods the Capital"
    assert article.published == date(2024, 3, 20)
    assert article.body == LEAD


@pytest.mark.parametrize(
    "first_line",
    [
        "This first line is a full sentence and so it is not a title.",
        "A clause that runs on,",
        "Introducing the matter:",
        " ".join(["word"] * 25),
    ],
)
def test_lines_that_are_not_titles(first_line: str) -> None:
    article = parse_text(f"{first_line}\n\n{LEAD}")
    assert article.body == f"{first_line}\n\n{LEAD}"
    assert article.title == make_title(first_line)


def test_title_alone_is_also_the_body() -> None:
    article = parse_text("# River floods the capital overnight again\n\n")
    assert article.title == "River floods the capital overnight again"
    assert article.body == "River floods the capital overnight again"


# --- plain prose ------------------------------------------------------------------------------


def test_plain_prose_takes_its_title_from_the_first_sentence() -> None:
    article = parse_text(f"{LEAD}\n\n{SECOND}")
    assert (
        article.title
        == "Officials in the capital confirmed on Tuesday that the river had burst its banks."
    )
    assert article.body == f"{LEAD}\n\n{SECOND}"
    assert article.published is None
    assert article.warnings == ()


def test_hard_wrapped_paragraphs_are_rejoined() -> None:
    text = (
        "Officials in the capital confirmed on Tuesday\n"
        "that the river had burst   its banks.\n"
        "Thousands were moved.\n"
        "\n"
        "Engineers expect the water\n"
        "to recede by the weekend.\n"
    )
    article = parse_text(text)
    assert article.body == (
        "Officials in the capital confirmed on Tuesday that the river had burst its banks. "
        "Thousands were moved.\n\n"
        "Engineers expect the water to recede by the weekend."
    )


def test_without_blank_lines_each_line_is_a_paragraph() -> None:
    article = parse_text(f"{LEAD}\n{SECOND}\nA third paragraph closes the report.")
    assert article.body == f"{LEAD}\n\n{SECOND}\n\nA third paragraph closes the report."


def test_without_blank_lines_a_wrapped_sentence_stays_together() -> None:
    article = parse_text("The river burst its banks on\nTuesday night and\nflooded the lower town.")
    assert (
        article.body == "The river burst its banks on\n\nTuesday night and flooded the lower town."
    )


def test_extra_blank_lines_and_outer_whitespace_are_trimmed() -> None:
    article = parse_text(f"\n\n   {LEAD}   \n\n\n\n\t{SECOND}\n\n\n")
    assert article.body == f"{LEAD}\n\n{SECOND}"


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_any_line_ending(newline: str) -> None:
    text = newline.join(["River Floods the Capital", "", LEAD, "", SECOND])
    article = parse_text(decode_bytes(text.encode("utf-8")))
    assert article.title == "River Floods the Capital"
    assert article.body == f"{LEAD}\n\n{SECOND}"


# --- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty file"),
        ("   \n\t\n  ", "no text"),
        ("12 34 56 -- 78 !! 90 ## 11", "no words"),
        ("Just four words here.", "too short to be an article (4 words)"),
        ("date 2024-03-20 Only three words", "too short to be an article (3 words)"),
        ("date 2024-03-20", "too short to be an article (0 words)"),
    ],
)
def test_not_articles(text: str, reason: str) -> None:
    with pytest.raises(NotAnArticle) as caught:
        parse_text(text)
    assert str(caught.value) == reason


def test_five_words_are_enough() -> None:
    assert parse_text("One two three four five.").body == "One two three four five."
