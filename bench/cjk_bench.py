"""CJK search designs on a mixed library, in raw sqlite3: which one finds what a substring
search finds, how fast, at what size and import cost; and legacy encodings told apart.

The library: 100,000 articles, most of them generated English (``bench.documents``) and one in
four Chinese, Japanese, Korean or Thai, made of the sentences of the real news texts of
``tests/data/pages/news`` and the articles of ``tests/data/languages`` in a seeded shuffle.
Three FTS5 tables index it, each in its own file:

- ``unicode61``: the tokenizer the library uses today; a CJK run between punctuation is one
  token, so a word inside a sentence is never found;
- ``trigram``: FTS5's own; a substring index for three characters or more, which a query of
  one or two characters (most Chinese words) cannot use;
- ``bigrams``: the text as ``reader.search.tokens.index_text`` writes it, in ``unicode61``
  keeping marks as token characters: pairs of characters for CJK, Hangul and Thai.

Recall is the share of the articles a substring search (``instr``) finds that the MATCH
finds; the substring search's scan is also the time baseline.
"""

from __future__ import annotations

import contextlib
import random
import re
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from bench import Options
from bench.documents import generate_document
from bench.report import Table
from reader.search.tokens import index_text, query_terms

ARTICLES = 100_000
CJK_SHARE = 0.25
RUNS = 5
ROOT = Path(__file__).resolve().parent.parent
SOURCES = {
    "zh": ["tests/data/pages/news/chinese_article.txt",
           "tests/data/pages/news/chinese_article_001.txt",
           "tests/data/pages/news/chinese_article_002.txt",
           "tests/data/languages/zh_hans.txt", "tests/data/languages/zh_hant.txt"],
    "ja": ["tests/data/pages/news/japanese_article.txt",
           "tests/data/pages/news/japanese_article2.txt", "tests/data/languages/ja.txt"],
    "ko": ["tests/data/languages/ko.txt"],
    "th": ["tests/data/pages/news/thai_article.txt", "tests/data/languages/th.txt"],
}
# Queries by kind, each found in the sources; a query no article holds is left out.
QUERIES = {
    "2-char words": ["地铁", "机场", "香港", "中美", "美国", "政府", "東京", "路線", "捷運",
                     "서울", "언어", "노선"],
    "longer words": ["行政长官", "违章建筑", "地下鉄", "国家主席", "大兴国际机场",
                     "ナイジェリア", "지하철", "경전철", "รถไฟฟ้า", "กรุงเทพมหานคร"],
    "phrases": ["地铁十九号线将延长", "中美合作共赢", "建設すると発表", "自爆攻撃が起き",
                "아름다운 언어입니다", "새로운 경전철 노선", "ผู้สื่อข่าวได้รับแจ้ง"],
    "single characters": ["铁", "港", "駅", "鉄", "말", "역"],
}
TOKENIZERS = {
    "unicode61": "unicode61 remove_diacritics 2",
    "trigram": "trigram",
    "bigrams": "unicode61 remove_diacritics 0 categories 'L* M* N* Co'",
}
_PAIRED = re.compile(r"[\u0e01-\u0e5b\u3041-\u30ff\u4e00-\u9fff\uac00-\ud7a3]")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?|[^\n]+")


# --- the corpus -----------------------------------------------------------------------------


def _sentences() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for language, paths in SOURCES.items():
        text = "\n".join((ROOT / path).read_text(encoding="utf-8") for path in paths)
        pieces = _SENTENCE.findall(text) if language in ("zh", "ja") else text.split(". ")
        found[language] = [piece.strip() for piece in pieces if piece.strip()]
    return found


def corpus(count: int, seed: int) -> Iterator[str]:
    """``count`` article bodies: generated English, and CJK or Thai ones made of real
    sentences (a fixed share of the library)."""
    rng = random.Random(seed)
    sentences = _sentences()
    languages = list(sentences)
    for index in range(count):
        if rng.random() >= CJK_SHARE:
            yield generate_document(seed, index).text
            continue
        pool = sentences[rng.choice(languages)]
        chosen = rng.sample(pool, min(len(pool), rng.randint(8, 20)))
        joiner = "" if pool is sentences["zh"] or pool is sentences["ja"] else ". "
        yield joiner.join(chosen)


# --- building the tables ----------------------------------------------------------------------


def _build(path: Path, texts: list[str], variant: str) -> float:
    """Write ``texts`` into a new FTS5 table of ``variant`` at ``path``; returns seconds."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute(f'CREATE VIRTUAL TABLE t USING fts5(body, tokenize="{TOKENIZERS[variant]}")')
    started = time.perf_counter()
    convert: Callable[[str], str] = index_text if variant == "bigrams" else str
    with conn:
        conn.executemany(
            "INSERT INTO t(rowid, body) VALUES (?, ?)",
            ((number, convert(text)) for number, text in enumerate(texts, start=1)),
        )
        conn.execute("INSERT INTO t(t) VALUES ('optimize')")
    elapsed = time.perf_counter() - started
    conn.execute("VACUUM")
    conn.close()
    return elapsed


def _build_raw(path: Path, texts: list[str]) -> float:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("CREATE TABLE raw(id INTEGER PRIMARY KEY, body TEXT)")
    started = time.perf_counter()
    with conn:
        conn.executemany("INSERT INTO raw VALUES (?, ?)", enumerate(texts, start=1))
    elapsed = time.perf_counter() - started
    conn.execute("VACUUM")
    conn.close()
    return elapsed


# --- querying ---------------------------------------------------------------------------------


def _fts_query(variant: str, query: str) -> str:
    if variant == "bigrams":
        terms = query_terms(query)
        assert terms is not None
        return terms.fts5()
    return '"' + query.replace('"', '""') + '"'


def _timed(run: Callable[[], set[int]], runs: int = RUNS) -> tuple[set[int], float]:
    found: set[int] = set()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        found = run()
        samples.append((time.perf_counter() - started) * 1000)
    return found, statistics.median(samples)


def _match(conn: sqlite3.Connection, variant: str, query: str) -> set[int]:
    sql = "SELECT rowid FROM t WHERE t MATCH ?"
    return {row[0] for row in conn.execute(sql, (_fts_query(variant, query),))}


def _substring(conn: sqlite3.Connection, query: str) -> set[int]:
    return {row[0] for row in conn.execute("SELECT id FROM raw WHERE instr(body, ?)", (query,))}


def _measure(folder: Path) -> dict[str, dict[str, tuple[float, float, float]]]:
    """Per kind of query and variant: (recall, median query ms, substring scan ms)."""
    raw = sqlite3.connect(folder / "raw.sqlite3")
    tables = {name: sqlite3.connect(folder / f"{name}.sqlite3") for name in TOKENIZERS}
    results: dict[str, dict[str, tuple[float, float, float]]] = {}
    for kind, queries in QUERIES.items():
        truth_total = 0
        hits = dict.fromkeys(TOKENIZERS, 0)
        times: dict[str, list[float]] = {name: [] for name in TOKENIZERS}
        scans: list[float] = []
        for query in queries:
            # Once: at 100,000 articles a scan takes a second, and it is only the yardstick.
            truth, scan_ms = _timed(lambda q=query: _substring(raw, q), runs=1)
            if not truth:
                continue
            truth_total += len(truth)
            scans.append(scan_ms)
            for name, conn in tables.items():
                found, ms = _timed(lambda c=conn, n=name, q=query: _match(c, n, q))
                hits[name] += len(found & truth)
                times[name].append(ms)
        results[kind] = {
            name: (hits[name] / truth_total, statistics.mean(times[name]), statistics.mean(scans))
            for name in TOKENIZERS
        }
    return results


def _tokenizing_cost(texts: list[str]) -> dict[str, float]:
    """Microseconds ``index_text`` takes per article, English and CJK or Thai apart."""
    groups = {
        "English": [text for text in texts[:4000] if not _PAIRED.search(text)],
        "CJK or Thai": [text for text in texts[:4000] if _PAIRED.search(text)],
    }
    cost = {}
    for kind, group in groups.items():
        started = time.perf_counter()
        for text in group:
            index_text(text)
        cost[kind] = (time.perf_counter() - started) / max(len(group), 1) * 1e6
    return cost


# --- legacy encodings -----------------------------------------------------------------------


def _detection_table() -> Table:
    from charset_normalizer import from_bytes

    from reader.errors import NotAnArticle
    from reader.importing.decoding import clean_text, decode_bytes
    from tests.data.languages.make_samples import LEGACY

    right = detector = total = 0
    for name, encodings in LEGACY.items():
        text = (ROOT / "tests/data/languages" / f"{name}.txt").read_text(encoding="utf-8")
        flat = " ".join(text.split())
        samples = [text, *text.split("\n\n")[:2], *(flat[:size] for size in (6, 10, 20, 40))]
        for encoding in encodings:
            for sample in samples:
                data = sample.encode(encoding)
                total += 1
                with contextlib.suppress(NotAnArticle):  # refused: not read right
                    right += decode_bytes(data) == clean_text(sample)
                best = from_bytes(data).best()
                detector += best is not None and clean_text(str(best)) == clean_text(sample)
    table = Table("cjk: legacy encodings read right (tests/data/languages)")
    table.add("samples read right", right, detector, unit="", target=f"of {total}")
    table.note("each article of tests/data/languages in each of its 14 legacy encodings: whole, "
               "its title, its first paragraph, and its first 6, 10, 20 and 40 characters")
    table.note("baseline: charset-normalizer's best guess alone")
    return table


# --- the report -------------------------------------------------------------------------------


def run(options: Options, count: int = ARTICLES) -> None:
    started = time.perf_counter()
    texts = list(corpus(count, options.seed))
    with tempfile.TemporaryDirectory(prefix="cjk-bench-") as name:
        folder = Path(name)
        raw_seconds = _build_raw(folder / "raw.sqlite3", texts)
        seconds = {v: _build(folder / f"{v}.sqlite3", texts, v) for v in TOKENIZERS}
        sizes = {v: (folder / f"{v}.sqlite3").stat().st_size for v in TOKENIZERS}
        raw_size = (folder / "raw.sqlite3").stat().st_size
        results = _measure(folder)
    cjk = sum(1 for text in texts if _PAIRED.search(text))
    print(f"corpus: {count:,} articles, {cjk:,} of them CJK or Thai "
          f"({time.perf_counter() - started:.0f} s)\n", flush=True)

    recall = Table("cjk: recall of CJK queries against a substring search")
    timing = Table("cjk: query time (mean of the queries' medians) against a substring scan")
    for kind, by_variant in results.items():
        for variant, (share, ms, scan_ms) in by_variant.items():
            recall.add(f"{kind}: {variant}", share * 100, 100.0, unit="%", digits=0, ratio=False)
            timing.add(f"{kind}: {variant}", ms, scan_ms, unit="ms", digits=2, ratio=False)
    recall.note("baseline: the articles instr(body, query) finds, i.e. 100%")
    timing.note("baseline: instr(body, query) over every article")
    recall.print()
    timing.print()

    cost = Table("cjk: what each index costs")
    for variant in TOKENIZERS:
        cost.add(f"index file: {variant}", sizes[variant] / 2**20, raw_size / 2**20,
                 unit="MB", digits=1)
    for variant in TOKENIZERS:
        cost.add(f"articles indexed per second: {variant}", count / seconds[variant],
                 count / raw_seconds, unit="/s", digits=0)
    python_us = _tokenizing_cost(texts)
    for kind, micros in python_us.items():
        cost.add(f"index_text per {kind} article", micros, None, unit="us", digits=0)
    cost.note("baseline: the same texts in a plain table (size), inserted plainly (rate)")
    cost.note("bigrams includes reader.search.tokens.index_text on every article, in Python")
    cost.print()
    _detection_table().print()
