"""Bytes to text: byte-order marks, UTF-8, legacy code pages, and refusing what is not text."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.errors import NotAnArticle
from reader.importing.decoding import decode_bytes, format_size, read_text_file
from tests.conftest import run_unprivileged

WESTERN = "The ticket cost £45 at the café, and “everyone” paid €12 for crème brûlée in Zürich."
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00"
MB = 1024 * 1024


# --- byte-order marks and Unicode -------------------------------------------------------------


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
    ],
)
def test_byte_order_mark_decides_the_encoding_and_is_dropped(bom: bytes, encoding: str) -> None:
    assert decode_bytes(bom + WESTERN.encode(encoding)) == WESTERN


def test_plain_utf8_is_decoded_as_is() -> None:
    assert decode_bytes(WESTERN.encode("utf-8")) == WESTERN


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark_is_recognised(encoding: str) -> None:
    text = "A plain English sentence about the weather in London today.\nSecond line."
    assert decode_bytes(text.encode(encoding)) == text


# --- legacy code pages ------------------------------------------------------------------------


def test_cp1252_pound_euro_quotes_and_accents_come_out_right() -> None:
    decoded = decode_bytes(WESTERN.encode("cp1252"))
    assert decoded == WESTERN
    assert "\ufffd" not in decoded


@pytest.mark.parametrize(
    "text",
    [
        "The ticket cost £45 at the café, he said.",
        "Price: £3",
        "Übermäßig schöne Grüße aus München, sagte der Bürgermeister.",
        "He said “no” – and left.",
        "It’s a €5 coffee, isn’t it?",
    ],
)
def test_short_western_text_is_not_read_as_a_neighbouring_code_page(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


def test_latin1_file_decodes_without_mojibake() -> None:
    text = "Le café coûte £4 à Genève; naïve façade, Ångström, señor."
    assert decode_bytes(text.encode("latin-1")) == text


def test_cyrillic_code_page_is_trusted_to_the_detector() -> None:
    text = "Привет, как дела? Это новость о погоде в Москве сегодня утром."
    assert decode_bytes(text.encode("cp1251")) == text


def test_central_european_code_page_is_recognised_by_broken_words() -> None:
    text = "Zażółć gęślą jaźń, powiedział minister w środę w Warszawie."
    assert decode_bytes(text.encode("cp1250")) == text


def test_bytes_undefined_in_cp1252_fall_back_to_latin1() -> None:
    # 0x81 has no cp1252 meaning; the rest must still come out readable.
    decoded = decode_bytes(b"Caf\xe9 au lait \x81 costs \xa33 today")
    assert decoded.startswith("Café au lait")
    assert decoded.endswith("costs £3 today")


# --- line endings and control characters ------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_line_endings_become_lf(newline: str) -> None:
    text = newline.join(["First line", "", "Second line", "Third"])
    assert decode_bytes(text.encode("utf-8")) == "First line\n\nSecond line\nThird"


def test_stray_control_characters_are_removed_but_tabs_kept() -> None:
    assert decode_bytes(b"Tab\there\x07 and\x1b there") == "Tab\there and there"


def test_form_feed_becomes_a_line_break() -> None:
    assert decode_bytes(b"Page one\x0cPage two") == "Page one\nPage two"


# --- not text ---------------------------------------------------------------------------------


def test_binary_with_nul_bytes_is_refused() -> None:
    with pytest.raises(NotAnArticle, match=r"^binary file \(contains NUL bytes\)$"):
        decode_bytes(PNG_HEADER + bytes(64))


def test_control_characters_without_nuls_are_not_text() -> None:
    with pytest.raises(NotAnArticle, match=r"^not text \("):
        decode_bytes(bytes(range(1, 32)) * 10)


@pytest.mark.parametrize(
    "payload",
    [b"\x00\xdc" * 40, "\x01\x02\x03\x04".encode("utf-16-le") * 10],
    ids=["lone-surrogates", "control-characters"],
)
def test_garbage_after_a_utf16_mark_is_not_text(payload: bytes) -> None:
    with pytest.raises(NotAnArticle, match=r"^not text \("):
        decode_bytes(codecs.BOM_UTF16_LE + payload)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_clean_text_or_are_refused(data: bytes) -> None:
    try:
        text = decode_bytes(data)
    except NotAnArticle as exc:
        assert str(exc)
        return
    assert "\r" not in text
    assert not any(ord(char) < 32 and char not in "\n\t" for char in text)


# --- files ------------------------------------------------------------------------------------


def test_reads_and_decodes_a_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(WESTERN.encode("cp1252"))
    assert read_text_file(path, 5 * MB) == WESTERN


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    with pytest.raises(NotAnArticle, match=r"^empty file$"):
        read_text_file(path, 5 * MB)


def test_too_large_file_is_refused_by_size_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * MB)  # sparse: takes no disk space

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("an oversized file was opened")

    monkeypatch.setattr(Path, "open", must_not_open)
    monkeypatch.setattr(Path, "read_bytes", must_not_open)
    with pytest.raises(NotAnArticle, match=r"^larger than the 5 MB limit \(100 MB\)$"):
        read_text_file(path, 5 * MB)


def test_size_message_is_exact_when_rounding_would_hide_the_excess(tmp_path: Path) -> None:
    path = tmp_path / "just-over.txt"
    with path.open("wb") as handle:
        handle.truncate(5 * MB + 1)
    with pytest.raises(NotAnArticle, match=r"^larger than the 5 MB limit \(5,242,881 bytes\)$"):
        read_text_file(path, 5 * MB)


def test_file_at_the_limit_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "fits.txt"
    path.write_bytes(b"a" * 100)
    assert read_text_file(path, 100) == "a" * 100


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(PNG_HEADER + bytes(200))
    with pytest.raises(NotAnArticle, match=r"^binary file \(contains NUL bytes\)$"):
        read_text_file(path, 5 * MB)


def test_directory_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(NotAnArticle, match=r"^not a regular file$"):
        read_text_file(tmp_path, 5 * MB)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(NotAnArticle, match=r"^unreadable: no such file or directory$"):
        read_text_file(tmp_path / "missing.txt", 5 * MB)


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_file_without_read_permission_is_unreadable(open_folder: Path) -> None:
    path = open_folder / "secret.txt"
    path.write_text("Nobody may read this text at all.")
    path.chmod(0)
    result = run_unprivileged(
        f"""
        try:
            read_text_file(Path({str(path)!r}), {5 * MB})
        except NotAnArticle as exc:
            print(exc)
        """,
        "from pathlib import Path\nfrom reader.importing.decoding import read_text_file\n"
        "from reader.errors import NotAnArticle",
    )
    assert result.stdout.strip() == "unreadable: permission denied", result.stderr


@pytest.mark.parametrize(
    ("size", "shown"),
    [
        (0, "0 bytes"),
        (1023, "1023 bytes"),
        (1536, "1.5 KB"),
        (5 * MB, "5 MB"),
        (12.3 * MB, "12.3 MB"),
    ],
)
def test_sizes_read_naturally(size: float, shown: str) -> None:
    assert format_size(int(size)) == shown


def test_permission_error_while_opening_is_reported_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Works as root too, where chmod cannot take read access away.
    path = tmp_path / "locked.txt"
    path.write_text("Some perfectly fine article text here.")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "open", refuse)
    with pytest.raises(NotAnArticle, match=r"^unreadable: permission denied$"):
        read_text_file(path, 5 * MB)
