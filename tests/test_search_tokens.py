"""The index's tokens in every script: pairs of CJK, Hangul and Thai characters that find what
a substring search finds, whole words elsewhere, and folding of case and accents across
scripts; checked on the articles of tests/data/languages and in a real FTS5 table."""

from __future__ import annotations

import random
import sqlite3
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.search.tokens import QueryTerms, find_spans, fold, index_text, query_terms
from tests.data.languages.make_samples import HERE

PAIRED = ["zh_hans", "zh_hant", "ja", "ko", "th"]
TOKENIZER = "unicode61 remove_diacritics 0 categories 'L* M* N* Co'"


def _text(name: str) -> str:
    return (HERE / f"{name}.txt").read_text(encoding="utf-8")


def _terms(query: str, prefix: bool = False) -> QueryTerms:
    terms = query_terms(query, prefix)
    assert terms is not None
    return terms


def _found(text: str, query: str) -> list[str]:
    return [text[start:end] for start, end in find_spans(text, [_terms(query)])]


# --- folding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("İSTANBUL", "istanbul"),
        ("Diyarbakır", "diyarbakir"),
        ("Straße", "STRASSE"),
        ("ΟΔΟΣ", "οδός"),  # capital sigma, final sigma, the accent
        ("Ёлка", "елка"),
        ("Café crème", "cafe creme"),
        ("مُحَمَّـــد", "محمد"),  # vowel marks and tatweel
        ("שָׁלוֹם", "שלום"),  # points
        ("ＡＢＣ１２３", "abc123"),
        ("ｶﾀｶﾅ", "カタカナ"),
        ("infor\u00admation", "information"),
        ("\u202eabc\u202c", "abc"),
    ],
)
def test_folding_makes_these_the_same(one: str, other: str) -> None:
    assert fold(one) == fold(other)


@pytest.mark.parametrize(("one", "other"), [("が", "か"), ("กิน", "กน"), ("हिन्दी", "हनद")])
def test_marks_that_make_another_letter_stay(one: str, other: str) -> None:
    assert fold(one) != fold(other)


# --- tokens -----------------------------------------------------------------------------------


def test_cjk_runs_are_pairs_then_their_last_character() -> None:
    assert index_text("地铁将延长，iPhone手机") == "地铁 铁将 将延 延长 长 iphone 手机 机"


def test_words_of_spaced_scripts_stay_whole() -> None:
    assert index_text("Мэр открыл участок; e-mail «метро»") == "мэр открыл участок e mail метро"
    assert index_text("हिन्दी भाषा") == "हिन्दी भाषा"


@pytest.mark.parametrize(
    ("query", "tokens", "prefix"),
    [
        ("地铁", ("地铁",), False),
        ("铁", ("铁",), True),
        ("地铁将延长", ("地铁", "铁将", "将延", "延长"), False),
        ("北京 地铁", ("北京", "京地", "地铁"), False),  # the text has no space there
        ("手机iPhone", ("手机", "机", "iphone"), False),
        ("2024年", ("2024", "年"), True),
        ("서울 지하철", ("서울", "울", "지하", "하철"), False),  # Korean keeps its spaces
        ("Straße", ("strasse",), False),
    ],
)
def test_query_terms(query: str, tokens: tuple[str, ...], prefix: bool) -> None:
    assert query_terms(query) == QueryTerms(tokens, prefix)


def test_a_query_without_words_has_no_terms() -> None:
    assert query_terms("，。— !") is None


# --- CJK, Hangul and Thai find what a substring search finds ---------------------------------


def _substrings(text: str, count: int, seed: int) -> list[str]:
    """Substrings of the paired-script runs of ``text``: 1 to 6 characters."""
    rng = random.Random(seed)
    runs = [run for run in index_text(text).split() if len(run) > 1]
    raw = "".join(ch for ch in text if fold(ch) and not ch.isspace() and ch.isalpha())
    picked = set()
    while len(picked) < count and runs:
        start = rng.randrange(len(raw))
        piece = raw[start : start + rng.randint(1, 6)]
        if piece in text and all(query_terms(ch) for ch in piece) and _stable(text, piece):
            picked.add(piece)
    return sorted(picked)


def _stable(text: str, piece: str) -> bool:
    """Whether compatibility normalisation leaves the occurrences of ``piece`` alone: Thai
    "ำ" is "ํา" to the index, as to every NFKC search, so "า" is found in it."""
    normal = unicodedata.normalize("NFKC", text)
    return normal.count(unicodedata.normalize("NFKC", piece)) == text.count(piece)


@pytest.mark.parametrize("name", PAIRED)
def test_every_substring_query_finds_exactly_its_occurrences(name: str) -> None:
    text = _text(name)
    for query in _substrings(text, 80, seed=len(name)):
        found = [_without_trailing_marks(span, query) for span in _found(text, query)]
        assert found == [query] * text.count(query), query


def _without_trailing_marks(span: str, query: str) -> str:
    """A match takes the marks on its last letter with it (Thai "ก" in "กิ" is marked "กิ")."""
    rest = span[len(query) :]
    return query if span.startswith(query) and all(_is_mark(ch) for ch in rest) else span


def _is_mark(char: str) -> bool:
    return unicodedata.category(char)[0] == "M"


def test_korean_words_are_found_with_their_particles() -> None:
    text = _text("ko")
    assert _found(text, "언어") == ["언어"]  # in "언어입니다"
    assert _found(text, "지하철") == ["지하철", "지하철"]
    assert _found(text, "유학생") == ["유학생"]  # in "유학생은"
    assert _found(text, "한국어") == ["한국어"]


def test_a_phrase_across_scripts_is_found() -> None:
    assert _found("新款手机iPhone发布", "手机iPhone") == ["手机iPhone"]


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(alphabet="地铁机场北京将延长 ，a", max_size=40),
    query=st.text(alphabet="地铁机场北京将延长", min_size=1, max_size=5),
)
def test_cjk_matching_is_substring_matching(text: str, query: str) -> None:
    spans = find_spans(text, [_terms(query)])
    assert [text[a:b] for a, b in spans] == _non_overlapping(text, query)


def _non_overlapping(text: str, query: str) -> list[str]:
    found, start = [], text.find(query)
    while start >= 0:
        found.append(query)
        start = text.find(query, start + len(query))
    return found


# --- the same in a real FTS5 table ----------------------------------------------------------


@pytest.fixture(scope="module")
def fts() -> sqlite3.Connection:
    """Every paragraph of the articles, indexed by its tokens, and kept raw beside them."""
    conn = sqlite3.connect(":memory:")
    conn.execute(f'CREATE VIRTUAL TABLE t USING fts5(body, tokenize="{TOKENIZER}")')
    conn.execute("CREATE TABLE raw(id INTEGER PRIMARY KEY, body TEXT)")
    paragraphs = [
        paragraph
        for name in [*PAIRED, "ar", "he", "ru", "el"]
        for paragraph in _text(name).split("\n\n")
    ]
    for number, paragraph in enumerate(paragraphs, start=1):
        conn.execute("INSERT INTO t(rowid, body) VALUES (?, ?)", (number, index_text(paragraph)))
        conn.execute("INSERT INTO raw VALUES (?, ?)", (number, paragraph))
    return conn


def _match(conn: sqlite3.Connection, query: str, prefix: bool = False) -> set[int]:
    phrase = _terms(query, prefix).fts5()
    return {row[0] for row in conn.execute("SELECT rowid FROM t WHERE t MATCH ?", (phrase,))}


def _contains(conn: sqlite3.Connection, query: str) -> set[int]:
    return {row[0] for row in conn.execute("SELECT id FROM raw WHERE instr(body, ?)", (query,))}


@pytest.mark.parametrize("name", PAIRED)
def test_fts5_finds_what_a_substring_search_finds(fts: sqlite3.Connection, name: str) -> None:
    for query in _substrings(_text(name), 40, seed=7):
        assert _match(fts, query) == _contains(fts, query), query


@pytest.mark.parametrize(
    ("query", "present"),
    [
        ("地铁", "地铁"),
        ("机", "机"),
        ("捷運", "捷運"),
        ("地下鉄", "地下鉄"),
        ("언어", "언어"),
        ("รถไฟฟ้า", "รถไฟฟ้า"),
        ("الرياض", "الرياض"),
        ("الرِّيَاض", "الرياض"),  # vowel marks in the query
        ("ירושלים", "ירושלים"),
        ("МЕТРО", "метро"),
        ("Θεσσαλονικης", "Θεσσαλονίκης"),
    ],
)
def test_fts5_finds_each_script(fts: sqlite3.Connection, query: str, present: str) -> None:
    found = _match(fts, query)
    # Spaced scripts match whole words: "ירושלים" is not found in "בירושלים" ("in Jerusalem").
    assert found and found <= _contains(fts, present)


def test_fts5_keeps_whole_words_in_spaced_scripts(fts: sqlite3.Connection) -> None:
    assert not _match(fts, "мет")  # a word part is not a word
    assert _match(fts, "мет", prefix=True) == _match(fts, "метро")
