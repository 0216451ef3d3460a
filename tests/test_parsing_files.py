"""Text to article, continued: files in every encoding, content hashes, titles, blocks, and
properties that hold for any text."""

from __future__ import annotations

import codecs
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from tests.test_parsing import LEAD, SECOND, assert_blocks_match

# --- files in every encoding ----------------------------------------------------------------


CP1252_ARTICLE = (
    "Prices Rise in London\n\n"
    "A pint now costs £6.20 in central London, and a “premium” lager €8 at the airport. "
    "The café owner in Zürich said prices were “absurd”."
)


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
        lambda text: codecs.BOM_UTF16_LE + text.encode("utf-16-le"),
        lambda text: codecs.BOM_UTF16_BE + text.encode("utf-16-be"),
        lambda text: text.encode("cp1252"),
        lambda text: text.replace("\n", "\r\n").encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be", "cp1252", "cp1252-crlf"],
)
def test_same_article_from_any_encoding(tmp_path: Path, encode: object) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(encode(CP1252_ARTICLE))  # type: ignore[operator]
    article = load_article(path)
    assert article.title == "Prices Rise in London"
    assert "£6.20" in article.body
    assert "€8" in article.body
    assert "“premium”" in article.body
    assert "Zürich" in article.body
    assert "\ufffd" not in article.body
    assert "Ã" not in article.body
    assert article.content_hash == content_hash(CP1252_ARTICLE)


def test_latin1_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Le café coûte £4 à Genève, dit le garçon.".encode("latin-1"))
    article = load_article(path)
    assert article.body == "Le café coûte £4 à Genève, dit le garçon."


def test_load_article_passes_on_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 100)
    with pytest.raises(NotAnArticle, match=r"^larger than the 100 bytes limit \(500 bytes\)$"):
        load_article(path, max_bytes=100)


# --- content hash -----------------------------------------------------------------------------


def test_hash_ignores_line_endings_and_whitespace() -> None:
    lf = f"Title\n\n{LEAD}\n"
    crlf = lf.replace("\n", "\r\n")
    spaced = f"  Title \n\n\n{LEAD.replace(' ', '   ')}\t\n"
    assert content_hash(lf) == content_hash(crlf) == content_hash(spaced)
    assert parse_text(lf).content_hash == parse_text(decode_bytes(crlf.encode())).content_hash


def test_hash_ignores_unicode_normal_form() -> None:
    text = "Der Bürgermeister von Zürich sagte: café crème."
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert content_hash(nfd) == content_hash(text)
    assert parse_text(nfd).content_hash == parse_text(text).content_hash
    assert parse_text(nfd).body == text  # bodies are stored composed


def test_hash_ignores_the_original_encoding() -> None:
    text = f"Prices Rise\n\n{LEAD} It costs £4."
    as_utf8 = parse_text(decode_bytes(text.encode("utf-8")))
    as_utf16 = parse_text(decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert as_utf8.content_hash == as_utf16.content_hash


def test_hash_changes_with_the_words() -> None:
    assert content_hash("The river rose.") != content_hash("The river fell.")
    assert len(content_hash("x")) == 64


# --- titles -----------------------------------------------------------------------------------


def test_title_is_the_first_sentence() -> None:
    assert make_title("Short first sentence. Then more text.") == "Short first sentence."


def test_title_skips_abbreviations_and_initials() -> None:
    lead = "Mr. Kim met U.S. envoys in St. Petersburg. They talked."
    assert make_title(lead) == "Mr. Kim met U.S. envoys in St. Petersburg."


def test_long_title_is_cut_at_a_word_boundary() -> None:
    title = make_title(" ".join(["abcdefgh"] * 30), limit=40)
    assert title.endswith("…")
    assert len(title) <= 40
    assert title.removesuffix("…").split() == ["abcdefgh"] * 4


def test_long_single_word_is_cut_hard() -> None:
    assert make_title("x" * 200, limit=10) == "x" * 9 + "…"


def test_title_drops_punctuation_before_the_ellipsis() -> None:
    assert make_title("Alpha beta, gamma delta epsilon", limit=13) == "Alpha beta…"


def test_title_never_spans_lines() -> None:
    assert make_title("First line\nsecond line") == "First line second line"


# --- blocks -----------------------------------------------------------------------------------


def test_blocks_headings_need_paragraphs_around_them() -> None:
    body = f"Lead In\n\n{LEAD}\n\nA Heading\n\n{SECOND}\n\nClosing Words"
    kinds = [(b.kind, b.text) for b in split_blocks(body)]
    assert kinds == [
        ("paragraph", "Lead In"),
        ("paragraph", LEAD),
        ("heading", "A Heading"),
        ("paragraph", SECOND),
        ("paragraph", "Closing Words"),
    ]


@pytest.mark.parametrize(
    "candidate",
    [
        "Ends with a full stop.",
        "A heading that is far too long to be a heading because it goes on and on and on forever",
        "one two three four five six seven eight nine ten eleven twelve thirteen",
    ],
)
def test_blocks_that_are_not_headings(candidate: str) -> None:
    body = f"{LEAD}\n\n{candidate}\n\n{SECOND}"
    assert [b.kind for b in split_blocks(body)] == ["paragraph"] * 3


def test_heading_may_end_in_a_question_mark() -> None:
    body = f"{LEAD}\n\nWhat Happens Next?\n\n{SECOND}"
    assert [b.kind for b in split_blocks(body)] == ["paragraph", "heading", "paragraph"]


def test_blocks_of_an_irregular_body_keep_offsets() -> None:
    body = "\n  First para\nstill first  \n\n\n \t Second\n\n"
    blocks = split_blocks(body)
    assert [b.text for b in blocks] == ["First para\nstill first", "Second"]
    assert_blocks_match(body)


def test_no_blocks_in_an_empty_body() -> None:
    assert split_blocks("") == ()
    assert split_blocks(" \n\n ") == ()


# --- fuzzing ----------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from(
    [
        "date 2024-03-20 ",
        "Date: 20 March 2024\n",
        "date 2024-02-30 ",
        "# Heading\n",
        "## Sub\n",
        "Short Title\n\n",
        "Is it a title?\n\n",
        "\r\n",
        "\r",
        "\n\n",
        "  ",
        "\t",
        "The river burst its banks. ",
        "Mr. Kim met U.S. envoys",
        "£€“”é",
        "\ufeff",
        "\u2028",
        "\x00\x07",
    ]
)
TEXTS = st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=12).map("".join)


def assert_valid_article(article: ParsedArticle) -> None:
    assert article.title.strip()
    assert "\n" not in article.title
    assert article.body.strip()
    assert article.body == article.body.strip()
    assert "\n\n\n" not in article.body
    assert "\r" not in article.body
    assert len(article.content_hash) == 64
    assert_blocks_match(article.body)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_an_article_or_not_an_article(data: bytes) -> None:
    try:
        article = parse_text(decode_bytes(data))
    except NotAnArticle:
        return
    assert_valid_article(article)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_any_text_gives_an_article_or_not_an_article(text: str) -> None:
    try:
        article = parse_text(text)
    except NotAnArticle:
        return
    assert_valid_article(article)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["date 2024-03-20", "Date: March 20, 2024", "  DATE 20 Mar 2024"]),
    st.sampled_from([" ", "\n", "\n\n", "\r\n\r\n"]),
    st.text(min_size=1, max_size=200),
)
def test_date_header_never_reaches_the_body(header: str, gap: str, rest: str) -> None:
    try:
        article = parse_text(f"{header}{gap}{rest}")
    except NotAnArticle:
        return
    assert_valid_article(article)
    if article.published is not None:
        assert article.published == date(2024, 3, 20)
        assert not article.body.lower().startswith(header.strip().lower())


def _wrapped_paragraphs_by_joining(lines: list[str]) -> list[str]:
    """The rule for unbroken lines written the plain way (joining as it goes): the oracle for
    the version that gathers lines first, which stays linear on 100,000-line files."""
    quotes = "\"'”’)]»」』）】》"
    heading = re.compile(r"#{1,6}(?:\s+(?P<text>.*?))?(?:\s+#+)?\s*")
    paragraphs: list[str] = []
    for line in lines:
        previous = paragraphs[-1] if paragraphs else None
        if (previous is not None and line[:1].islower()
                and not previous.rstrip(quotes).endswith((".", "!", "?", ":", "…"))
                and heading.fullmatch(previous) is None):
            paragraphs[-1] = f"{previous} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


@given(st.lists(st.sampled_from([
    "# Heading", "#hashtag", "####### seven", "Upper start", "lower start", "ends here.",
    "trailing quote.”", "”)", "lower without end", "ask?", "colon:", "» ", "x",
]), max_size=30))
def test_unbroken_lines_join_as_they_always_did(lines: list[str]) -> None:
    from reader.importing.parsing import _paragraphs_without_blank_lines

    assert _paragraphs_without_blank_lines(lines) == _wrapped_paragraphs_by_joining(lines)
