"""Legacy encodings of every script: CJK multi-byte code pages, ISO-2022, and the single-byte
code pages of Cyrillic, Greek, Arabic, Hebrew and Thai, on whole articles and on a line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader import Library
from reader.importing.decoding import decode_bytes
from reader.importing.legacy_encodings import LANGUAGES, plausibility
from tests.data.languages.make_samples import HERE, LEGACY, legacy_files

CJK = {
    "zh_hans": ("gb2312", "gbk", "gb18030"),
    "zh_hant": ("big5", "cp950"),
    "ja": ("shift_jis", "cp932", "euc_jp", "iso2022_jp"),
    "ko": ("euc_kr", "cp949"),
}


def _text(name: str) -> str:
    return (HERE / f"{name}.txt").read_text(encoding="utf-8")


def _lines(name: str) -> list[str]:
    return [line for line in _text(name).splitlines() if line]


@pytest.mark.parametrize(
    ("path", "encoding", "original"), legacy_files(), ids=lambda value: getattr(value, "name", "")
)
def test_every_legacy_file_reads_as_its_utf8_original(
    path: Path, encoding: str, original: Path
) -> None:
    assert decode_bytes(path.read_bytes()) == original.read_text(encoding="utf-8").strip() + "\n"


def test_the_legacy_files_are_the_originals_encoded() -> None:
    for path, encoding, original in legacy_files():
        assert path.read_bytes() == original.read_text(encoding="utf-8").encode(encoding)


@pytest.mark.parametrize(
    ("name", "encoding"), [(name, enc) for name, encodings in CJK.items() for enc in encodings]
)
@pytest.mark.parametrize("size", [6, 10, 20])
def test_a_few_cjk_characters_are_enough(name: str, encoding: str, size: int) -> None:
    # The headline's first characters: too little for a statistical detector.
    head = _lines(name)[0][:size]
    assert decode_bytes(head.encode(encoding)) == head


@pytest.mark.parametrize(
    ("name", "encoding"),
    [(name, enc) for name, encodings in LEGACY.items() for enc in encodings],
)
def test_each_headline_and_first_paragraph_alone(name: str, encoding: str) -> None:
    headline, paragraph = _lines(name)[:2]
    assert decode_bytes(headline.encode(encoding)) == headline
    assert decode_bytes(paragraph.encode(encoding)) == paragraph


def test_characters_beyond_gb2312_read_as_gbk() -> None:
    text = "朱镕基和王喆昨天抵达上海。"  # 镕 and 喆 are GBK, not GB2312
    assert decode_bytes(text.encode("gbk")) == text


def test_koi8_r_is_told_from_windows_1251() -> None:
    text = "Жители района встретили новость с радостью и надеждой."
    assert decode_bytes(text.encode("koi8_r")) == text
    assert decode_bytes(text.encode("cp1251")) == text


def test_iso2022_jp_is_not_taken_for_ascii() -> None:
    text = _lines("ja")[1]
    data = text.encode("iso2022_jp")
    assert data.isascii()
    assert decode_bytes(data) == text


def test_a_cjk_file_cut_inside_its_last_character_keeps_the_rest() -> None:
    text = _lines("zh_hans")[1]
    decoded = decode_bytes(text.encode("gb2312")[:-1])
    assert decoded == text[:-1] + "\ufffd"


def test_damaged_utf8_chinese_stays_utf8() -> None:
    text = _lines("zh_hans")[1]
    data = text.encode("utf-8")
    decoded = decode_bytes(data[:30] + b"\xff" + data[30:])
    assert decoded.replace("\ufffd", "") == text


def test_misreadings_score_below_zero_and_the_right_reading_above() -> None:
    data = _lines("ja")[1].encode("euc_jp")
    scores = {}
    for language in LANGUAGES:
        for family in language.families:
            try:
                scores[family[0]] = plausibility(data.decode(family[0]), language)
            except UnicodeDecodeError:
                continue
    assert scores.pop("euc_jp") > 0.5
    assert max(scores.values()) < 0


def test_the_same_text_in_two_encodings_is_one_article(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(HERE / "ja.txt", folder / "a-utf8.txt")
    shutil.copy(HERE / "ja.shift_jis.txt", folder / "b-sjis.txt")
    shutil.copy(HERE / "ja.euc_jp.txt", folder / "c-eucjp.txt")
    library = Library.open(tmp_path / "lib.sqlite3")
    try:
        report = library.import_paths([folder])
        assert [Path(item.path).name for item in report.imported] == ["a-utf8.txt"]
        assert sorted(Path(item.path).name for item in report.duplicates) == [
            "b-sjis.txt",
            "c-eucjp.txt",
        ]
        article = library.article(report.imported[0].id)
        assert article.title == _lines("ja")[0]
    finally:
        library.close()
