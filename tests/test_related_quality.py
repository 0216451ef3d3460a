"""The quality floors of related articles and tag suggestions, on a labelled news corpus
built here (``bench.labelled_news``: shared common words, overlapping topic vocabularies,
articles that mix two topics, wire copies).

- Related: of each article's 10 related articles (near-identical copies aside), at least
  85% on average share its topic.
- Suggestions: with 80% of the articles tagged by topic, the top suggestion for each of the
  other 20% is its topic at least 90% of the time.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from bench.labelled_news import VOCABULARIES, LabelledArticle, labelled_corpus
from reader import Library
from reader.search.tokens import index_text

ARTICLES = 1500
RELATED_FLOOR = 0.85
SUGGESTION_FLOOR = 0.90


@pytest.fixture(scope="module")
def corpus() -> list[LabelledArticle]:
    return labelled_corpus(ARTICLES)


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory, corpus: list[LabelledArticle]
            ) -> tuple[Library, dict[int, str]]:
    folder = tmp_path_factory.mktemp("labelled")
    for item in corpus:
        (folder / f"{item.index:05d}.txt").write_text(item.file_text(), encoding="utf-8")
    library = Library.open(folder / "library.sqlite3")
    report = library.import_paths([folder])
    assert not report.failed
    ids = {Path(done.path).stem: done.id for done in report.imported}
    library.related.refresh()
    return library, {ids[f"{item.index:05d}"]: item.topic for item in corpus}


def test_the_corpus_is_not_sorted_by_a_few_words(corpus: list[LabelledArticle]) -> None:
    """Each article's own topic words are a small part of its text, shared topic words and
    other topics' words are common, and many articles mix two topics."""
    owners: dict[str, set[str]] = {}
    for topic, words in VOCABULARIES.items():
        for word in words:
            owners.setdefault(word, set()).add(topic)
    shared = sum(len(topics) > 1 for topics in owners.values()) / len(owners)
    assert shared >= 0.1
    own_shares = []
    mixed = 0
    for item in corpus:
        words = Counter(index_text(item.body).split())
        topical = sum(n for w, n in words.items() if w in owners)
        own = sum(n for w, n in words.items() if owners.get(w) == {item.topic})
        own_shares.append(own / sum(words.values()))
        others = sum(n for w, n in words.items() if w in owners and item.topic not in owners[w])
        mixed += others >= 0.25 * topical
    print(f"shared words {shared:.2f}, own words {sum(own_shares) / len(own_shares):.3f}, "
          f"mixed {mixed / len(corpus):.2f}")
    assert sum(own_shares) / len(own_shares) < 0.25
    assert mixed / len(corpus) >= 0.3


def test_related_articles_share_the_topic(indexed: tuple[Library, dict[int, str]]) -> None:
    library, topics = indexed
    shares = []
    for article_id, topic in list(topics.items())[::3]:  # 500 articles, every topic alike
        plain = [r for r in library.related.related(article_id, limit=10) if not r.near_duplicate]
        assert len(plain) == 10
        shares.append(sum(topics[r.summary.id] == topic for r in plain) / 10)
    print(f"related: {sum(shares) / len(shares):.3f} share the topic")
    assert sum(shares) / len(shares) >= RELATED_FLOOR


def test_the_top_suggestion_is_the_topic(indexed: tuple[Library, dict[int, str]]) -> None:
    library, topics = indexed
    rng = random.Random(5)
    ids = list(topics)
    rng.shuffle(ids)
    tagged, held_out = ids[: len(ids) * 4 // 5], ids[len(ids) * 4 // 5 :]
    for topic in set(topics.values()):
        library.add_tags([i for i in tagged if topics[i] == topic], [topic])
    right = 0
    for article_id in held_out:
        suggestions = library.related.suggest_tags(article_id)
        right += bool(suggestions) and suggestions[0].tag == topics[article_id]
    print(f"suggestions: top one right for {right / len(held_out):.3f}")
    assert right / len(held_out) >= SUGGESTION_FLOOR
