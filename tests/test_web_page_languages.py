"""Saved web pages and clips in the legacy encodings of Chinese, Japanese, Korean and Thai,
declared as the web labels them or not declared at all."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from reader.importing.formats import load_document
from tests.data.languages.make_samples import HERE as LANGUAGES
from tests.test_web_pages import PAGES, article, page, write

NEWS = PAGES / "news"
_META = re.compile(rb"<meta[^>]*charset[^>]*>", re.IGNORECASE)


def _paragraphs(name: str) -> list[str]:
    return (LANGUAGES / f"{name}.txt").read_text(encoding="utf-8").strip().split("\n\n")


def _news_page(name: str, encoding: str, declared: str | None) -> bytes:
    """A real saved page re-encoded, its charset declaration replaced (or removed)."""
    html = gzip.decompress((NEWS / f"{name}.html.gz").read_bytes())
    meta = f'<meta charset="{declared}">'.encode() if declared else b""
    html = _META.sub(lambda _match: meta, html)
    # Characters the legacy encoding lacks become references, as a browser saving it writes.
    return html.decode("utf-8").encode(encoding, errors="xmlcharrefreplace")


@pytest.mark.parametrize(
    ("name", "encoding", "declared"),
    [
        ("chinese_article", "gb18030", "gb2312"),
        ("chinese_article", "gb18030", None),
        ("chinese_article_001", "gbk", "x-gbk"),
        ("japanese_article2", "cp932", "Shift_JIS"),
        ("japanese_article2", "cp932", None),
        ("japanese_article2", "euc_jp", "EUC-JP"),
        ("japanese_article2", "euc_jp", None),
    ],
)
def test_a_real_page_reads_the_same_in_its_legacy_encoding(
    tmp_path: Path, name: str, encoding: str, declared: str | None
) -> None:
    original = load_document(write(tmp_path, "utf8.html", _news_page(name, "utf-8", "utf-8")))
    legacy = load_document(write(tmp_path, "legacy.html", _news_page(name, encoding, declared)))
    assert legacy.body == original.body
    assert legacy.title == original.title
    assert legacy.content_hash == original.content_hash


@pytest.mark.parametrize(
    ("name", "encoding", "label"),
    [
        ("ko", "euc_kr", "euc-kr"),
        ("ko", "euc_kr", None),
        ("zh_hant", "big5", "big5"),
        ("zh_hant", "big5", None),
        ("ja", "iso2022_jp", "iso-2022-jp"),
        ("ja", "iso2022_jp", None),
        ("th", "cp874", "tis-620"),
        ("th", "cp874", None),
    ],
)
def test_a_page_in_each_legacy_encoding(
    tmp_path: Path, name: str, encoding: str, label: str | None
) -> None:
    title, *paragraphs = _paragraphs(name)
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={label}">' if label else ""
    html = page(f"<h1>{title}</h1>" + article(*paragraphs), head)
    document = load_document(write(tmp_path, "page.html", html.encode(encoding)))
    assert document.body.split("\n\n") == paragraphs


def test_a_page_declared_gb2312_with_gbk_characters(tmp_path: Path) -> None:
    # 镕 is GBK, not GB2312; browsers read the gb2312 label as GBK and so must we.
    lead = "朱镕基昨天在北京会见了来访的代表团，双方就经济合作交换了意见。"
    paragraphs = [lead, *_paragraphs("zh_hans")[1:]]
    html = page(article(*paragraphs), '<meta charset="gb2312">')
    document = load_document(write(tmp_path, "page.html", html.encode("gbk")))
    assert document.body.split("\n\n") == paragraphs


def test_a_clip_in_shift_jis(tmp_path: Path) -> None:
    title, *paragraphs = _paragraphs("ja")
    clip = f"---\ntitle: {title}\nurl: https://example.com/news/1\n---\n\n" + "\n\n".join(
        paragraphs
    )
    document = load_document(write(tmp_path, "clip.md", clip.encode("shift_jis")))
    assert document.title == title
    assert document.body.split("\n\n") == paragraphs
