"""The article kept from real saved news pages, scored against hand-checked bodies.

The floor is what the reader measures on this set (F1 mean 0.972, median 0.990 with
trafilatura 2.3) less a small margin for extractor updates; all the text of each page scores
0.58, so a reader that stopped removing the page's chrome would fail at once.
"""

from __future__ import annotations

import statistics

from bench.extraction_score import f1, news_pages, tokens
from reader.importing.formats import parse_page

MEAN_FLOOR = 0.96
MEDIAN_FLOOR = 0.98


def test_the_article_kept_from_news_pages_scores_above_the_floor() -> None:
    pages = news_pages()
    assert len(pages) >= 20
    scores = {page.name: f1(parse_page(page.html).body, page.expected) for page in pages}
    assert statistics.mean(scores.values()) >= MEAN_FLOOR, scores
    assert statistics.median(scores.values()) >= MEDIAN_FLOOR, scores


def test_f1_scores_what_it_should() -> None:
    assert f1("the ferry sails at dawn", "the ferry sails at dawn") == 1.0
    assert f1("menu home news", "the ferry sails") == 0.0
    # Half the extracted tokens are right and all expected ones are found: P 0.5, R 1.0.
    assert round(f1("a b c d", "a b"), 3) == 0.667
    # Scripts without spaces count characters, not whole sentences.
    assert sum(tokens("港特首道歉").values()) == 5
