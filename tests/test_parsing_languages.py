"""Articles in every script: the length rule for unspaced scripts, titles from a first sentence
that ends at "。！？", and hard-wrapped CJK lines joined without spaces."""

from __future__ import annotations

import pytest

from reader.errors import NotAnArticle
from reader.importing.parsing import make_title, parse_text
from reader.importing.words import count_words, first_sentence
from tests.data.languages.make_samples import HERE

ALL = ["zh_hans", "zh_hant", "ja", "ko", "ar", "he", "th", "ru", "el"]


def _paragraphs(name: str) -> list[str]:
    return (HERE / f"{name}.txt").read_text(encoding="utf-8").strip().split("\n\n")


@pytest.mark.parametrize("name", ALL)
def test_each_article_imports_with_its_title_line(name: str) -> None:
    title, *paragraphs = _paragraphs(name)
    parsed = parse_text((HERE / f"{name}.txt").read_text(encoding="utf-8"))
    assert parsed.title == title
    assert parsed.body.split("\n\n") == paragraphs


@pytest.mark.parametrize("name", [*ALL, "km", "lo"])
def test_one_paragraph_is_an_article(name: str) -> None:
    paragraph = _paragraphs(name)[-1]
    parsed = parse_text(paragraph)
    assert parsed.body == paragraph
    assert paragraph.startswith(parsed.title.removesuffix("…"))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("北京地铁", 2),
        ("地铁将延长到机场", 4),
        ("東京都は新しい地下鉄の路線を建設する", 9),
        ("서울시는 새 노선을 개통한다", 4),  # Korean puts spaces between words
        # รถไฟฟ้า|สาย|ใหม่: 12 letters, the two tone marks not counted
        ("รถไฟฟ้าสายใหม่", 3),
        ("iPhone手机", 1),
        ("The 地铁 opens", 3),
        ("Two words", 2),
    ],
)
def test_words_of_unspaced_scripts_count_by_length(text: str, words: int) -> None:
    assert count_words(text) == words


@pytest.mark.parametrize("text", ["北京地铁延长", "東京の地下鉄", "รถไฟฟ้าใหม่"])
def test_a_headline_alone_is_still_too_short(text: str) -> None:
    with pytest.raises(NotAnArticle, match=r"^too short to be an article \(\d words\)$"):
        parse_text(text)


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ("地铁将延长到机场。市民表示欢迎。", "地铁将延长到机场。"),
        ("你去过机场吗？我还没有去过。", "你去过机场吗？"),
        ("太好了！地铁终于通车了。", "太好了！"),
        ("王女士说：“太方便了。”她很高兴。", "王女士说：“太方便了。”"),
        ("東京都は発表した。開業は来年だ。", "東京都は発表した。"),
        ("أعلنت الهيئة افتتاح الخط. وقال المتحدث إن", "أعلنت الهيئة افتتاح الخط."),
        ("هل سيفتح الخط قريبا؟ قال المتحدث نعم", "هل سيفتح الخط قريبا؟"),
        ("Мэр открыл участок. Он сказал, что", "Мэр открыл участок."),
        ("Die Linie ist offen. Über 20 Stationen", "Die Linie ist offen."),
        ("Costs rose approx. ten percent. Then", "Costs rose approx. ten percent."),
    ],
)
def test_first_sentences_end_at_the_stops_of_every_script(text: str, sentence: str) -> None:
    assert first_sentence(text) == sentence


def test_a_chinese_paragraph_ending_in_a_full_stop_is_not_a_title_line() -> None:
    first, second = _paragraphs("zh_hans")[1:3]
    parsed = parse_text(f"{first}\n\n{second}")
    assert parsed.title == (
        "北京市交通委员会星期二宣布，地铁十九号线将延长到大兴国际机场，预计明年年底通车。"
    )
    assert parsed.body == f"{first}\n\n{second}"


def test_a_long_first_sentence_is_cut_into_a_title() -> None:
    title = make_title("如" * 200 + "。")
    assert title.endswith("…") and len(title) <= 90


def test_hard_wrapped_chinese_joins_without_spaces() -> None:
    paragraph = _paragraphs("zh_hans")[1]
    wrapped = "\n".join(paragraph[i : i + 20] for i in range(0, len(paragraph), 20))
    parsed = parse_text(f"标题\n\n{wrapped}\n\n{_paragraphs('zh_hans')[2]}")
    assert parsed.body.split("\n\n")[0] == paragraph


def test_hard_wrapped_english_and_korean_keep_their_spaces() -> None:
    parsed = parse_text(
        "Title\n\nThe new line\nopens next year, officials said.\n\n"
        "서울시는 새\n노선을 개통한다고 밝혔다."
    )
    assert parsed.body == (
        "The new line opens next year, officials said.\n\n서울시는 새 노선을 개통한다고 밝혔다."
    )
