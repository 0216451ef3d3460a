"""Scoring an extracted article against its hand-checked body: token-level F1.

The measure of the extraction literature (CleanEval, the article-extraction benchmarks):
both texts become bags of word tokens; precision is the share of the extracted tokens that
the expected body has, recall the share of the expected tokens extracted. Scripts written
without spaces (Chinese, Japanese, Korean, Thai, Burmese) count each character as a token,
or a whole paragraph would be one "word".
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# The held-out news pages: NAME.html.gz (the page as saved) beside NAME.txt (its body).
NEWS_PAGES = Path(__file__).resolve().parents[1] / "tests" / "data" / "pages" / "news"

_UNSPACED = (
    "\u0e00-\u0e7f"  # Thai
    "\u1000-\u109f"  # Burmese
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # Hangul syllables
)
_TOKEN = re.compile(f"[{_UNSPACED}]|[^\\W{_UNSPACED}]+")


@dataclass(frozen=True, slots=True)
class Page:
    name: str
    html: bytes
    expected: str


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.casefold()))


def f1(extracted: str, expected: str) -> float:
    got, want = tokens(extracted), tokens(expected)
    common = sum((got & want).values())
    if common == 0:
        return 0.0
    precision = common / sum(got.values())
    recall = common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def news_pages(folder: Path = NEWS_PAGES) -> list[Page]:
    """Every page of the held-out set, in name order."""
    pages = []
    for expected in sorted(folder.glob("*.txt")):
        name = expected.name.removesuffix(".txt")
        html = gzip.decompress((folder / f"{name}.html.gz").read_bytes())
        pages.append(Page(name, html, expected.read_text(encoding="utf-8")))
    return pages


def all_text(html: bytes) -> str:
    """The plain baseline: every piece of visible text on the page, menus and all."""
    from lxml.html import HTMLParser, document_fromstring

    tree = document_fromstring(html, parser=HTMLParser(remove_comments=True, no_network=True))
    for element in tree.xpath("//script|//style|//noscript|//template"):
        element.drop_tree()
    return "\n".join(tree.itertext())
